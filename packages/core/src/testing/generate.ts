/**
 * Deterministic synthetic schemas for property tests and benchmarks: `generateLargeIr(tables, seed)`
 * builds a valid IR (every foreign key points at an existing primary key, every enum a column uses
 * exists), and `mutate(ir, fraction, seed)` changes about `fraction` of its tables and enums the
 * way schemas evolve (columns added, dropped and altered, indexes, tables created and dropped,
 * enum values added and removed), keeping it valid.
 *
 * Column types are neutral placeholders (`TEXT`, `INTEGER`, ...): the IR compares them by value,
 * which is all the differ needs.
 */
import { canonicalize } from '../sql/canonical.js';
import type { Column, ColumnDefault, ColumnType, DatabaseSchema, EnumType, Index, Table } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;

const SCALAR_TYPES: readonly ColumnType[] = [
  { scalar: 'String', native: 'TEXT' },
  { scalar: 'String', native: 'VARCHAR(255)' },
  { scalar: 'String', native: 'VARCHAR(32)' },
  { scalar: 'Int', native: 'INTEGER' },
  { scalar: 'BigInt', native: 'BIGINT' },
  { scalar: 'Boolean', native: 'BOOLEAN' },
  { scalar: 'DateTime', native: 'TIMESTAMP(3)' },
  { scalar: 'Float', native: 'DOUBLE PRECISION' },
  { scalar: 'Json', native: 'JSONB' },
  { scalar: 'String', native: 'TEXT', list: true },
];

export interface GenerateOptions {
  /** Put some tables and enums in a second namespace (`other`) next to the default one. */
  readonly namespaces?: boolean;
  /** Enum types (native enums). Default true. */
  readonly enums?: boolean;
  readonly provider?: string;
}

export function generateLargeIr(tables: number, seed: number, options: GenerateOptions = {}): DatabaseSchema {
  const random = seededRandom(seed);
  const withNamespaces = options.namespaces ?? false;
  const enums: EnumType[] = [];
  if (options.enums ?? true) {
    const count = Math.max(1, Math.floor(tables / 20));
    for (let i = 0; i < count; i += 1) enums.push(newEnum(random, `Enum${i}`, withNamespaces));
  }
  const result: Table[] = [];
  for (let i = 0; i < tables; i += 1) result.push(newTable(random, `t${i}`, result, enums, withNamespaces));
  return canonicalize({
    provider: options.provider ?? 'generated',
    namespaces: withNamespaces ? ['other'] : [],
    tables: result,
    enums,
    unmanaged: [],
  });
}

function newEnum(random: Random, name: string, withNamespaces: boolean): EnumType {
  const values = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, i) => `V${i}`);
  return { ...(withNamespaces && chance(random, 0.3) ? { namespace: 'other' } : {}), name, values };
}

function newColumn(random: Random, name: string, enums: readonly EnumType[]): Column {
  const enumType = enums.length > 0 && chance(random, 0.15) ? pick(random, enums) : undefined;
  const type: ColumnType =
    enumType === undefined
      ? pick(random, SCALAR_TYPES)
      : {
          scalar: 'Enum',
          native: enumType.name,
          enum: { name: enumType.name, ...(enumType.namespace === undefined ? {} : { namespace: enumType.namespace }) },
        };
  const nullable = type.list === true || chance(random, 0.4);
  const value = chance(random, 0.3) ? defaultFor(random, type, enumType) : undefined;
  return { name, type, nullable, ...(value === undefined ? {} : { default: value }) };
}

function defaultFor(random: Random, type: ColumnType, enumType: EnumType | undefined): ColumnDefault | undefined {
  if (enumType !== undefined) return { kind: 'enum', value: pick(random, enumType.values) };
  if (type.list === true) return { kind: 'list', items: [] };
  switch (type.scalar) {
    case 'String':
      return { kind: 'string', value: pick(random, ['', 'x', "it's"]) };
    case 'Int':
    case 'BigInt':
    case 'Float':
      return { kind: 'number', value: String(Math.floor(random() * 100)) };
    case 'Boolean':
      return { kind: 'boolean', value: chance(random, 0.5) };
    case 'DateTime':
      return { kind: 'now' };
    default:
      return undefined;
  }
}

