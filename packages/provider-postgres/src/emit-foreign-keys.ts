/**
 * Foreign keys that point at a column whose type changes. PostgreSQL keeps a foreign key only
 * between compatible types and checks it while the referenced column is converted, so changing
 * the type of a referenced key (`Int` -> `BigInt` id, `VarChar(10)` -> `VarChar(20)` code) fails
 * with `foreign key constraint ... cannot be implemented` while the referencing columns still
 * have the old type. As Prisma does, every such foreign key is dropped before the tables are
 * altered and added again after them (the referencing columns change in the same migration when
 * the schema changes them). A column dropped and added again (no cast, see casts.ts) takes its
 * references along the same way.
 */
import type { Change, EmitContext, ForeignKey, Table, TableChange } from '@strata/core';

type AlterTable = Extract<Change, { kind: 'AlterTable' }>;

export interface DependentForeignKey {
  /** The change of the referenced table that makes the round trip necessary. */
  readonly source: AlterTable;
  /** The referencing table as it is named while the migration runs (after renames). */
  readonly table: { readonly name: string; readonly namespace?: string };
  readonly before: ForeignKey;
  /** The same key after the migration, absent when the migration drops it anyway. */
  readonly after?: ForeignKey;
}

const key = (namespace: string | undefined, name: string): string => `${namespace ?? ''}.${name}`;

/** Columns (named as before the migration) of the table whose values change type. */
function retypedColumns(change: AlterTable): Set<string> {
  const names = new Set<string>();
  const added = new Set(change.changes.filter((c) => c.kind === 'AddColumn').map((c) => c.column.name));
  for (const c of change.changes) {
    if (c.kind === 'AlterColumn' && c.changed.includes('type')) names.add(c.from.name);
    if (c.kind === 'DropColumn' && added.has(c.column.name)) names.add(c.column.name);
  }
  return names;
}

/** Foreign keys the change list drops itself (the table or the key goes): nothing to do for them. */
function droppedByChanges(changes: readonly Change[]): Set<string> {
  const dropped = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'DropTable') dropped.add(`${key(c.table.namespace, c.table.name)}#*`);
    if (c.kind !== 'AlterTable') continue;
    for (const tc of c.changes as readonly TableChange[])
      if (tc.kind === 'DropForeignKey') dropped.add(`${key(c.namespace, c.from.name)}#${fkIdentity(tc.foreignKey)}`);
  }
  return dropped;
}

function fkIdentity(fk: ForeignKey): string {
  return fk.name ?? `${fk.columns.join(',')}->${fk.referencedTable}(${fk.referencedColumns.join(',')})`;
}

export function dependentForeignKeys(changes: readonly Change[], context: EmitContext): DependentForeignKey[] {
  const out: DependentForeignKey[] = [];
  const dropped = droppedByChanges(changes);
  const renamedTo = new Map<string, string>();
  for (const c of changes) if (c.kind === 'RenameTable') renamedTo.set(key(c.namespace, c.from), c.to);
  const seen = new Set<string>();
  for (const change of changes) {
    if (change.kind !== 'AlterTable') continue;
    const columns = retypedColumns(change);
    if (columns.size === 0) continue;
    const referenced = key(change.namespace, change.from.name);
    for (const table of context.from.tables) {
      const tableKey = key(table.namespace, table.name);
      if (dropped.has(`${tableKey}#*`)) continue;
      for (const fk of table.foreignKeys) {
        if (key(fk.referencedNamespace ?? table.namespace, fk.referencedTable) !== referenced) continue;
        if (!fk.referencedColumns.some((c) => columns.has(c))) continue;
        const identity = `${tableKey}#${fkIdentity(fk)}`;
        if (dropped.has(identity) || seen.has(identity)) continue;
        seen.add(identity);
        const name = renamedTo.get(tableKey) ?? table.name;
        const now = { name, ...(table.namespace === undefined ? {} : { namespace: table.namespace }) };
        const after = findAfter(context.to.tables, now, fk);
        out.push({ source: change, table: now, before: fk, ...(after === undefined ? {} : { after }) });
      }
    }
  }
  return out;
}

/** The key in the schema after the migration: same name, or (unnamed) same referencing columns. */
function findAfter(
  tables: readonly Table[],
  table: { readonly name: string; readonly namespace?: string },
  fk: ForeignKey,
): ForeignKey | undefined {
  const target = tables.find((t) => t.name === table.name && (t.namespace ?? '') === (table.namespace ?? ''));
  if (target === undefined) return undefined;
  return (
    target.foreignKeys.find((candidate) => fk.name !== undefined && candidate.name === fk.name) ??
    target.foreignKeys.find((candidate) => candidate.columns.join(',') === fk.columns.join(','))
  );
}
