/**
 * What the validator needs to know about the database provider. Core knows no SQL dialect, so
 * everything provider-specific arrives through these options (a provider's `types` implements
 * `NativeTypeChecker`). Without options the validator checks only what holds for every SQL
 * provider, and accepts native types unchecked.
 */
import type { ScalarType } from './model.js';

/** Checks `@db.*` attributes for one provider. */
export interface NativeTypeChecker {
  /** Whether `name` (without the `db.` prefix: `VarChar`, `Timestamptz`) is a native type of this provider. */
  knows(name: string): boolean;
  /**
   * Checks a known native type against the field's scalar type and the arguments as written
   * (`@db.VarChar(255)` -> `('String', 'VarChar', ['255'])`). Returns an error message, or
   * `undefined` when the native type is valid there.
   */
  check(scalar: ScalarType, name: string, args: readonly string[]): string | undefined;
}

export interface ValidateOptions {
  /** Checks native types; without one, `@db.*` attributes are accepted as written. */
  readonly nativeTypes?: NativeTypeChecker;
  /**
   * The longest database identifier in bytes (PostgreSQL: 63). Explicit names (`@@map`, `@map`,
   * `map:`) and model/field/enum names used as database names are checked against it.
   */
  readonly maxIdentifierLength?: number;
  /** Whether the provider has list columns (`String[]`). Default: true. SQLite: false. */
  readonly scalarLists?: boolean;
  /** Index `type:` values the provider accepts. Default: any of `IndexAlgorithm`. */
  readonly indexAlgorithms?: readonly string[];
  /** Whether `@@fulltext` is supported (`capabilities.fulltextIndexes`). Default: false. */
  readonly fulltextIndexes?: boolean;
  /**
   * Whether `where:` (partial indexes) is accepted on `@@index` and `@@unique`
   * (`capabilities.partialIndexes`; Prisma refuses it on MySQL). Default: true.
   */
  readonly partialIndexes?: boolean;
  /**
   * `autoincrement()` only on a model's single id field (SQLite, whose rowid is the only numbered
   * column; Prisma refuses it elsewhere there). Default: false.
   */
  readonly autoincrementOnlyOnId?: boolean;
  /** Whether the provider has extensions (the datasource `extensions` list). Default: true. SQLite: false. */
  readonly extensions?: boolean;
  /**
   * Whether features Prisma gates behind a preview feature require it in a generator. Default:
   * true. False for strata's own snapshots (after.prisma), which are printed without generators.
   */
  readonly checkPreviewFeatures?: boolean;
}
