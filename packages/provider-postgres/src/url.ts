/**
 * Connection URLs as Prisma users write them: `postgresql://user:pass@host:5432/db?schema=app&sslmode=require`.
 * `schema` and `sslmode` are ours to interpret (the `postgres` client would send unknown query
 * parameters to the server as settings), so they are taken out here.
 */
import { ErrorCodes, maskSecrets, StrataError } from '@strata/core';

export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-full';

export interface ParsedUrl {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string | undefined;
  /** The URL's `schema=`, or `public`. */
  readonly schema: string;
  readonly ssl: SslMode | undefined;
  /** The URL with its password replaced by `***`. */
  readonly display: string;
}

const SSL_MODES: Readonly<Record<string, SslMode>> = {
  disable: 'disable',
  allow: 'prefer',
  prefer: 'prefer',
  require: 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
};

export function parsePostgresUrl(text: string): ParsedUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StrataError(ErrorCodes.invalidArgument, `Not a PostgreSQL URL: ${maskSecrets(text)}`, {
      hint: 'Use postgresql://USER:PASSWORD@HOST:PORT/DATABASE?schema=SCHEMA',
    });
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:')
    throw new StrataError(ErrorCodes.invalidArgument, `Not a PostgreSQL URL (${url.protocol}): ${maskSecrets(text)}`, {
      hint: 'The URL must start with postgresql:// or postgres://',
    });
  const sslmode = url.searchParams.get('sslmode') ?? undefined;
  const ssl = sslmode === undefined ? undefined : SSL_MODES[sslmode];
  if (sslmode !== undefined && ssl === undefined)
    throw new StrataError(ErrorCodes.invalidArgument, `Unknown sslmode "${sslmode}"`, {
      hint: `Use one of ${Object.keys(SSL_MODES).join(', ')}.`,
    });
  return {
    host: decodeURIComponent(url.hostname) || 'localhost',
    port: url.port === '' ? 5432 : Number(url.port),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    user: decodeURIComponent(url.username) || 'postgres',
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    schema: url.searchParams.get('schema') ?? 'public',
    ssl,
    display: maskSecrets(text),
  };
}
