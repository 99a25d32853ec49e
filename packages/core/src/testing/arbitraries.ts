/**
 * fast-check arbitraries of valid database schemas (IR) for property tests on real databases:
 * `schemaArbitrary(dialect)` gives schemas as `lower()` would produce them for that dialect, and
 * `schemaPairArbitrary(dialect)` gives a schema, a mutation of it (the way schemas evolve) and the
 * rename decisions a resolver would have taken. `rowsFor(schema, counts, seed)` fills a schema
 * with rows that respect its constraints, as neutral values a test renders for its dialect.
 *
 * Column types come from the provider's own `TypeSystem`, names follow Prisma's conventions, so
 * what is generated is exactly what introspection must give back. Arbitraries draw small integer
 * "seeds" and a deterministic builder turns them into a schema, so that shrinking stays simple.
 */
import fc from 'fast-check';
import type { Change } from '../diff/changes.js';
import type { RenameDecision } from '../diff/renames.js';
import type { Capabilities, FieldTypeRequest, TypeSystem } from '../provider/contract.js';
import { canonicalize } from '../sql/canonical.js';
import type {
  Column,
  ColumnDefault,
  ColumnType,
  DatabaseSchema,
  EnumType,
  ForeignKey,
  Index,
  NeutralScalar,
  ReferentialAction,
  Table,
} from '../sql/ir.js';
import { seededRandom } from './generate.js';

/** What the arbitraries need to know about a dialect. */
export interface IrDialect {
  readonly provider: string;
  readonly types: TypeSystem;
  readonly nativeEnums: boolean;
  /** False where primary keys carry no name (SQLite). */
  readonly namedPrimaryKeys: boolean;
  /** `DatabaseSchema.namespaces` of a lowered schema without `schemas`: `[]` (the default namespace is implicit). */
  readonly namespaces: readonly string[];
  /** Column types to draw from besides the scalar defaults (`@db.VarChar(32)`, `@db.SmallInt`). */
  readonly nativeTypes?: readonly TypeChoice[];
  /**
   * False for a column this dialect cannot index as a whole (MySQL: BLOB and TEXT need a prefix
   * length); default every column but Json may be indexed.
   */
  readonly indexable?: (column: Column) => boolean;
}

export interface TypeChoice {
  readonly scalar: Exclude<NeutralScalar, 'Enum' | 'Unsupported'>;
  readonly nativeType?: { readonly name: string; readonly args: readonly string[] };
}

export function irDialectOf(
  provider: {
    readonly id: string;
    readonly types: TypeSystem;
    readonly capabilities: Capabilities;
    readonly defaultNamespaces: readonly string[];
  },
  nativeTypes: readonly TypeChoice[] = [],
): IrDialect {
  return {
    provider: provider.id,
    types: provider.types,
    nativeEnums: provider.capabilities.nativeEnums,
    namedPrimaryKeys: provider.capabilities.namedPrimaryKeys !== false,
    namespaces: [],
    nativeTypes,
  };
}

const SCALARS: readonly TypeChoice[] = [
  { scalar: 'String' },
  { scalar: 'Int' },
  { scalar: 'BigInt' },
  { scalar: 'Float' },
  { scalar: 'Decimal' },
  { scalar: 'Boolean' },
  { scalar: 'DateTime' },
  { scalar: 'Json' },
  { scalar: 'Bytes' },
];

// Names include SQL keywords and mixed case: every identifier must be quoted right.
const TABLE_NAMES = ['User', 'Post', 'order', 'Tag_Item', 'group', 'Account', 'select', 'blob_store'];
const COLUMN_NAMES = ['name', 'value', 'from', 'createdAt', 'title', 'count', 'flag', 'data', 'user_name', 'Score'];
const ENUM_NAMES = ['Role', 'Status', 'kind_t'];
const ENUM_VALUES = ['ADMIN', 'USER', 'GUEST', 'in_review', 'Done'];
const ACTIONS: readonly ReferentialAction[] = ['Cascade', 'Restrict', 'NoAction', 'SetNull'];

// ---------------------------------------------------------------------------------------------
// Seeds: small numbers fast-check draws and shrinks.

export interface ColumnSeed {
  readonly type: number;
  readonly nullable: boolean;
  readonly withDefault: boolean;
  readonly pick: number;
}

