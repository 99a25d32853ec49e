/**
 * The MySQL/MariaDB emitter: Change[] -> Statement[], pure (no I/O), in the shapes Prisma writes
 * for MySQL so that a migration reads like Prisma's:
 * - `CREATE TABLE` with its indexes and `PRIMARY KEY` inline and
 *   `DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`; foreign keys come after every
 *   table as `ALTER TABLE ... ADD CONSTRAINT`;
 * - one `ALTER TABLE` per table: `DROP PRIMARY KEY`, `DROP COLUMN`s, `ADD COLUMN`s, `MODIFY`s,
 *   `ADD PRIMARY KEY`, columns in byte order of their names (Prisma's);
 * - statements grouped in Prisma's step order: foreign key drops, index drops, table changes,
 *   table drops, table creations, index creations, foreign key additions, index renames.
 *
 * Enums are column types (`ENUM('A', 'B')`): a change of values reaches this emitter as a type
 * change of every column using the enum (a `MODIFY` each). The `AlterEnum` the differ adds for
 * removed values only lets core warn about the rows that hold them; for renamed values the
 * column first gets both the old and the new values, its rows are updated, and then the MODIFY
 * to the new values runs (a MODIFY straight to them would refuse the rows in strict mode).
 *
 * Renames are strata's (Prisma never detects them): `RENAME COLUMN` (MySQL 8.0.3+, MariaDB
 * 10.5.2+), `RENAME INDEX` (MySQL 5.7+, MariaDB 10.5.2+), `RENAME TO` for tables.
 */
import {
  backfillsFromDefault,
  type Change,
  type Column,
  type ColumnDefault,
  type EmitContext,
  type EnumValueRename,
  type EnumValueRenameTarget,
  ErrorCodes,
  enumValueRenameTargets,
  type ForeignKey,
  forEachChange,
  type ReferentialAction,
  type Statement,
  StrataError,
  type Table,
  type TableChange,
  tableChangesByKind,
  updateEnumValuesSql,
} from '@strata/core';
import { match } from 'ts-pattern';
import { retypedForeignKeys } from './emit-foreign-keys.js';
import { isForeignKeyIndex, leads } from './hooks.js';
import { identList, quoteIdent, quoteLiteral } from './sql.js';
import { enumColumnType, enumValuesOf } from './types.js';

type Index = Table['indexes'][number];

const PHASES = [
  'DropForeignKey',
  'DropIndex',
  'RenameTable',
  'AlterTable',
  'DropTable',
  'CreateTable',
  'CreateIndex',
  'AddForeignKey',
  'RenameIndex',
] as const;
type Phase = (typeof PHASES)[number];

interface Staged {
  readonly phase: Phase;
  readonly statement: Statement;
}

type Add = (phase: Phase, step: string, source: Change, sql: string) => void;

/** MySQL's quoting, for the SQL core writes on the emitter's behalf. */
const QUOTING = { identifier: quoteIdent, literal: quoteLiteral };

/** The table options Prisma writes on every table it creates. */
export const TABLE_OPTIONS = 'DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci';

