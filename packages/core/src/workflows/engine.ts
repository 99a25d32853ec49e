/**
 * The schema side of the workflows: read PSL, validate, print (normalized snapshot), lower. Each
 * piece lives in its own core folder (psl, schema, sql); planning a migration from two lowered
 * schemas is `planMigration` in plan/.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { Provider } from '../provider/contract.js';
import { renderDiagnostics, type SourceFile } from '../psl/diagnostic.js';
import { type ParseResult, parseSchema } from '../psl/parser.js';
import type { SchemaModel } from '../schema/model.js';
import type { ValidateOptions } from '../schema/options.js';
import { printSchema } from '../schema/print.js';
import { analyzeParsedSchema } from '../schema/validate.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { lower } from '../sql/lower.js';

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
  /** The sources already parsed (`SchemaInput.parsed`), so that they are not parsed again. */
  parsed?: ParseResult,
): SchemaModel {
  const analysis = analyzeParsedSchema(parsed ?? parseSchema(sources), {
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