function newTable(
  random: Random,
  name: string,
  earlier: readonly Table[],
  enums: readonly EnumType[],
  withNamespaces: boolean,
): Table {
  const columns: Column[] = [
    { name: 'id', type: { scalar: 'Int', native: 'INTEGER' }, nullable: false, autoincrement: chance(random, 0.5) },
  ];
  const extra = 2 + Math.floor(random() * 7);
  for (let j = 0; j < extra; j += 1) columns.push(newColumn(random, `c${j}`, enums));
  const indexes: Index[] = [];
  const foreignKeys: Table['foreignKeys'][number][] = [];
  if (earlier.length > 0 && chance(random, 0.5)) {
    const target = pick(random, earlier);
    const column = `${target.name}Id`;
    columns.push({ name: column, type: { scalar: 'Int', native: 'INTEGER' }, nullable: chance(random, 0.5) });
    foreignKeys.push({
      name: `${name}_${column}_fkey`,
      columns: [column],
      ...(target.namespace === undefined ? {} : { referencedNamespace: target.namespace }),
      referencedTable: target.name,
      referencedColumns: ['id'],
      onDelete: pick(random, ['Restrict', 'Cascade', 'SetNull'] as const),
      onUpdate: 'Cascade',
    });
    indexes.push({ name: `${name}_${column}_idx`, unique: false, columns: [{ name: column }] });
  }
  if (chance(random, 0.3)) {
    const column = pick(random, columns.slice(1)).name;
    indexes.push({ name: `${name}_${column}_key`, unique: true, columns: [{ name: column }] });
  }
  return {
    ...(withNamespaces && chance(random, 0.3) ? { namespace: 'other' } : {}),
    name,
    columns,
    primaryKey: { name: `${name}_pkey`, columns: ['id'] },
    indexes: dedupeByName(indexes),
    foreignKeys,
  };
}

function dedupeByName(indexes: readonly Index[]): Index[] {
  const seen = new Map<string, Index>();
  for (const index of indexes) if (!seen.has(index.name)) seen.set(index.name, index);
  return [...seen.values()];
}

/**
 * A changed copy of `ir`: about `fraction` of the tables get one random change each, and as many
 * enums as tables/20 * fraction (at least one when there are enums) change values. Deterministic.
 */