export interface TableSeed {
  /** 0 autoincrement Int, 1 Int, 2 String, 3 composite (Int, String). */
  readonly primaryKey: number;
  readonly columns: readonly ColumnSeed[];
  readonly indexes: readonly { readonly columns: readonly number[]; readonly unique: boolean }[];
  readonly foreignKeys: readonly {
    readonly target: number;
    readonly nullable: boolean;
    readonly onDelete: number;
    readonly onUpdate: number;
  }[];
}

export interface SchemaSeed {
  readonly enums: readonly { readonly values: number }[];
  readonly tables: readonly TableSeed[];
}

const columnSeed = fc.record({
  type: fc.nat(40),
  nullable: fc.boolean(),
  withDefault: fc.boolean(),
  pick: fc.nat(10),
});

const tableSeed = fc.record({
  primaryKey: fc.nat(3),
  columns: fc.array(columnSeed, { minLength: 1, maxLength: 6 }),
  indexes: fc.array(fc.record({ columns: fc.array(fc.nat(8), { minLength: 1, maxLength: 2 }), unique: fc.boolean() }), {
    maxLength: 3,
  }),
  foreignKeys: fc.array(
    fc.record({ target: fc.nat(8), nullable: fc.boolean(), onDelete: fc.nat(3), onUpdate: fc.nat(3) }),
    { maxLength: 2 },
  ),
});

export interface SchemaArbitraryOptions {
  readonly maxTables?: number;
}

export function schemaSeedArbitrary(options: SchemaArbitraryOptions = {}): fc.Arbitrary<SchemaSeed> {
  return fc.record({
    enums: fc.array(fc.record({ values: fc.integer({ min: 1, max: ENUM_VALUES.length }) }), {
      maxLength: ENUM_NAMES.length,
    }),
    tables: fc.array(tableSeed, { minLength: 1, maxLength: Math.min(options.maxTables ?? 5, TABLE_NAMES.length) }),
  });
}

/** Valid schemas for this dialect, in canonical form. */
export function schemaArbitrary(
  dialect: IrDialect,
  options: SchemaArbitraryOptions = {},
): fc.Arbitrary<DatabaseSchema> {
  return schemaSeedArbitrary(options).map((seed) => buildSchema(dialect, seed));
}

// ---------------------------------------------------------------------------------------------
// Building a schema from a seed.

function columnTypeOf(dialect: IrDialect, request: Partial<FieldTypeRequest> & Pick<FieldTypeRequest, 'scalar'>) {
  const type = dialect.types.columnType({ list: false, autoincrement: false, ...request });
  if ('error' in type) throw new Error(`arbitraries: the dialect refuses ${JSON.stringify(request)}: ${type.error}`);
  return type;
}

function typeChoices(dialect: IrDialect): readonly TypeChoice[] {
  return [...SCALARS, ...(dialect.nativeTypes ?? [])];
}

/** A default literal for a column of this type, or undefined when the type takes none here. */
export function defaultFor(type: ColumnType, pick: number, enumValues?: readonly string[]): ColumnDefault | undefined {
  if (type.scalar === 'Enum' || enumValues !== undefined) {
    const values = enumValues ?? [];
    return values.length === 0 ? undefined : { kind: 'enum', value: values[pick % values.length]! };
  }
  const from = <T>(items: readonly T[]): T => items[pick % items.length]!;
  switch (type.scalar) {
    case 'String':
      return { kind: 'string', value: from(['', 'x', "it's", 'hello world']) };
    case 'Int':
      return { kind: 'number', value: from(['0', '42', '-7']) };
    case 'BigInt':
      return { kind: 'number', value: from(['0', '12345678901']) };
    case 'Float':
      return { kind: 'number', value: from(['0', '1.5', '-2.25']) };
    case 'Decimal':
      return { kind: 'number', value: from(['0', '1.5']) };
    case 'Boolean':
      return { kind: 'boolean', value: pick % 2 === 0 };
    case 'DateTime':
      return { kind: 'now' };
    case 'Json':
      return { kind: 'string', value: from(['{}', '[]']) };
    default:
      return undefined;
  }
}

interface BuildState {
  readonly dialect: IrDialect;
  readonly enums: readonly EnumType[];
}

