/**
 * What the neutral differ cannot know about MySQL/MariaDB (`Provider.diffHooks`): the index
 * InnoDB creates by itself for a foreign key, RESTRICT being NO ACTION, and the spellings of one
 * default (`CURRENT_TIMESTAMP(3)` is `now()`, `1` is `true`, MariaDB's quoted `'x'` is `"x"`).
 */
import type { Column, ColumnDefault, DatabaseSchema, DiffHooks, ReferentialAction, Table } from '@strata/core';
import { columnTypesEqual } from './types.js';

type Index = Table['indexes'][number];
type IndexColumn = Index['columns'][number];

/** True when the index's leading columns are `columns`, in order: InnoDB can check the key with it. */
export function leads(indexColumns: readonly string[] | readonly IndexColumn[], columns: readonly string[]): boolean {
  return (
    columns.length <= indexColumns.length &&
    columns.every((c, i) => {
      const column = indexColumns[i];
      return (typeof column === 'string' ? column : column?.name) === c;
    })
  );
}

/** True when InnoDB can check a foreign key over `columns` with the index. */
function coversKey(index: Index, columns: readonly string[]): boolean {
  return index.kind === undefined && index.where === undefined && leads(index.columns, columns);
}

/**
 * InnoDB needs an index whose first columns are a foreign key's columns; when none exists, adding
 * the key creates one named like the constraint. A lowered schema gets that index too, so that
 * a database (which has it) and the schema (which never declares it) compare equal. Idempotent:
 * once added, the index covers its key.
 */
function withForeignKeyIndexes(table: Table): Table {
  if (table.foreignKeys.length === 0) return table;
  const added: Index[] = [];
  for (const fk of table.foreignKeys) {
    const covered =
      (table.primaryKey !== undefined && leads(table.primaryKey.columns, fk.columns)) ||
      table.indexes.some((ix) => coversKey(ix, fk.columns)) ||
      added.some((ix) => coversKey(ix, fk.columns));
    if (covered) continue;
    const name = fk.name ?? `${table.name}_${fk.columns.join('_')}_fkey`;
    if (table.indexes.some((ix) => ix.name === name) || added.some((ix) => ix.name === name)) continue;
    added.push({ name, unique: false, columns: fk.columns.map((c) => ({ name: c })) });
  }
  if (added.length === 0) return table;
  const indexes = [...table.indexes, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ...table, indexes };
}

export function normalize(schema: DatabaseSchema): DatabaseSchema {
  let changed = false;
  const tables = schema.tables.map((t) => {
    const n = withForeignKeyIndexes(t);
    if (n !== t) changed = true;
    return n;
  });
  return changed ? { ...schema, tables } : schema;
}

/** True when the index is the one InnoDB creates for this table's foreign key (see `normalize`). */
export function isForeignKeyIndex(table: Table, index: Index): boolean {
  if (index.unique || index.kind !== undefined) return false;
  const fk = table.foreignKeys.find((f) => (f.name ?? `${table.name}_${f.columns.join('_')}_fkey`) === index.name);
  return (
    fk !== undefined &&
    index.columns.length === fk.columns.length &&
    index.columns.every((c, i) => c.name === fk.columns[i] && c.length === undefined && c.sort !== 'desc')
  );
}

/** InnoDB checks RESTRICT and NO ACTION at once, the same way: one action. */
export function foreignKeyActionsEqual(a: ReferentialAction, b: ReferentialAction): boolean {
  const same = (x: ReferentialAction): ReferentialAction => (x === 'Restrict' ? 'NoAction' : x);
  return same(a) === same(b);
}

/** A BOOLEAN column, as written or as the server reports it: its defaults are 0 and 1. */
function isBooleanColumn(column: Column): boolean {
  return column.type.native.toUpperCase() === 'BOOLEAN' || /^tinyint\(1\)$/i.test(column.type.native.trim());
}

/** A default reduced to what MySQL stores (`boolean`: the column's, see `isBooleanColumn`). */
function comparableDefault(value: ColumnDefault | undefined, column: Column, boolean: boolean): string | undefined {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case 'string':
    case 'enum':
      if (boolean && /^(true|false|0|1)$/i.test(value.value)) return `b:${/^(true|1)$/i.test(value.value) ? 1 : 0}`;
      if (column.type.scalar !== 'String' && column.type.scalar !== 'Enum' && /^-?\d+(\.\d+)?$/.test(value.value))
        return `n:${Number(value.value)}`;
      return `s:${value.value}`;
    case 'number':
      return boolean ? `b:${Number(value.value) === 0 ? 0 : 1}` : `n:${Number(value.value)}`;
    case 'boolean':
      return `b:${value.value ? 1 : 0}`;
    case 'bytes':
      return `x:${value.hex.toLowerCase()}`;
    case 'now':
      return 'now';
    case 'expression': {
      let sql = value.sql.trim();
      while (/^\(.*\)$/s.test(sql)) sql = sql.slice(1, -1).trim();
      if (/^(current_timestamp|now|localtimestamp|localtime)\s*(\(\s*\d*\s*\))?$/i.test(sql)) return 'now';
      if (/^null$/i.test(sql)) return undefined;
      // MariaDB reports literal defaults quoted; MySQL's information_schema does not
      const literal = /^'((?:[^'\\]|''|\\.)*)'$/s.exec(sql);
      if (literal !== null) {
        const text = (literal[1] as string).replace(/''/g, "'").replace(/\\(.)/g, '$1');
        return comparableDefault({ kind: 'string', value: text }, column, boolean);
      }
      if (/^-?\d+(\.\d+)?$/.test(sql)) return comparableDefault({ kind: 'number', value: sql }, column, boolean);
      if (/^(true|false)$/i.test(sql))
        return comparableDefault({ kind: 'boolean', value: /^true$/i.test(sql) }, column, boolean);
      const hex = /^(?:x'([0-9a-f]*)'|0x([0-9a-f]+))$/i.exec(sql);
      if (hex !== null) return `x:${(hex[1] ?? hex[2] ?? '').toLowerCase()}`;
      return `e:${sql.replace(/\s+/g, ' ').toLowerCase()}`;
    }
    case 'list':
      return `l:${JSON.stringify(value.items)}`;
  }
}

export function defaultsEqual(a: ColumnDefault | undefined, b: ColumnDefault | undefined, column: Column): boolean {
  // both absent, or one object: nothing to reduce
  if (a === b) return true;
  const boolean = isBooleanColumn(column);
  return comparableDefault(a, column, boolean) === comparableDefault(b, column, boolean);
}

export const diffHooks: Omit<DiffHooks, 'enumsInDatabase'> = {
  columnTypesEqual,
  defaultsEqual,
  foreignKeyActionsEqual,
  normalize,
};
