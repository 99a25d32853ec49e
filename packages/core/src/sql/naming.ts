/**
 * Prisma's default constraint and index names, truncated the way Prisma truncates them.
 *
 * Lengths are in BYTES (UTF-8), the cut never splits a character, the suffix is never cut and
 * no hash is added: `{prefix cut to limit - len(suffix) bytes}{suffix}`. This is what
 * prisma-engines' `constraint_names.rs` does, and what the implicit many-to-many names follow too
 * (checked against Prisma 7 output with names longer than PostgreSQL's 63 bytes).
 */

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** The longest prefix of `text` that fits in `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  let bytes = 0;
  let end = 0;
  // Iterating by code point keeps surrogate pairs (4-byte characters) whole.
  for (const char of text) {
    const size = byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** `prefix` cut so that `prefix + suffix` fits in `limit` bytes; the suffix stays whole. */
export function nameWithSuffix(prefix: string, suffix: string, limit: number): string {
  return truncateToBytes(prefix, limit - byteLength(suffix)) + suffix;
}

export function primaryKeyName(table: string, limit: number): string {
  return nameWithSuffix(table, '_pkey', limit);
}

export function uniqueIndexName(table: string, columns: readonly string[], limit: number): string {
  return nameWithSuffix([table, ...columns].join('_'), '_key', limit);
}

export function indexName(table: string, columns: readonly string[], limit: number): string {
  return nameWithSuffix([table, ...columns].join('_'), '_idx', limit);
}

export function foreignKeyName(table: string, columns: readonly string[], limit: number): string {
  return nameWithSuffix([table, ...columns].join('_'), '_fkey', limit);
}

/** Names of an implicit many-to-many join table and its objects. */
export interface JoinTableNames {
  readonly table: string;
  readonly primaryKey: string;
  /** The unique index used instead of a primary key where the dialect does that (SQLite). */
  readonly uniqueIndex: string;
  readonly bIndex: string;
  readonly aForeignKey: string;
  readonly bForeignKey: string;
}

export function joinTableNames(relationName: string, limit: number): JoinTableNames {
  const table = truncateToBytes(`_${relationName}`, limit);
  return {
    table,
    primaryKey: nameWithSuffix(table, '_AB_pkey', limit),
    uniqueIndex: nameWithSuffix(table, '_AB_unique', limit),
    bIndex: nameWithSuffix(table, '_B_index', limit),
    aForeignKey: nameWithSuffix(table, '_A_fkey', limit),
    bForeignKey: nameWithSuffix(table, '_B_fkey', limit),
  };
}
