/**
 * The MySQL/MariaDB type system as Prisma maps it: the default column type of every Prisma scalar,
 * the `@db.*` native types with their argument checks, the reverse mapping `db pull` uses, and
 * the equality of the spellings a server reports (`int(11)`, `tinyint(1)`, `decimal(19,4)`) with
 * the ones strata writes (`INTEGER`, `BOOLEAN`, `DECIMAL(19, 4)`).
 *
 * The IR's `native` is Prisma's spelling (what the emitter writes verbatim, so a migration reads
 * like Prisma's); introspection may keep the server's spelling, and `columnTypesEqual` reduces
 * both to one canonical form. Enums are column types here: `ENUM('A', 'B')` with the values in
 * the column itself, and the column's `enum` reference only names the Prisma enum for planning.
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
import { quoteLiteral } from './sql.js';

interface NativeTypeSpec {
  readonly scalars: readonly NeutralScalar[];
  readonly args: NativeArgKind;
  /** The SQL type name Prisma writes; arguments are appended by `renderNative`. */
  readonly sql: string;
  /** Largest length or precision accepted. */
  readonly max?: number;
}

/** Prisma's MySQL `@db.*` list (its `mysql_datamodel_connector` native types). */
const NATIVE_TYPES: Readonly<Record<string, NativeTypeSpec>> = {
  Int: { scalars: ['Int'], args: 'none', sql: 'INTEGER' },
  UnsignedInt: { scalars: ['Int', 'BigInt'], args: 'none', sql: 'INTEGER UNSIGNED' },
  SmallInt: { scalars: ['Int'], args: 'none', sql: 'SMALLINT' },
  UnsignedSmallInt: { scalars: ['Int'], args: 'none', sql: 'SMALLINT UNSIGNED' },
  // `Boolean @db.TinyInt(1)` is how `db pull` of old Prisma versions printed a boolean column
  TinyInt: { scalars: ['Int', 'Boolean'], args: 'width?', sql: 'TINYINT' },
  UnsignedTinyInt: { scalars: ['Int'], args: 'none', sql: 'TINYINT UNSIGNED' },
  MediumInt: { scalars: ['Int'], args: 'none', sql: 'MEDIUMINT' },
  UnsignedMediumInt: { scalars: ['Int'], args: 'none', sql: 'MEDIUMINT UNSIGNED' },
  BigInt: { scalars: ['BigInt'], args: 'none', sql: 'BIGINT' },
  UnsignedBigInt: { scalars: ['BigInt'], args: 'none', sql: 'BIGINT UNSIGNED' },
  Year: { scalars: ['Int'], args: 'none', sql: 'YEAR' },
  Decimal: { scalars: ['Decimal'], args: 'decimal?', sql: 'DECIMAL' },
  Float: { scalars: ['Float'], args: 'none', sql: 'FLOAT' },
  Double: { scalars: ['Float'], args: 'none', sql: 'DOUBLE' },
  Bit: { scalars: ['Boolean', 'Bytes'], args: 'length?', sql: 'BIT', max: 64 },
  Char: { scalars: ['String'], args: 'length?', sql: 'CHAR', max: 255 },
  VarChar: { scalars: ['String'], args: 'length', sql: 'VARCHAR', max: 65_535 },
  TinyText: { scalars: ['String'], args: 'none', sql: 'TINYTEXT' },
  Text: { scalars: ['String'], args: 'none', sql: 'TEXT' },
  MediumText: { scalars: ['String'], args: 'none', sql: 'MEDIUMTEXT' },
  LongText: { scalars: ['String'], args: 'none', sql: 'LONGTEXT' },
  Binary: { scalars: ['Bytes'], args: 'length?', sql: 'BINARY', max: 255 },
  VarBinary: { scalars: ['Bytes'], args: 'length', sql: 'VARBINARY', max: 65_535 },
  TinyBlob: { scalars: ['Bytes'], args: 'none', sql: 'TINYBLOB' },
  Blob: { scalars: ['Bytes'], args: 'none', sql: 'BLOB' },
  MediumBlob: { scalars: ['Bytes'], args: 'none', sql: 'MEDIUMBLOB' },
  LongBlob: { scalars: ['Bytes'], args: 'none', sql: 'LONGBLOB' },
  Date: { scalars: ['DateTime'], args: 'none', sql: 'DATE' },
  Time: { scalars: ['DateTime'], args: 'precision?', sql: 'TIME' },
  DateTime: { scalars: ['DateTime'], args: 'precision?', sql: 'DATETIME' },
  Timestamp: { scalars: ['DateTime'], args: 'precision?', sql: 'TIMESTAMP' },
  Json: { scalars: ['Json'], args: 'none', sql: 'JSON' },
};

