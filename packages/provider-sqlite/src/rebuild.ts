/**
 * SQLite table rebuilds ("RedefineTables"): what SQLite's ALTER TABLE cannot do (change a
 * column, add or drop a key or a foreign key, ...) is done by the documented 12-step procedure
 * (https://sqlite.org/lang_altertable.html#otheralter): create `new_<table>`, copy the rows,
 * drop the old table, rename the new one, recreate indexes, triggers and views.
 *
 * Where other tools lose things, this one keeps them:
 * - every surviving column is copied, with `coalesce(col, default)` when it becomes required and
 *   a CAST when its storage class changes;
 * - triggers on the table, and views and triggers whose SQL mentions it, are dropped first (a
 *   view naming a missing table makes SQLite refuse the final RENAME) and recreated from their
 *   introspected definition, exactly as they were;
 * - the AUTOINCREMENT high-water mark is carried over, so ids of deleted rows are not reused;
 * - child rows are never cascaded away: the executor (connection.ts) turns `foreign_keys` off
 *   before the transaction (the PRAGMA lines in the script are what Prisma writes, and are
 *   no-ops inside a transaction) and runs `PRAGMA foreign_key_check` before COMMIT.
 *
 * The rebuild runs under the tables' OLD names (renames are applied afterwards with ALTER TABLE
 * ... RENAME, which also rewrites indexes, triggers and views), so the recreated trigger and view
 * definitions are valid exactly as introspected.
 */
import type { Change, Column, DatabaseSchema, Index, Table, TableChange, UnmanagedObject } from '@strata/core';
import { renderCreateIndex, renderCreateTable } from './ddl.js';
import { isConstantDefault, quoteIdent, quoteString, renderColumnDefault } from './sql.js';
import { affinityOf } from './types.js';

export type AlterTableChange = Extract<Change, { kind: 'AlterTable' }>;

