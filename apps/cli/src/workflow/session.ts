/**
 * What every database command needs before it calls a core workflow: the project paths, the
 * provider the datasource names (discovered and checked), and the database URL. Read from the
 * syntax tree, so even `migrate status` on a schema with errors knows where to connect.
 */
import path from 'node:path';
import { type Expression, PROVIDER_API_VERSION, type Provider, type SchemaInput } from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import { displayUrl, type ResolvedUrl, resolveDatabaseUrl, type UrlSource } from '../project/database-url.js';
import type { ProjectPaths } from '../project/locate.js';
import { readProjectSchema } from '../project/schema-files.js';
import type { ProviderReport } from '../providers/discover.js';
import { discoverFromCli, missingDatasourceHint } from '../providers/from-cli.js';
import { selectProvider } from '../providers/select.js';
import type { CliConfig } from '../runner/config.js';

export interface Session {
  readonly paths: ProjectPaths;
  /** The schema, read once: core workflows get it (`schema`) instead of reading it again. */
  readonly schema: SchemaInput;
  readonly provider: Provider;
  readonly providerReport: ProviderReport;
  /** Absent until `requireUrl` asked for it. */
  readonly database?: ResolvedUrl & {
    readonly display: string;
    /**
     * True when `--url` names another database than the schema's own (its datasource url, or
     * the variable that names it): a deployment target, not the development database. Hints
     * then name `migrate deploy`, never the development commands.
     */
    readonly target: boolean;
  };
}

export interface SessionOptions {
  readonly flagUrl?: string | undefined;
  /** Commands that only read files (diff between files) need no URL. */
  readonly requireUrl: boolean;
}

export async function openSession(config: CliConfig, paths: ProjectPaths, options: SessionOptions): Promise<Session> {
  const schema = readProjectSchema(paths.schemaPath, process.cwd());
  const datasource = datasourceFacts(schema, paths);
  const reports = await discoverFromCli(config, paths.projectDir, { id: datasource.provider });
  const { provider, report } = selectProvider(reports, datasource.provider, PROVIDER_API_VERSION);
  if (!options.requireUrl) return { paths, schema, provider, providerReport: report };
  const resolved = resolveDatabaseUrl(options.flagUrl, datasource.url);
  const target = resolved.origin === '--url' && ownUrl(datasource.url) !== resolved.url;
  return {
    paths,
    schema,
    provider,
    providerReport: report,
    database: { ...resolved, display: displayUrl(resolved.url), target },
  };
}

/** The URL the schema itself names (without `--url`), when it names one. */
function ownUrl(datasourceUrl: UrlSource | undefined): string | undefined {
  try {
    return resolveDatabaseUrl(undefined, datasourceUrl).url;
  } catch {
    return undefined;
  }
}

/** A provider by id, for commands without a schema (`migrate diff --from-url ... --to-url ...`). */
export async function providerById(config: CliConfig, projectDir: string, id: string): Promise<Provider> {
  const reports = await discoverFromCli(config, projectDir, { id });
  return selectProvider(reports, id, PROVIDER_API_VERSION).provider;
}

interface DatasourceFacts {
  readonly provider: string;
  readonly url?: UrlSource;
}

function datasourceFacts(schema: SchemaInput, paths: ProjectPaths): DatasourceFacts {
  const cwd = process.cwd();
  const { provider, url } = schema.datasource;
  const urlSource = url === undefined ? undefined : urlSourceOf(url);
  if (provider !== undefined) return { provider, ...(urlSource === undefined ? {} : { url: urlSource }) };
  throw new StrataCliError(
    'schema-invalid',
    `${path.relative(cwd, paths.schemaPath) || paths.schemaPath} has no datasource with a provider.`,
    {
      hint: missingDatasourceHint(),
    },
  );
}

function urlSourceOf(value: Expression): UrlSource | undefined {
  if (value.kind === 'string') return { kind: 'string', value: value.value };
  if (value.kind === 'call' && value.name === 'env') {
    const first = value.args.args[0]?.value;
    if (first?.kind === 'string') return { kind: 'env', variable: first.value };
  }
  return undefined;
}