/** The type Prisma writes for each scalar without `@db.*`. */
export const DEFAULT_NATIVE: Readonly<Record<Exclude<NeutralScalar, 'Enum' | 'Unsupported'>, string>> = {
  String: 'VARCHAR(191)',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Float: 'DOUBLE',
  Decimal: 'DECIMAL(65, 30)',
  Boolean: 'BOOLEAN',
  DateTime: 'DATETIME(3)',
  Json: 'JSON',
  Bytes: 'LONGBLOB',
};

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'MEDIUMINT', 'INTEGER', 'BIGINT']);

function checkArgs(name: string, spec: NativeTypeSpec, args: readonly string[]): string | undefined {
  return checkNativeTypeArgs(name, spec.args, args, {
    maxLength: spec.max ?? 65_535,
    maxTimePrecision: 6,
    maxDecimalPrecision: 65,
    maxDecimalScale: 30,
  });
}

function checkNativeType(scalar: NeutralScalar, name: string, args: readonly string[]): string | undefined {
  const spec = NATIVE_TYPES[name];
  if (spec === undefined) return `@db.${name} is not a MySQL native type`;
  if (!spec.scalars.includes(scalar))
    return `@db.${name} cannot be used with ${scalar} (allowed: ${spec.scalars.join(', ')})`;
  return checkArgs(name, spec, args);
}

/** Prisma's rendering: `DECIMAL(19, 4)` (comma and space), `VARCHAR(255)`, `TIMESTAMP(0)`, bare names without arguments. */
function renderNative(scalar: NeutralScalar, name: string, args: readonly string[]): string {
  const spec = NATIVE_TYPES[name]!;
  // a boolean stored in a TINYINT is what BOOLEAN means in MySQL; Prisma writes BOOLEAN
  if (name === 'TinyInt') return scalar === 'Boolean' ? 'BOOLEAN' : 'TINYINT';
  if (args.length === 0) return spec.sql;
  return `${spec.sql}(${args.map((a) => String(Number(a))).join(', ')})`;
}

/** `ENUM('A', 'B')`: the values in declaration order, as Prisma writes them. */
export function enumColumnType(values: readonly string[]): string {
  return `ENUM(${values.map(quoteLiteral).join(', ')})`;
}

function columnType(request: FieldTypeRequest): ColumnType | { readonly error: string } {
  if (request.list)
    return {
      error: `MySQL has no scalar lists: a ${request.scalar}[] field cannot be stored. Use a Json field or a related model instead.`,
    };
  if (request.scalar === 'Unsupported') {
    if (request.unsupported === undefined) return { error: 'Unsupported(...) needs the type text' };
    return { scalar: 'Unsupported', native: request.unsupported };
  }
  if (request.scalar === 'Enum') {
    if (request.enum === undefined) return { error: 'an enum field needs its enum' };
    if (request.enum.values.length === 0) return { error: `enum ${request.enum.name} has no values` };
    return { scalar: 'Enum', native: enumColumnType(request.enum.values), enum: { name: request.enum.name } };
  }
  let native: string = DEFAULT_NATIVE[request.scalar];
  if (request.nativeType !== undefined) {
    const { name, args } = request.nativeType;
    const problem = checkNativeType(request.scalar, name, args);
    if (problem !== undefined) return { error: problem };
    native = renderNative(request.scalar, name, args);
  }
  if (request.autoincrement && !INTEGER_TYPES.has(canonicalNative(native).replace(/ UNSIGNED$/, '')))
    return { error: `autoincrement() needs an integer column, not ${native}` };
  return { scalar: request.scalar, native };
}

