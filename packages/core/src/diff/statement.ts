import type { Change } from './changes.js';

/**
 * One step of a migration script, as a provider emits it. `sql` may hold several SQL commands
 * that only make sense together (a SQLite table rebuild); it ends with `;`.
 */
export interface Statement {
  readonly sql: string;
  /** The step comment Prisma writes above it (`CreateTable`, `AddForeignKey`, `RedefineTables`, ...). */
  readonly step: string;
  /** The change it came from, so warnings and `--json` output can point at both. */
  readonly source: Change;
  /** False for statements that cannot run inside a transaction (`CREATE INDEX CONCURRENTLY`). */
  readonly transactional?: boolean;
}

/** Whether a script of these statements can run in one transaction: the one place this rule is written. */
export function allTransactional(statements: readonly Statement[]): boolean {
  return statements.every((s) => s.transactional !== false);
}