/** Why a table's changes need a rebuild; empty when ALTER TABLE can do them all. */
export function rebuildReasons(change: AlterTableChange, unmanaged: readonly UnmanagedObject[]): string[] {
  const reasons: string[] = [];
  const from = change.from;
  for (const c of change.changes) {
    const reason = reasonFor(c, from, change, unmanaged);
    if (reason !== undefined && !reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

function reasonFor(
  c: TableChange,
  from: Table,
  change: AlterTableChange,
  unmanaged: readonly UnmanagedObject[],
): string | undefined {
  switch (c.kind) {
    case 'AddColumn': {
      const col = c.column;
      if (change.to.primaryKey?.columns.includes(col.name)) return `column "${col.name}" is added to the primary key`;
      if (col.autoincrement === true) return `column "${col.name}" is added as an autoincrement key`;
      if (col.generated !== undefined) return `generated column "${col.name}" is added`;
      if (!col.nullable && col.default === undefined) return `required column "${col.name}" is added without a default`;
      if (!isConstantDefault(col.default)) return `column "${col.name}" is added with a non-constant default`;
      if (change.to.foreignKeys.some((fk) => fk.columns.includes(col.name)))
        return `column "${col.name}" is added with a foreign key`;
      return undefined;
    }
    case 'DropColumn': {
      const name = c.column.name;
      if (from.primaryKey?.columns.includes(name)) return `column "${name}" of the primary key is dropped`;
      if (from.foreignKeys.some((fk) => fk.columns.includes(name)))
        return `column "${name}" of a foreign key is dropped`;
      if (from.indexes.some((i) => i.constraint === true && i.columns.some((p) => p.name === name)))
        return `column "${name}" of a unique constraint is dropped`;
      // SQLite's DROP COLUMN refuses a column a table-level CHECK uses (checks.ts decides its fate).
      if ((from.checks ?? []).some((check) => mentions(check, name)))
        return `column "${name}" is used by a CHECK constraint`;
      if (from.columns.some((col) => col.generated !== undefined))
        return `column "${name}" is dropped from a table with generated columns`;
      if (
        from.indexes.some(
          (i) => mentions(i.where ?? '', name) || i.columns.some((p) => mentions(p.expression ?? '', name)),
        )
      )
        return `column "${name}" is used by an expression or partial index`;
      if (
        unmanaged.some(
          (u) =>
            (u.kind === 'view' || u.kind === 'trigger') &&
            (u.table === from.name || mentions(u.definition ?? '', from.name)) &&
            mentions(u.definition ?? '', name),
        )
      )
        return `column "${name}" may be used by a view or trigger`;
      return undefined;
    }
    case 'AlterColumn':
      return `column "${c.name}" changes (${c.changed.join(', ')})`;
    case 'AddPrimaryKey':
    case 'DropPrimaryKey':
      return 'the primary key changes';
    case 'AddForeignKey':
    case 'DropForeignKey':
    case 'RenameForeignKey':
      return 'a foreign key is added, dropped or renamed (SQLite keeps them in CREATE TABLE)';
    case 'CreateIndex':
      return c.index.constraint === true ? `unique constraint "${c.index.name}" is added` : undefined;
    case 'DropIndex':
      return c.index.constraint === true ? `unique constraint "${c.index.name}" is dropped` : undefined;
    case 'RenameColumn':
    case 'RenamePrimaryKey':
    case 'RenameIndex':
      return undefined;
    default:
      return c satisfies never;
  }
}

/** True when `sql` contains `name` as an identifier (quoted or bare), case-insensitively. */
export function mentions(sql: string, name: string): boolean {
  if (sql === '') return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])["\`\\[]?${escaped}["\`\\]]?($|[^A-Za-z0-9_$])`, 'i').test(sql);
}

/** A view or trigger that uses a table, or a column of it, that a change drops. */
export interface BrokenDependent {
  readonly object: UnmanagedObject;
  readonly table: string;
  readonly column?: string;
}

/**
 * Views and triggers that a change leaves pointing at nothing: they use a dropped table, or a
 * dropped column of a table they use (by the text of their definition, as `dependentObjects`).
 * A trigger ON a dropped table goes away with it and is not counted.
 */
export function brokenDependents(change: Change, unmanaged: readonly UnmanagedObject[]): BrokenDependent[] {
  const objects = unmanaged.filter((u) => (u.kind === 'view' || u.kind === 'trigger') && u.definition !== undefined);
  const uses = (object: UnmanagedObject, table: string): boolean =>
    object.table === table || mentions(object.definition ?? '', table);
  if (change.kind === 'DropTable') {
    const table = change.table.name;
    return objects
      .filter((o) => !(o.kind === 'trigger' && o.table === table) && uses(o, table))
      .map((object) => ({ object, table }));
  }
  if (change.kind !== 'AlterTable') return [];
  const table = change.from.name;
  const broken: BrokenDependent[] = [];
  for (const c of change.changes) {
    if (c.kind !== 'DropColumn') continue;
    for (const object of objects) {
      if (uses(object, table) && mentions(object.definition ?? '', c.column.name))
        broken.push({ object, table, column: c.column.name });
    }
  }
  return broken;
}

/** Column renames of a table that a view uses (by the text of its definition). */
export function renamedUnderViews(
  change: AlterTableChange,
  unmanaged: readonly UnmanagedObject[],
): { view: string; from: string; to: string }[] {
  const views = unmanaged.filter(
    (u) => u.kind === 'view' && u.definition !== undefined && mentions(u.definition, change.from.name),
  );
  const out: { view: string; from: string; to: string }[] = [];
  for (const c of change.changes) {
    if (c.kind !== 'RenameColumn') continue;
    for (const view of views)
      if (mentions(view.definition ?? '', c.from)) out.push({ view: view.name, from: c.from, to: c.to });
  }
  return out;
}

/** Maps the names of the schema after the migration back to the names before it. */
export interface NameMap {
  table(toName: string): string;
  column(toTable: string, toColumn: string): string;
}

/** The `to` table as it must be created before the renames run: old table and column names. */
export function underOldNames(to: Table, names: NameMap): Table {
  const col = (c: string): string => names.column(to.name, c);
  const mapIndex = (index: Index): Index => ({
    ...index,
    columns: index.columns.map((p) => (p.name === undefined ? p : { ...p, name: col(p.name) })),
  });
  return {
    ...to,
    name: names.table(to.name),
    columns: to.columns.map((c) => ({ ...c, name: col(c.name) })),
    ...(to.primaryKey === undefined
      ? {}
      : { primaryKey: { ...to.primaryKey, columns: to.primaryKey.columns.map(col) } }),
    indexes: to.indexes.map(mapIndex),
    foreignKeys: to.foreignKeys.map((fk) => ({
      ...fk,
      columns: fk.columns.map(col),
      referencedTable: names.table(fk.referencedTable),
      referencedColumns: fk.referencedColumns.map((c) => names.column(fk.referencedTable, c)),
    })),
  };
}

/** The SELECT expression that carries a column's value from the old table into the new one. */
function copyExpression(from: Column, to: Column): string {
  let value = quoteIdent(from.name);
  const target = affinityOf(to.type.native);
  const typeChanged = affinityOf(from.type.native) !== target;
  // Only TEXT, INTEGER and REAL casts are taken: a NUMERIC-affinity target (DATETIME, DECIMAL,
  // BOOLEAN) converts on insert losslessly by itself, where CAST('2020-01-01' AS NUMERIC) is 2020.
  if (typeChanged && (target === 'TEXT' || target === 'INTEGER' || target === 'REAL'))
    value = `CAST(${value} AS ${target})`;
  if (from.nullable && !to.nullable && to.default !== undefined)
    value = `coalesce(${value}, ${renderColumnDefault(to, to.default)})`;
  return value === quoteIdent(from.name) && from.name === to.name ? value : `${value} AS ${quoteIdent(to.name)}`;
}

export interface RebuildInput {
  readonly change: AlterTableChange;
  /** The table to create, under the old names (see `underOldNames`). */
  readonly shape: Table;
}

/**
 * The whole `-- RedefineTables` block for these tables, in Prisma's layout, with the dependent
 * views and triggers dropped before and recreated after.
 */
export function renderRedefineTables(inputs: readonly RebuildInput[], from: DatabaseSchema): string {
  const rebuilt = new Set(inputs.map((i) => i.shape.name));
  const dependents = dependentObjects(rebuilt, from.unmanaged);
  const lines: string[] = ['PRAGMA defer_foreign_keys=ON;', 'PRAGMA foreign_keys=OFF;'];
  for (const object of dependents) {
    // Triggers ON a rebuilt table go away with DROP TABLE; the others must be dropped by hand.
    if (object.kind === 'trigger' && object.table !== undefined && rebuilt.has(object.table)) continue;
    lines.push(`DROP ${object.kind === 'view' ? 'VIEW' : 'TRIGGER'} IF EXISTS ${quoteIdent(object.name)};`);
  }
  for (const { change, shape } of inputs) lines.push(...rebuildTable(change, shape));
  for (const object of dependents) lines.push(`${(object.definition ?? '').trim().replace(/;$/, '')};`);
  lines.push('PRAGMA foreign_keys=ON;', 'PRAGMA defer_foreign_keys=OFF;');
  return lines.join('\n');
}

/** Views and triggers that belong to or mention a rebuilt table, and views over those views, in definition order. */
function dependentObjects(tables: ReadonlySet<string>, unmanaged: readonly UnmanagedObject[]): UnmanagedObject[] {
  const candidates = unmanaged.filter((u) => (u.kind === 'view' || u.kind === 'trigger') && u.definition !== undefined);
  const names = new Set(tables);
  const chosen = new Set<UnmanagedObject>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const object of candidates) {
      if (chosen.has(object)) continue;
      const hit =
        (object.table !== undefined && names.has(object.table)) ||
        [...names].some((n) => mentions(object.definition ?? '', n));
      if (hit) {
        chosen.add(object);
        if (object.kind === 'view') names.add(object.name);
        grew = true;
      }
    }
  }
  // Views first (triggers may select from them), each kind in its original order.
  return [
    ...candidates.filter((u) => chosen.has(u) && u.kind === 'view'),
    ...candidates.filter((u) => chosen.has(u) && u.kind === 'trigger'),
  ];
}

