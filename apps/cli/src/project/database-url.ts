/**
 * Which database a command talks to: `--url`, else the datasource `url` (a literal or
 * `env("VAR")`), else `DATABASE_URL` (Prisma 7 schemas carry no url). The URL itself is never
 * printed; `displayUrl` masks its password.
 */
import { chooseDatabaseUrl, type UrlSource } from '@strata/core/project';
import { StrataCliError } from '../errors/cli-error.js';
import { maskSecrets, rememberSecretsOf } from '../errors/failure.js';

export type { UrlSource };

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
  const chosen = chooseDatabaseUrl(flagUrl, datasourceUrl, env);
  if (chosen.found) {
    const origin =
      chosen.origin === 'given' ? '--url' : chosen.origin === 'schema' ? 'the schema' : `env("${chosen.variable}")`;
    return { url: chosen.url, origin };
  }
  const { variable } = chosen;
  throw new StrataCliError('invalid-argument', `No database URL: ${variable} is not set.`, {
    hint: `Set ${variable} in the environment or in .env next to the project, or pass --url <url>.`,
    details: { variable },
  });
}

export function displayUrl(url: string): string {
  return maskSecrets(url);
}
