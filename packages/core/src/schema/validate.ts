/** The entry points: syntax tree (or source files) in, semantic model and diagnostics out. */
import type { SchemaAst } from '../psl/ast.js';
import type { Diagnostic, SourceFile } from '../psl/diagnostic.js';
import { type ParseResult, parseSchema } from '../psl/parser.js';
import { buildSchemaModel } from './build.js';
import { DiagnosticSink } from './diagnostics.js';
import type { SchemaModel } from './model.js';
import type { ValidateOptions } from './options.js';

export interface ValidationResult {
  /** The model, present only when there is no error (warnings are fine). */
  readonly model?: SchemaModel;
  /** Every diagnostic, errors and warnings, in source order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/** Validates a parsed schema and builds its model. Never throws on bad input. */
export function validateSchema(ast: SchemaAst, options: ValidateOptions = {}): ValidationResult {
  const sink = new DiagnosticSink();
  const model = buildSchemaModel(ast, options, sink);
  return result(model, sink.diagnostics);
}

export interface AnalysisResult extends ValidationResult {
  readonly ast: SchemaAst;
}

/**
 * Parse and validate in one go. Validation runs even when parsing found errors (the parser
 * recovers line by line), so the user sees every problem at once; the model is only returned
 * when there are no errors at all.
 */
export function analyzeSchema(sources: readonly SourceFile[], options: ValidateOptions = {}): AnalysisResult {
  return analyzeParsedSchema(parseSchema(sources), options);
}

/** `analyzeSchema` of text already parsed (a `SchemaInput`'s `parsed`): the schema is parsed once. */
export function analyzeParsedSchema(parsed: ParseResult, options: ValidateOptions = {}): AnalysisResult {
  const sink = new DiagnosticSink();
  const model = buildSchemaModel(parsed.ast, options, sink);
  return { ast: parsed.ast, ...result(model, [...parsed.diagnostics, ...sink.diagnostics]) };
}

function result(model: SchemaModel, all: readonly Diagnostic[]): ValidationResult {
  const diagnostics = [...all].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) || a.span.start.offset - b.span.start.offset,
  );
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  return errors.length === 0 ? { model, diagnostics, errors, warnings } : { diagnostics, errors, warnings };
}
