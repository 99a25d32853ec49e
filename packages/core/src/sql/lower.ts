/**
 * `lower(model, provider)`: the ONLY place where models become tables. It reproduces Prisma's
 * rules (names, truncation, implicit many-to-many tables, default types through the provider's
 * type system, defaults, referential actions, `@@schema`, `relationMode = "prisma"`), so that a
 * database made by Prisma and one made by strata from the same schema are identical.
 *
 * Core knows no dialect: every column type comes from `provider.types.columnType()`, and names
 * are cut to `capabilities.maxIdentifierLength` bytes.
 *
 * Views are not lowered (never migrated). `@@ignore`d models ARE lowered: Prisma keeps their
 * tables (the client ignores them, Migrate does not), and so must we for the databases to match.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { FieldTypeRequest } from '../provider/contract.js';
import type { Enum, Field, IndexField, Model, SchemaModel } from '../schema/model.js';
import { SCALAR_TYPES } from '../schema/model.js';
import { canonicalize } from './canonical.js';
import type { Column, DatabaseSchema, EnumType, Extension, Index, IndexColumn, NeutralScalar, Table } from './ir.js';
import { type LowerContext, type LowerTarget, optionalNamespace } from './lower-context.js';
import { lowerDefault } from './lower-defaults.js';
import { lowerRelations } from './lower-relations.js';
import { indexName, primaryKeyName, uniqueIndexName } from './naming.js';

/** What `lower()` needs from a provider. */
export type { LowerTarget } from './lower-context.js';

/** Shared state of one `lower()` run. */

export function lower(schema: SchemaModel, target: LowerTarget): DatabaseSchema {
  const context = createContext(schema, target);
  // Listed for every provider: where enums are TEXT columns (SQLite) the database has no enum,
  // but its values still say what rows may hold (see DiffHooks.enumsInDatabase).
  const enums: EnumType[] = schema.enums.map((e) => ({
    ...optionalNamespace(context.namespaceOf(e.schema)),
    name: e.dbName,
    values: e.values.map((v) => v.dbName),
  }));
  const tables = new Map<string, Table>();
  for (const model of schema.models) tables.set(model.name, lowerModel(model, context));
  const { foreignKeys, joinTables } = lowerRelations(context);
  for (const [modelName, keys] of foreignKeys) {
    const table = tables.get(modelName);
    if (table !== undefined) tables.set(modelName, { ...table, foreignKeys: [...table.foreignKeys, ...keys] });
  }
  if (context.problems.length > 0) {
    throw new StrataError(
      ErrorCodes.schemaInvalid,
      `The schema cannot be turned into ${target.id} tables:\n${context.problems.map((p) => `  - ${p}`).join('\n')}`,
      { hint: 'Fix the schema (run `strata validate`), then try again.', details: { problems: context.problems } },
    );
  }
  return canonicalize({
    provider: target.id,
    namespaces: declaredNamespaces(schema, target),
    tables: [...tables.values(), ...joinTables],
    enums,
    extensions: declaredExtensions(schema, target),
    unmanaged: [],
  });
}

/** The datasource `extensions` list by database name (`map:`); a name listed twice: the last one counts. */
function declaredExtensions(schema: SchemaModel, target: LowerTarget): Extension[] {
  if (target.capabilities.extensions !== true) return [];
  const byName = new Map<string, Extension>();
  for (const spec of schema.datasource?.extensions ?? []) {
    const name = spec.map ?? spec.name;
    byName.set(name, {
      name,
      ...(spec.schema === undefined ? {} : { schema: spec.schema }),
      ...(spec.version === undefined ? {} : { version: spec.version }),
    });
  }
  return [...byName.values()];
}

/** The datasource's `schemas` except the default one, which is implicit in the IR (see `DatabaseSchema.namespaces`). */
function declaredNamespaces(schema: SchemaModel, target: LowerTarget): string[] {
  if (!target.capabilities.namespaces) return [];
  const defaultNamespace = target.defaultNamespaces[0];
  return (schema.datasource?.schemas ?? []).filter((n) => n !== defaultNamespace);
}