export function emit(changes: readonly Change[], context: EmitContext): Statement[] {
  const staged: Staged[] = [];
  const add: Add = (phase, step, source, sql) => {
    staged.push({ phase, statement: { sql, step, source } });
  };
  // columns whose rows hold renamed enum values; alterTable takes out those it handles
  const valueRenames = new Map(
    enumValueRenameTargets(changes, context.from).map((t) => [`${t.table}\u0000${t.column}`, t]),
  );
  // MySQL has no enum objects: values live in the columns (see the header)
  const noEnumObjects = (): void => undefined;
  // capabilities say no namespaces and no extensions: the differ never asks for these
  const unsupported = (c: Change): never => {
    throw new StrataError(
      ErrorCodes.unsupportedChange,
      `MySQL has no namespaces or extensions: cannot emit ${c.kind}.`,
    );
  };
  forEachChange(changes, {
    CreateEnum: noEnumObjects,
    DropEnum: noEnumObjects,
    RenameEnum: noEnumObjects,
    AlterEnum: noEnumObjects,
    CreateTable: (c) => {
      add('CreateTable', 'CreateTable', c, createTableSql(c.table));
      for (const fk of c.table.foreignKeys)
        add('AddForeignKey', 'AddForeignKey', c, addForeignKeySql(c.table.name, fk));
    },
    DropTable: (c) => {
      for (const fk of c.table.foreignKeys)
        add('DropForeignKey', 'DropForeignKey', c, dropForeignKeySql(c.table.name, fk));
      add('DropTable', 'DropTable', c, `DROP TABLE ${quoteIdent(c.table.name)};`);
    },
    RenameTable: (c) =>
      add('RenameTable', 'RenameTable', c, `ALTER TABLE ${quoteIdent(c.from)} RENAME TO ${quoteIdent(c.to)};`),
    AlterTable: (c) => alterTable(c, add, valueRenames),
    CreateNamespace: unsupported,
    DropNamespace: unsupported,
    MoveEnum: unsupported,
    MoveTable: unsupported,
    CreateExtension: unsupported,
    DropExtension: unsupported,
    AlterExtension: unsupported,
  });
  // renamed values of a column whose type stays (the same values in the same order, a swap):
  // only the rows change
  for (const target of valueRenames.values())
    add('AlterTable', 'AlterTable', target.change, updateEnumValuesSql(target, QUOTING));
  // keys over a column whose type changes: dropped first, added again last
  for (const retyped of retypedForeignKeys(changes, context)) {
    add('DropForeignKey', 'DropForeignKey', retyped.source, dropForeignKeySql(retyped.table, retyped.before));
    if (retyped.after !== undefined)
      add(
        'AddForeignKey',
        'AddForeignKey',
        retyped.source,
        addForeignKeySql(retyped.after.table, retyped.after.foreignKey),
      );
  }
  return PHASES.flatMap((phase) => staged.filter((s) => s.phase === phase).map((s) => s.statement));
}

// ---------------------------------------------------------------------------------------------
// columns

