import type { Change, TableChange } from '../diff/changes.js';

/**
 * - `data-loss`: the change can destroy data; it runs only with `--allow-warnings`.
 * - `would-fail`: the change cannot succeed against the current data; nothing makes it run as is.
 * - `review`: informational (possible rename, locking DDL); never blocks.
 */
export type WarningSeverity = 'data-loss' | 'would-fail' | 'review';

export interface Warning {
  /** Stable code from the catalogue in docs/lint.md, e.g. `drop-column`. */
  readonly code: string;
  readonly severity: WarningSeverity;
  /** One sentence: what happens and what to do about it. */
  readonly message: string;
  readonly table?: string;
  readonly column?: string;
  /** Rows affected, when a database was consulted. */
  readonly rows?: number;
  /** The change it points at. */
  readonly change?: Change;
  /** Inside an `AlterTable` change: the nested change it points at. */
  readonly tableChange?: TableChange;
}

/** ` (3 rows)` when the rows were counted, else nothing: the same words in migration.sql, warnings.txt and on the terminal. */
export function rowsSuffix(warning: Pick<Warning, 'rows'>): string {
  return warning.rows === undefined ? '' : ` (${warning.rows} row${warning.rows === 1 ? '' : 's'})`;
}
