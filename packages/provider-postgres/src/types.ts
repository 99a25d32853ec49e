/**
 * PostgreSQL type system: the default column type of every Prisma scalar, the `@db.*` native
 * types with their argument checks, and the canonical spelling of a type in the IR.
 *
 * The canonical spelling is what introspection returns too (`introspect.ts` maps `format_type`
 * output through `canonicalTypeFromCatalog`), so a lowered schema and an introspected one
 * compare by value. Enums carry their name in `native` and the reference in `enum`.
 */
import {
  type ColumnType,
  checkNativeTypeArgs,
  type FieldTypeOf,
  type FieldTypeRequest,
  NATIVE_ARG_DESCRIPTIONS,
  type NativeArgKind,
  type NeutralScalar,
  type TypeSystem,
} from '@strata/core';

interface NativeTypeSpec {
  readonly scalars: readonly NeutralScalar[];
  readonly args: NativeArgKind;
  /** The canonical type name in SQL, arguments appended by `renderNative`. */
  readonly sql: string;
  /** Canonical spelling when no argument is written (PostgreSQL's own default made explicit). */
  readonly bare?: string;
}

/** Longest length PostgreSQL accepts for character and bit types. */
const MAX_LENGTH = 10_485_760;

const NATIVE_TYPES: Readonly<Record<string, NativeTypeSpec>> = {
  VarChar: { scalars: ['String'], args: 'length?', sql: 'VARCHAR' },
  // CHAR without a length is CHAR(1) in PostgreSQL; introspection reports it that way.
  Char: { scalars: ['String'], args: 'length?', sql: 'CHAR', bare: 'CHAR(1)' },
  Text: { scalars: ['String'], args: 'none', sql: 'TEXT' },
  Uuid: { scalars: ['String'], args: 'none', sql: 'UUID' },
  Xml: { scalars: ['String'], args: 'none', sql: 'XML' },
  Inet: { scalars: ['String'], args: 'none', sql: 'INET' },
  Citext: { scalars: ['String'], args: 'none', sql: 'CITEXT' },
  Bit: { scalars: ['String'], args: 'length?', sql: 'BIT', bare: 'BIT(1)' },
  VarBit: { scalars: ['String'], args: 'length?', sql: 'VARBIT' },
  SmallInt: { scalars: ['Int'], args: 'none', sql: 'SMALLINT' },
  Integer: { scalars: ['Int'], args: 'none', sql: 'INTEGER' },
  Oid: { scalars: ['Int'], args: 'none', sql: 'OID' },
  BigInt: { scalars: ['BigInt'], args: 'none', sql: 'BIGINT' },
  Real: { scalars: ['Float'], args: 'none', sql: 'REAL' },
  DoublePrecision: { scalars: ['Float'], args: 'none', sql: 'DOUBLE PRECISION' },
  // A bare @db.Decimal is an unconstrained NUMERIC (Prisma renders `DECIMAL`), unlike the scalar default.
  Decimal: { scalars: ['Decimal'], args: 'decimal?', sql: 'DECIMAL' },
  Money: { scalars: ['Decimal'], args: 'none', sql: 'MONEY' },
  Timestamp: { scalars: ['DateTime'], args: 'precision?', sql: 'TIMESTAMP' },
  Timestamptz: { scalars: ['DateTime'], args: 'precision?', sql: 'TIMESTAMPTZ' },
  Date: { scalars: ['DateTime'], args: 'none', sql: 'DATE' },
  Time: { scalars: ['DateTime'], args: 'precision?', sql: 'TIME' },
  Timetz: { scalars: ['DateTime'], args: 'precision?', sql: 'TIMETZ' },
  Boolean: { scalars: ['Boolean'], args: 'none', sql: 'BOOLEAN' },
  Json: { scalars: ['Json'], args: 'none', sql: 'JSON' },
  JsonB: { scalars: ['Json'], args: 'none', sql: 'JSONB' },
  ByteA: { scalars: ['Bytes'], args: 'none', sql: 'BYTEA' },
};

/** The default column type of each Prisma scalar (docs/architecture.md#default-column-types). */
export const DEFAULT_NATIVE: Readonly<Record<Exclude<NeutralScalar, 'Enum' | 'Unsupported'>, string>> = {
  String: 'TEXT',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Float: 'DOUBLE PRECISION',
  Decimal: 'DECIMAL(65,30)',
  Boolean: 'BOOLEAN',
  DateTime: 'TIMESTAMP(3)',
  Json: 'JSONB',
  Bytes: 'BYTEA',
};

function checkArgs(name: string, spec: NativeTypeSpec, args: readonly string[]): string | undefined {
  return checkNativeTypeArgs(name, spec.args, args, {
    maxLength: MAX_LENGTH,
    maxTimePrecision: 6,
    maxDecimalPrecision: 1000,
  });
}