/** `CURRENT_TIMESTAMP(p)` with the column's own fractional precision, which MySQL requires to match. */
function nowSql(column: Column): string {
  const precision = /^\s*(?:datetime|timestamp|time)\s*\(\s*(\d+)\s*\)/i.exec(column.type.native)?.[1];
  return precision === undefined ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${precision})`;
}

/** Types whose literal defaults MySQL 8 accepts only as an expression in parentheses. */
function needsExpressionDefault(column: Column): boolean {
  return /^\s*(json|(tiny|medium|long)?(text|blob))\b/i.test(column.type.native);
}

export function defaultSql(column: Column, value: ColumnDefault): string {
  const literal = (sql: string): string => (needsExpressionDefault(column) ? `(${sql})` : sql);
  return match(value)
    .with({ kind: 'string' }, { kind: 'enum' }, (v) => literal(quoteLiteral(v.value)))
    .with({ kind: 'number' }, (v) => v.value)
    .with({ kind: 'boolean' }, (v) => (v.value ? 'true' : 'false'))
    .with({ kind: 'bytes' }, (v) => literal(`X'${v.hex}'`))
    .with({ kind: 'now' }, () => nowSql(column))
    .with({ kind: 'expression' }, (v) => v.sql)
    .with({ kind: 'list' }, () => {
      throw new StrataError(ErrorCodes.unsupportedChange, `MySQL has no list columns (${column.name}).`);
    })
    .exhaustive();
}

/** Prisma's column line: `` `c` TYPE NOT NULL|NULL[ AUTO_INCREMENT][ DEFAULT x] ``. */
export function columnSql(column: Column): string {
  const parts = [quoteIdent(column.name), column.type.native, column.nullable ? 'NULL' : 'NOT NULL'];
  if (column.autoincrement === true) parts.push('AUTO_INCREMENT');
  if (column.default !== undefined) parts.push(`DEFAULT ${defaultSql(column, column.default)}`);
  return parts.join(' ');
}

/** `MODIFY` puts the default before AUTO_INCREMENT (Prisma's `render_mysql_modify`). */
function modifySql(column: Column): string {
  const parts = [`MODIFY ${quoteIdent(column.name)}`, column.type.native, column.nullable ? 'NULL' : 'NOT NULL'];
  if (column.default !== undefined) parts.push(`DEFAULT ${defaultSql(column, column.default)}`);
  if (column.autoincrement === true) parts.push('AUTO_INCREMENT');
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// indexes and keys

function indexColumnsSql(index: Index): string {
  return index.columns
    .map((c) => {
      const base = c.name === undefined ? `(${c.expression ?? ''})` : quoteIdent(c.name);
      const length = c.length === undefined ? '' : `(${c.length})`;
      const sort = c.sort === undefined ? '' : ` ${c.sort.toUpperCase()}`;
      return `${base}${length}${sort}`;
    })
    .join(', ');
}

function indexKeyword(index: Index): string {
  if (index.kind === 'fulltext') return 'FULLTEXT INDEX';
  return index.unique ? 'UNIQUE INDEX' : 'INDEX';
}

function createIndexSql(table: string, index: Index): string {
  return `CREATE ${indexKeyword(index)} ${quoteIdent(index.name)} ON ${quoteIdent(table)}(${indexColumnsSql(index)});`;
}

const ACTIONS: Readonly<Record<ReferentialAction, string>> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

function foreignKeyName(table: string, fk: ForeignKey): string {
  return fk.name ?? `${table}_${fk.columns.join('_')}_fkey`;
}

function addForeignKeySql(table: string, fk: ForeignKey): string {
  return (
    `ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(foreignKeyName(table, fk))} ` +
    `FOREIGN KEY (${identList(fk.columns)}) REFERENCES ${quoteIdent(fk.referencedTable)}(${identList(fk.referencedColumns)}) ` +
    `ON DELETE ${ACTIONS[fk.onDelete]} ON UPDATE ${ACTIONS[fk.onUpdate]};`
  );
}

function dropForeignKeySql(table: string, fk: ForeignKey): string {
  return `ALTER TABLE ${quoteIdent(table)} DROP FOREIGN KEY ${quoteIdent(foreignKeyName(table, fk))};`;
}

/**
 * Prisma's inline index order: single-column unique keys (its field-level `@unique`s) in column
 * order, then indexes, then the other unique keys, then full-text indexes. The IR keeps indexes
 * by name and does not record the schema's declaration order, so inside the last three groups
 * the order is the names'. An implicit many-to-many table has its `_AB_unique` before its
 * `_B_index`, as Prisma writes it.
 */
function inlineIndexOrder(table: Table): Index[] {
  const position = new Map(table.columns.map((c, i) => [c.name, i]));
  const rank = (ix: Index): number => {
    if (ix.kind === 'fulltext') return 3;
    if (ix.unique && ix.name.endsWith('_AB_unique')) return 0;
    if (!ix.unique) return 1;
    return ix.columns.length === 1 ? 0 : 2;
  };
  const columnPosition = (ix: Index): number =>
    rank(ix) === 0 ? (position.get(ix.columns[0]?.name ?? '') ?? Number.MAX_SAFE_INTEGER) : 0;
  return table.indexes
    .filter((ix) => !isForeignKeyIndex(table, ix))
    .map((ix, at) => ({ ix, at }))
    .sort((a, b) => rank(a.ix) - rank(b.ix) || columnPosition(a.ix) - columnPosition(b.ix) || a.at - b.at)
    .map((x) => x.ix);
}

/**
 * The index InnoDB creates for a foreign key is left out: adding the key creates it (see
 * `hooks.ts#normalize`), and Prisma does not write it either.
 */
export function createTableSql(table: Table): string {
  const columns = table.columns.map((c) => `    ${columnSql(c)}`);
  const keys = inlineIndexOrder(table).map(
    (ix) => `    ${indexKeyword(ix)} ${quoteIdent(ix.name)}(${indexColumnsSql(ix)})`,
  );
  if (table.primaryKey !== undefined) keys.push(`    PRIMARY KEY (${identList(table.primaryKey.columns)})`);
  const body = keys.length === 0 ? columns.join(',\n') : `${columns.join(',\n')},\n\n${keys.join(',\n')}`;
  return `CREATE TABLE ${quoteIdent(table.name)} (\n${body}\n) ${TABLE_OPTIONS};`;
}

