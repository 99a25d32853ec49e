/**
 * Which column type changes PostgreSQL can convert in place (`ALTER COLUMN ... SET DATA TYPE ...
 * USING (col::type)`), and which it rejects outright (`cannot cast type timestamp without time
 * zone to double precision`). A change PostgreSQL has no cast for is planned as Prisma plans it:
 * the column is dropped and added again (the differ asks `convertsColumnType`).
 *
 * The table is PostgreSQL's own (`pg_cast` plus its automatic I/O conversions to and from the
 * string types); `test/type-change-matrix.test.ts` checks it pair by pair against the server.
 * Enum columns convert through text (`col::text::"Enum"`), which PostgreSQL always accepts; whether
 * the VALUES convert is data-dependent and counted by the probe (`countNotConvertible`).
 */
import type { ColumnType } from '@strata/core';
import { normalizeNative } from './types.js';

/** Every type casts to these, and they cast to every type (I/O conversion). */
const STRING_TYPES = ['TEXT', 'VARCHAR', 'CHAR', 'CITEXT'] as const;
const NUMBERS = ['SMALLINT', 'INTEGER', 'BIGINT', 'REAL', 'DOUBLE PRECISION', 'DECIMAL'] as const;

/** Per source type: the other types it has a cast to, besides itself and the string types. */
const CASTS: Readonly<Record<string, readonly string[]>> = {
  UUID: [],
  XML: [],
  INET: [],
  BIT: ['VARBIT', 'INTEGER', 'BIGINT'],
  VARBIT: ['BIT'],
  SMALLINT: [...NUMBERS, 'OID'],
  INTEGER: [...NUMBERS, 'OID', 'MONEY', 'BIT', 'BOOLEAN'],
  OID: ['INTEGER', 'BIGINT'],
  BIGINT: [...NUMBERS, 'OID', 'MONEY', 'BIT'],
  REAL: NUMBERS,
  'DOUBLE PRECISION': NUMBERS,
  DECIMAL: [...NUMBERS, 'MONEY'],
  MONEY: ['DECIMAL'],
  TIMESTAMP: ['TIMESTAMPTZ', 'DATE', 'TIME'],
  TIMESTAMPTZ: ['TIMESTAMP', 'DATE', 'TIME', 'TIMETZ'],
  DATE: ['TIMESTAMP', 'TIMESTAMPTZ'],
  TIME: ['TIMETZ'],
  TIMETZ: ['TIME'],
  BOOLEAN: ['INTEGER'],
  JSON: ['JSONB'],
  JSONB: ['JSON', ...NUMBERS, 'BOOLEAN'],
  BYTEA: [],
};

/** The type's name without arguments: `VARCHAR(10)` -> `VARCHAR`, `TIMESTAMP(3)` -> `TIMESTAMP`. */
export function baseTypeName(type: ColumnType): string {
  return normalizeNative(type.native).replace(/\(.*$/, '').trim();
}

/**
 * True when PostgreSQL accepts the conversion `col::to` (for lists: element by element). False
 * for a list <-> scalar change (no cast between an array and its element type) and for pairs
 * without a cast. Unsupported types are given the benefit of the doubt: the cast is emitted.
 */
export function convertsColumnType(from: ColumnType, to: ColumnType): boolean {
  if ((from.list ?? false) !== (to.list ?? false)) return false;
  if (from.scalar === 'Enum' || to.scalar === 'Enum') return true;
  if (from.scalar === 'Unsupported' || to.scalar === 'Unsupported') return true;
  const a = baseTypeName(from);
  const b = baseTypeName(to);
  if (a === b) return true;
  if ((STRING_TYPES as readonly string[]).includes(a) || (STRING_TYPES as readonly string[]).includes(b)) return true;
  const targets = CASTS[a];
  // a type this table does not know (a future native type): emit the cast and let PostgreSQL judge
  return targets === undefined || targets.includes(b);
}