// ---------------------------------------------------------------------------------------------
// canonical spelling: one text per type, whoever wrote it

const ALIASES: Readonly<Record<string, string>> = {
  INT: 'INTEGER',
  BOOL: 'BOOLEAN',
  DEC: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  FIXED: 'DECIMAL',
  REAL: 'DOUBLE',
  'DOUBLE PRECISION': 'DOUBLE',
  INTEGER1: 'TINYINT',
  INT1: 'TINYINT',
  INT2: 'SMALLINT',
  INT3: 'MEDIUMINT',
  INT4: 'INTEGER',
  INT8: 'BIGINT',
  MIDDLEINT: 'MEDIUMINT',
  'CHARACTER VARYING': 'VARCHAR',
  CHARACTER: 'CHAR',
};

/** Arguments MySQL uses when none are written. */
const IMPLIED_ARGS: Readonly<Record<string, string>> = {
  DECIMAL: '(10,0)',
  CHAR: '(1)',
  BINARY: '(1)',
  BIT: '(1)',
  TIME: '(0)',
  DATETIME: '(0)',
  TIMESTAMP: '(0)',
};

/** The values of an `ENUM(...)` type text, or undefined when it is not one. */
export function enumValuesOf(native: string): string[] | undefined {
  const match = /^\s*enum\s*\((.*)\)\s*$/is.exec(native);
  if (match === null) return undefined;
  const values: string[] = [];
  const body = match[1] as string;
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch !== "'") {
      i++;
      continue;
    }
    let value = '';
    i++;
    while (i < body.length) {
      const c = body[i] as string;
      if (c === '\\' && i + 1 < body.length) {
        value += body[i + 1];
        i += 2;
        continue;
      }
      if (c === "'") {
        if (body[i + 1] === "'") {
          value += "'";
          i += 2;
          continue;
        }
        break;
      }
      value += c;
      i++;
    }
    values.push(value);
    i++;
  }
  return values;
}

/**
 * `canonicalNative` of the spellings seen, since a schema repeats a few type texts over thousands
 * of columns and the diff compares every column pair. Bounded: distinct texts are few (enum
 * value lists are the open-ended ones), and starting over costs only the parsing again.
 */
const canonicalSpellings = new Map<string, string>();
const CANONICAL_SPELLINGS_KEPT = 10_000;

/**
 * One spelling per type: upper case, aliases resolved, integer display widths dropped (`int(11)`
 * is `INTEGER`; MySQL 8 no longer shows them), `tinyint(1)` read as BOOLEAN (what BOOLEAN is
 * stored as), implied arguments written out (`TIMESTAMP` is `TIMESTAMP(0)`), no spaces in
 * argument lists, and enum values kept verbatim.
 */
export function canonicalNative(native: string): string {
  let canonical = canonicalSpellings.get(native);
  if (canonical === undefined) {
    canonical = parseCanonicalNative(native);
    if (canonicalSpellings.size >= CANONICAL_SPELLINGS_KEPT) canonicalSpellings.clear();
    canonicalSpellings.set(native, canonical);
  }
  return canonical;
}

function parseCanonicalNative(native: string): string {
  const values = enumValuesOf(native);
  if (values !== undefined) return `ENUM(${values.map(quoteLiteral).join(',')})`;
  const trimmed = native.trim().replace(/\s+/g, ' ');
  const match = /^([A-Za-z0-9 ]+?)\s*(\([\d,\s]*\))?((?:\s+(?:UNSIGNED|SIGNED|ZEROFILL))*)$/i.exec(trimmed);
  if (match === null) return trimmed.toUpperCase();
  const upper = (match[1] as string).toUpperCase();
  const name = ALIASES[upper] ?? upper;
  const rawArgs = match[2]?.replace(/\s+/g, '');
  const flags = (match[3] ?? '').toUpperCase();
  const unsigned = flags.includes('UNSIGNED') ? ' UNSIGNED' : '';
  if (name === 'BOOLEAN' || (name === 'TINYINT' && rawArgs === '(1)' && unsigned === '')) return 'BOOLEAN';
  if (INTEGER_TYPES.has(name)) return `${name}${unsigned}`;
  if (name === 'YEAR') return 'YEAR';
  const args = rawArgs ?? IMPLIED_ARGS[name] ?? '';
  return `${name}${args}${unsigned}`;
}