// ---------------------------------------------------------------------------------------------
// ALTER TABLE

/** Byte order of names, as Prisma's BTreeMap of columns gives it. */
function byName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

/**
 * New indexes a foreign key that stays can use, on columns the table has before the change: they
 * are created before the indexes are dropped, since MySQL refuses to drop the last index a foreign
 * key can use (error 1553), and the index it needs instead may be the new one.
 */
function earlyIndexes(
  change: Extract<Change, { kind: 'AlterTable' }>,
  addedKeys: ReadonlySet<string>,
): Extract<TableChange, { kind: 'CreateIndex' }>[] {
  const newColumns = new Set(
    change.changes.flatMap((c) =>
      c.kind === 'AddColumn' ? [c.column.name] : c.kind === 'RenameColumn' ? [c.from, c.to] : [],
    ),
  );
  const keptKeys = change.to.foreignKeys.filter((fk) => !addedKeys.has(foreignKeyName(change.name, fk)));
  return change.changes.filter(
    (c): c is Extract<TableChange, { kind: 'CreateIndex' }> =>
      c.kind === 'CreateIndex' &&
      c.index.kind === undefined &&
      c.index.columns.every((col) => col.name !== undefined && !newColumns.has(col.name)) &&
      keptKeys.some((fk) => leads(c.index.columns, fk.columns)),
  );
}

/**
 * Renamed enum values of a column: a MODIFY to the old values followed by the new ones (appending
 * changes the definition only), one UPDATE that renames them all at once (a swap of two values is
 * a rename too), and the column's own MODIFY later sets the new values.
 */
function renameEnumValuesSql(
  table: string,
  c: Extract<TableChange, { kind: 'AlterColumn' }>,
  renames: readonly EnumValueRename[],
): string[] {
  const before = enumValuesOf(c.from.type.native) ?? [];
  const after = enumValuesOf(c.to.type.native) ?? [];
  const both = [...before, ...after.filter((v) => !before.includes(v))];
  const widened: Column = { ...c.from, name: c.to.name, type: { ...c.from.type, native: enumColumnType(both) } };
  return [
    `ALTER TABLE ${quoteIdent(table)} ${modifySql(widened)};`,
    updateEnumValuesSql({ table, column: c.to.name, renames }, QUOTING),
  ];
}