function createContext(schema: SchemaModel, target: LowerTarget): LowerContext {
  const models = new Map(schema.models.map((m) => [m.name, m]));
  const enums = new Map(schema.enums.map((e) => [e.name, e]));
  const defaultNamespace = target.defaultNamespaces[0];
  const problems: string[] = [];
  const fieldsByModel = new Map<string, Map<string, Field>>();
  const fieldOf = (model: Model, name: string): Field | undefined => {
    let fields = fieldsByModel.get(model.name);
    if (fields === undefined) {
      fields = new Map(model.fields.map((f) => [f.name, f]));
      fieldsByModel.set(model.name, fields);
    }
    return fields.get(name);
  };
  // Absent means "the default namespace": lowered and introspected schemas agree on that
  // without knowing whether the user spelled `@@schema("public")`.
  const namespaceOf = (declared: string | undefined): string | undefined =>
    target.capabilities.namespaces && declared !== undefined && declared !== defaultNamespace ? declared : undefined;
  return {
    schema,
    target,
    limit: target.capabilities.maxIdentifierLength,
    models,
    enums,
    problems,
    namespaceOf,
    columnTypeOf: (model, field, autoincrement) => {
      const request = typeRequest(field, autoincrement, enums, namespaceOf);
      if (typeof request === 'string') {
        problems.push(`${model.name}.${field.name}: ${request}`);
        return undefined;
      }
      const type = target.types.columnType(request);
      if ('error' in type) {
        problems.push(`${model.name}.${field.name}: ${type.error}`);
        return undefined;
      }
      return type;
    },
    columnName: (model, fieldName) => fieldOf(model, fieldName)?.dbName ?? fieldName,
  };
}

const SCALAR_TYPE_NAMES: ReadonlySet<string> = new Set(SCALAR_TYPES);

function typeRequest(
  field: Field,
  autoincrement: boolean,
  enums: ReadonlyMap<string, Enum>,
  namespaceOf: (declared: string | undefined) => string | undefined,
): FieldTypeRequest | string {
  // Built property by property rather than by spreading a shared base: this runs once per
  // column, and optional properties stay absent (not `undefined`) for the type system.
  const request: { -readonly [K in keyof FieldTypeRequest]: FieldTypeRequest[K] } = {
    scalar: 'String',
    list: field.list,
    autoincrement,
  };
  if (field.nativeType !== undefined) request.nativeType = { name: field.nativeType.name, args: field.nativeType.args };
  switch (field.kind) {
    case 'scalar':
      if (!SCALAR_TYPE_NAMES.has(field.type)) {
        return `type \`${field.type}\` is not a scalar, an enum or a model (composite types are not supported on SQL databases)`;
      }
      request.scalar = field.type as NeutralScalar;
      return request;
    case 'enum': {
      const definition = enums.get(field.type);
      if (definition === undefined) return `unknown enum \`${field.type}\``;
      const namespace = namespaceOf(definition.schema);
      request.scalar = 'Enum';
      const values = definition.values.map((v) => v.dbName);
      request.enum =
        namespace === undefined ? { name: definition.dbName, values } : { name: definition.dbName, namespace, values };
      return request;
    }
    case 'unsupported':
      request.scalar = 'Unsupported';
      request.unsupported = field.type;
      return request;
    case 'relation':
      return 'a relation field has no column';
  }
}

/**
 * Prisma on SQLite makes a model's only `@id` field of type Int an `INTEGER PRIMARY KEY
 * AUTOINCREMENT` even without `@default(autoincrement())` (a written default stays too); the
 * provider opts in through `capabilities.implicitIntegerKeyAutoincrement`. That key is then the
 * ONLY column the database numbers: `autoincrement()` anywhere else (a BigInt id) leaves nothing
 * in the database (Prisma writes `BIGINT NOT NULL PRIMARY KEY`), so the IR says nothing either.
 */
