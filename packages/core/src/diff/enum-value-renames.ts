/**
 * Where an enum's values are only text in the rows (SQLite's TEXT columns, MySQL's per-column
 * `ENUM(...)` types), renaming a value is a data change: every row that holds the old value must
 * be updated, or it keeps a value the schema no longer has. This finds those columns for a
 * provider's emitter; PostgreSQL's `ALTER TYPE ... RENAME VALUE` needs none of it.
 */

import type { DatabaseSchema } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import type { Change, EnumValueRename } from './changes.js';

/** A column whose rows hold an enum whose values are renamed, named as it is AFTER the migration. */
export interface EnumValueRenameTarget {
  readonly namespace?: string;
  readonly table: string;
  readonly column: string;
  /** Old value -> new value; applied all at once (a swap of two values is a valid rename). */
  readonly renames: readonly EnumValueRename[];
  /** The enum's change, the statement's source. */
  readonly change: Extract<Change, { kind: 'AlterEnum' }>;
}

/**
 * Columns that use an enum before and after the migration (the same enum, possibly renamed) while
 * values of it are renamed (`AlterEnum.renameValues`). Columns of tables the migration drops or
 * creates, dropped or added columns, and columns whose type becomes or stops being that enum are
 * left out: their rows never held the enum's old values as the enum's values.
 */
export function enumValueRenameTargets(changes: readonly Change[], from: DatabaseSchema): EnumValueRenameTarget[] {
  const renamed = changes.filter(
    (c): c is Extract<Change, { kind: 'AlterEnum' }> => c.kind === 'AlterEnum' && c.renameValues.length > 0,
  );
  if (renamed.length === 0) return [];
  const dropped = new Set(changes.flatMap((c) => (c.kind === 'DropTable' ? [qualifiedName(c.table)] : [])));
  const tableRenames = new Map(
    changes.flatMap((c) =>
      c.kind === 'RenameTable' ? [[qualifiedName({ namespace: c.namespace, name: c.from }), c.to] as const] : [],
    ),
  );
  const alters = new Map(
    changes.flatMap((c) =>
      c.kind === 'AlterTable' ? [[qualifiedName({ namespace: c.namespace, name: c.from.name }), c] as const] : [],
    ),
  );
  const targets: EnumValueRenameTarget[] = [];
  for (const table of from.tables) {
    const key = qualifiedName(table);
    if (dropped.has(key)) continue;
    const alter = alters.get(key);
    for (const column of table.columns) {
      const enumRef = column.type.enum;
      if (enumRef === undefined) continue;
      const change = renamed.find((c) => qualifiedName(c.from) === qualifiedName(enumRef));
      if (change === undefined) continue;
      let name = column.name;
      if (alter !== undefined) {
        if (alter.changes.some((c) => c.kind === 'DropColumn' && c.column.name === column.name)) continue;
        for (const c of alter.changes) if (c.kind === 'RenameColumn' && c.from === column.name) name = c.to;
        const after = alter.to.columns.find((c) => c.name === name);
        if (after?.type.enum === undefined || qualifiedName(after.type.enum) !== qualifiedName(change.to)) continue;
      }
      targets.push({
        ...(table.namespace === undefined ? {} : { namespace: table.namespace }),
        table: alter?.name ?? tableRenames.get(key) ?? table.name,
        column: name,
        renames: change.renameValues,
        change,
      });
    }
  }
  return targets;
}

/** How a provider quotes names and string literals, for the SQL text core writes on its behalf. */
export interface SqlQuoting {
  identifier(name: string): string;
  literal(value: string): string;
}

/**
 * The standard-SQL UPDATE that renames a target's values all at once: one CASE, so a swap of two
 * values (or a chain) is never renamed twice.
 */
export function updateEnumValuesSql(
  target: Pick<EnumValueRenameTarget, 'table' | 'column' | 'renames'>,
  quote: SqlQuoting,
): string {
  const column = quote.identifier(target.column);
  const cases = target.renames.map((r) => `WHEN ${quote.literal(r.from)} THEN ${quote.literal(r.to)}`).join(' ');
  const olds = target.renames.map((r) => quote.literal(r.from)).join(', ');
  return `UPDATE ${quote.identifier(target.table)} SET ${column} = CASE ${column} ${cases} END WHERE ${column} IN (${olds});`;
}
