/**
 * Foreign keys over a column whose type changes. MySQL refuses to MODIFY the type of a column a
 * foreign key uses, on either side of the key ("Referencing column ... and referenced column ...
 * in foreign key constraint ... are incompatible", error 3780), so, as Prisma does, every such key
 * is dropped before the tables are altered and added again after them (the other side changes in
 * the same migration when the schema changes it).
 */
import type { Change, EmitContext, ForeignKey } from '@strata/core';

type AlterTable = Extract<Change, { kind: 'AlterTable' }>;

export interface RetypedForeignKey {
  /** The change that retypes a column of the key. */
  readonly source: AlterTable;
  /** The table and key before the migration (dropped under the table's old name). */
  readonly table: string;
  readonly before: ForeignKey;
  /** The table's name and the key after it; absent when the migration does not keep the key. */
  readonly after?: { readonly table: string; readonly foreignKey: ForeignKey };
}

const nameOf = (table: string, fk: ForeignKey): string => fk.name ?? `${table}_${fk.columns.join('_')}_fkey`;

export function retypedForeignKeys(changes: readonly Change[], context: EmitContext): RetypedForeignKey[] {
  // old table name -> the columns (old names) whose type changes, and the change doing it
  const retyped = new Map<string, { columns: Set<string>; change: AlterTable }>();
  // keys the change list already drops (their table goes, or the key itself): nothing to add here
  const handled = new Set<string>();
  const renamed = new Map<string, string>();
  for (const change of changes) {
    if (change.kind === 'RenameTable') renamed.set(change.from, change.to);
    if (change.kind === 'DropTable')
      for (const fk of change.table.foreignKeys) handled.add(`${change.table.name}#${nameOf(change.table.name, fk)}`);
    if (change.kind !== 'AlterTable') continue;
    const columns = new Set<string>();
    for (const tc of change.changes) {
      if (tc.kind === 'AlterColumn' && tc.changed.includes('type')) columns.add(tc.from.name);
      if (tc.kind === 'DropForeignKey') handled.add(`${change.from.name}#${nameOf(change.from.name, tc.foreignKey)}`);
      if (tc.kind === 'RenameForeignKey') handled.add(`${change.from.name}#${tc.from}`);
    }
    if (columns.size > 0) retyped.set(change.from.name, { columns, change });
  }
  if (retyped.size === 0) return [];
  const out: RetypedForeignKey[] = [];
  for (const table of context.from.tables) {
    for (const fk of table.foreignKeys) {
      const name = nameOf(table.name, fk);
      if (handled.has(`${table.name}#${name}`)) continue;
      const own = retyped.get(table.name);
      const referenced = retyped.get(fk.referencedTable);
      const source =
        own !== undefined && fk.columns.some((c) => own.columns.has(c))
          ? own.change
          : referenced !== undefined && fk.referencedColumns.some((c) => referenced.columns.has(c))
            ? referenced.change
            : undefined;
      if (source === undefined) continue;
      const newName = renamed.get(table.name) ?? table.name;
      const afterTable = context.to.tables.find((t) => t.name === newName);
      const after = afterTable?.foreignKeys.find((k) => nameOf(newName, k) === name);
      out.push({
        source,
        table: table.name,
        before: fk,
        ...(after === undefined ? {} : { after: { table: newName, foreignKey: after } }),
      });
    }
  }
  return out;
}
