/**
 * The arrow of `db pull`, run backwards: a database schema (IR) -> a semantic model, which the
 * printer turns into PSL. It follows Prisma's introspection conventions: model and field names
 * are the database names (with `@@map`/`@map` only when a name is not a valid identifier),
 * relation fields named after the model they point to, default names left implicit, types that
 * are the provider's default for the scalar left without `@db.*`, and implicit many-to-many join
 * tables (`_AToB` with columns A and B) turned back into list fields.
 */
import type { Provider } from '../provider/contract.js';
import { fileStartSpan } from '../psl/spans.js';
import type {
  DefaultValue,
  Enum,
  ExtensionSpec,
  Field,
  IndexAlgorithm,
  IndexField,
  Literal,
  Model,
  NativeType,
  RelationKind,
  ScalarType,
  SchemaModel,
} from '../schema/model.js';
import type { Column, ColumnDefault, DatabaseSchema, EnumType, Extension, ForeignKey, Index, Table } from './ir.js';
import { foreignKeyName, indexName, primaryKeyName, uniqueIndexName } from './naming.js';

const span = fileStartSpan('schema.prisma');
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const METHODS: Readonly<Record<string, IndexAlgorithm>> = {
  btree: 'BTree',
  hash: 'Hash',
  gist: 'Gist',
  gin: 'Gin',
  spgist: 'SpGist',
  brin: 'Brin',
};

/** A valid PSL identifier for a database name, and the `@map` needed when they differ. */
function identifier(dbName: string): { name: string; map?: string } {
  if (IDENTIFIER.test(dbName)) return { name: dbName };
  const cleaned = dbName.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '');
  return { name: cleaned === '' ? 'unnamed' : cleaned, map: dbName };
}

/** As Prisma's first pull writes it: the schema it is in, no version (`uuid_ossp(map: "uuid-ossp", schema: "public")`). */
export function extensionSpec(extension: Extension): ExtensionSpec {
  return {
    ...identifier(extension.name),
    ...(extension.schema === undefined ? {} : { schema: extension.schema }),
  };
}

interface JoinTable {
  readonly table: Table;
  readonly a: ForeignKey;
  readonly b: ForeignKey;
}

/** `_X` with exactly columns A and B, each a foreign key: Prisma's implicit many-to-many table. */
function asJoinTable(table: Table): JoinTable | undefined {
  if (!table.name.startsWith('_') || table.columns.length !== 2) return undefined;
  const names = table.columns.map((c) => c.name).sort();
  if (names[0] !== 'A' || names[1] !== 'B') return undefined;
  const a = table.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === 'A');
  const b = table.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === 'B');
  return a && b ? { table, a, b } : undefined;
}

/**
 * `declaredSchemas`: the datasource `schemas` of the schema being pulled into, when it has them;
 * the pulled schema then keeps them and every model gets `@@schema`.
 */
