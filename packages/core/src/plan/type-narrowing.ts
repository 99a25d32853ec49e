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
    // a widening into a bounded type (`VARCHAR(10)`, `DECIMAL(5,2)`) or a string type that is not
    // free text (`UUID`, `INET`) may not hold every value
    return (
      !(SAFE_WIDENINGS[from.scalar] ?? []).includes(to.scalar) ||
      (hasLimit(to) && !decimalHoldsIntegers(from, to)) ||
      (to.scalar === 'String' && !holdsAnyText(to))
    );
  }
  if (from.scalar === 'Enum') return from.enum?.name !== to.enum?.name;
  const a = parts(from.native);
  const b = parts(to.native);
  if (a.base !== b.base) {
    // TEXT and unbounded strings hold anything; any other change of base type may not.
    return !(to.scalar === 'String' && b.args.length === 0 && holdsAnyText(to));
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

/**
 * A string type that holds any text: its spelling says text or characters (`TEXT`, `VARCHAR`,
 * `CITEXT`, `CHARACTER VARYING`), unlike string-mapped types with a format of their own (`UUID`,
 * `INET`, `XML`, `VARBIT`), whose conversion rejects values that are not in that format.
 */
function holdsAnyText(type: ColumnType): boolean {
  return /TEXT|CHAR/.test(parts(type.native).base);
}

/** Digits of the largest Int and BigInt. */
const INTEGER_DIGITS: Partial<Record<NeutralScalar, number>> = { Int: 10, BigInt: 19 };

/** `DECIMAL(p,s)` holds every Int (BigInt) when it keeps at least 10 (19) digits before the point. */
function decimalHoldsIntegers(from: ColumnType, to: ColumnType): boolean {
  const digits = INTEGER_DIGITS[from.scalar];
  const [precision, scale = 0] = parts(to.native).args;
  return to.scalar === 'Decimal' && digits !== undefined && precision !== undefined && precision - scale >= digits;
}

function hasLimit(type: ColumnType): boolean {
  return parts(type.native).args.length > 0;
}
