/**
 * The warning catalogue: every code strata can raise, with its severity and what to do about it.
 * Codes are stable (scripts match on them) and documented one by one in docs/lint.md.
 */
import type { WarningSeverity } from './warning.js';

export interface WarningDefinition {
  readonly code: string;
  readonly severity: WarningSeverity;
  /** What the code means, one line (docs, `--json`). */
  readonly summary: string;
  /** What to do about it. */
  readonly action: string;
}

const define = <const T extends Record<string, WarningDefinition>>(catalogue: T): T => catalogue;

export const WARNINGS = define({
  dropTable: {
    code: 'drop-table',
    severity: 'data-loss',
    summary: 'A table is dropped with all its rows.',
    action: 'Back the data up or move it first; if the table was renamed, pass --rename Old=New.',
  },
  dropColumn: {
    code: 'drop-column',
    severity: 'data-loss',
    summary: 'A column is dropped with all its values.',
    action: 'Copy the values elsewhere first; if the column was renamed, pass --rename Model.old=new.',
  },
  dropNamespace: {
    code: 'drop-namespace',
    severity: 'data-loss',
    summary: 'A database schema (namespace) is dropped with everything in it.',
    action: 'Check that nothing outside strata lives in it, or keep it in the datasource `schemas` list.',
  },
  dropExtension: {
    code: 'drop-extension',
    severity: 'data-loss',
    summary:
      'An extension is dropped with its own objects (types, functions, operators, its configuration tables); the drop fails while anything else still uses them.',
    action:
      'Remove what uses it first (columns of its types, indexes with its operator classes, defaults calling its functions); to stop managing it without dropping it, drop it from the list in one migration with --create-only and delete the DROP EXTENSION line.',
  },
  dropExtensionInUse: {
    code: 'drop-extension-in-use',
    severity: 'would-fail',
    summary:
      'An extension is dropped while objects the migration keeps still use it: DROP EXTENSION (never CASCADE) fails.',
    action:
      'Keep the extension in the list, or change or remove what uses it (in the schema, or by hand) in this migration too.',
  },
  removeEnumValue: {
    code: 'remove-enum-value',
    severity: 'would-fail',
    summary:
      'Enum values are removed while rows still use them: PostgreSQL cannot convert those rows; on SQLite they would keep a value Prisma Client cannot read.',
    action:
      'Update the rows that use the removed values first (UPDATE ... SET col = ...), or rename the value instead.',
  },
  narrowType: {
    code: 'narrow-type',
    severity: 'data-loss',
    summary: 'A column changes to a type that may not hold every existing value.',
    action: 'Check that every value fits the new type, or convert the data in a migration step you write yourself.',
  },
  typeConversionFails: {
    code: 'type-conversion-fails',
    severity: 'would-fail',
    summary: 'A column changes type and some of its values cannot be converted: the migration fails.',
    action:
      'Fix or clear the values that do not convert first, or convert the data in a migration step you write yourself.',
  },
  addRequiredColumnNoDefault: {
    code: 'add-required-column-no-default',
    severity: 'would-fail',
    summary: 'A required column without a default is added to a table that may have rows.',
    action: 'Give the column a @default, make it optional, or add it optional, backfill, then make it required.',
  },
  makeRequiredWithNulls: {
    code: 'make-required-with-nulls',
    severity: 'would-fail',
    summary: 'A column becomes required while it may hold NULLs.',
    action: 'Set a value on every NULL row first (UPDATE ... WHERE col IS NULL), or give the column a @default.',
  },
  backfillNullsWithDefault: {
    code: 'backfill-nulls-with-default',
    severity: 'review',
    summary: 'A column with a default becomes required: its NULL values are replaced by the default.',
    action: 'Check that the default is the right value for the existing rows; otherwise set them first.',
  },
  addUniqueOverDuplicates: {
    code: 'add-unique-over-duplicates',
    severity: 'would-fail',
    summary: 'A unique constraint is added over columns that may hold duplicate values.',
    action: 'Remove or merge the duplicate rows first.',
  },
  possibleRename: {
    code: 'possible-rename',
    severity: 'review',
    summary: 'Something was dropped and something similar created: it may be a rename.',
    action: 'If it is a rename, run again with --rename (or answer the prompt) so the data is kept.',
  },
  sqliteTableRebuild: {
    code: 'sqlite-table-rebuild',
    severity: 'data-loss',
    summary: 'SQLite cannot ALTER this change: the table is copied into a new one and the old one dropped.',
    action: 'Review the copied columns; large tables take time and disk space while it runs.',
  },
  indexWithoutConcurrently: {
    code: 'index-without-concurrently',
    severity: 'review',
    summary: 'An index is built on an existing table without CONCURRENTLY: writes to the table wait until it is done.',
    action: 'For a big table, create the index CONCURRENTLY in its own migration (`-- strata:no-transaction`).',
  },
  typeChangeRewritesTable: {
    code: 'type-change-rewrites-table',
    severity: 'review',
    summary: 'A column type change rewrites the table under an exclusive lock.',
    action: 'For a big table, add a new column, backfill it in batches, then switch over.',
  },
} as const);

export type WarningCode = (typeof WARNINGS)[keyof typeof WARNINGS]['code'];

const BY_CODE = new Map<string, WarningDefinition>(Object.values(WARNINGS).map((d) => [d.code, d]));

/** The definition of a code, or undefined for a provider's own code (see ProviderNote). */
export function warningDefinition(code: string): WarningDefinition | undefined {
  return BY_CODE.get(code);
}

export function warningCatalogue(): readonly WarningDefinition[] {
  return [...BY_CODE.values()];
}
