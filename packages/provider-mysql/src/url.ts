/**
 * Connection URLs as Prisma users write them: `mysql://USER:PASSWORD@HOST:3306/DATABASE`, with
 * `?socket=/run/mysqld/mysqld.sock` for a Unix socket and `sslaccept=strict|accept_invalid_certs`
 * (Prisma's) or `sslmode=` for TLS. `mariadb://` is read the same way: MariaDB is a server this
 * provider supports, and its users write that scheme.
 *
 * No message here ever contains the URL's text: a malformed URL has no reliable place where its
 * password ends, so only the parsed form with the password replaced (`display`) is shown.
 */
import { ErrorCodes, maskSecrets, StrataError, urlErrors } from '@strata/core';

export type TlsMode = 'disable' | 'prefer' | 'require' | 'verify';

export interface ParsedMysqlUrl {
  /** Host name or address; `localhost` when a socket is used. */
  readonly host: string;
  readonly port: number;
  /** A Unix socket path (`?socket=`), used instead of host and port. */
  readonly socket: string | undefined;
  readonly database: string;
  readonly user: string;
  readonly password: string | undefined;
  readonly tls: TlsMode | undefined;
  /** The URL rebuilt from its parsed parts with every secret replaced by `***`. */
  readonly display: string;
}

export const URL_FORM = 'mysql://USER:PASSWORD@HOST:3306/DATABASE';
const SOCKET_FORM = 'mysql://USER@localhost/DATABASE?socket=/run/mysqld/mysqld.sock';
export const SCHEMES: readonly string[] = ['mysql:', 'mariadb:'];

const TLS_MODES: Readonly<Record<string, TlsMode>> = {
  // Prisma's parameter
  strict: 'verify',
  accept_invalid_certs: 'require',
  // libpq-style, which mysql2 users also write
  disable: 'disable',
  prefer: 'prefer',
  require: 'require',
  'verify-ca': 'verify',
  'verify-full': 'verify',
  verify_identity: 'verify',
};

/** The only parameters a display shows besides `password=***`. */
const SHOWN_PARAMETERS = new Set(['socket', 'sslaccept', 'sslmode']);

const { malformed, decode } = urlErrors('MySQL', URL_FORM);

export function parseMysqlUrl(text: string): ParsedMysqlUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  const protocol = scheme?.[1]?.toLowerCase();
  if (scheme === null || protocol === undefined || !SCHEMES.includes(`${protocol}:`))
    throw new StrataError(
      ErrorCodes.invalidArgument,
      'Not a MySQL URL: it does not start with mysql:// or mariadb://.',
      {
        hint: `Use ${URL_FORM}`,
      },
    );
  if (!text.slice(scheme[0].length).startsWith('//'))
    throw malformed(`"${protocol}:" must be followed by exactly two slashes and the host`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw malformed('it cannot be parsed (a port that is not a number, or an unencoded / ? # in the password)');
  }
  if (/@/.test(url.pathname + url.search + url.hash))
    throw malformed('it has an "@" after the host (a password with an unencoded / ? or #)');
  if (url.hash !== '') throw malformed('it has a "#" fragment');
  const query = url.searchParams;
  const socket = query.get('socket') ?? undefined;
  const host = decode(url.hostname, 'host').replace(/^\[(.*)\]$/, '$1');
  if (host === '' && socket === undefined)
    throw malformed('it names no host', `Use ${URL_FORM}, or for a Unix socket ${SOCKET_FORM}.`);
  if (url.port === '0') throw malformed('port 0 is not a port a server listens on');
  const path = url.pathname.replace(/^\//, '');
  if (path.includes('/')) throw malformed('the path after the host must be one database name');
  const database = decode(path, 'database name');
  if (database === '')
    throw malformed('it names no database', `Use ${URL_FORM}: strata manages one database, named in the path.`);
  const password = url.password !== '' ? decode(url.password, 'password') : (query.get('password') ?? undefined);
  const tlsText = query.get('sslaccept') ?? query.get('sslmode') ?? undefined;
  const tls = tlsText === undefined ? undefined : TLS_MODES[tlsText.toLowerCase()];
  if (tlsText !== undefined && tls === undefined)
    throw new StrataError(ErrorCodes.invalidArgument, `Unknown TLS setting "${tlsText}" in the MySQL URL.`, {
      hint: `Use sslaccept=strict or sslaccept=accept_invalid_certs (or sslmode=${Object.keys(TLS_MODES).slice(2).join('|')}).`,
    });
  return {
    host: host === '' ? 'localhost' : host,
    port: url.port === '' ? 3306 : Number(url.port),
    socket,
    database,
    user: decode(url.username, 'user name') || 'root',
    password: password === '' ? undefined : password,
    tls,
    display: displayOf(url, protocol),
  };
}

function displayOf(url: URL, protocol: string): string {
  const userinfo =
    url.username === '' && url.password === '' ? '' : `${url.username}${url.password === '' ? '' : ':***'}@`;
  const port = url.port === '' ? '' : `:${url.port}`;
  const query = [...url.searchParams]
    .filter(([key]) => key === 'password' || SHOWN_PARAMETERS.has(key))
    .map(([key, value]) =>
      key === 'password' ? 'password=***' : `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
    )
    .join('&');
  return `${protocol}://${userinfo}${url.hostname}${port}${url.pathname}${query === '' ? '' : `?${query}`}`;
}

/** A URL for a message: parsed and masked when it parses, else every URL-looking password masked. */
export function displayUrl(text: string): string {
  try {
    return parseMysqlUrl(text).display;
  } catch {
    return maskSecrets(text);
  }
}