function renderNative(spec: NativeTypeSpec, args: readonly string[]): string {
  if (args.length === 0) return spec.bare ?? spec.sql;
  return `${spec.sql}(${args.map((a) => String(Number(a))).join(',')})`;
}

function checkNativeType(scalar: NeutralScalar, name: string, args: readonly string[]): string | undefined {
  const spec = NATIVE_TYPES[name];
  if (spec === undefined) return `@db.${name} is not a PostgreSQL native type`;
  if (!spec.scalars.includes(scalar))
    return `@db.${name} cannot be used with ${scalar} (allowed: ${spec.scalars.join(', ')})`;
  return checkArgs(name, spec, args);
}

function columnType(request: FieldTypeRequest): ColumnType | { readonly error: string } {
  const list = request.list ? { list: true } : {};
  if (request.scalar === 'Unsupported') {
    if (request.unsupported === undefined) return { error: 'Unsupported(...) needs the type text' };
    return { scalar: 'Unsupported', native: request.unsupported, ...list };
  }
  if (request.scalar === 'Enum') {
    if (request.enum === undefined) return { error: 'an enum field needs its enum' };
    // the type is referred to by name: the values live in CREATE TYPE, not in the column
    const { name, namespace } = request.enum;
    return { scalar: 'Enum', native: name, enum: { name, ...(namespace === undefined ? {} : { namespace }) }, ...list };
  }
  let native: string = DEFAULT_NATIVE[request.scalar];
  if (request.nativeType !== undefined) {
    const { name, args } = request.nativeType;
    const problem = checkNativeType(request.scalar, name, args);
    if (problem !== undefined) return { error: problem };
    native = renderNative(NATIVE_TYPES[name]!, args);
  }
  if (request.autoincrement && serialFor(native) === undefined)
    return { error: `autoincrement() needs an integer column, not ${native}` };
  return { scalar: request.scalar, native, ...list };
}

/** SERIAL, BIGSERIAL or SMALLSERIAL for an autoincrement column of that integer type. */
export function serialFor(native: string): string | undefined {
  switch (native) {
    case 'INTEGER':
      return 'SERIAL';
    case 'BIGINT':
      return 'BIGSERIAL';
    case 'SMALLINT':
      return 'SMALLSERIAL';
    default:
      return undefined;
  }
}

/**
 * `db pull`'s reverse of `columnType`: the canonical spelling (`VARCHAR(255)`, `DOUBLE PRECISION`,
 * `TIMESTAMPTZ(6)`) back to `@db.VarChar(255)`; nothing for the scalar's default type.
 */
function fieldType(type: ColumnType): FieldTypeOf {
  const scalar = type.scalar;
  if (scalar === 'Enum' || scalar === 'Unsupported') return { scalar };
  if (DEFAULT_NATIVE[scalar].toUpperCase() === type.native.toUpperCase()) return { scalar };
  const match = /^([A-Za-z ]+?)\s*(?:\(([^)]*)\))?$/.exec(type.native.trim());
  if (match === null) return { scalar };
  // `DOUBLE PRECISION` -> `DoublePrecision`: the spec names without spaces, compared case-blind
  const key = (match[1] ?? '').replace(/[\s_]/g, '').toLowerCase();
  const name = Object.keys(NATIVE_TYPES).find((n) => n.toLowerCase() === key);
  if (name === undefined) return { scalar };
  const args = match[2] === undefined ? [] : match[2].split(',').map((a) => a.trim());
  return { scalar, nativeType: { name, args } };
}

export const typeSystem: TypeSystem = {
  columnType,
  fieldType,
  nativeTypes: Object.fromEntries(
    Object.entries(NATIVE_TYPES).map(([name, spec]) => [
      name,
      { scalars: spec.scalars, args: NATIVE_ARG_DESCRIPTIONS[spec.args] },
    ]),
  ),
  checkNativeType,
};

// ---------------------------------------------------------------------------------------------
// the catalog side: what introspection reads, mapped onto the same canonical spelling

/** A catalog type (`pg_type.typname` of the element type + `format_type` text) as a ColumnType. */
export interface CatalogType {
  /** Element type name in pg_type (`int4`, `varchar`, `Role`). */
  readonly typname: string;
  /** `format_type(atttypid, atttypmod)` without the `[]` suffix. */
  readonly formatted: string;
  /** `e` for enums (pg_type.typtype). */
  readonly typtype: string;
  readonly typnamespace: string;
  readonly list: boolean;
}

