import type { DatabaseSchema, Table } from './ir.js';
import { qualifiedName } from './ir.js';

/**
 * Sorts by a string key computed once per element (not once per comparison: a large schema's
 * sort would otherwise build a qualified-name string on every comparison). Stable, like
 * `Array.prototype.sort`, and ordered by UTF-16 code units, like `<`.
 */
function sortedByKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: keyOf(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}

const nameKey = (o: { readonly name?: string; readonly namespace?: string }): string =>
  qualifiedName({ namespace: o.namespace, name: o.name ?? '' });

const fkKey = (fk: Table['foreignKeys'][number]): string => fk.name ?? `${fk.columns.join(',')}->${fk.referencedTable}`;

/**
 * The canonical form of a schema: same content, stable order, no `undefined` properties.
 * Two schemas with the same content are deep-equal (and JSON-equal) after this.
 *
 * Objects that have no `undefined` property anywhere inside are shared with the input rather
 * than copied (the IR is readonly data), which keeps `lower()` of a large schema cheap.
 */
export function canonicalize(schema: DatabaseSchema): DatabaseSchema {
  const tables = sortedByKey(
    schema.tables.map(
      (t): Table => ({
        ...t,
        indexes: sortedByKey(t.indexes, nameKey),
        foreignKeys: sortedByKey(t.foreignKeys, fkKey),
      }),
    ),
    nameKey,
  );
  return dropUndefined({
    provider: schema.provider,
    namespaces: [...schema.namespaces].sort(),
    tables,
    enums: sortedByKey(schema.enums, nameKey),
    // absent rather than empty, so that schemas without extensions stay as they were
    ...(schema.extensions !== undefined && schema.extensions.length > 0
      ? { extensions: sortedByKey(schema.extensions, (x) => x.name) }
      : {}),
    // Unmanaged objects: by (namespace, name), then by kind. The NUL separator sorts before
    // every character a name can hold, so the composite key orders like the pair.
    unmanaged: sortedByKey(schema.unmanaged, (u) => `${nameKey(u)}\u0000${u.kind}`),
  });
}

/** `value` without `undefined` properties, copying only the objects and arrays that change. */
function dropUndefined<T>(value: T): T {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const cleaned = dropUndefined(item);
      if (out === undefined && cleaned !== item) out = value.slice(0, i);
      out?.push(cleaned);
    }
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    const keys = Object.keys(source);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const item = source[key];
      const cleaned = item === undefined ? undefined : dropUndefined(item);
      // First change (a dropped property or a cleaned child): copy the properties seen so far.
      if (out === undefined && (item === undefined || cleaned !== item)) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j] as string] = source[keys[j] as string];
      }
      if (out !== undefined && cleaned !== undefined) out[key] = cleaned;
    }
    return (out ?? value) as T;
  }
  return value;
}
