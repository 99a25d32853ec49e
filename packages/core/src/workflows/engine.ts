/**
 * The schema pipeline the workflows drive: read PSL, validate, print (normalized snapshot), lower,
 * diff, plan warnings, render migration.sql. Each piece lives in its own core folder (psl, schema,
 * sql, diff, plan); this module is the one place where the workflows meet them, so the workflow
 * files read as the flow they implement.
 */
import type { Change } from '../diff/changes.js';
import { diff, diffWithRenames } from '../diff/differ.js';
import type { RenameCandidate, RenameDecision, RenameResolver } from '../diff/renames.js';
import type { Statement } from '../diff/statement.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { evaluateWarnings } from '../plan/evaluate.js';
import { lintChanges } from '../plan/lint.js';
import { withProviderNotes } from '../plan/plan.js';
import { renderMigrationScript } from '../plan/render.js';
import type { Warning } from '../plan/warning.js';
import type { DataInspector, Provider } from '../provider/contract.js';
import { renderDiagnostics, type SourceFile } from '../psl/diagnostic.js';
import { printSchema } from '../psl/printer.js';
import type { SchemaModel } from '../schema/model.js';
import type { ValidateOptions } from '../schema/options.js';
import { analyzeSchema } from '../schema/validate.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { lower } from '../sql/lower.js';

export type { RenameCandidate, RenameDecision, RenameResolver } from '../diff/renames.js';

export type SchemaSource = SourceFile;

/** What the validator needs to know about the provider (native types, identifier limit, lists). */
export function validateOptionsFor(provider: Provider): ValidateOptions {
  return {
    nativeTypes: {
      knows: (name) => Object.hasOwn(provider.types.nativeTypes, name),
      check: (scalar, name, args) => provider.types.checkNativeType(scalar, name, args),
    },
    maxIdentifierLength: provider.capabilities.maxIdentifierLength,
    scalarLists: provider.capabilities.scalarLists,
    autoincrementOnlyOnId: provider.capabilities.implicitIntegerKeyAutoincrement === true,
    fulltextIndexes: provider.capabilities.fulltextIndexes === true,
    partialIndexes: provider.capabilities.partialIndexes,
    extensions: provider.capabilities.extensions === true,
  };
}

/** Parses and validates; throws `schema-invalid` with the rendered diagnostics. */
export function readSchema(
  sources: readonly SchemaSource[],
  provider?: Provider,
  overrides: Partial<ValidateOptions> = {},
): SchemaModel {
  const analysis = analyzeSchema(sources, {
    ...(provider === undefined ? {} : validateOptionsFor(provider)),
    ...overrides,
  });
  if (analysis.model === undefined) {
    const where = sources.map((s) => s.path).join(', ');
    throw new StrataError(
      ErrorCodes.schemaInvalid,
      `The schema ${where} is not valid:\n${renderDiagnostics(analysis.errors, sources)}`,
      {
        hint: 'Fix the errors shown (file:line:column), then run the command again.',
        details: {
          errors: analysis.errors.map((d) => ({
            code: d.code,
            message: d.message,
            file: d.span.file,
            line: d.span.start.line,
          })),
        },
      },
    );
  }
  return analysis.model;
}

/** Normalized PSL (the printer): no datasource URL and no generators, so no secret lands in a snapshot. */
export function printNormalized(model: SchemaModel): string {
  return printSchema(model, { omitDatasourceUrls: true, omitGenerators: true });
}

export function lowerSchema(model: SchemaModel, provider: Provider): DatabaseSchema {
  return lower(model, provider);
}

export interface DiffInput {
  readonly from: DatabaseSchema;
  readonly to: DatabaseSchema;
  readonly provider: Provider;
  /** Asked about each possible rename; absent: nothing is a rename (declined candidates are reported). */
  readonly resolver?: RenameResolver;
  /** Renames already decided (replaying a migration's recorded decisions); wins over `resolver`. */
  readonly renames?: readonly RenameDecision[];
}

export interface DiffOutput {
  readonly changes: readonly Change[];
  readonly renames: readonly RenameDecision[];
  readonly declined: readonly RenameCandidate[];
}

export async function diffSchemas(input: DiffInput): Promise<DiffOutput> {
  const hooks = input.provider.diffHooks;
  if (input.renames !== undefined) {
    return {
      changes: diff(input.from, input.to, { hooks, renames: input.renames }),
      renames: input.renames,
      declined: [],
    };
  }
  return diffWithRenames(input.from, input.to, { hooks, resolver: input.resolver ?? (() => false) });
}

export interface WarningsInput {
  readonly changes: readonly Change[];
  readonly from: DatabaseSchema;
  readonly to: DatabaseSchema;
  readonly provider: Provider;
  readonly declined?: readonly RenameCandidate[];
  /** When given, warnings count the rows they touch in that database (which must be at `from`). */
  readonly inspector?: DataInspector;
}

/** Static lint, the provider's own notes, then row counts when a database is connected. */
export async function planWarnings(input: WarningsInput): Promise<Warning[]> {
  const context = { from: input.from, to: input.to };
  const linted = withProviderNotes(
    lintChanges(input.changes, input.from, input.to, {
      ...(input.declined ? { declinedRenames: input.declined } : {}),
      capabilities: input.provider.capabilities,
    }),
    input.provider.explain?.(input.changes, context) ?? [],
    input.changes,
  );
  return input.inspector === undefined
    ? linted
    : evaluateWarnings(linted, { inspector: input.inspector, from: input.from, to: input.to, changes: input.changes });
}

export function renderScript(statements: readonly Statement[], warnings: readonly Warning[]): string {
  return renderMigrationScript(statements, warnings);
}
