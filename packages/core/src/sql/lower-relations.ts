/**
 * Relations -> foreign keys and implicit many-to-many join tables, with Prisma's defaults:
 * onUpdate CASCADE; onDelete SET NULL when all of its scalar fields are optional, RESTRICT
 * otherwise; join tables `_{relation}` with columns `A`/`B`, both foreign keys
 * ON DELETE CASCADE ON UPDATE CASCADE. `relationMode = "prisma"` (or a provider without foreign
 * keys) means no foreign key constraints at all, but join tables keep their indexes.
 */
import type { Model, Relation } from '../schema/model.js';
import { effectiveReferentialActions } from '../schema/relations.js';
import type { Column, ForeignKey, Index, ReferentialAction, Table } from './ir.js';
import { type LowerContext, optionalNamespace } from './lower-context.js';
import { foreignKeyName, joinTableNames } from './naming.js';

export interface LoweredRelations {
  /** Foreign keys per model name. */
  readonly foreignKeys: ReadonlyMap<string, ForeignKey[]>;
  readonly joinTables: readonly Table[];
}

export function lowerRelations(context: LowerContext): LoweredRelations {
  const withForeignKeys =
    context.schema.datasource?.relationMode !== 'prisma' && context.target.capabilities.foreignKeys !== false;
  const foreignKeys = new Map<string, ForeignKey[]>();
  const joinTables: Table[] = [];
  for (const relation of context.schema.relations) {
    const from = context.models.get(relation.from.model);
    const to = context.models.get(relation.to.model);
    if (from === undefined || to === undefined) {
      const missing = from === undefined ? relation.from.model : relation.to.model;
      context.problems.push(
        `relation \`${relation.name}\` points at \`${missing}\`, which is not a model (composite types and views cannot be related to)`,
      );
      continue;
    }
    if (relation.kind === 'many-to-many') {
      const table = joinTable(relation, from, to, context, withForeignKeys);
      if (table !== undefined) joinTables.push(table);
      continue;
    }
    if (!withForeignKeys || relation.fields.length === 0) continue;
    const columns = relation.fields.map((f) => context.columnName(from, f));
    const actions = effectiveReferentialActions(relation, from);
    const list = foreignKeys.get(from.name) ?? [];
    list.push({
      name: relation.map ?? foreignKeyName(from.dbName, columns, context.limit),
      columns,
      ...referencedNamespace(to, context),
      referencedTable: to.dbName,
      referencedColumns: relation.references.map((f) => context.columnName(to, f)),
      ...actions,
    });
    foreignKeys.set(from.name, list);
  }
  return { foreignKeys, joinTables };
}

function referencedNamespace(model: Model, context: LowerContext): { referencedNamespace?: string } {
  const namespace = context.namespaceOf(model.schema);
  return namespace === undefined ? {} : { referencedNamespace: namespace };
}

function joinTable(
  relation: Relation,
  a: Model,
  b: Model,
  context: LowerContext,
  withForeignKeys: boolean,
): Table | undefined {
  const names = joinTableNames(relation.name, context.limit);
  const columnA = joinColumn('A', a, context);
  const columnB = joinColumn('B', b, context);
  if (columnA === undefined || columnB === undefined) return undefined;
  const cascade: ReferentialAction = 'Cascade';
  const key = (column: Column, target: Model, name: string): ForeignKey => ({
    name,
    columns: [column.name],
    ...referencedNamespace(target, context),
    referencedTable: target.dbName,
    referencedColumns: [context.columnName(target, target.primaryKey?.fields[0]?.name ?? '')],
    onDelete: cascade,
    onUpdate: cascade,
  });
  const bIndex: Index = { name: names.bIndex, unique: false, columns: [{ name: 'B' }] };
  const usePrimaryKey = context.target.capabilities.joinTablePrimaryKey === true;
  const indexes: Index[] = usePrimaryKey
    ? [bIndex]
    : [{ name: names.uniqueIndex, unique: true, columns: [{ name: 'A' }, { name: 'B' }] }, bIndex];
  const named = context.target.capabilities.namedPrimaryKeys !== false;
  // Prisma puts the join table in model A's schema.
  return {
    ...optionalNamespace(context.namespaceOf(a.schema)),
    name: names.table,
    columns: [columnA, columnB],
    ...(usePrimaryKey ? { primaryKey: { ...(named ? { name: names.primaryKey } : {}), columns: ['A', 'B'] } } : {}),
    indexes,
    foreignKeys: withForeignKeys ? [key(columnA, a, names.aForeignKey), key(columnB, b, names.bForeignKey)] : [],
  };
}

function joinColumn(name: 'A' | 'B', model: Model, context: LowerContext): Column | undefined {
  const idFields = model.primaryKey?.fields ?? [];
  const idField = idFields.length === 1 ? model.fields.find((f) => f.name === idFields[0]?.name) : undefined;
  if (idField === undefined) {
    context.problems.push(
      `model \`${model.name}\` needs a single-field id to take part in an implicit many-to-many relation`,
    );
    return undefined;
  }
  // The join column copies the id's type, never its autoincrement or default.
  const type = context.columnTypeOf(model, idField, false);
  return type === undefined ? undefined : { name, type, nullable: false };
}