export function mutate(ir: DatabaseSchema, fraction: number, seed = 1): DatabaseSchema {
  const random = seededRandom(seed ^ 0x5bd1e995);
  const tables = new Map<string, Table>(ir.tables.map((t) => [qualifiedName(t), t]));
  let enums = [...ir.enums];
  const target = Math.max(1, Math.round(ir.tables.length * fraction));
  const keys = [...tables.keys()];
  let created = 0;
  for (let n = 0; n < target && keys.length > 0; n += 1) {
    const key = keys.splice(Math.floor(random() * keys.length), 1)[0]!;
    const table = tables.get(key);
    if (table === undefined) continue;
    const operation = Math.floor(random() * 8);
    if (operation === 0) {
      // Drop the table and every foreign key that points at it.
      tables.delete(key);
      for (const [k, t] of tables) {
        const kept = t.foreignKeys.filter(
          (fk) => qualifiedName({ namespace: fk.referencedNamespace, name: fk.referencedTable }) !== key,
        );
        if (kept.length !== t.foreignKeys.length) tables.set(k, { ...t, foreignKeys: kept });
      }
    } else if (operation === 1) {
      const fresh = newTable(random, `new${seed}_${created++}`, [...tables.values()], enums, ir.namespaces.length > 0);
      tables.set(qualifiedName(fresh), fresh);
    } else {
      tables.set(key, mutateTable(random, table, enums, operation));
    }
  }
  const enumChanges = enums.length === 0 ? 0 : Math.max(1, Math.round((enums.length * fraction) / 2));
  for (let n = 0; n < enumChanges; n += 1) {
    const index = Math.floor(random() * enums.length);
    const e = enums[index]!;
    if (chance(random, 0.5) || e.values.length <= 1) {
      enums[index] = { ...e, values: [...e.values, `N${seed}_${n}`] };
    } else {
      const removed = pick(random, e.values);
      enums[index] = { ...e, values: e.values.filter((v) => v !== removed) };
      // Defaults that used the removed value go away with it, as a real schema edit would require.
      const enumKey = qualifiedName(e);
      for (const [k, t] of tables) {
        if (!t.columns.some((c) => c.type.enum !== undefined && qualifiedName(c.type.enum) === enumKey)) continue;
        tables.set(k, {
          ...t,
          columns: t.columns.map((c) => {
            if (c.type.enum === undefined || qualifiedName(c.type.enum) !== enumKey || c.default?.kind !== 'enum')
              return c;
            if (c.default.value !== removed) return c;
            const { default: _dropped, ...rest } = c;
            return rest;
          }),
        });
      }
    }
  }
  if (enums.length > 0 && chance(random, 0.5))
    enums = [...enums, newEnum(random, `NewEnum${seed}`, ir.namespaces.length > 0)];
  return canonicalize({ ...ir, tables: [...tables.values()], enums });
}

function mutateTable(random: Random, table: Table, enums: readonly EnumType[], operation: number): Table {
  const protectedColumns = new Set(['id', ...table.foreignKeys.flatMap((fk) => fk.columns)]);
  const free = table.columns.filter((c) => !protectedColumns.has(c.name));
  switch (operation) {
    case 2: {
      const name = `added${table.columns.length}_${Math.floor(random() * 1000)}`;
      if (table.columns.some((c) => c.name === name)) return table;
      return { ...table, columns: [...table.columns, newColumn(random, name, enums)] };
    }
    case 3: {
      if (free.length === 0) return table;
      const dropped = pick(random, free).name;
      return {
        ...table,
        columns: table.columns.filter((c) => c.name !== dropped),
        indexes: table.indexes.filter((i) => !i.columns.some((c) => c.name === dropped)),
      };
    }
    case 4: {
      if (free.length === 0) return table;
      const column = pick(random, free);
      const replacement = newColumn(random, column.name, enums);
      const altered: Column = chance(random, 0.5)
        ? replacement
        : { ...column, nullable: !column.nullable || column.type.list === true };
      return { ...table, columns: table.columns.map((c) => (c.name === column.name ? altered : c)) };
    }
    case 5: {
      if (free.length === 0) return table;
      const column = pick(random, free).name;
      const name = `${table.name}_${column}_m_idx`;
      if (table.indexes.some((i) => i.name === name)) return table;
      const index: Index = {
        name,
        unique: chance(random, 0.3),
        columns: [{ name: column, ...(chance(random, 0.3) ? { sort: 'desc' as const } : {}) }],
      };
      return { ...table, indexes: [...table.indexes, index] };
    }
    case 6: {
      if (table.indexes.length === 0) return table;
      const dropped = pick(random, table.indexes).name;
      return { ...table, indexes: table.indexes.filter((i) => i.name !== dropped) };
    }
    default: {
      // Rename a free column (a rename candidate for the differ).
      if (free.length === 0) return table;
      const from = pick(random, free).name;
      const to = `${from}_renamed`;
      if (table.columns.some((c) => c.name === to)) return table;
      return {
        ...table,
        columns: table.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
        indexes: table.indexes.map((i) => ({
          ...i,
          columns: i.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
        })),
      };
    }
  }
}
