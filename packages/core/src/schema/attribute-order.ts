/**
 * Attributes are applied in a fixed order (Prisma's formatter order), not in source order. The
 * model objects then get their properties in the same order whatever order the attributes were
 * written in, so two schemas that mean the same give identical models, even as JSON text (and
 * the formatter, which sorts attributes, provably does not change the model).
 */
import type { Attribute } from '../psl/ast.js';

export const FIELD_ATTRIBUTE_RANK: Readonly<Record<string, number>> = {
  id: 0,
  unique: 1,
  default: 2,
  updatedAt: 3,
  map: 4,
  relation: 5,
  ignore: 6,
};

export const BLOCK_ATTRIBUTE_RANK: Readonly<Record<string, number>> = {
  id: 0,
  unique: 1,
  index: 2,
  fulltext: 3,
  map: 4,
  ignore: 5,
  schema: 6,
};

function rankOf(attr: Attribute, ranks: Readonly<Record<string, number>>): number {
  const r = ranks[attr.name];
  if (r !== undefined) return r;
  return attr.name.includes('.') ? 100 : 101; // native types, then unknown attributes
}

/** The attributes sorted by rank, stable; the input itself when already in order (the common case). */
export function inAttributeOrder(
  attrs: readonly Attribute[],
  ranks: Readonly<Record<string, number>>,
): readonly Attribute[] {
  let sorted = true;
  for (let i = 1; i < attrs.length && sorted; i++) {
    if (rankOf(attrs[i - 1] as Attribute, ranks) > rankOf(attrs[i] as Attribute, ranks)) sorted = false;
  }
  if (sorted) return attrs;
  return attrs
    .map((a, i) => ({ a, i, r: rankOf(a, ranks) }))
    .sort((x, y) => x.r - y.r || x.i - y.i)
    .map((x) => x.a);
}
