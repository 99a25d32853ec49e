/**
 * `migrate reset` on SQLite: every table (the history tables included) and the triggers on them,
 * which SQLite drops with their table. Views are kept: SQLite does not tie a view to its tables,
 * so a view reading a dropped table works again once deploy has re-created it.
 */
import { HISTORY_TABLES, type ResetObject } from '@strata/core';
import type { SqliteDatabase } from './client.js';
import { quoteIdent } from './sql.js';

export async function planReset(db: SqliteDatabase): Promise<ResetObject[]> {
  const rows = await db.all<{ type: string; name: string; tbl_name: string }>(
    `SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name`,
  );
  const tables = rows
    .filter((r) => r.type === 'table')
    .map((r): ResetObject => ({ kind: HISTORY_TABLES.includes(r.name) ? 'history-table' : 'table', name: r.name }))
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'table' ? -1 : 1));
  const triggers = rows
    .filter((r) => r.type === 'trigger')
    .map((r): ResetObject => ({ kind: 'trigger', name: r.name, dependsOn: r.tbl_name }));
  return [...tables, ...triggers];
}

/** Drops what `planReset` lists in one transaction (foreign keys off, so no cascade runs), then VACUUM. */
export async function reset(db: SqliteDatabase): Promise<ResetObject[]> {
  let dropped: ResetObject[] = [];
  await db.exec('PRAGMA foreign_keys=OFF');
  try {
    await db.exec('BEGIN IMMEDIATE');
    try {
      dropped = await planReset(db);
      for (const o of dropped.filter((x) => x.kind === 'table' || x.kind === 'history-table'))
        await db.exec(`DROP TABLE IF EXISTS ${quoteIdent(o.name)}`);
      const sequence = await db.all(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'`);
      if (sequence.length > 0) await db.exec('DELETE FROM "sqlite_sequence"');
      await db.exec('COMMIT');
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    await db.exec('PRAGMA foreign_keys=ON');
  }
  await db.exec('VACUUM');
  return dropped;
}
