import type { DatabaseSchema, Table } from './ir.js';
import { qualifiedName } from './ir.js';

const byName = <T extends { readonly name?: string; readonly namespace?: string }>(a: T, b: T): number => {
  const ka = qualifiedName({ namespace: a.namespace, name: a.name ?? '' });
  const kb = qualifiedName({ namespace: b.namespace, name: b.name ?? '' });
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

const fkKey = (fk: Table['foreignKeys'][number]): string => fk.name ?? `${fk.columns.join(',')}->${fk.referencedTable}`;

/**
 * The canonical form of a schema: same content, stable order, no `undefined` properties.
 * Two schemas with the same content are deep-equal (and JSON-equal) after this.
 */
export function canonicalize(schema: DatabaseSchema): DatabaseSchema {
  const tables = [...schema.tables]
    .map(
      (t): Table => ({
        ...t,
        indexes: [...t.indexes].sort(byName),
        foreignKeys: [...t.foreignKeys].sort((a, b) => (fkKey(a) < fkKey(b) ? -1 : fkKey(a) > fkKey(b) ? 1 : 0)),
      }),
    )
    .sort(byName);
  return dropUndefined({
    provider: schema.provider,
    namespaces: [...schema.namespaces].sort(),
    tables,
    enums: [...schema.enums].sort(byName),
    unmanaged: [...schema.unmanaged].sort((a, b) => byName(a, b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)),
  });
}

function dropUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropUndefined) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = dropUndefined(v);
    return out as T;
  }
  return value;
}
