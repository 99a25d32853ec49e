/**
 * SQLite's type system as Prisma maps it (docs/architecture.md#default-column-types), plus
 * the dialect equality hooks the neutral differ needs.
 *
 * SQLite has type affinity, not types: the declared type is only text, so two declarations are
 * equal when they spell the same type ignoring case and spacing. Enums have no database type here:
 * they are TEXT columns (Prisma 6.2+), and nothing checks their values.
 */
import type {
  Column,
  ColumnDefault,
  ColumnType,
  DiffHooks,
  FieldTypeRequest,
  NeutralScalar,
  TypeSystem,
} from '@strata/core';
import { instantKey, parseDateTime } from './datetime.js';

/** The declared type Prisma writes for each scalar. */
export const SCALAR_COLUMN_TYPES: Readonly<Record<Exclude<NeutralScalar, 'Unsupported'>, string>> = {
  String: 'TEXT',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Float: 'REAL',
  Decimal: 'DECIMAL',
  Boolean: 'BOOLEAN',
  DateTime: 'DATETIME',
  Json: 'JSONB',
  Bytes: 'BLOB',
  Enum: 'TEXT',
};

export const sqliteTypes: TypeSystem = {
  columnType(request: FieldTypeRequest): ColumnType | { readonly error: string } {
    if (request.list) {
      return {
        error: `SQLite has no scalar lists: a ${request.scalar}[] field cannot be stored. Use a Json field or a related model instead.`,
      };
    }
    if (request.nativeType !== undefined) {
      return { error: `SQLite has no native type attributes: remove @db.${request.nativeType.name}.` };
    }
    if (request.scalar === 'Unsupported') {
      return { scalar: 'Unsupported', native: normalizeDeclaredType(request.unsupported ?? '') };
    }
    // On SQLite an enum column IS a TEXT column and nothing in the database names the enum: the
    // reference tells planning which values rows may hold; types compare by `native` alone, so
    // introspection (no reference) still compares equal.
    if (request.scalar === 'Enum')
      return {
        scalar: 'Enum',
        native: 'TEXT',
        ...(request.enum === undefined ? {} : { enum: enumReference(request.enum) }),
      };
    return { scalar: request.scalar, native: SCALAR_COLUMN_TYPES[request.scalar] };
  },
  // Prisma's SQLite connector accepts no `@db.*` attribute at all (checked against Prisma 7).
  nativeTypes: {},
  checkNativeType(_scalar, name) {
    return `SQLite has no native type attributes: @db.${name} is not available.`;
  },
  // no `@db.*` attribute exists here, so a pulled field is its scalar alone
  fieldType: (type) => ({ scalar: type.scalar }),
};

/** The column's reference to its enum: name and namespace, no values (they are planning knowledge in `EnumType`). */
function enumReference(e: NonNullable<FieldTypeRequest['enum']>): NonNullable<ColumnType['enum']> {
  return e.namespace === undefined ? { name: e.name } : { name: e.name, namespace: e.namespace };
}

/** Upper case, single spaces, no spaces around parentheses and commas: `varchar ( 10 )` -> `VARCHAR(10)`. */
export function normalizeDeclaredType(declared: string): string {
  return declared
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .toUpperCase();
}

/** The Prisma scalar an introspected declared type stands for (SQLite's affinity rules, then Prisma's names). */
export function scalarForDeclaredType(declared: string): NeutralScalar {
  const type = normalizeDeclaredType(declared).replace(/\(.*$/, '');
  switch (type) {
    case 'TEXT':
    case 'VARCHAR':
    case 'CHAR':
    case 'CLOB':
      return 'String';
    case 'INTEGER':
    case 'INT':
      return 'Int';
    case 'BIGINT':
      return 'BigInt';
    case 'REAL':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
      return 'Float';
    case 'DECIMAL':
    case 'NUMERIC':
      return 'Decimal';
    case 'BOOLEAN':
      return 'Boolean';
    case 'DATETIME':
    case 'DATE':
    case 'TIMESTAMP':
      return 'DateTime';
    case 'JSONB':
    case 'JSON':
      return 'Json';
    case 'BLOB':
      return 'Bytes';
    default:
      return 'Unsupported';
  }
}

export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

/** SQLite's column affinity rules (https://sqlite.org/datatype3.html, 3.1), in their order. */
export function affinityOf(declared: string): Affinity {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'INTEGER';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'TEXT';
  if (type.includes('BLOB') || type.trim() === '') return 'BLOB';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/** A default reduced to what SQLite stores, so that `true` equals `1` and an enum value equals its text. */
function comparableDefault(value: ColumnDefault | undefined, column: Column): string | undefined {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case 'string':
    case 'enum': {
      // DateTime literals: the same instant is the same default, however it is spelled (datetime.ts).
      const instant = column.type.scalar === 'DateTime' ? parseDateTime(value.value) : undefined;
      if (instant !== undefined) return `t:${instantKey(instant)}`;
      return column.type.scalar === 'Boolean' && /^(true|false)$/i.test(value.value)
        ? `b:${value.value.toLowerCase() === 'true' ? 1 : 0}`
        : `s:${value.value}`;
    }
    case 'number':
      return column.type.scalar === 'Boolean' ? `b:${Number(value.value) === 0 ? 0 : 1}` : `n:${Number(value.value)}`;
    case 'boolean':
      return `b:${value.value ? 1 : 0}`;
    case 'bytes':
      return `x:${value.hex.toLowerCase()}`;
    case 'now':
      return 'now';
    case 'expression': {
      const sql = value.sql
        .trim()
        .replace(/^\((.*)\)$/s, '$1')
        .trim();
      if (/^current_timestamp$/i.test(sql)) return 'now';
      // `dbgenerated("'text'")` (what Prisma's db pull prints for a DateTime default) stores the
      // same literal as `@default("text")`.
      const literal = /^'((?:[^']|'')*)'$/s.exec(sql);
      if (literal !== null)
        return comparableDefault({ kind: 'string', value: (literal[1] as string).replace(/''/g, "'") }, column);
      return `e:${sql}`;
    }
    case 'list':
      return `l:${JSON.stringify(value.items)}`;
  }
}

export const sqliteDiffHooks: DiffHooks = {
  columnTypesEqual(a, b) {
    return normalizeDeclaredType(a.native) === normalizeDeclaredType(b.native) && Boolean(a.list) === Boolean(b.list);
  },
  defaultsEqual(a, b, column) {
    return comparableDefault(a, column) === comparableDefault(b, column);
  },
  // Only a single-column INTEGER primary key (the rowid) can be autoincrement here, and SQLite numbers
  // it with or without the keyword; Prisma makes every single Int id one and reads every such key
  // as one. Whether the column is (still) that key is the primary key's own change, compared apart.
  autoincrementEqual(a, b) {
    return normalizeDeclaredType(a.type.native) === 'INTEGER' && normalizeDeclaredType(b.type.native) === 'INTEGER';
  },
};
