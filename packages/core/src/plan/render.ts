/**
 * migration.sql in Prisma's layout, byte for byte: an optional warnings header
 * (`/*\n  Warnings:\n\n  - ...\n\n*\/\n`), then every statement under its step comment
 * (`-- CreateTable\n<sql>`), statements separated by one blank line, a final newline.
 * A warning whose rows were counted carries them, as in warnings.txt (`... (3 rows)`): Prisma
 * has no such counts, so only headers of migrations planned against a database differ from it.
 * The header is written once, into new migrations: existing files keep their bytes and checksums.
 */
import { allTransactional, type Statement } from '../diff/statement.js';
import { NO_TRANSACTION_MARKER } from '../migrations/local-migration.js';
import { rowsSuffix, type Warning } from './warning.js';

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
