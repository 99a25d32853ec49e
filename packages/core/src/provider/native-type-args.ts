/**
 * Checking the arguments of a native type attribute (`@db.VarChar(255)`, `@db.Decimal(10, 2)`),
 * for a provider's `TypeSystem.checkNativeType`: the argument shapes Prisma's native types have,
 * with the dialect's limits. Messages name the attribute as the user wrote it.
 */

/** The argument shapes of native types. */
export type NativeArgKind = 'none' | 'length' | 'length?' | 'precision?' | 'decimal?' | 'width?';

/** How each shape reads in a message and in `TypeSystem.nativeTypes[...].args`. */
export const NATIVE_ARG_DESCRIPTIONS: Readonly<Record<NativeArgKind, string>> = {
  none: '',
  length: '(length)',
  'length?': '(length)?',
  'precision?': '(precision)?',
  'decimal?': '(precision, scale)?',
  'width?': '(width)?',
};

/** The dialect's limits; each absent limit is not checked. */
export interface NativeArgLimits {
  /** Largest length for this type (PostgreSQL VARCHAR 10485760, MySQL CHAR 255). */
  readonly maxLength?: number;
  /** Largest fractional-seconds precision (6 on PostgreSQL and MySQL). */
  readonly maxTimePrecision?: number;
  /** Largest decimal precision (1000 on PostgreSQL, 65 on MySQL). */
  readonly maxDecimalPrecision?: number;
  /** Largest decimal scale (30 on MySQL). */
  readonly maxDecimalScale?: number;
}

const NON_NEGATIVE_INTEGER = /^\s*\d+\s*$/;

/** An error message for arguments that do not fit the shape and limits, or undefined when they do. */
export function checkNativeTypeArgs(
  name: string,
  kind: NativeArgKind,
  args: readonly string[],
  limits: NativeArgLimits = {},
): string | undefined {
  // Read per native type attribute of the schema: no message is built and no array made
  // unless the arguments are wrong.
  const wanted = (): string => `@db.${name}${NATIVE_ARG_DESCRIPTIONS[kind]}`;
  for (const arg of args) {
    if (!NON_NEGATIVE_INTEGER.test(arg)) return `${wanted()}: arguments must be non-negative integers`;
  }
  const first = args.length > 0 ? Number(args[0]) : undefined;
  const second = args.length > 1 ? Number(args[1]) : undefined;
  switch (kind) {
    case 'none':
      return args.length === 0 ? undefined : `@db.${name} takes no arguments`;
    case 'length':
    case 'length?': {
      if (args.length > 1 || (kind === 'length' && args.length === 0)) return `expected ${wanted()}`;
      const max = limits.maxLength;
      if (first !== undefined && (first < 1 || (max !== undefined && first > max)))
        return `@db.${name}: the length must be between 1 and ${max ?? 'its largest'}`;
      return undefined;
    }
    case 'width?':
      return args.length > 1 ? `expected ${wanted()}` : undefined;
    case 'precision?': {
      if (args.length > 1) return `expected ${wanted()}`;
      const max = limits.maxTimePrecision;
      if (first !== undefined && max !== undefined && first > max)
        return `@db.${name}: the precision must be between 0 and ${max}`;
      return undefined;
    }
    case 'decimal?': {
      if (args.length === 1 || args.length > 2) return `expected ${wanted()}`;
      const max = limits.maxDecimalPrecision;
      if (first !== undefined && (first < 1 || (max !== undefined && first > max)))
        return `@db.${name}: the precision must be between 1 and ${max ?? 'its largest'}`;
      const maxScale = limits.maxDecimalScale;
      if (second !== undefined && maxScale !== undefined && second > maxScale)
        return `@db.${name}: the scale must be between 0 and ${maxScale}`;
      if (first !== undefined && second !== undefined && second > first)
        return `@db.${name}: the scale (${second}) must not exceed the precision (${first})`;
      return undefined;
    }
    default:
      return kind satisfies never;
  }
}