/**
 * True when two column types are one type in MySQL. MariaDB's `JSON` is a `LONGTEXT` (with a
 * `json_valid` check), so a Json column reads back as LONGTEXT there and stays equal.
 */
export function columnTypesEqual(a: ColumnType, b: ColumnType): boolean {
  if ((a.list ?? false) !== (b.list ?? false)) return false;
  if (a.native === b.native) return true;
  const left = canonicalNative(a.native);
  const right = canonicalNative(b.native);
  if (left === right) return true;
  return (
    (a.scalar === 'Json' || b.scalar === 'Json') &&
    ((left === 'JSON' && right === 'LONGTEXT') || (left === 'LONGTEXT' && right === 'JSON'))
  );
}

// ---------------------------------------------------------------------------------------------
// db pull: the column type back to a field type

/** Canonical SQL name (no arguments) -> the `@db.*` name, for every native type but TinyInt(1). */
const NATIVE_BY_SQL: ReadonlyMap<string, string> = new Map(
  Object.entries(NATIVE_TYPES).map(([name, spec]) => [spec.sql, name]),
);

/** Canonical default type -> its scalar: each default belongs to one scalar only. */
const SCALAR_BY_DEFAULT: ReadonlyMap<string, NeutralScalar> = new Map(
  (Object.entries(DEFAULT_NATIVE) as [NeutralScalar, string][]).map(([scalar, native]) => [
    canonicalNative(native),
    scalar,
  ]),
);

/**
 * `db pull`'s reverse of `columnType`: `int unsigned` -> `Int @db.UnsignedInt`, `tinyint(1)` ->
 * `Boolean`, `varchar(191)` -> `String`, `varchar(255)` -> `String @db.VarChar(255)`,
 * `timestamp` -> `DateTime @db.Timestamp(0)`, `enum(...)` -> an enum field. The scalar comes
 * from the type text; `type.scalar` only chooses between the scalars one native type serves
 * (`BIT(1)` of a Bytes field, `INTEGER UNSIGNED` of a BigInt one) and reads MariaDB's LONGTEXT
 * of a Json column as Json. Undefined when no field lowers into the type.
 */
function fieldType(type: ColumnType): FieldTypeOf | undefined {
  if (type.scalar === 'Unsupported') return undefined;
  const canonical = canonicalNative(type.native);
  if (canonical.startsWith('ENUM(')) return { scalar: 'Enum' };
  if (type.scalar === 'Json' && canonical === 'LONGTEXT') return { scalar: 'Json' };
  const byDefault = SCALAR_BY_DEFAULT.get(canonical);
  if (byDefault !== undefined) return { scalar: byDefault };
  const match = /^([A-Z ]+?)(?:\(([\d,]*)\))?$/.exec(
    canonical.replace(/^(\w+)(\([\d,]*\)) UNSIGNED$/, '$1 UNSIGNED$2'),
  );
  if (match === null) return undefined;
  const name = NATIVE_BY_SQL.get(match[1] as string);
  if (name === undefined) return undefined;
  const spec = NATIVE_TYPES[name]!;
  const scalar = spec.scalars.includes(type.scalar) ? type.scalar : (spec.scalars[0] as NeutralScalar);
  const written = match[2] === undefined ? [] : match[2].split(',');
  // `TIMESTAMP` pulls as `@db.Timestamp(0)`: the implied argument written out lowers to the same column
  const args = spec.args === 'none' || spec.args === 'width?' ? [] : written;
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