function isImplicitAutoincrementKey(model: Model, field: Field, context: LowerContext): boolean {
  const key = model.primaryKey?.fields;
  return (
    context.target.capabilities.implicitIntegerKeyAutoincrement === true &&
    field.kind === 'scalar' &&
    field.type === 'Int' &&
    !field.list &&
    key?.length === 1 &&
    key[0]?.name === field.name
  );
}

function lowerModel(model: Model, context: LowerContext): Table {
  const namespace = context.namespaceOf(model.schema);
  const table = model.dbName;
  const columns: Column[] = [];
  const enumOf = (name: string): Enum | undefined => context.enums.get(name);
  for (const field of model.fields) {
    if (field.kind === 'relation') continue;
    const declared = lowerDefault(field, enumOf);
    const autoincrement =
      context.target.capabilities.implicitIntegerKeyAutoincrement === true
        ? isImplicitAutoincrementKey(model, field, context)
        : declared.autoincrement;
    const type = context.columnTypeOf(model, field, autoincrement);
    if (type === undefined) continue;
    // Optional properties are added only when present (the IR has no `undefined` properties).
    const column: { -readonly [K in keyof Column]: Column[K] } = {
      name: field.dbName,
      type,
      // Prisma stores scalar lists in nullable array columns, whatever the field's arity.
      nullable: field.optional || field.list,
    };
    if (declared.default !== undefined) column.default = declared.default;
    if (autoincrement) column.autoincrement = true;
    columns.push(column);
  }
  const limit = context.limit;
  const columnsOf = (fields: readonly IndexField[]): string[] => fields.map((f) => context.columnName(model, f.name));
  const indexes: Index[] = [];
  for (const unique of model.uniques) {
    indexes.push({
      name: unique.map ?? uniqueIndexName(table, columnsOf(unique.fields), limit),
      unique: true,
      columns: unique.fields.map((f) => indexColumn(model, f, context)),
    });
  }
  for (const index of model.indexes) {
    if (index.fulltext && context.target.capabilities.fulltextIndexes !== true) {
      context.problems.push(`${model.name}: @@fulltext is not supported by ${context.target.id}`);
      continue;
    }
    const method = index.type === undefined || index.type === 'BTree' ? undefined : index.type.toLowerCase();
    indexes.push({
      name: index.map ?? indexName(table, columnsOf(index.fields), limit),
      unique: false,
      columns: index.fields.map((f) => indexColumn(model, f, context)),
      ...(index.where === undefined ? {} : { where: index.where }),
      ...(method === undefined ? {} : { method }),
      // Prisma names a full-text index like any other (`{table}_{columns}_idx`)
      ...(index.fulltext ? { kind: 'fulltext' as const } : {}),
    });
  }
  const named = context.target.capabilities.namedPrimaryKeys !== false;
  const primaryKey =
    model.primaryKey === undefined
      ? undefined
      : {
          ...(named ? { name: model.primaryKey.map ?? primaryKeyName(table, limit) } : {}),
          columns: columnsOf(model.primaryKey.fields),
        };
  return {
    ...optionalNamespace(namespace),
    name: table,
    columns,
    ...(primaryKey === undefined ? {} : { primaryKey }),
    indexes,
    foreignKeys: [],
  };
}

function indexColumn(model: Model, field: IndexField, context: LowerContext): IndexColumn {
  const ops = field.ops === undefined ? undefined : field.opsRaw ? field.ops : operatorClassName(field.ops);
  return {
    name: context.columnName(model, field.name),
    ...(field.sort === 'Desc' ? { sort: 'desc' as const } : {}),
    ...(field.length === undefined ? {} : { length: field.length }),
    ...(ops === undefined ? {} : { ops }),
  };
}

/** Prisma's operator class names (`JsonbPathOps`, `Int4MinMaxOps`) -> SQL (`jsonb_path_ops`, `int4_minmax_ops`). */
export function operatorClassName(prismaName: string): string {
  return prismaName
    .replace(/MinMaxMulti/g, 'Minmax_multi')
    .replace(/MinMax/g, 'Minmax')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
