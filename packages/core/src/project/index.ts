/**
 * Where a project's schema is and which database it talks to: the rules the CLI and the
 * programmatic API (`@strata/api`) share, so both find the same schema and the same URL.
 *
 * Also published as `@strata/core/project`: it loads nothing else of core (node:fs and node:path
 * only), so the CLI's start-up path stays cheap. Each caller words its own errors (a flag for the
 * CLI, an option for the API): these functions say what they found, or that they found nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Expression } from '../psl/ast.js';

/** The default places, in order, when no schema path is given (package.json `strata.schema` comes last). */
export const DEFAULT_SCHEMA_LOCATIONS = ['prisma/schema.prisma', 'schema.prisma'] as const;

/** The nearest folder at or above `cwd` with a package.json, else `cwd`. */
export function findProjectDir(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/**
 * The schema when none is named: in `cwd`, then in the project folder, the default places, then
 * package.json's `"strata": { "schema": ... }`. Undefined when there is none.
 */
export function findSchemaPath(cwd: string, projectDir: string = findProjectDir(cwd)): string | undefined {
  for (const base of new Set([path.resolve(cwd), projectDir])) {
    for (const candidate of DEFAULT_SCHEMA_LOCATIONS) {
      const file = path.join(base, candidate);
      if (existsSync(file)) return file;
    }
    const configured = schemaFromPackageJson(base);
    if (configured !== undefined) return configured;
  }
  return undefined;
}

function schemaFromPackageJson(dir: string): string | undefined {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { strata?: { schema?: unknown } };
    const schema = pkg.strata?.schema;
    return typeof schema === 'string' ? path.resolve(dir, schema) : undefined;
  } catch {
    return undefined;
  }
}

/** The datasource `url` as written: a literal, or `env("VAR")`. */
export type UrlSource =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: string };

/** The datasource's `url` expression (`DatasourceSettings.url`) as a `UrlSource`; undefined for any other shape. */
export function urlSourceOf(value: Expression | undefined): UrlSource | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'string') return { kind: 'string', value: value.value };
  if (value.kind === 'call' && value.name === 'env') {
    const first = value.args.args[0]?.value;
    if (first?.kind === 'string') return { kind: 'env', variable: first.value };
  }
  return undefined;
}

export type ChosenUrl =
  | {
      readonly found: true;
      readonly url: string;
      readonly origin: 'given' | 'schema' | 'env';
      readonly variable?: string;
    }
  /** No URL: `variable` (the datasource's `env("VAR")`, else DATABASE_URL) is not set. */
  | { readonly found: false; readonly variable: string };

/**
 * Which database: the URL given (a flag, an option), else the datasource's literal `url`, else
 * the variable its `env("VAR")` names, else DATABASE_URL (Prisma 7 schemas carry no url).
 */
export function chooseDatabaseUrl(
  given: string | undefined,
  datasourceUrl: UrlSource | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ChosenUrl {
  if (given !== undefined && given !== '') return { found: true, url: given, origin: 'given' };
  if (datasourceUrl?.kind === 'string' && 'value' in datasourceUrl)
    return { found: true, url: datasourceUrl.value, origin: 'schema' };
  const variable =
    datasourceUrl?.kind === 'env' && 'variable' in datasourceUrl ? datasourceUrl.variable : 'DATABASE_URL';
  const value = env[variable];
  if (value !== undefined && value !== '') return { found: true, url: value, origin: 'env', variable };
  return { found: false, variable };
}
