/**
 * Connection URLs as Prisma users write them: `postgresql://user:pass@host:5432/db?schema=app&sslmode=require`.
 * `schema` and `sslmode` are ours to interpret (the `postgres` client would send unknown query
 * parameters to the server as settings), so they are taken out here.
 *
 * Strict on purpose: a URL that does not name its host explicitly is refused rather than guessed.
 * The WHATWG parser reads `postgresql:/user:secret@host/db` (one slash) as a URL without a host
 * whose path is `user:secret@host/db`; taken at face value that meant localhost and a database
 * named after the password. No message here ever contains the URL's text: a malformed URL has no
 * reliable place where its password ends, so only the parsed, masked form (`display`) is shown.
 */
import { ErrorCodes, StrataError, urlErrors } from '@strata/core';

export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-full';

export interface ParsedUrl {
  /** A host name or address, or, for a Unix socket, the socket's directory (starts with `/`). */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string | undefined;
  /** The URL's `schema=`, or `public`. */
  readonly schema: string;
  readonly ssl: SslMode | undefined;
  /** The URL's `sslmode=` as written (`verify-ca`, `allow`, ...), for messages. */
  readonly sslmode: string | undefined;
  /** The URL rebuilt from its parsed parts with every secret replaced by `***`. */
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

/** Query parameters that carry secrets: shown as `***`. */
const SECRET_PARAMETERS = new Set(['password', 'sslpassword']);
/**
 * The only other parameters a display shows. Any other one is left out: in
 * `?password=ab&cd` the `&` of an unencoded password starts a "parameter" named after its rest.
 */
const SHOWN_PARAMETERS = new Set(['schema', 'sslmode', 'host']);

export const URL_FORM = 'postgresql://USER:PASSWORD@HOST:PORT/DATABASE?schema=SCHEMA';
const SOCKET_FORM = 'postgresql://USER@localhost/DATABASE?host=/var/run/postgresql';

const { malformed, decode } = urlErrors('PostgreSQL', URL_FORM);

export function parsePostgresUrl(text: string): ParsedUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  if (scheme === null)
    throw new StrataError(ErrorCodes.invalidArgument, 'Not a PostgreSQL URL: it does not start with postgresql://.', {
      hint: `Use ${URL_FORM}`,
    });
  const protocol = scheme[1]!.toLowerCase();
  if (protocol !== 'postgresql' && protocol !== 'postgres')
    throw new StrataError(ErrorCodes.invalidArgument, `Not a PostgreSQL URL (${protocol}:).`, {
      hint: 'The URL must start with postgresql:// or postgres://',
    });
  const rest = text.slice(scheme[0].length);
  if (!rest.startsWith('//')) throw malformed(`"${protocol}:" must be followed by exactly two slashes and the host`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // typically a `/`, `?` or `#` in the password cut the host short, leaving a "port" that is not a number
    throw malformed('it cannot be parsed (a port that is not a number, or an unencoded / ? # in the password)');
  }
  // An `@` after the host means the authority ended early: `/`, `?` or `#` in the password.
  if (/@/.test(url.pathname + url.search + url.hash))
    throw malformed('it has an "@" after the host (a password with an unencoded / ? or #)');
  if (url.hash !== '') throw malformed('it has a "#" fragment');

  const query = url.searchParams;
  const socketOrHost = query.get('host') ?? '';
  // `[::1]` is how a URL writes an IPv6 address; the client wants it bare
  const host = socketOrHost !== '' ? socketOrHost : decode(url.hostname, 'host').replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw malformed('it names no host', `Use ${URL_FORM}, or for a Unix socket ${SOCKET_FORM}.`);
  if (url.port === '0') throw malformed('port 0 is not a port a server listens on');
  const path = url.pathname.replace(/^\//, '');
  if (path.includes('/')) throw malformed('the path after the host must be one database name');
  const database = decode(path, 'database name') || 'postgres';
  const user = decode(url.username, 'user name') || 'postgres';
  const password = url.password !== '' ? decode(url.password, 'password') : (query.get('password') ?? undefined);

  const sslmode = query.get('sslmode') ?? undefined;
  const ssl = sslmode === undefined ? undefined : SSL_MODES[sslmode];
  if (sslmode !== undefined && ssl === undefined)
    throw new StrataError(ErrorCodes.invalidArgument, `Unknown sslmode "${sslmode}" in the PostgreSQL URL.`, {
      hint: `Use one of ${Object.keys(SSL_MODES).join(', ')}.`,
    });
  return {
    host,
    port: url.port === '' ? 5432 : Number(url.port),
    database,
    user,
    password: password === '' ? undefined : password,
    schema: query.get('schema') ?? 'public',
    ssl,
    sslmode,
    display: displayOf(url, protocol),
  };
}

/** The URL from its parsed parts: user, `***` for a password, host, port, path, the known parameters. */
function displayOf(url: URL, protocol: string): string {
  const userinfo =
    url.username === '' && url.password === '' ? '' : `${url.username}${url.password === '' ? '' : ':***'}@`;
  const port = url.port === '' ? '' : `:${url.port}`;
  const query = [...url.searchParams]
    .filter(([key]) => SECRET_PARAMETERS.has(key) || SHOWN_PARAMETERS.has(key))
    .map(([key, value]) =>
      SECRET_PARAMETERS.has(key) ? `${key}=***` : `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
    )
    .join('&');
  return `${protocol}://${userinfo}${url.hostname}${port}${url.pathname}${query === '' ? '' : `?${query}`}`;
}