function buildColumn(state: BuildState, name: string, seed: ColumnSeed): Column {
  const choices = typeChoices(state.dialect);
  // One slot in eight is an enum column when there are enums.
  const enumIndex = state.enums.length > 0 && seed.type % 8 === 7 ? seed.type % state.enums.length : -1;
  const enumType = enumIndex >= 0 ? state.enums[enumIndex] : undefined;
  const type =
    enumType === undefined
      ? columnTypeOf(state.dialect, choices[seed.type % choices.length]!)
      : columnTypeOf(state.dialect, { scalar: 'Enum', enum: { name: enumType.name, values: enumType.values } });
  const value = seed.withDefault ? defaultFor(type, seed.pick, enumType?.values) : undefined;
  return { name, type, nullable: seed.nullable, ...(value === undefined ? {} : { default: value }) };
}

function primaryKeyColumns(state: BuildState, kind: number): Column[] {
  switch (kind % 4) {
    case 0:
      return [
        {
          name: 'id',
          type: columnTypeOf(state.dialect, { scalar: 'Int', autoincrement: true }),
          nullable: false,
          autoincrement: true,
        },
      ];
    case 1:
      return [{ name: 'id', type: columnTypeOf(state.dialect, { scalar: 'Int' }), nullable: false }];
    case 2:
      return [{ name: 'id', type: columnTypeOf(state.dialect, { scalar: 'String' }), nullable: false }];
    default:
      return [
        { name: 'keyA', type: columnTypeOf(state.dialect, { scalar: 'Int' }), nullable: false },
        { name: 'keyB', type: columnTypeOf(state.dialect, { scalar: 'String' }), nullable: false },
      ];
  }
}

function primaryKeyOf(dialect: IrDialect, table: string, columns: readonly string[]): Table['primaryKey'] {
  return { ...(dialect.namedPrimaryKeys ? { name: `${table}_pkey` } : {}), columns: [...columns] };
}

/** Columns that may be indexed: not Json (no default btree operator class on every dialect). */
function indexable(dialect: IrDialect, column: Column): boolean {
  return column.type.scalar !== 'Json' && (dialect.indexable?.(column) ?? true);
}

/** Columns a unique index may cover with generated rows: enough distinct values. */
function uniqueable(dialect: IrDialect, column: Column): boolean {
  return indexable(dialect, column) && column.type.scalar !== 'Boolean' && column.type.scalar !== 'Enum';
}

export function buildSchema(dialect: IrDialect, seed: SchemaSeed): DatabaseSchema {
  // Listed whatever the dialect, as `lower()` lists them: without native enums an enum is a column
  // type (TEXT, MySQL's inline ENUM), and its values still say what rows may hold.
  const enums: EnumType[] = seed.enums.map((e, i) => ({
    name: ENUM_NAMES[i]!,
    values: ENUM_VALUES.slice(0, e.values),
  }));
  const state: BuildState = { dialect, enums };
  const tables: Table[] = [];
  seed.tables.forEach((t, tableIndex) => {
    const name = TABLE_NAMES[tableIndex]!;
    const keyColumns = primaryKeyColumns(state, t.primaryKey);
    const columns: Column[] = [...keyColumns];
    t.columns.forEach((c, i) => {
      columns.push(buildColumn(state, COLUMN_NAMES[i % COLUMN_NAMES.length]!, c));
    });
    const foreignKeys: ForeignKey[] = [];
    const indexes: Index[] = [];
    for (const fk of t.foreignKeys) {
      const candidates = tables.filter((p) => p.primaryKey?.columns.length === 1);
      if (candidates.length === 0) break;
      const target = candidates[fk.target % candidates.length]!;
      const added = foreignKeyTo(state, name, columns, target, fk);
      columns.push(added.column);
      foreignKeys.push(added.foreignKey);
    }
    for (const index of t.indexes) {
      const pool = columns.slice(keyColumns.length).filter((c) => (index.unique ? uniqueable : indexable)(dialect, c));
      if (pool.length === 0) continue;
      const names = [...new Set(index.columns.map((i) => pool[i % pool.length]!.name))];
      const indexName = `${name}_${names.join('_')}_${index.unique ? 'key' : 'idx'}`;
      if (indexes.some((i) => i.name === indexName)) continue;
      indexes.push({ name: indexName, unique: index.unique, columns: names.map((n) => ({ name: n })) });
    }
    tables.push({
      name,
      columns,
      primaryKey: primaryKeyOf(
        dialect,
        name,
        keyColumns.map((c) => c.name),
      ),
      indexes,
      foreignKeys,
    });
  });
  return canonicalize({
    provider: dialect.provider,
    namespaces: [...dialect.namespaces],
    tables,
    enums,
    unmanaged: [],
  });
}

