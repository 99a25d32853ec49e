/**
 * The schema as a command sees it: located, read, parsed, provider selected, validated with that
 * provider's rules. Loads core (and the provider), so commands import it inside `run()`.
 */
import path from 'node:path';
import type { Config } from '@oclif/core';
import {
  type AnalysisResult,
  analyzeSchema,
  blocksOf,
  type Diagnostic,
  PROVIDER_API_VERSION,
  type Provider,
  parseSchema,
  renderDiagnostics,
  type SourceFile,
  type ValidateOptions,
} from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import type { ProviderReport } from '../providers/discover.js';
import { discoverFromCli } from '../providers/from-cli.js';
import { selectProvider } from '../providers/select.js';
import type { ProjectPaths } from './locate.js';
import { readSchemaSources } from './schema-files.js';

export interface AnalyzedProject {
  readonly paths: ProjectPaths;
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
}

export async function analyzeProject(
  config: Config,
  paths: ProjectPaths,
  options: AnalyzeOptions,
): Promise<AnalyzedProject> {
  const cwd = process.cwd();
  const sources = readSchemaSources(paths.schemaPath, paths.schemaIsFolder, cwd).map((s) => ({
    path: s.path,
    text: s.text,
  }));
  const datasourceProvider = datasourceProviderOf(sources);
  let selected: { provider: Provider; report: ProviderReport } | undefined;
  let providerError: unknown;
  if (datasourceProvider !== undefined) {
    const reports = await discoverFromCli(config, paths.projectDir, datasourceProvider);
    try {
      selected = selectProvider(reports, datasourceProvider, PROVIDER_API_VERSION);
    } catch (error) {
      if (options.requireProvider) throw error;
      providerError = error;
    }
  } else if (options.requireProvider) {
    throw new StrataCliError(
      'schema-invalid',
      `${path.relative(cwd, paths.schemaPath) || paths.schemaPath} has no datasource block.`,
      {
        // one line per setting, as Prisma requires: `datasource db { provider = "..." }` does not parse
        hint: 'Add a datasource block, one setting per line: `datasource db {`, then `provider = "postgresql"` (or "sqlite"), then `}`.',
      },
    );
  }
  const analysis = analyzeSchema(sources, selected === undefined ? {} : validateOptionsFor(selected.provider));
  return {
    paths,
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

/** The provider's rules for the validator: native types, identifier length, lists, index kinds. */
export function validateOptionsFor(provider: Provider): ValidateOptions {
  return {
    nativeTypes: {
      knows: (name) => Object.hasOwn(provider.types.nativeTypes, name),
      check: (scalar, name, args) => provider.types.checkNativeType(scalar, name, args),
    },
    maxIdentifierLength: provider.capabilities.maxIdentifierLength,
    scalarLists: provider.capabilities.scalarLists,
    fulltextIndexes: provider.capabilities.fulltextIndexes === true,
    partialIndexes: provider.capabilities.partialIndexes,
  };
}

/** The datasource `provider = "..."` straight from the syntax tree: known even when validation fails. */
function datasourceProviderOf(sources: readonly SourceFile[]): string | undefined {
  const { ast } = parseSchema(sources);
  for (const block of blocksOf(ast)) {
    if (block.kind !== 'datasource') continue;
    for (const member of block.members) {
      if (member.kind === 'key-value' && member.key.name === 'provider' && member.value.kind === 'string')
        return member.value.value;
    }
  }
  return undefined;
}
