/**
 * Which database a command talks to: `--url`, else the datasource `url` (a literal or
 * `env("VAR")`), else `DATABASE_URL` (Prisma 7 schemas carry no url). The URL itself is never
 * printed; `displayUrl` masks its password.
 */
import { StrataCliError } from '../errors/cli-error.js';
import { maskSecrets, rememberSecretsOf } from '../errors/failure.js';

/** The datasource `url` as core's semantic model holds it (a `ConfigValue`). */
export type UrlSource =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: string };

export interface ResolvedUrl {
  readonly url: string;
  /** Where it came from, for messages: `--url`, `env("DATABASE_URL")`, `the schema`. */
  readonly origin: string;
}

export function resolveDatabaseUrl(
  flagUrl: string | undefined,
  datasourceUrl: UrlSource | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedUrl {
  const resolved = findDatabaseUrl(flagUrl, datasourceUrl, env);
  // from here on, no output of this process shows its password, whatever the URL's shape
  rememberSecretsOf(resolved.url);
  return resolved;
}

function findDatabaseUrl(
  flagUrl: string | undefined,
  datasourceUrl: UrlSource | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedUrl {
  if (flagUrl !== undefined && flagUrl !== '') return { url: flagUrl, origin: '--url' };
  if (datasourceUrl?.kind === 'string' && 'value' in datasourceUrl)
    return { url: datasourceUrl.value, origin: 'the schema' };
  const variable =
    datasourceUrl?.kind === 'env' && 'variable' in datasourceUrl ? datasourceUrl.variable : 'DATABASE_URL';
  const value = env[variable];
  if (value !== undefined && value !== '') return { url: value, origin: `env("${variable}")` };
  throw new StrataCliError('invalid-argument', `No database URL: ${variable} is not set.`, {
    hint: `Set ${variable} in the environment or in .env next to the project, or pass --url <url>.`,
    details: { variable },
  });
}

export function displayUrl(url: string): string {
  return maskSecrets(url);
}
