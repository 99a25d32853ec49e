import type { DatabaseSchema, Table } from './ir.js';
import { qualifiedName } from './ir.js';

/**
 * Sorts by a string key computed once per element (not once per comparison: a large schema's
 * sort would otherwise build a qualified-name string on every comparison). Stable, like
 * `Array.prototype.sort`, and ordered by UTF-16 code units, like `<`. A list already in order
 * (most of a table's indexes and keys, often the tables themselves) is returned as it is: the
 * result is readonly data, like the input.
 */
function sortedByKey<T>(items: readonly T[], keyOf: (item: T) => string): readonly T[] {
  if (items.length < 2) return items;
  const keys = items.map((item) => keyOf(item));
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = (keys[i - 1] as string) <= (keys[i] as string);
  if (inOrder) return items;
  const order = keys.map((_, i) => i);
  order.sort((a, b) => {
    const ka = keys[a] as string;
    const kb = keys[b] as string;
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
  return order.map((i) => items[i] as T);
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
      // most items are names (strings): no call for them
      const cleaned = typeof item === 'object' ? dropUndefined(item) : item;
      if (out === undefined && cleaned !== item) out = value.slice(0, i);
      out?.push(cleaned);
    }
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    // for-in, not Object.keys: no array per object (the IR is plain data, nothing inherited is
    // enumerable), and this walk visits every object of a schema
    for (const key in source) {
      const item = source[key];
      const cleaned = typeof item === 'object' ? dropUndefined(item) : item;
      // First change (a dropped property or a cleaned child): copy the properties seen so far.
      if (out === undefined && (item === undefined || cleaned !== item)) {
        out = {};
        for (const earlier in source) {
          if (earlier === key) break;
          out[earlier] = source[earlier];
        }
      }
      if (out !== undefined && cleaned !== undefined) out[key] = cleaned;
    }
    return (out ?? value) as T;
  }
  return value;
}
