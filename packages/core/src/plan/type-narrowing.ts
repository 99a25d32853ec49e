/**
 * Whether a column type change may lose or reject existing values, judged without a dialect:
 * from the neutral scalar and the numbers in the native spelling (`VARCHAR(255)` -> `VARCHAR(32)`,
 * `DECIMAL(10,2)` -> `DECIMAL(8,2)`). It errs on the side of warning; with a database connected,
 * `countNotFitting` tells whether any row is actually affected.
 */
import type { ColumnType, NeutralScalar } from '../sql/ir.js';

const SAFE_WIDENINGS: Readonly<Partial<Record<NeutralScalar, readonly NeutralScalar[]>>> = {
  Int: ['BigInt', 'Float', 'Decimal', 'String'],
  BigInt: ['Decimal', 'String'],
  Float: ['String'],
  Decimal: ['String'],
  Boolean: ['String'],
  DateTime: ['String'],
  Enum: ['String'],
  Json: ['String'],
};

interface NativeParts {
  readonly base: string;
  readonly args: readonly number[];
}

function parts(native: string): NativeParts {
  const match = /^([^()]*)(?:\(([^)]*)\))?/.exec(native.trim());
  const base = (match?.[1] ?? native).trim().toUpperCase();
  const args = (match?.[2] ?? '')
    .split(',')
    .map((a) => Number.parseInt(a.trim(), 10))
    .filter((n) => !Number.isNaN(n));
  return { base, args };
}

export function isNarrowingChange(from: ColumnType, to: ColumnType): boolean {
  if ((from.list ?? false) !== (to.list ?? false)) return true;
  if (from.scalar !== to.scalar) {
    return !(SAFE_WIDENINGS[from.scalar] ?? []).includes(to.scalar) || (to.scalar === 'String' && hasLimit(to));
  }
  if (from.scalar === 'Enum') return from.enum?.name !== to.enum?.name;
  const a = parts(from.native);
  const b = parts(to.native);
  if (a.base !== b.base) {
    // TEXT and unbounded strings hold anything; any other change of base type may not.
    return !(to.scalar === 'String' && b.args.length === 0);
  }
  if (b.args.length === 0) return false;
  if (a.args.length === 0) return true;
  if (from.scalar === 'Decimal' && a.args.length === 2 && b.args.length === 2) {
    const [p1, s1] = a.args as [number, number];
    const [p2, s2] = b.args as [number, number];
    return p2 - s2 < p1 - s1 || s2 < s1;
  }
  return b.args.some((arg, i) => arg < (a.args[i] ?? 0));
}

function hasLimit(type: ColumnType): boolean {
  return parts(type.native).args.length > 0;
}
