/**
 * The TypeScript type of a column value as a database driver returns it. One mapping for every
 * dialect, matching what Kysely's PostgreSQL and SQLite dialects hand back for the Prisma scalar
 * types: decimals as strings (no precision lost), big integers as bigint, bytes as Uint8Array.
 */
import type { FieldView as Field } from './model-view.js';

const SCALAR_TS: Readonly<Record<string, string>> = {
  String: 'string',
  Boolean: 'boolean',
  Int: 'number',
  BigInt: 'bigint',
  Float: 'number',
  Decimal: 'string',
  DateTime: 'Date',
  Json: 'JsonValue',
  Bytes: 'Uint8Array',
};

/** The value type of a non-relation field, without `| null`. */
export function valueType(field: Pick<Field, 'kind' | 'type' | 'list'>): string {
  const base =
    field.kind === 'enum' ? field.type : field.kind === 'scalar' ? (SCALAR_TS[field.type] ?? 'unknown') : 'unknown';
  return field.list ? `${base}[]` : base;
}

/** True when some field needs the JsonValue helper type. */
export function usesJson(fields: readonly Pick<Field, 'kind' | 'type'>[]): boolean {
  return fields.some((f) => f.kind === 'scalar' && f.type === 'Json');
}
