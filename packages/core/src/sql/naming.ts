/**
 * Prisma's default constraint and index names, truncated the way Prisma truncates them.
 *
 * Lengths are in BYTES (UTF-8), the cut never splits a character, the suffix is never cut and
 * no hash is added: `{prefix cut to limit - len(suffix) bytes}{suffix}`. This is what
 * prisma-engines' `constraint_names.rs` does, and what the implicit many-to-many names follow too
 * (checked against Prisma 7 output with names longer than PostgreSQL's 63 bytes).
 */

// Byte sizes are computed from UTF-16 code units rather than with a TextEncoder: `lower()` names
// every index and key of a large schema, and encoding each character into a fresh Uint8Array
// was most of its time. The sizes are the ones TextEncoder produces (a lone surrogate becomes
// U+FFFD, 3 bytes).

/** UTF-8 size of the code point starting at `text[i]`; a surrogate pair counts once, as 4. */
function codePointBytes(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (unit < 0x80) return 1;
  if (unit < 0x800) return 2;
  if (unit >= 0xd800 && unit <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 4;
  }
  return 3;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * UTF-8 length of a name, as the database counts it against its identifier limit (63 bytes on
 * PostgreSQL): for the default names here and the limit checks of explicit names alike.
 */
export function byteLength(text: string): number {
  // ASCII text (nearly every name) is one byte per unit: a native test, not a loop per character.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const size = codePointBytes(text, i);
    bytes += size;
    if (size === 4) i++; // the low surrogate was counted with its pair
  }
  return bytes;
}

/** The longest prefix of `text` that fits in `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  // Most names are short ASCII: no character takes more than 3 bytes per UTF-16 unit.
  if (text.length * 3 <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  while (end < text.length) {
    const size = codePointBytes(text, end);
    if (bytes + size > maxBytes) break;
    bytes += size;
    // A 4-byte character is a surrogate pair: keep both halves or neither.
    end += size === 4 ? 2 : 1;
  }
  return end === text.length ? text : text.slice(0, end);
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
