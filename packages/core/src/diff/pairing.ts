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
  renames: ReadonlyMap<string, string> = NO_RENAMES,
): Pairing<A, B> {
  if (renames.size === 0) {
    const aligned = pairAligned(from, to, keyOfFrom, keyOfTo);
    if (aligned !== undefined) return aligned;
  }
  const toByKey = new Map<string, B>();
  for (const b of to) toByKey.set(keyOfTo(b), b);
  const renameTargets = renames.size === 0 ? NO_KEYS : new Set(renames.values());
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

const NO_RENAMES: ReadonlyMap<string, string> = new Map();
const NO_KEYS: ReadonlySet<string> = new Set();

/** Lists longer than this go through the maps: the duplicate check below is quadratic. */
const ALIGNED_MAX = 64;

/**
 * The common case without maps: both lists hold the same keys in the same order, each key once
 * (an unchanged table's columns, indexes, ...). Then every object pairs with the one at the same
 * position, which is what the general algorithm gives. Undefined when the lists differ.
 */
function pairAligned<A, B>(
  from: readonly A[],
  to: readonly B[],
  keyOfFrom: (a: A) => string,
  keyOfTo: (b: B) => string,
): Pairing<A, B> | undefined {
  const n = from.length;
  if (n !== to.length || n > ALIGNED_MAX) return undefined;
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const key = keyOfFrom(from[i] as A);
    if (key !== keyOfTo(to[i] as B)) return undefined;
    // A repeated key pairs differently in the general algorithm (the last one wins): leave it that.
    for (let j = 0; j < i; j++) if (keys[j] === key) return undefined;
    keys[i] = key;
  }
  const pairs: (readonly [A, B])[] = new Array(n);
  for (let i = 0; i < n; i++) pairs[i] = [from[i] as A, to[i] as B];
  return { pairs, dropped: [], created: [] };
}

export const byKey = <T extends string>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
