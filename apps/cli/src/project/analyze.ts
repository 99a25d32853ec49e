/**
 * The schema as a command sees it: located, read, parsed, provider selected, validated with that
 * provider's rules. Loads core (and the provider), so commands import it inside `run()`.
 */
import path from 'node:path';
import {
  type AnalysisResult,
  analyzeParsedSchema,
  type Diagnostic,
  PROVIDER_API_VERSION,
  type Provider,
  renderDiagnostics,
  type SchemaInput,
  type SourceFile,
  validateOptionsFor,
} from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import type { ProviderReport } from '../providers/discover.js';
import { discoverFromCli, missingDatasourceHint } from '../providers/from-cli.js';
import { selectProvider } from '../providers/select.js';
import type { CliConfig } from '../runner/config.js';
import type { ProjectPaths } from './locate.js';
import { readProjectSchema } from './schema-files.js';

export interface AnalyzedProject {
  readonly paths: ProjectPaths;
  /** The schema as read, for core workflows (so that they do not read it again). */
  readonly schema: SchemaInput;
  /** Paths relative to the working directory, as diagnostics show them. */
  readonly sources: readonly SourceFile[];
  /** The datasource `provider` as written, when the schema has a datasource. */
  readonly datasourceProvider?: string;
  readonly provider?: Provider;
  readonly providerReport?: ProviderReport;
  /** Why no provider could be selected (when `requireProvider` is false). */
  readonly providerError?: unknown;
  readonly analysis: AnalysisResult;
}

/** A diagnostic as `--json` reports it. */
export interface DiagnosticJson {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
}

export function diagnosticJson(d: Diagnostic): DiagnosticJson {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span.file,
    line: d.span.start.line,
    column: d.span.start.column,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
  };
}

export interface AnalyzeOptions {
  /** Fail with provider-unknown/-incompatible instead of validating without provider rules. */
  readonly requireProvider: boolean;
  /** What an open session already read and selected: nothing is read, parsed or discovered again. */
  readonly session?: {
    readonly schema: SchemaInput;
    readonly provider: Provider;
    readonly providerReport: ProviderReport;
  };
}

export async function analyzeProject(
  config: CliConfig,
  paths: ProjectPaths,
  options: AnalyzeOptions,
): Promise<AnalyzedProject> {
  const cwd = process.cwd();
  const schema = options.session?.schema ?? readProjectSchema(paths.schemaPath, cwd);
  const sources = schema.files.map((s) => ({ path: s.path, text: s.text }));
  const datasourceProvider = schema.datasource.provider;
  let selected: { provider: Provider; report: ProviderReport } | undefined =
    options.session === undefined
      ? undefined
      : { provider: options.session.provider, report: options.session.providerReport };
  let providerError: unknown;
  if (selected === undefined && datasourceProvider !== undefined) {
    const reports = await discoverFromCli(config, paths.projectDir, { id: datasourceProvider });
    try {
      selected = selectProvider(reports, datasourceProvider, PROVIDER_API_VERSION);
    } catch (error) {
      if (options.requireProvider) throw error;
      providerError = error;
    }
  } else if (datasourceProvider === undefined && options.requireProvider) {
    throw new StrataCliError(
      'schema-invalid',
      `${path.relative(cwd, paths.schemaPath) || paths.schemaPath} has no datasource block.`,
      {
        hint: missingDatasourceHint(),
      },
    );
  }
  const analysis = analyzeParsedSchema(
    schema.parsed,
    selected === undefined ? {} : validateOptionsFor(selected.provider),
  );
  return {
    paths,
    schema,
    sources,
    ...(datasourceProvider === undefined ? {} : { datasourceProvider }),
    ...(selected === undefined ? {} : { provider: selected.provider, providerReport: selected.report }),
    ...(providerError === undefined ? {} : { providerError }),
    analysis,
  };
}

/** Throws `schema-invalid` with every error rendered with its code frame. */
export function assertValid(project: AnalyzedProject): NonNullable<AnalysisResult['model']> {
  const { analysis } = project;
  if (analysis.model !== undefined && analysis.errors.length === 0) return analysis.model;
  const count = analysis.errors.length;
  throw new StrataCliError(
    'schema-invalid',
    `The schema has ${count} error${count === 1 ? '' : 's'}:\n\n${renderDiagnostics(analysis.errors, project.sources)}\n`,
    {
      hint: 'Fix the errors above (`strata check` lists them all), then run the command again.',
      details: { diagnostics: analysis.errors.map(diagnosticJson) },
    },
  );
}
