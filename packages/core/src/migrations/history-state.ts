/**
 * What the history rows say about each migration. Several rows may name the same migration (it
 * was applied, rolled back and applied again; or failed and then resolved), so the state of a
 * migration is the result of its rows in order. Pure.
 */
import type { HistoryRow } from './history-row.js';

export type MigrationState = 'applied' | 'failed' | 'rolled-back';

export interface HistoryEntry {
  readonly name: string;
  readonly state: MigrationState;
  /** The row that decided the state (for `applied`: the apply/resolve/imported row). */
  readonly row: HistoryRow;
  /** When it was first seen in the history: order of application. */
  readonly firstIndex: number;
  /** Index of the row that decided the state. */
  readonly lastIndex: number;
}

export function historyEntries(rows: readonly HistoryRow[]): HistoryEntry[] {
  const byName = new Map<string, HistoryEntry>();
  rows.forEach((row, index) => {
    // A rollback that was itself undone (it failed inside its transaction, or was resolved as
    // applied) changed nothing: the migration keeps the state it had.
    if (isVoidedRollback(row)) return;
    const previous = byName.get(row.migrationName);
    const state = rowState(row);
    byName.set(row.migrationName, {
      name: row.migrationName,
      state,
      row,
      firstIndex: previous?.firstIndex ?? index,
      lastIndex: index,
    });
  });
  return [...byName.values()].sort((a, b) => a.lastIndex - b.lastIndex);
}

export function isVoidedRollback(row: HistoryRow): boolean {
  return row.kind === 'rollback' && row.finishedAt === undefined && row.rolledBackAt !== undefined;
}

function rowState(row: HistoryRow): MigrationState {
  if (row.kind === 'rollback') return row.finishedAt === undefined ? 'failed' : 'rolled-back';
  if (row.rolledBackAt !== undefined) return 'rolled-back';
  return row.finishedAt === undefined ? 'failed' : 'applied';
}

/** Applied migrations, in the order they were (last) applied. */
export function appliedEntries(rows: readonly HistoryRow[]): HistoryEntry[] {
  return historyEntries(rows).filter((entry) => entry.state === 'applied');
}

/**
 * The schema the database should have: the after-snapshot of the last applied migration (the
 * recorded one first: it is what really ran). `undefined` when no migration is applied; `null`
 * when the last one has no snapshot (a Prisma migration).
 */
export function lastAppliedSnapshot(
  rows: readonly HistoryRow[],
  localAfter: (name: string) => string | undefined,
): { readonly name: string; readonly schema: string | null } | undefined {
  const last = appliedEntries(rows).at(-1);
  if (last === undefined) return undefined;
  return { name: last.name, schema: last.row.afterSchema ?? localAfter(last.name) ?? null };
}
