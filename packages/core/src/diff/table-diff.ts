/**
 * The changes of one table that exists on both sides (possibly renamed), nested in an
 * `AlterTable`. Order inside a table: drops of foreign keys, indexes and the primary key first
 * (they may cover columns about to change), then renames, column drops, adds and alterations,
 * then the new primary key, indexes and foreign keys.
 */
import type { Column, ForeignKey, Index, Table } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import type { TableChange } from './changes.js';
import {
  columnAspects,
  type DiffContext,
  foreignKeyActionsEqual,
  foreignKeySignature,
  indexShapesEqual,
  renamesOf,
  toColumnName,
} from './compare.js';
import { byKey, pairBy } from './pairing.js';

const ORDER: Record<TableChange['kind'], number> = {
  DropForeignKey: 0,
  DropIndex: 1,
  DropPrimaryKey: 2,
  RenameColumn: 3,
  RenamePrimaryKey: 4,
  RenameIndex: 5,
  RenameForeignKey: 6,
  DropColumn: 7,
  AddColumn: 8,
  AlterColumn: 9,
  AddPrimaryKey: 10,
  CreateIndex: 11,
  AddForeignKey: 12,
};

// one key function per kind of object: a shared one would see too many shapes to stay fast
const columnName = (column: Column): string => column.name;
const indexName = (index: Index): string => index.name;

export function diffTable(context: DiffContext, from: Table, to: Table): TableChange[] {
  const key = qualifiedName(to);
  const changes: TableChange[] = [];
  const columnRenames = renamesOf(context.columnRenames, key);

  const columns = pairBy(from.columns, to.columns, columnName, columnName, columnRenames);
  // columns (by their name before) whose type the database cannot convert: dropped and added again
  // (a set only once there is one: most tables have none)
  let recreated: Set<string> | undefined;
  // pairs read by index: destructuring each one costs an iterator until the code is optimized
  for (const pair of columns.pairs) {
    const a = pair[0];
    const b = pair[1];
    const changed = columnAspects(context, a, b);
    if (changed.includes('type') && context.hooks.convertsColumnType?.(a.type, b.type) === false) {
      recreated ??= new Set<string>();
      recreated.add(a.name);
      changes.push({ kind: 'DropColumn', column: a }, { kind: 'AddColumn', column: b });
      continue;
    }
    if (a.name !== b.name) changes.push({ kind: 'RenameColumn', from: a.name, to: b.name });
    if (changed.length > 0) changes.push({ kind: 'AlterColumn', name: b.name, from: a, to: b, changed });
  }
  for (const column of columns.dropped) changes.push({ kind: 'DropColumn', column });
  for (const column of columns.created) changes.push({ kind: 'AddColumn', column });
  // dropping a column takes the indexes, keys and constraints over it along: they are re-created
  const isRecreated = (name: string | undefined): boolean => name !== undefined && recreated?.has(name) === true;
  const coversRecreated = (names: readonly (string | undefined)[]): boolean =>
    recreated !== undefined && names.some(isRecreated);

  diffPrimaryKey(context, key, from, to, changes, coversRecreated);

  const indexes = pairBy(from.indexes, to.indexes, indexName, indexName, renamesOf(context.indexRenames, key));
  for (const pair of indexes.pairs) {
    const a = pair[0];
    const b = pair[1];
    if (indexShapesEqual(context, key, a, b) && !a.columns.some((c) => isRecreated(c.name))) {
      if (a.name !== b.name) changes.push({ kind: 'RenameIndex', from: a.name, to: b.name });
    } else {
      changes.push({ kind: 'DropIndex', index: a }, { kind: 'CreateIndex', index: b });
    }
  }
  for (const index of indexes.dropped) changes.push({ kind: 'DropIndex', index });
  for (const index of indexes.created) changes.push({ kind: 'CreateIndex', index });

  diffForeignKeys(context, key, from.foreignKeys, to.foreignKeys, changes, coversRecreated);

  // Most tables of a large schema are unchanged: nothing to order.
  if (changes.length <= 1) return changes;
  return changes
    .map((change, position) => ({ change, position, name: changeName(change) }))
    .sort((x, y) => ORDER[x.change.kind] - ORDER[y.change.kind] || byKey(x.name, y.name) || x.position - y.position)
    .map((x) => x.change);
}

function diffPrimaryKey(
  context: DiffContext,
  key: string,
  from: Table,
  to: Table,
  changes: TableChange[],
  coversRecreated: (columns: readonly string[]) => boolean,
): void {
  const a = from.primaryKey;
  const b = to.primaryKey;
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    changes.push({ kind: 'AddPrimaryKey', primaryKey: b! });
    return;
  }
  if (b === undefined) {
    changes.push({ kind: 'DropPrimaryKey', primaryKey: a });
    return;
  }
  const sameColumns =
    a.columns.length === b.columns.length && a.columns.every((c, i) => toColumnName(context, key, c) === b.columns[i]);
  if (!sameColumns || coversRecreated(a.columns)) {
    changes.push({ kind: 'DropPrimaryKey', primaryKey: a }, { kind: 'AddPrimaryKey', primaryKey: b });
  } else if (a.name !== undefined && b.name !== undefined && a.name !== b.name) {
    changes.push({ kind: 'RenamePrimaryKey', from: a.name, to: b.name });
  }
}

/**
 * Foreign keys pair by what they connect (introspection cannot always recover a name, SQLite),
 * then by name among keys connecting the same columns.
 */
function diffForeignKeys(
  context: DiffContext,
  key: string,
  from: readonly ForeignKey[],
  to: readonly ForeignKey[],
  changes: TableChange[],
  coversRecreated: (columns: readonly string[]) => boolean,
): void {
  if (from.length === 0 && to.length === 0) return;
  const waiting = new Map<string, ForeignKey[]>();
  for (const fk of to) {
    const signature = foreignKeySignature(context, key, fk, 'to');
    const list = waiting.get(signature) ?? [];
    list.push(fk);
    waiting.set(signature, list);
  }
  for (const fk of from) {
    const list = waiting.get(foreignKeySignature(context, key, fk, 'from'));
    if (list === undefined || list.length === 0) {
      changes.push({ kind: 'DropForeignKey', foreignKey: fk });
      continue;
    }
    const byName = list.findIndex((candidate) => candidate.name === fk.name);
    const match = list.splice(Math.max(byName, 0), 1)[0];
    if (!foreignKeyActionsEqual(context, fk, match!) || coversRecreated(fk.columns)) {
      changes.push({ kind: 'DropForeignKey', foreignKey: fk }, { kind: 'AddForeignKey', foreignKey: match! });
    } else if (fk.name !== undefined && match!.name !== undefined && fk.name !== match!.name) {
      changes.push({ kind: 'RenameForeignKey', from: fk.name, to: match!.name });
    }
  }
  for (const list of waiting.values()) for (const fk of list) changes.push({ kind: 'AddForeignKey', foreignKey: fk });
}

function changeName(change: TableChange): string {
  switch (change.kind) {
    case 'AddColumn':
    case 'DropColumn':
      return change.column.name;
    case 'AlterColumn':
      return change.name;
    case 'RenameColumn':
    case 'RenameIndex':
    case 'RenameForeignKey':
    case 'RenamePrimaryKey':
      return change.from;
    case 'AddPrimaryKey':
    case 'DropPrimaryKey':
      return change.primaryKey.name ?? '';
    case 'CreateIndex':
    case 'DropIndex':
      return change.index.name;
    case 'AddForeignKey':
    case 'DropForeignKey':
      return change.foreignKey.name ?? change.foreignKey.columns.join(',');
    default:
      return change satisfies never;
  }
}
