/**
 * migration.sql in Prisma's layout, byte for byte: an optional warnings header
 * (`/*\n  Warnings:\n\n  - ...\n\n*\/\n`), then every statement under its step comment
 * (`-- CreateTable\n<sql>`), statements separated by one blank line, a final newline.
 * A warning whose rows were counted carries them, as in warnings.txt (`... (3 rows)`): Prisma
 * has no such counts, so only headers of migrations planned against a database differ from it.
 * The header is written once, into new migrations: existing files keep their bytes and checksums.
 *
 * A first line `-- strata:no-transaction` asks for no transaction: written when a statement cannot
 * run in one, and honoured in any migration.sql (also one written by hand).
 */
import { allTransactional, type Statement } from '../diff/statement.js';
import { rowsSuffix, type Warning } from '../plan/warning.js';

export const NO_TRANSACTION_MARKER = '-- strata:no-transaction';

/** Whether a migration.sql's first line asks for no transaction. */
export function marksNoTransaction(sql: string): boolean {
  const withoutBom = sql.startsWith('\uFEFF') ? sql.slice(1) : sql;
  return (withoutBom.split(/\r?\n/, 1)[0] ?? '').trim() === NO_TRANSACTION_MARKER;
}

export function renderMigrationScript(statements: readonly Statement[], warnings: readonly Warning[] = []): string {
  const header =
    warnings.length === 0
      ? ''
      : `/*\n  Warnings:\n\n${warnings.map((w) => `  - ${w.message}${rowsSuffix(w)}\n`).join('')}\n*/\n`;
  const marker = allTransactional(statements) ? '' : `${NO_TRANSACTION_MARKER}\n`;
  const body =
    statements.length === 0
      ? '-- This is an empty migration.\n'
      : `${statements.map((s) => `-- ${s.step}\n${s.sql}`).join('\n\n')}\n`;
  return `${marker}${header}${body}`;
}
