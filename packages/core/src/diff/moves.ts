/**
 * Tables and enums that change namespace (PostgreSQL schema) under the same name: a model whose
 * `@@schema` changed. They are moved (`ALTER TABLE ... SET SCHEMA` keeps the rows), never dropped
 * and created again. This is not a guess the way a rename is: a database name appears once in the
 * schema, so the same name leaving one namespace and arriving in another is the same object.
 * Ambiguous cases (the name leaves or arrives in several namespaces) stay drop + create.
 */
import type { DatabaseSchema } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import type { RenameDecision } from './rename-candidates.js';

export interface NamespaceMoves {
  /** Qualified `from` key -> qualified `to` key. */
  readonly tables: ReadonlyMap<string, string>;
  readonly enums: ReadonlyMap<string, string>;
}

export const NO_MOVES: NamespaceMoves = { tables: new Map(), enums: new Map() };

type Named = { readonly namespace?: string; readonly name: string };

export function namespaceMoves(
  from: DatabaseSchema,
  to: DatabaseSchema,
  decisions: readonly RenameDecision[] = [],
): NamespaceMoves {
  if (from.namespaces.length === 0 && to.namespaces.length === 0) return NO_MOVES;
  const renamed = (kind: 'table' | 'enum') => {
    const sources = new Set<string>();
    const targets = new Set<string>();
    for (const d of decisions) {
      if (d.kind !== kind) continue;
      sources.add(qualifiedName({ namespace: d.namespace, name: d.from }));
      targets.add(qualifiedName({ namespace: d.namespace, name: d.to }));
    }
    return { sources, targets };
  };
  return {
    tables: movesOf(from.tables, to.tables, renamed('table')),
    enums: movesOf(from.enums, to.enums, renamed('enum')),
  };
}

function movesOf(
  from: readonly Named[],
  to: readonly Named[],
  renamed: { readonly sources: ReadonlySet<string>; readonly targets: ReadonlySet<string> },
): Map<string, string> {
  const fromKeys = new Set(from.map(qualifiedName));
  const toKeys = new Set(to.map(qualifiedName));
  const leaving = byName(from.filter((o) => !toKeys.has(qualifiedName(o)) && !renamed.sources.has(qualifiedName(o))));
  const arriving = byName(to.filter((o) => !fromKeys.has(qualifiedName(o)) && !renamed.targets.has(qualifiedName(o))));
  const moves = new Map<string, string>();
  for (const [name, left] of leaving) {
    const arrived = arriving.get(name);
    if (left.length === 1 && arrived?.length === 1) moves.set(qualifiedName(left[0]!), qualifiedName(arrived[0]!));
  }
  return moves;
}

function byName(objects: readonly Named[]): Map<string, Named[]> {
  const out = new Map<string, Named[]>();
  for (const o of objects) out.set(o.name, [...(out.get(o.name) ?? []), o]);
  return out;
}
