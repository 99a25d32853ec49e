/**
 * Pairs the objects of two lists by name, honouring accepted renames. Everything the differ
 * matches (tables, enums, columns, enum values, indexes) goes through here, in O(n) with maps.
 */

export interface Pairing<A, B> {
  readonly pairs: readonly (readonly [A, B])[];
  readonly dropped: readonly A[];
  readonly created: readonly B[];
}

/**
 * `renames` maps a `from` key to a `to` key. An object whose key was renamed away never pairs
 * by its old name, and a rename target never pairs with a same-named `from` object.
 */
export function pairBy<A, B>(
  from: readonly A[],
  to: readonly B[],
  keyOfFrom: (a: A) => string,
  keyOfTo: (b: B) => string,
  renames: ReadonlyMap<string, string> = new Map(),
): Pairing<A, B> {
  const toByKey = new Map<string, B>();
  for (const b of to) toByKey.set(keyOfTo(b), b);
  const renameTargets = new Set(renames.values());
  const used = new Set<string>();
  const pairs: (readonly [A, B])[] = [];
  const dropped: A[] = [];
  for (const a of from) {
    const key = keyOfFrom(a);
    const renamed = renames.get(key);
    const targetKey = renamed ?? (renameTargets.has(key) ? undefined : key);
    const b = targetKey === undefined || used.has(targetKey) ? undefined : toByKey.get(targetKey);
    if (b === undefined || targetKey === undefined) {
      dropped.push(a);
    } else {
      used.add(targetKey);
      pairs.push([a, b]);
    }
  }
  const created = to.filter((b) => !used.has(keyOfTo(b)));
  return { pairs, dropped, created };
}

export const byKey = <T extends string>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
