/** Table and column lookups the neutral rules share: SQL names against the snapshots' IR. */
import type { DatabaseSchema, Table } from '../../sql/ir.js';
import { qualifiedName } from '../../sql/ir.js';

/** The table a SQL name means in a schema: `namespace.name`, or a bare name in any namespace. */
export function findTable(schema: DatabaseSchema | undefined, name: string): Table | undefined {
  return schema?.tables.find((t) => qualifiedName(t) === name || (!name.includes('.') && t.name === name));
}

export function hasColumn(schema: DatabaseSchema | undefined, table: string, column: string): boolean {
  return findTable(schema, table)?.columns.some((c) => c.name === column) ?? false;
}

/** ` (N rows)` for a message, when the table was counted. */
export function rowsText(rows: number | undefined): string {
  return rows === undefined ? '' : ` (${rows} row${rows === 1 ? '' : 's'})`;
}