function alterTable(
  change: Extract<Change, { kind: 'AlterTable' }>,
  add: Add,
  valueRenames: Map<string, EnumValueRenameTarget>,
): void {
  const oldName = change.from.name;
  const table = quoteIdent(change.name);
  const of = tableChangesByKind(change.changes);

  // Dropped while the table still has its old name (the DropForeignKey and DropIndex phases run
  // before RenameTable).
  for (const c of of.DropForeignKey)
    add('DropForeignKey', 'DropForeignKey', change, dropForeignKeySql(oldName, c.foreignKey));
  const addedKeys = new Set(of.AddForeignKey.map((c) => foreignKeyName(change.name, c.foreignKey)));
  const early = new Set(earlyIndexes(change, addedKeys).map((c) => c.index.name));
  const dropped = new Set(of.DropIndex.map((c) => c.index.name));
  for (const c of of.CreateIndex.filter((c) => early.has(c.index.name)))
    add(
      'DropIndex',
      'CreateIndex',
      change,
      dropped.has(c.index.name)
        ? // one statement: the key has an index at every moment
          `ALTER TABLE ${quoteIdent(oldName)} DROP INDEX ${quoteIdent(c.index.name)}, ADD ${indexKeyword(c.index)} ${quoteIdent(c.index.name)}(${indexColumnsSql(c.index)});`
        : createIndexSql(oldName, c.index),
    );
  for (const c of of.DropIndex.filter((c) => !early.has(c.index.name)))
    add('DropIndex', 'DropIndex', change, `DROP INDEX ${quoteIdent(c.index.name)} ON ${quoteIdent(oldName)};`);
  // MySQL cannot rename a foreign key: it is dropped and added again under its new name
  for (const c of of.RenameForeignKey) {
    const before = change.from.foreignKeys.find((fk) => foreignKeyName(oldName, fk) === c.from);
    const after = change.to.foreignKeys.find((fk) => foreignKeyName(change.name, fk) === c.to);
    if (before === undefined || after === undefined)
      throw new StrataError(
        ErrorCodes.internal,
        `Foreign key ${c.from} -> ${c.to} of ${change.name} is not in the schemas.`,
      );
    add('DropForeignKey', 'DropForeignKey', change, dropForeignKeySql(oldName, before));
    add('AddForeignKey', 'AddForeignKey', change, addForeignKeySql(change.name, after));
  }
  // of.RenamePrimaryKey: MySQL's primary key is always named PRIMARY, a rename has nothing to do
  // (namedPrimaryKeys is false, so the differ has no names to compare either)

  for (const c of of.RenameColumn)
    add(
      'AlterTable',
      'AlterTable',
      change,
      `ALTER TABLE ${table} RENAME COLUMN ${quoteIdent(c.from)} TO ${quoteIdent(c.to)};`,
    );

  for (const c of byName(of.AlterColumn, (c) => c.name)) {
    const key = `${change.name}\u0000${c.to.name}`;
    const target = valueRenames.get(key);
    if (target === undefined || !c.changed.includes('type')) continue;
    valueRenames.delete(key);
    for (const sql of renameEnumValuesSql(change.name, c, target.renames)) add('AlterTable', 'AlterTable', change, sql);
  }

  // core's backfill rule: NULL rows get the default before the column becomes required (MODIFY
  // ... NOT NULL refuses a NULL in strict mode)
  for (const c of byName(of.AlterColumn, (c) => c.name))
    if (backfillsFromDefault(c) && c.to.default !== undefined) {
      const column = quoteIdent(c.to.name);
      add(
        'AlterTable',
        'AlterTable',
        change,
        `UPDATE ${table} SET ${column} = ${defaultSql(c.to, c.to.default)} WHERE ${column} IS NULL;`,
      );
    }

  const clauses: string[] = [];
  if (of.DropPrimaryKey.length > 0) clauses.push('DROP PRIMARY KEY');
  for (const c of byName(of.DropColumn, (c) => c.column.name)) clauses.push(`DROP COLUMN ${quoteIdent(c.column.name)}`);
  for (const c of byName(of.AddColumn, (c) => c.column.name)) clauses.push(`ADD COLUMN ${columnSql(c.column)}`);
  for (const c of byName(of.AlterColumn, (c) => c.name)) {
    const onlyDefaultDropped = c.changed.every((aspect) => aspect === 'default') && c.to.default === undefined;
    clauses.push(onlyDefaultDropped ? `ALTER COLUMN ${quoteIdent(c.name)} DROP DEFAULT` : modifySql(c.to));
  }
  for (const c of of.AddPrimaryKey) clauses.push(`ADD PRIMARY KEY (${identList(c.primaryKey.columns)})`);
  if (clauses.length > 0) add('AlterTable', 'AlterTable', change, `ALTER TABLE ${table} ${clauses.join(',\n    ')};`);

  for (const c of of.CreateIndex.filter((c) => !early.has(c.index.name))) {
    // the key's own index comes with ADD CONSTRAINT (see createTableSql)
    if (isForeignKeyIndex(change.to, c.index) && addedKeys.has(c.index.name)) continue;
    add('CreateIndex', 'CreateIndex', change, createIndexSql(change.name, c.index));
  }
  for (const c of of.AddForeignKey)
    add('AddForeignKey', 'AddForeignKey', change, addForeignKeySql(change.name, c.foreignKey));
  for (const c of of.RenameIndex)
    add(
      'RenameIndex',
      'RenameIndex',
      change,
      `ALTER TABLE ${table} RENAME INDEX ${quoteIdent(c.from)} TO ${quoteIdent(c.to)};`,
    );
}