export function databaseToModel(
  schema: DatabaseSchema,
  provider: Provider,
  datasourceName = 'db',
  declaredSchemas?: readonly string[],
): SchemaModel {
  const limit = provider.capabilities.maxIdentifierLength;
  // With namespaces besides the default one, every model and enum needs `@@schema`, the default
  // namespace's objects included (under the provider's default name).
  const defaultSchema = provider.defaultNamespaces[0] ?? 'public';
  const multiNamespace = schema.namespaces.length > 0 || declaredSchemas !== undefined;
  const schemaOf = (namespace: string | undefined): { schema?: string } =>
    multiNamespace ? { schema: namespace ?? defaultSchema } : {};
  const usesDefault =
    schema.tables.some((t) => t.namespace === undefined) || schema.enums.some((e) => e.namespace === undefined);
  const schemas = declaredSchemas ?? [...new Set([...(usesDefault ? [defaultSchema] : []), ...schema.namespaces])];
  const enums = schema.enums.map((e) => enumToModel(e, schemaOf));
  const enumByDbName = new Map(schema.enums.map((e, i) => [e.name, enums[i] as Enum]));
  const joinTables: JoinTable[] = [];
  const tables: Table[] = [];
  for (const table of schema.tables) {
    if (table.name === '_strata_migrations' || table.name === '_prisma_migrations') continue;
    const join = asJoinTable(table);
    if (join) joinTables.push(join);
    else tables.push(table);
  }
  const modelNameOf = new Map(tables.map((t) => [t.name, identifier(t.name).name]));

  // Fields first (scalars), relation fields appended per model as foreign keys are found.
  const drafts = new Map<string, { table: Table; fields: Field[] }>();
  for (const table of tables) {
    drafts.set(table.name, { table, fields: table.columns.map((c) => columnToField(c, provider, enumByDbName)) });
  }
  const fieldNameIn = (tableName: string, wanted: string): string => {
    const taken = new Set(drafts.get(tableName)?.fields.map((f) => f.name));
    let name = wanted;
    for (let i = 2; taken.has(name); i += 1) name = `${wanted}${i}`;
    return name;
  };

  // Several relations between the same two models need names to tell them apart.
  const pairCount = new Map<string, number>();
  const pairKey = (x: string, y: string): string => [x, y].sort().join('\u0000');
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      const key = pairKey(table.name, fk.referencedTable);
      pairCount.set(key, (pairCount.get(key) ?? 0) + 1);
    }
  }

  for (const table of tables) {
    const holder = drafts.get(table.name);
    const modelName = modelNameOf.get(table.name);
    if (holder === undefined || modelName === undefined) continue;
    for (const fk of table.foreignKeys) {
      const target = drafts.get(fk.referencedTable);
      const targetModel = modelNameOf.get(fk.referencedTable);
      if (target === undefined || targetModel === undefined) continue;
      const fieldsOf = (t: Table, columns: readonly string[]): string[] =>
        columns.map((c) => drafts.get(t.name)?.fields.find((f) => f.dbName === c)?.name ?? c);
      const unique =
        (table.primaryKey !== undefined && sameColumns(table.primaryKey.columns, fk.columns)) ||
        table.indexes.some(
          (ix) =>
            ix.unique &&
            ix.where === undefined &&
            sameColumns(
              ix.columns.map((c) => c.name ?? ''),
              fk.columns,
            ),
        );
      const kind: RelationKind = unique ? 'one-to-one' : 'one-to-many';
      const named =
        (pairCount.get(pairKey(table.name, fk.referencedTable)) ?? 0) > 1 || table.name === fk.referencedTable;
      const relationName = named
        ? (fk.name ?? `${modelName}_${fk.columns.join('_')}`)
        : [modelName, targetModel].sort().join('To');
      const optional = fk.columns.some((c) => table.columns.find((col) => col.name === c)?.nullable);
      const forward = fieldNameIn(table.name, lowerFirst(targetModel));
      const back = fieldNameIn(
        fk.referencedTable,
        table.name === fk.referencedTable ? `other_${lowerFirst(modelName)}` : lowerFirst(modelName),
      );
      const defaultFkName = foreignKeyName(table.name, fk.columns, limit);
      holder.fields.push(
        relationField(
          forward,
          targetModel,
          {
            name: relationName,
            explicitName: named,
            kind,
            oppositeField: back,
            holdsForeignKey: true,
            fields: fieldsOf(table, fk.columns),
            references: fieldsOf(target.table, fk.referencedColumns),
            ...(fk.onDelete !== defaultOnDelete(table, fk.columns) ? { onDelete: fk.onDelete } : {}),
            ...(fk.onUpdate !== 'Cascade' ? { onUpdate: fk.onUpdate } : {}),
            ...(fk.name !== undefined && fk.name !== defaultFkName ? { map: fk.name } : {}),
          },
          optional,
          false,
        ),
      );
      target.fields.push(
        relationField(
          back,
          modelName,
          {
            name: relationName,
            explicitName: named,
            kind,
            oppositeField: forward,
            holdsForeignKey: false,
            fields: [],
            references: [],
          },
          kind === 'one-to-one',
          kind === 'one-to-many',
        ),
      );
    }
  }

  for (const join of joinTables) {
    const a = modelNameOf.get(join.a.referencedTable);
    const b = modelNameOf.get(join.b.referencedTable);
    const aDraft = drafts.get(join.a.referencedTable);
    const bDraft = drafts.get(join.b.referencedTable);
    if (!a || !b || !aDraft || !bDraft) continue;
    const relationName = join.table.name.slice(1);
    const explicitName = relationName !== `${a}To${b}`;
    const onA = fieldNameIn(join.a.referencedTable, lowerFirst(b));
    const onB = fieldNameIn(join.b.referencedTable, lowerFirst(a));
    const base = {
      name: relationName,
      explicitName,
      kind: 'many-to-many' as const,
      holdsForeignKey: false,
      fields: [],
      references: [],
    };
    aDraft.fields.push(relationField(onA, b, { ...base, oppositeField: onB }, false, true));
    bDraft.fields.push(relationField(onB, a, { ...base, oppositeField: onA }, false, true));
  }

  const models: Model[] = tables.map((table) => {
    const draft = drafts.get(table.name) as { table: Table; fields: Field[] };
    return tableToModel(table, draft.fields, provider, schemaOf);
  });
  return {
    datasource: {
      name: datasourceName,
      provider: provider.id,
      ...(multiNamespace ? { schemas } : {}),
      ...(schema.extensions !== undefined && schema.extensions.length > 0
        ? { extensions: schema.extensions.map(extensionSpec) }
        : {}),
      otherProperties: [],
      span,
    },
    generators: [],
    models,
    enums,
    views: [],
    relations: [],
  };

  function tableToModel(
    table: Table,
    fields: Field[],
    target: Provider,
    schemaOf: (namespace: string | undefined) => { schema?: string },
  ): Model {
    const { name, map } = identifier(table.name);
    const fieldOf = (column: string): string => fields.find((f) => f.dbName === column)?.name ?? column;
    const indexFields = (index: Index): IndexField[] =>
      index.columns.map((c) => ({
        name: fieldOf(c.name ?? ''),
        ...(c.sort === 'desc' ? { sort: 'Desc' as const } : {}),
        ...(c.length ? { length: c.length } : {}),
        // The operator class as SQL (`raw("gin_trgm_ops")`): always exact, whatever Prisma name it may have.
        ...(c.ops ? { ops: c.ops, opsRaw: true } : {}),
      }));
    const pk = table.primaryKey;
    const pkMap = pk?.name !== undefined && pk.name !== primaryKeyName(table.name, limit) ? pk.name : undefined;
    const singleId = pk !== undefined && pk.columns.length === 1;
    const withIds = fields.map((f) =>
      singleId && f.kind !== 'relation' && f.dbName === pk.columns[0] ? { ...f, id: true } : f,
    );
    // A field carries one `@unique`; a second unique index over the same column is a `@@unique`.
    const fieldUniqueTaken = new Set<string>();
    const uniques = table.indexes
      .filter((ix) => ix.unique && ix.columns.every((c) => c.name !== undefined))
      .map((ix) => {
        const columns = ix.columns.map((c) => c.name ?? '');
        const single =
          ix.columns.length === 1 &&
          ix.where === undefined &&
          !ix.columns[0]?.sort &&
          !(singleId && pk.columns[0] === columns[0]) &&
          !fieldUniqueTaken.has(columns[0] ?? '');
        if (single) fieldUniqueTaken.add(columns[0] ?? '');
        return {
          fields: indexFields(ix),
          ...(ix.name !== uniqueIndexName(table.name, columns, limit) ? { map: ix.name } : {}),
          ...(ix.where !== undefined ? { where: ix.where } : {}),
          fromField: single,
          span,
        };
      });
    const marked = withIds.map((f) =>
      uniques.some((u) => u.fromField && u.fields[0]?.name === f.name) ? { ...f, unique: true } : f,
    );
    const indexes = table.indexes
      .filter((ix) => !ix.unique && ix.columns.every((c) => c.name !== undefined))
      .map((ix) => ({
        fields: indexFields(ix),
        ...(ix.name !==
        indexName(
          table.name,
          ix.columns.map((c) => c.name ?? ''),
          limit,
        )
          ? { map: ix.name }
          : {}),
        ...(ix.method !== undefined && ix.method !== 'btree' && METHODS[ix.method] ? { type: METHODS[ix.method] } : {}),
        ...(ix.where !== undefined ? { where: ix.where } : {}),
        fulltext: false,
        span,
      }));
    return {
      name,
      dbName: table.name,
      ...(map !== undefined ? { map } : {}),
      ...schemaOf(table.namespace),
      fields: marked,
      ...(pk !== undefined
        ? {
            primaryKey: {
              fields: pk.columns.map((c) => ({ name: fieldOf(c) })),
              ...(pkMap !== undefined && target.capabilities.namedPrimaryKeys !== false ? { map: pkMap } : {}),
              fromField: singleId,
              span,
            },
          }
        : {}),
      uniques,
      indexes,
      ignored: false,
      span,
    };
  }
}