function rebuildTable(change: AlterTableChange, shape: Table): string[] {
  const name = shape.name;
  const temp = `new_${name}`;
  const fromColumns = new Map(change.from.columns.map((c) => [c.name, c]));
  // Sorted by name, as Prisma lists them.
  const copied = shape.columns
    .filter(
      (c) => c.generated === undefined && fromColumns.get(c.name)?.generated === undefined && fromColumns.has(c.name),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = [renderCreateTable(shape, temp)];
  if (copied.length > 0) {
    const targets = copied.map((c) => quoteIdent(c.name)).join(', ');
    const values = copied.map((c) => copyExpression(fromColumns.get(c.name) as Column, c)).join(', ');
    lines.push(`INSERT INTO ${quoteIdent(temp)} (${targets}) SELECT ${values} FROM ${quoteIdent(name)};`);
  }
  const keepsSequence =
    change.from.columns.some((c) => c.autoincrement === true) && shape.columns.some((c) => c.autoincrement === true);
  if (keepsSequence) {
    lines.push(
      `DELETE FROM "sqlite_sequence" WHERE "name" = ${quoteString(temp)};`,
      `INSERT INTO "sqlite_sequence" ("name", "seq") SELECT ${quoteString(temp)}, "seq" FROM "sqlite_sequence" WHERE "name" = ${quoteString(name)};`,
    );
  }
  lines.push(`DROP TABLE ${quoteIdent(name)};`, `ALTER TABLE ${quoteIdent(temp)} RENAME TO ${quoteIdent(name)};`);
  for (const index of shape.indexes) if (index.constraint !== true) lines.push(renderCreateIndex(name, index));
  return lines;
}