const CATALOG_NAMES: Readonly<Record<string, { scalar: NeutralScalar; sql: string }>> = {
  text: { scalar: 'String', sql: 'TEXT' },
  varchar: { scalar: 'String', sql: 'VARCHAR' },
  bpchar: { scalar: 'String', sql: 'CHAR' },
  uuid: { scalar: 'String', sql: 'UUID' },
  xml: { scalar: 'String', sql: 'XML' },
  inet: { scalar: 'String', sql: 'INET' },
  citext: { scalar: 'String', sql: 'CITEXT' },
  bit: { scalar: 'String', sql: 'BIT' },
  varbit: { scalar: 'String', sql: 'VARBIT' },
  int2: { scalar: 'Int', sql: 'SMALLINT' },
  int4: { scalar: 'Int', sql: 'INTEGER' },
  oid: { scalar: 'Int', sql: 'OID' },
  int8: { scalar: 'BigInt', sql: 'BIGINT' },
  float4: { scalar: 'Float', sql: 'REAL' },
  float8: { scalar: 'Float', sql: 'DOUBLE PRECISION' },
  numeric: { scalar: 'Decimal', sql: 'DECIMAL' },
  money: { scalar: 'Decimal', sql: 'MONEY' },
  timestamp: { scalar: 'DateTime', sql: 'TIMESTAMP' },
  timestamptz: { scalar: 'DateTime', sql: 'TIMESTAMPTZ' },
  date: { scalar: 'DateTime', sql: 'DATE' },
  time: { scalar: 'DateTime', sql: 'TIME' },
  timetz: { scalar: 'DateTime', sql: 'TIMETZ' },
  bool: { scalar: 'Boolean', sql: 'BOOLEAN' },
  json: { scalar: 'Json', sql: 'JSON' },
  jsonb: { scalar: 'Json', sql: 'JSONB' },
  bytea: { scalar: 'Bytes', sql: 'BYTEA' },
};

/** The modifier part of `format_type` output: `character varying(255)` -> `(255)`. */
function typmodOf(formatted: string): string {
  const match = /\(([\d,\s]+)\)/.exec(formatted);
  return match === null ? '' : `(${match[1]!.replace(/\s+/g, '')})`;
}

export function canonicalTypeFromCatalog(t: CatalogType, defaultNamespace: string | undefined): ColumnType {
  const list = t.list ? { list: true } : {};
  if (t.typtype === 'e') {
    const namespace = t.typnamespace === defaultNamespace ? {} : { namespace: t.typnamespace };
    return { scalar: 'Enum', native: t.typname, enum: { name: t.typname, ...namespace }, ...list };
  }
  const known = CATALOG_NAMES[t.typname];
  if (known === undefined) return { scalar: 'Unsupported', native: t.formatted, ...list };
  return { scalar: known.scalar, native: `${known.sql}${typmodOf(t.formatted)}`, ...list };
}

// ---------------------------------------------------------------------------------------------
// equality of spellings (used by diffHooks)

const ALIASES: Readonly<Record<string, string>> = {
  INT: 'INTEGER',
  INT4: 'INTEGER',
  INT2: 'SMALLINT',
  INT8: 'BIGINT',
  FLOAT8: 'DOUBLE PRECISION',
  FLOAT: 'DOUBLE PRECISION',
  FLOAT4: 'REAL',
  NUMERIC: 'DECIMAL',
  BOOL: 'BOOLEAN',
  'CHARACTER VARYING': 'VARCHAR',
  CHARACTER: 'CHAR',
  BPCHAR: 'CHAR',
  'BIT VARYING': 'VARBIT',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMPTZ',
  'TIME WITHOUT TIME ZONE': 'TIME',
  'TIME WITH TIME ZONE': 'TIMETZ',
};

/** Precision PostgreSQL uses when none is written: `TIMESTAMP` is `TIMESTAMP(6)`. */
const IMPLIED_ARGS: Readonly<Record<string, string>> = {
  TIMESTAMP: '(6)',
  TIMESTAMPTZ: '(6)',
  TIME: '(6)',
  TIMETZ: '(6)',
  CHAR: '(1)',
  BIT: '(1)',
};

/** One spelling per type: upper case, aliases resolved, implied arguments made explicit. */
export function normalizeNative(native: string): string {
  const trimmed = native.trim().replace(/\s+/g, ' ');
  const match = /^([A-Za-z ]+?)\s*(\([\d,\s]*\))?$/.exec(trimmed);
  if (match === null) return trimmed.toLowerCase();
  const upper = match[1]!.toUpperCase();
  const name = ALIASES[upper] ?? upper;
  const args = match[2]?.replace(/\s+/g, '') ?? IMPLIED_ARGS[name] ?? '';
  return `${name}${args}`;
}

export function columnTypesEqual(a: ColumnType, b: ColumnType): boolean {
  if ((a.list ?? false) !== (b.list ?? false)) return false;
  if (a.scalar === 'Enum' || b.scalar === 'Enum') {
    return a.enum?.name === b.enum?.name && (a.enum?.namespace ?? '') === (b.enum?.namespace ?? '');
  }
  return normalizeNative(a.native) === normalizeNative(b.native);
}