function columnToField(column: Column, provider: Provider, enums: ReadonlyMap<string, Enum>): Field {
  const { name, map } = identifier(column.name);
  const base = {
    name,
    dbName: column.name,
    ...(map !== undefined ? { map } : {}),
    // Prisma has no optional lists: a list column is printed `T[]` whatever its nullability.
    optional: column.nullable && column.type.list !== true,
    list: column.type.list === true,
    id: false,
    unique: false,
    updatedAt: false,
    ignored: false,
    span,
  };
  const enumModel = column.type.enum ? enums.get(column.type.enum.name) : undefined;
  if (column.type.scalar === 'Enum' && enumModel) {
    const value = column.default ? enumDefault(column.default, enumModel) : undefined;
    return { ...base, kind: 'enum', type: enumModel.name, ...(value ? { default: value } : {}) };
  }
  if (column.type.scalar === 'Unsupported' || column.type.scalar === 'Enum') {
    return { ...base, kind: 'unsupported', type: column.type.native, optional: true };
  }
  const scalar = column.type.scalar as ScalarType;
  const nativeType = nativeTypeOf(column, provider);
  const value = column.autoincrement
    ? { kind: 'function' as const, name: 'autoincrement' as const, args: [] }
    : column.default
      ? defaultOf(column.default)
      : undefined;
  return {
    ...base,
    kind: 'scalar',
    type: scalar,
    ...(nativeType ? { nativeType } : {}),
    ...(value ? { default: value } : {}),
  };
}