function foreignKeyTo(
  state: BuildState,
  table: string,
  columns: readonly Column[],
  target: Table,
  seed: { readonly nullable: boolean; readonly onDelete: number; readonly onUpdate: number },
): { column: Column; foreignKey: ForeignKey } {
  const base = `${target.name}Id`;
  let name = base;
  for (let n = 2; columns.some((c) => c.name === name); n += 1) name = `${base}${n}`;
  const referenced = target.columns.find((c) => c.name === target.primaryKey!.columns[0])!;
  const type = columnTypeOf(state.dialect, { scalar: referenced.type.scalar as TypeChoice['scalar'] });
  const action = (n: number): ReferentialAction => {
    const chosen = ACTIONS[n % ACTIONS.length]!;
    return chosen === 'SetNull' && !seed.nullable ? 'Restrict' : chosen;
  };
  return {
    column: { name, type, nullable: seed.nullable },
    foreignKey: {
      name: `${table}_${name}_fkey`,
      columns: [name],
      referencedTable: target.name,
      referencedColumns: [referenced.name],
      onDelete: action(seed.onDelete),
      onUpdate: action(seed.onUpdate),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Schema pairs: a schema and an evolution of it.

export interface SchemaPair {
  readonly from: DatabaseSchema;
  readonly to: DatabaseSchema;
  /** Renames a resolver accepted: pass to `diff(..., { renames })`. */
  readonly renames: readonly RenameDecision[];
}

export interface MutationSeed {
  readonly op: number;
  readonly table: number;
  readonly target: number;
  readonly pick: number;
}

export interface PairOptions extends SchemaArbitraryOptions {
  /** Include removals of enum values (they fail against rows that use them). Default false. */
  readonly removeEnumValues?: boolean;
  /** Include type changes that may not keep every value (BigInt -> Int, String -> Int). Default false. */
  readonly lossyTypeChanges?: boolean;
  /** Include dropped tables and columns. Default true. */
  readonly drops?: boolean;
  readonly maxMutations?: number;
}

const mutationSeed = fc.record({ op: fc.nat(15), table: fc.nat(8), target: fc.nat(12), pick: fc.nat(12) });

export function schemaPairArbitrary(dialect: IrDialect, options: PairOptions = {}): fc.Arbitrary<SchemaPair> {
  return fc
    .tuple(schemaSeedArbitrary(options), fc.array(mutationSeed, { minLength: 1, maxLength: options.maxMutations ?? 4 }))
    .map(([seed, mutations]) => mutateSchema(dialect, buildSchema(dialect, seed), mutations, options));
}

/** Applies the mutations one after the other; each keeps the schema valid. Deterministic. */
export function mutateSchema(
  dialect: IrDialect,
  from: DatabaseSchema,
  mutations: readonly MutationSeed[],
  options: PairOptions = {},
): SchemaPair {
  let tables = [...from.tables];
  let enums = [...from.enums];
  const renames: { table: string; from: string; to: string }[] = [];
  const state = (): BuildState => ({ dialect, enums });
  const setTable = (next: Table) => {
    tables = tables.map((t) => (t.name === next.name ? next : t));
  };
  let counter = 0;
  for (const m of mutations) {
    const table = tables.length === 0 ? undefined : tables[m.table % tables.length]!;
    const op = m.op % 16;
    if (table === undefined && op !== 10) continue;
    const free = table === undefined ? [] : freeColumns(table);
    const column = free.length === 0 ? undefined : free[m.target % free.length]!;
    switch (op) {
      case 0:
      case 1: {
        const added = buildColumn(state(), `added_${counter++}`, {
          type: m.target,
          nullable: m.pick % 2 === 0,
          withDefault: true,
          pick: m.pick,
        });
        // A required column needs a default to be added to a table with rows.
        if (!added.nullable && added.default === undefined) break;
        setTable({ ...table!, columns: [...table!.columns, added] });
        break;
      }
      case 2:
        if (column === undefined || options.drops === false) break;
        setTable(withoutColumn(table!, column.name));
        break;
      case 3: {
        if (column === undefined) break;
        if (column.nullable) {
          const value = column.default ?? defaultFor(column.type, m.pick, enumValuesOf(enums, column));
          if (value === undefined) break;
          setTable(replaceColumn(table!, { ...column, nullable: false, default: value }));
        } else setTable(replaceColumn(table!, { ...column, nullable: true }));
        break;
      }
      case 4: {
        if (column === undefined) break;
        const type = changedType(dialect, column.type, m.pick, options.lossyTypeChanges ?? false);
        if (type === undefined) break;
        const { default: _dropped, ...rest } = column;
        const value = column.nullable ? undefined : defaultFor(type, m.pick);
        if (!column.nullable && value === undefined) break;
        setTable(replaceColumn(table!, { ...rest, type, ...(value === undefined ? {} : { default: value }) }));
        break;
      }
      case 5: {
        if (column === undefined) break;
        const value = m.pick % 3 === 0 ? undefined : defaultFor(column.type, m.pick + 1, enumValuesOf(enums, column));
        const { default: _old, ...rest } = column;
        if (!column.nullable && value === undefined) break;
        setTable(replaceColumn(table!, { ...rest, ...(value === undefined ? {} : { default: value }) }));
        break;
      }
      case 6: {
        if (column === undefined || !indexable(dialect, column)) break;
        const name = `${table!.name}_${column.name}_idx`;
        if (table!.indexes.some((i) => i.name === name)) break;
        setTable({
          ...table!,
          indexes: [...table!.indexes, { name, unique: false, columns: [{ name: column.name }] }],
        });
        break;
      }
      case 7: {
        if (table!.indexes.length === 0) break;
        const dropped = table!.indexes[m.target % table!.indexes.length]!;
        setTable({ ...table!, indexes: table!.indexes.filter((i) => i !== dropped) });
        break;
      }
      case 8: {
        const candidates = tables.filter((p) => p.primaryKey?.columns.length === 1);
        if (candidates.length === 0) break;
        const target = candidates[m.target % candidates.length]!;
        // A new nullable column: the rows already there satisfy the new foreign key.
        const added = foreignKeyTo(state(), table!.name, table!.columns, target, {
          nullable: true,
          onDelete: m.pick,
          onUpdate: m.pick >> 2,
        });
        setTable({
          ...table!,
          columns: [...table!.columns, added.column],
          foreignKeys: [...table!.foreignKeys, added.foreignKey],
        });
        break;
      }
      case 9: {
        if (table!.foreignKeys.length === 0) break;
        const dropped = table!.foreignKeys[m.target % table!.foreignKeys.length]!;
        setTable({ ...table!, foreignKeys: table!.foreignKeys.filter((f) => f !== dropped) });
        break;
      }
      case 10: {
        // A fresh name: reusing a dropped table's name would make it an altered table instead.
        const name = TABLE_NAMES.find(
          (n) => !tables.some((t) => t.name === n) && !from.tables.some((t) => t.name === n),
        );
        if (name === undefined) break;
        const keyColumns = primaryKeyColumns(state(), m.pick);
        const columns = [
          ...keyColumns,
          buildColumn(state(), 'label', { type: m.target, nullable: true, withDefault: false, pick: 0 }),
        ];
        tables = [
          ...tables,
          {
            name,
            columns,
            primaryKey: primaryKeyOf(
              dialect,
              name,
              keyColumns.map((c) => c.name),
            ),
            indexes: [],
            foreignKeys: [],
          },
        ];
        break;
      }
      case 11: {
        if (options.drops === false) break;
        tables = tables
          .filter((t) => t !== table)
          .map((t) => ({ ...t, foreignKeys: t.foreignKeys.filter((f) => f.referencedTable !== table!.name) }));
        break;
      }
      case 12: {
        if (column === undefined || column.name.endsWith('_renamed')) break;
        const to = `${column.name}_renamed`;
        if (table!.columns.some((c) => c.name === to)) break;
        setTable(renameColumn(table!, column.name, to));
        renames.push({ table: table!.name, from: column.name, to });
        break;
      }
      case 13: {
        if (table!.foreignKeys.length === 0) break;
        const fk = table!.foreignKeys[m.target % table!.foreignKeys.length]!;
        const nullable = table!.columns.find((c) => c.name === fk.columns[0])?.nullable ?? false;
        let onDelete = ACTIONS[m.pick % ACTIONS.length]!;
        if (onDelete === 'SetNull' && !nullable) onDelete = 'Cascade';
        setTable({
          ...table!,
          foreignKeys: table!.foreignKeys.map((f) => (f === fk ? { ...f, onDelete } : f)),
        });
        break;
      }
      case 14: {
        if (enums.length === 0) break;
        const e = enums[m.target % enums.length]!;
        const value = ENUM_VALUES.find((v) => !e.values.includes(v)) ?? `V${counter++}`;
        enums = enums.map((x) => (x === e ? { ...x, values: [...x.values, value] } : x));
        break;
      }
      default: {
        if (enums.length === 0 || options.removeEnumValues !== true) break;
        const e = enums[m.target % enums.length]!;
        if (e.values.length <= 1) break;
        const removed = e.values[m.pick % e.values.length]!;
        enums = enums.map((x) => (x === e ? { ...x, values: x.values.filter((v) => v !== removed) } : x));
        // Defaults that used the removed value go with it, as the schema edit would require.
        tables = tables.map((t) => ({
          ...t,
          columns: t.columns.map((c) => {
            if (c.type.enum?.name !== e.name || c.default?.kind !== 'enum' || c.default.value !== removed) return c;
            const { default: _removed, ...rest } = c;
            return rest;
          }),
        }));
        break;
      }
    }
  }
  const to = canonicalize({ ...from, tables, enums });
  // Only the renames whose result survived the later mutations.
  const decisions: RenameDecision[] = renames
    .filter((r) => to.tables.some((t) => t.name === r.table && t.columns.some((c) => c.name === r.to)))
    .map((r) => ({ kind: 'column', table: r.table, from: r.from, to: r.to }));
  return { from, to, renames: decisions };
}

/** Columns no key uses: free to drop, alter and rename. */
function freeColumns(table: Table): Column[] {
  const used = new Set([...(table.primaryKey?.columns ?? []), ...table.foreignKeys.flatMap((f) => f.columns)]);
  return table.columns.filter((c) => !used.has(c.name));
}

function enumValuesOf(enums: readonly EnumType[], column: Column): readonly string[] | undefined {
  if (column.type.enum === undefined) return undefined;
  return enums.find((e) => e.name === column.type.enum!.name)?.values;
}

function replaceColumn(table: Table, column: Column): Table {
  return { ...table, columns: table.columns.map((c) => (c.name === column.name ? column : c)) };
}

function withoutColumn(table: Table, name: string): Table {
  return {
    ...table,
    columns: table.columns.filter((c) => c.name !== name),
    indexes: table.indexes.filter((i) => !i.columns.some((c) => c.name === name)),
  };
}

function renameColumn(table: Table, from: string, to: string): Table {
  return {
    ...table,
    columns: table.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
    indexes: table.indexes.map((i) => ({
      ...i,
      columns: i.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
    })),
  };
}

// Type changes every dialect can carry out on existing values.
const WIDENINGS: Partial<Record<NeutralScalar, readonly TypeChoice['scalar'][]>> = {
  Int: ['BigInt', 'Float', 'String'],
  BigInt: ['String'],
  Boolean: ['String'],
};
// Type changes that keep the values the generated rows hold, but not every value.
const NARROWINGS: Partial<Record<NeutralScalar, readonly TypeChoice['scalar'][]>> = {
  BigInt: ['Int'],
  Float: ['Int'],
};

function changedType(dialect: IrDialect, from: ColumnType, pick: number, lossy: boolean): ColumnType | undefined {
  const targets = [...(WIDENINGS[from.scalar] ?? []), ...(lossy ? (NARROWINGS[from.scalar] ?? []) : [])];
  if (targets.length === 0) return undefined;
  return columnTypeOf(dialect, { scalar: targets[pick % targets.length]! });
}

// ---------------------------------------------------------------------------------------------
// Rows.

/**
 * A cell as neutral data, read through its column's scalar: String/Enum/Decimal/BigInt/Json text,
 * Int/Float numbers, Boolean booleans, DateTime ISO text (`2024-01-02T03:04:05.678Z`), Bytes hex.
 */
export type CellValue = string | number | boolean | null;
export type Row = Readonly<Record<string, CellValue>>;

/**
 * Rows for every table (`counts[i]` for the i-th table in FK order, cycling), respecting
 * NOT NULL, unique indexes, primary keys, foreign keys and enum values. Deterministic.
 */
export function rowsFor(schema: DatabaseSchema, counts: readonly number[], seed: number): Map<string, Row[]> {
  const random = seededRandom(seed);
  const result = new Map<string, Row[]>();
  const enums = new Map(schema.enums.map((e) => [e.name, e.values]));
  insertionOrder(schema).forEach((table, n) => {
    const unique = new Set(table.indexes.filter((i) => i.unique).flatMap((i) => i.columns.map((c) => c.name ?? '')));
    for (const k of table.primaryKey?.columns ?? []) unique.add(k);
    const fkOf = new Map(table.foreignKeys.map((f) => [f.columns[0]!, f]));
    const rows: Row[] = [];
    const count = counts.length === 0 ? 0 : counts[n % counts.length]!;
    for (let i = 0; i < count; i += 1) {
      const row: Record<string, CellValue> = {};
      let possible = true;
      for (const column of table.columns) {
        const fk = fkOf.get(column.name);
        if (fk !== undefined && fk.referencedTable !== table.name) {
          const parents = result.get(fk.referencedTable) ?? [];
          // A foreign key column under a unique index gets each parent at most once.
          const parent = unique.has(column.name) ? parents[i] : parents[Math.floor(random() * parents.length)];
          if (parent === undefined || (column.nullable && random() < 0.3)) {
            if (!column.nullable) possible = false;
            row[column.name] = null;
          } else row[column.name] = parent[fk.referencedColumns[0]!]!;
        } else if (fk !== undefined) {
          row[column.name] = null;
          if (!column.nullable) possible = false;
        } else if (column.nullable && !unique.has(column.name) && random() < 0.25) row[column.name] = null;
        else row[column.name] = cell(column, i, unique.has(column.name), random, enums);
      }
      if (possible) rows.push(row);
    }
    result.set(table.name, rows);
  });
  return result;
}

/** Parents before children (self references ignored). */
export function insertionOrder(schema: DatabaseSchema): Table[] {
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const order: Table[] = [];
  const visit = (table: Table, path: Set<string>): void => {
    if (done.has(table.name) || path.has(table.name)) return;
    path.add(table.name);
    for (const fk of table.foreignKeys) {
      const parent = byName.get(fk.referencedTable);
      if (parent !== undefined && parent !== table) visit(parent, path);
    }
    done.add(table.name);
    order.push(table);
  };
  for (const table of schema.tables) visit(table, new Set());
  return order;
}

function cell(
  column: Column,
  i: number,
  unique: boolean,
  random: () => number,
  enums: ReadonlyMap<string, readonly string[]>,
): CellValue {
  const n = unique ? i + 1 : Math.floor(random() * 1000);
  const text = ['plain', "quote's", 'ünïcode ✓', 'two words', ''];
  switch (column.type.scalar) {
    case 'String':
      return unique ? `k${n}` : `${text[n % text.length]}${n % 3 === 0 ? '' : n}`;
    case 'Int':
      return unique ? n : n - 500;
    case 'BigInt':
      return unique ? String(n) : String(BigInt(n) * 1_000_003n);
    case 'Float':
      return unique ? n + 0.5 : (n - 500) / 4;
    case 'Decimal':
      return `${n}.25`;
    case 'Boolean':
      return n % 2 === 0;
    case 'DateTime':
      return new Date(Date.UTC(2024, 0, 1) + n * 3_600_123).toISOString();
    case 'Json':
      return JSON.stringify({ n, tags: ['a', n % 2 === 0 ? 'b' : 'c'] });
    case 'Bytes':
      return (n % 65536).toString(16).padStart(4, '0');
    case 'Enum': {
      const values = enums.get(column.type.enum?.name ?? '') ?? ENUM_VALUES;
      return values[n % values.length]!;
    }
    default:
      return `u${n}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Oracles: what a migration must keep, and what must carry a data-loss warning. Written from the
// invariants, independently of the differ's and lint's own rules.

/**
 * For each table of `from` that survives: the columns whose values the migration must keep, as
 * [name in from, name in to]. A column keeps its values unless it is dropped or its type or
 * nullability changes (making a column required may fill its NULLs with the default).
 */
export function preservedColumns(
  from: DatabaseSchema,
  to: DatabaseSchema,
  changes: readonly Change[],
): Map<string, [string, string][]> {
  const result = new Map<string, [string, string][]>();
  for (const table of from.tables) {
    const after = to.tables.find((t) => t.name === table.name && t.namespace === table.namespace);
    if (after === undefined) continue;
    const alter = changes.find(
      (c): c is Extract<typeof c, { kind: 'AlterTable' }> =>
        c.kind === 'AlterTable' && c.name === table.name && c.namespace === table.namespace,
    );
    const renamed = new Map<string, string>();
    const altered = new Set<string>();
    for (const c of alter?.changes ?? []) {
      if (c.kind === 'RenameColumn') renamed.set(c.from, c.to);
      if (c.kind === 'AlterColumn' && (c.changed.includes('type') || c.changed.includes('nullability')))
        altered.add(c.name);
    }
    const kept: [string, string][] = [];
    for (const column of table.columns) {
      const name = renamed.get(column.name) ?? column.name;
      if (altered.has(name) || !after.columns.some((c) => c.name === name)) continue;
      kept.push([column.name, name]);
    }
    result.set(table.name, kept);
  }
  return result;
}

/** Type changes that can lose values: everything but the widenings every SQL dialect does exactly. */
const EXACT_WIDENINGS: ReadonlySet<string> = new Set([
  'Int>BigInt',
  'Int>Decimal',
  'Int>String',
  'BigInt>Decimal',
  'BigInt>String',
  'Boolean>String',
  'Float>String',
  'Decimal>String',
  'Enum>String',
  'Int>Float',
]);

export interface ExpectedDataLoss {
  readonly table: string;
  readonly column?: string;
  /** For removed enum values: the enum, whose AlterEnum warning covers every column using it. */
  readonly enum?: string;
  readonly why: string;
}

/**
 * The places a change list can destroy data: dropped tables and columns, lossy type changes,
 * removed enum values (per using column). `rebuilt` adds tables a provider rebuilds.
 */
export function expectedDataLoss(
  from: DatabaseSchema,
  changes: readonly Change[],
  rebuilt: readonly string[] = [],
): ExpectedDataLoss[] {
  const out: ExpectedDataLoss[] = [];
  for (const change of changes) {
    if (change.kind === 'DropTable') out.push({ table: change.table.name, why: 'drop table' });
    if (change.kind === 'AlterEnum' && change.removeValues.length > 0) {
      for (const table of from.tables)
        for (const column of table.columns)
          if (column.type.enum?.name === change.from.name)
            out.push({
              table: table.name,
              column: column.name,
              enum: change.from.name,
              why: `remove enum values ${change.removeValues.join(', ')}`,
            });
    }
    if (change.kind !== 'AlterTable') continue;
    for (const c of change.changes) {
      if (c.kind === 'DropColumn') out.push({ table: change.name, column: c.column.name, why: 'drop column' });
      if (
        c.kind === 'AlterColumn' &&
        c.changed.includes('type') &&
        // Within one scalar (VARCHAR lengths, precisions) the oracle does not judge.
        c.from.type.scalar !== c.to.type.scalar &&
        !EXACT_WIDENINGS.has(`${c.from.type.scalar}>${c.to.type.scalar}`)
      )
        out.push({ table: change.name, column: c.name, why: `type ${c.from.type.native} -> ${c.to.type.native}` });
    }
  }
  for (const table of rebuilt) out.push({ table, why: 'table rebuild' });
  return out;
}

/** True when `warnings` hold a data-loss warning covering this expected loss. */
export function announcesDataLoss(
  warnings: readonly {
    readonly severity: string;
    readonly table?: string;
    readonly column?: string;
    readonly change?: Change;
  }[],
  loss: ExpectedDataLoss,
): boolean {
  return warnings.some((w) => {
    // a would-fail warning stops the change altogether (remove-enum-value, type-conversion-fails)
    if (w.severity !== 'data-loss' && w.severity !== 'would-fail') return false;
    if (loss.enum !== undefined && w.change?.kind === 'AlterEnum' && w.change.from.name === loss.enum) return true;
    const table = w.table ?? (w.change?.kind === 'DropTable' ? w.change.table.name : undefined);
    const bare = (name: string | undefined) => name?.split('.').pop();
    if (bare(table) !== loss.table) return false;
    // A table-wide warning (drop, rebuild) covers every column of the table.
    return loss.column === undefined || w.column === undefined || w.column === loss.column;
  });
}
