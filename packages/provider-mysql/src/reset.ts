/**
 * `migrate reset` on MySQL: drops every table of the connection's database (the history tables
 * too), and the views that read one of them, directly or through another such view. Triggers go
 * with their table and are listed as its dependents; routines, events and other views survive,
 * and so does the database.
 *
 * MySQL keeps no dependency records for views: which tables a view reads is found in its stored
 * definition, where the server writes every table as `db`.`table`.
 *
 * DDL commits implicitly, so there is no enclosing transaction: the tables are dropped in one
 * `DROP TABLE` with foreign key checks off (so their order does not matter), after the views.
 */
import type { ResetObject } from '@strata/core';
import { HISTORY_TABLES } from '@strata/core';
import type { Run } from './client.js';
import { TABLE_TYPES } from './client.js';
import { quoteIdent } from './sql.js';

type Row = Record<string, unknown>;

const text = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value));

export async function planReset(run: Run): Promise<ResetObject[]> {
  const [database] = await run<Row>('SELECT DATABASE() AS name');
  const tables = await run<Row>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = DATABASE() AND table_type IN (${TABLE_TYPES}) ORDER BY BINARY table_name`,
  );
  const views = await run<Row>(
    `SELECT table_name AS name, view_definition AS definition FROM information_schema.views
      WHERE table_schema = DATABASE() ORDER BY BINARY table_name`,
  );
  const triggers = await run<Row>(
    `SELECT trigger_name AS name, event_object_table AS table_name FROM information_schema.triggers
      WHERE trigger_schema = DATABASE() ORDER BY BINARY trigger_name`,
  );
  const history = new Set(HISTORY_TABLES);
  const names = tables.map((t) => text(t.name));
  const managed: ResetObject[] = [
    ...names.filter((n) => !history.has(n)).map((name): ResetObject => ({ kind: 'table', name })),
    ...names.filter((n) => history.has(n)).map((name): ResetObject => ({ kind: 'history-table', name })),
  ];
  const dropped = new Set(names);
  const dependents: ResetObject[] = [];
  // a view over a dropped view is found on a later round
  let pending = views.map((v) => ({ name: text(v.name), reads: readsOf(text(v.definition), text(database?.name)) }));
  for (let found = true; found; ) {
    found = false;
    const next: typeof pending = [];
    for (const view of pending) {
      const dependsOn = view.reads.find((r) => dropped.has(r));
      if (dependsOn === undefined) {
        next.push(view);
        continue;
      }
      dependents.push({ kind: 'view', name: view.name, dependsOn });
      dropped.add(view.name);
      found = true;
    }
    pending = next;
  }
  for (const t of triggers) {
    const table = text(t.table_name);
    if (dropped.has(table)) dependents.push({ kind: 'trigger', name: text(t.name), dependsOn: table });
  }
  return [...managed, ...dependents];
}

/** The tables and views of `database` a view definition names (`db`.`name`), in order of appearance. */
export function readsOf(definition: string, database: string): string[] {
  const found: string[] = [];
  for (const m of definition.matchAll(/`((?:[^`]|``)+)`\.`((?:[^`]|``)+)`/g)) {
    const [db, name] = [m[1]!.replaceAll('``', '`'), m[2]!.replaceAll('``', '`')];
    if (db === database && !found.includes(name)) found.push(name);
  }
  return found;
}

/** Drops what `planReset` lists; returns that list. */
export async function reset(run: Run): Promise<ResetObject[]> {
  const planned = await planReset(run);
  const names = (kinds: readonly ResetObject['kind'][]): string =>
    planned
      .filter((p) => kinds.includes(p.kind))
      .map((p) => quoteIdent(p.name))
      .join(', ');
  const views = names(['view']);
  const tables = names(['table', 'history-table']);
  if (views !== '') await run(`DROP VIEW IF EXISTS ${views}`);
  if (tables === '') return planned;
  await run('SET FOREIGN_KEY_CHECKS = 0');
  try {
    await run(`DROP TABLE IF EXISTS ${tables}`);
  } finally {
    await run('SET FOREIGN_KEY_CHECKS = 1');
  }
  return planned;
}