/** `@db.X(args)` only when the column's type is not the provider's default for its scalar: the type system's reverse. */
function nativeTypeOf(column: Column, provider: Provider): NativeType | undefined {
  const nativeType = provider.types.fieldType(column.type)?.nativeType;
  return nativeType === undefined ? undefined : { name: nativeType.name, args: [...nativeType.args] };
}

function defaultOf(value: ColumnDefault): DefaultValue | undefined {
  switch (value.kind) {
    case 'string':
      return { kind: 'literal', type: 'string', value: value.value };
    case 'number':
      return { kind: 'literal', type: 'number', value: value.value };
    case 'boolean':
      return { kind: 'literal', type: 'boolean', value: value.value };
    case 'now':
      return { kind: 'function', name: 'now', args: [] };
    case 'expression':
      return { kind: 'dbgenerated', expression: value.sql };
    case 'list': {
      const items = value.items.map(literalOf);
      return items.every((i): i is Literal => i !== undefined) ? { kind: 'list', values: items } : undefined;
    }
    case 'enum':
      return { kind: 'literal', type: 'enum', value: value.value };
    case 'bytes':
      return undefined;
  }
}

function literalOf(value: ColumnDefault): Literal | undefined {
  const d = defaultOf(value);
  return d?.kind === 'literal' ? d : undefined;
}

function enumDefault(value: ColumnDefault, enumModel: Enum): DefaultValue | undefined {
  if (value.kind === 'list') {
    const items = value.items.map((item) => enumLiteral(item, enumModel));
    return items.every((i): i is Literal => i !== undefined) ? { kind: 'list', values: items } : undefined;
  }
  const literal = enumLiteral(value, enumModel);
  return literal === undefined ? undefined : { kind: 'literal', ...literal };
}

function enumLiteral(value: ColumnDefault, enumModel: Enum): Literal | undefined {
  if (value.kind !== 'enum' && value.kind !== 'string') return undefined;
  const member = enumModel.values.find((v) => v.dbName === value.value);
  return member ? { type: 'enum', value: member.name } : undefined;
}

function enumToModel(e: EnumType, schemaOf: (namespace: string | undefined) => { schema?: string }): Enum {
  const { name, map } = identifier(e.name);
  return {
    name,
    dbName: e.name,
    ...(map !== undefined ? { map } : {}),
    ...schemaOf(e.namespace),
    values: e.values.map((v) => {
      const id = identifier(v);
      return { name: id.name, dbName: v, ...(id.map !== undefined ? { map: id.map } : {}), span };
    }),
    span,
  };
}

function relationField(
  name: string,
  target: string,
  relation: NonNullable<Field['relation']>,
  optional: boolean,
  list: boolean,
): Field {
  return {
    name,
    dbName: name,
    kind: 'relation',
    type: target,
    optional,
    list,
    id: false,
    unique: false,
    updatedAt: false,
    ignored: false,
    relation,
    span,
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Prisma's default onDelete for these foreign key columns: SetNull only when every one is nullable. */
function defaultOnDelete(table: Table, columns: readonly string[]): 'SetNull' | 'Restrict' {
  return columns.every((c) => table.columns.find((col) => col.name === c)?.nullable === true) ? 'SetNull' : 'Restrict';
}
