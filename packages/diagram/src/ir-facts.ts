/**
 * What a diagram reads off a database-level table: a column's type as shown, its key flags, and a
 * foreign key's cardinality. Shared by the schema and the migration diagram so both say the same.
 */
import type { Column, ForeignKey, Table } from '@strata/core';
import { qualifiedName } from '@strata/core';
import type { Cardinality, DiagramColumn, DiagramRelation, ItemStatus } from './model.js';

export function columnType(column: Column): string {
  const base = column.type.enum === undefined ? column.type.native : qualifiedName(column.type.enum);
  return column.type.list ? `${base}[]` : base;
}

export function diagramColumn(table: Table, column: Column, status: ItemStatus, detail?: string): DiagramColumn {
  return {
    name: column.name,
    type: columnType(column),
    primaryKey: table.primaryKey?.columns.includes(column.name) ?? false,
    foreignKey: table.foreignKeys.some((fk) => fk.columns.includes(column.name)),
    unique: table.indexes.some((i) => i.unique && i.columns.length === 1 && i.columns[0]?.name === column.name),
    nullable: column.nullable,
    status,
    ...(detail === undefined ? {} : { detail }),
  };
}

/** `namespace.name` of the table a foreign key references (the referencing table's namespace by default). */
export function referencedId(table: Table, fk: ForeignKey): string {
  const namespace = fk.referencedNamespace ?? table.namespace;
  return qualifiedName({ ...(namespace === undefined ? {} : { namespace }), name: fk.referencedTable });
}

export function relationId(fromId: string, fk: ForeignKey, toId: string): string {
  return `${fromId}(${fk.columns.join(',')})->${toId}(${fk.referencedColumns.join(',')})`;
}

/**
 * The relation a foreign key draws. One referencing row points at one row, or at none when a
 * column is nullable; a referenced row has many referencing rows, or at most one when the foreign
 * key's columns are the primary key or a unique index (a one-to-one relation).
 */
export function diagramRelation(table: Table, fk: ForeignKey, status: ItemStatus, dimmed: boolean): DiagramRelation {
  const fromId = qualifiedName(table);
  const toId = referencedId(table, fk);
  const nullable = fk.columns.some((name) => table.columns.find((c) => c.name === name)?.nullable ?? false);
  const sameColumns = (names: readonly (string | undefined)[]): boolean =>
    names.length === fk.columns.length && fk.columns.every((c) => names.includes(c));
  const unique =
    sameColumns(table.primaryKey?.columns ?? []) ||
    table.indexes.some((i) => i.unique && i.where === undefined && sameColumns(i.columns.map((c) => c.name)));
  const toCardinality: Cardinality = nullable ? 'zero-or-one' : 'one';
  const fromCardinality: Cardinality = unique ? 'zero-or-one' : 'zero-or-many';
  return {
    id: relationId(fromId, fk, toId),
    from: fromId,
    to: toId,
    columns: fk.columns,
    referencedColumns: fk.referencedColumns,
    toCardinality,
    fromCardinality,
    status,
    dimmed,
  };
}
