/**
 * Opening `mysql2` connections, and turning their failures into StrataErrors with a code and a
 * next step. The password never appears in a message.
 *
 * Every connection reads and writes dates in UTC (`timezone: 'Z'`) and returns BIGINT and
 * DECIMAL values as text, so that nothing is rounded through a JavaScript number.
 */

import { ErrorCodes, maskSecrets, StrataError } from '@strata/core';
import type mysql from 'mysql2/promise';
import { match } from 'ts-pattern';
import { quoteIdent } from './sql.js';
import type { ParsedMysqlUrl, TlsMode } from './url.js';

export type MysqlConnection = mysql.Connection;

/**
 * The table types that hold rows: MariaDB reports a system-versioned table (`WITH SYSTEM
 * VERSIONING`) as `SYSTEM VERSIONED` rather than `BASE TABLE`. For `table_type IN (...)`.
 */
export const TABLE_TYPES = "'BASE TABLE', 'SYSTEM VERSIONED'";

/** Runs one statement on the connection's session, `?` placeholders bound to `params`; returns its rows. */
export type Run = <T = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

/** A parsed URL (url.ts). */
export type MysqlUrl = ParsedMysqlUrl;

export function where(url: MysqlUrl): string {
  return url.socket ?? `${url.host}:${url.port}`;
}

export interface ClientSettings {
  /** The database to use; undefined for a server-level session (CREATE DATABASE). */
  readonly database?: string;
}

/**
 * mysql2's `ssl` for the URL's TLS mode: none for `disable` (and when the URL says nothing, as
 * Prisma does); `require` encrypts without checking the certificate; `verify` checks it against
 * the CAs Node.js trusts. `prefer` is tried as `require` first (see `openConnection`).
 */
export function sslOptions(mode: TlsMode | undefined): { readonly rejectUnauthorized: boolean } | undefined {
  return match(mode)
    .with(undefined, 'disable', () => undefined)
    .with('prefer', 'require', () => ({ rejectUnauthorized: false }))
    .with('verify', () => ({ rejectUnauthorized: true }))
    .exhaustive();
}

/**
 * Opens one connection; connection failures are StrataErrors (see `connectionError`). With
 * `prefer`, a server without TLS is connected to again without it.
 */
export async function openConnection(url: MysqlUrl, settings: ClientSettings = {}): Promise<MysqlConnection> {
  try {
    return await connectWith(url, settings, sslOptions(url.tls));
  } catch (error) {
    if (url.tls !== 'prefer' || (error as MysqlErrorShape).code !== NO_TLS) throw connectionError(error, url) ?? error;
  }
  try {
    return await connectWith(url, settings, undefined);
  } catch (error) {
    throw connectionError(error, url) ?? error;
  }
}

/** mysql2's code for a server that answers a TLS request with no TLS. */
const NO_TLS = 'HANDSHAKE_NO_SSL_SUPPORT';

/** The driver is imported on the first connection, not with the provider. */
async function connectWith(
  url: MysqlUrl,
  settings: ClientSettings,
  ssl: ReturnType<typeof sslOptions>,
): Promise<MysqlConnection> {
  const { default: mysql } = await import('mysql2/promise');
  return mysql.createConnection({
    ...(url.socket === undefined ? { host: url.host, port: url.port } : { socketPath: url.socket }),
    user: url.user,
    ...(url.password === undefined ? {} : { password: url.password }),
    ...(settings.database === undefined ? {} : { database: settings.database }),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    connectTimeout: 10_000,
    // one statement per call: core splits scripts itself, and a stray `;` must not run a second one
    multipleStatements: false,
    ...(ssl === undefined ? {} : { ssl }),
  });
}

interface MysqlErrorShape {
  readonly code?: string;
  readonly errno?: number;
  readonly message?: string;
  readonly sqlMessage?: string;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOENT']);

/** A connection failure as a StrataError, or undefined when it is something else. */
export function connectionError(error: unknown, url: MysqlUrl): StrataError | undefined {
  const e = (error ?? {}) as MysqlErrorShape;
  const at = where(url);
  const details = { url: url.display, code: e.code, errno: e.errno };
  if (e.code !== undefined && UNREACHABLE.has(e.code))
    return new StrataError(ErrorCodes.connectionRefused, `Cannot reach the MySQL server at ${at} (${e.code}).`, {
      hint: 'Check that the server is running and that host and port in the URL are right.',
      details,
      cause: error,
    });
  if (e.code === NO_TLS)
    return new StrataError(
      ErrorCodes.connectionRefused,
      `The MySQL server at ${at} does not accept TLS connections, and the URL requires TLS.`,
      {
        hint: 'Enable TLS on the server, or change the URL: sslmode=prefer (TLS when the server offers it) or sslmode=disable.',
        details,
        cause: error,
      },
    );
  if (e.code === 'ER_ACCESS_DENIED_ERROR' || e.code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR')
    return new StrataError(ErrorCodes.authenticationFailed, `Access denied for user "${url.user}" at ${at}.`, {
      hint: 'Check the user name and password in the URL, and that the user may connect from this host.',
      details,
      cause: error,
    });
  // MySQL answers "access denied to database" also for a database the user cannot see
  if (e.code === 'ER_DBACCESS_DENIED_ERROR')
    return new StrataError(
      ErrorCodes.authenticationFailed,
      `User "${url.user}" may not use the database "${url.database}" at ${at}.`,
      {
        hint: `Grant the user access to it (GRANT ALL ON \`${url.database}\`.* TO ...), or check the database name in the URL.`,
        details,
        cause: error,
      },
    );
  // mysql2 says the session ended either when the next command is sent (a code) or, when it
  // noticed the closed socket first, by refusing the command (no code, this message)
  const closed = e.code === undefined && /connection is in closed state/i.test(e.message ?? '');
  if (e.code === 'PROTOCOL_CONNECTION_LOST' || e.code === 'ECONNRESET' || e.code === 'EPIPE' || closed)
    return new StrataError(
      ErrorCodes.connectionRefused,
      `The connection to the MySQL server at ${at} was lost (${closed ? 'closed' : e.code}).`,
      {
        hint: 'The server ended the session (restarted, or the session was killed): run the command again.',
        details,
        cause: error,
      },
    );
  // the server runs with --read-only (or --super-read-only) and this user may not override it
  if (e.code === 'ER_OPTION_PREVENTS_STATEMENT' && /read.only/i.test(e.message ?? ''))
    return new StrataError(
      ErrorCodes.databaseReadOnly,
      `The MySQL server at ${at} is read-only: strata cannot change it.`,
      {
        hint: 'Point the URL at the primary server (a replica is read-only), or turn read_only off on this one.',
        details,
        cause: error,
      },
    );
  if (e.code === 'ER_BAD_DB_ERROR')
    return new StrataError(ErrorCodes.databaseMissing, `The database "${url.database}" does not exist on ${at}.`, {
      hint: 'Create it, or run `strata migrate dev`, which creates it.',
      details,
      cause: error,
    });
  return undefined;
}

/**
 * A statement's failure as a StrataError when it is about the connection or the server (lost,
 * read-only), or undefined: a statement that fails on its own (a syntax error, a privilege on one
 * table) is left to the caller, which reports it with `describeError`.
 */
export function sessionError(error: unknown, url: MysqlUrl): StrataError | undefined {
  const strata = connectionError(error, url);
  return strata?.code === ErrorCodes.connectionRefused || strata?.code === ErrorCodes.databaseReadOnly
    ? strata
    : undefined;
}

/**
 * Creates the URL's database as Prisma does (utf8mb4, utf8mb4_unicode_ci). `IF NOT EXISTS` makes
 * it race-free: of several processes creating it at once, one creates it and the others get a
 * note (warning 1007) instead of an error. Returns true when this call created it.
 */
export async function createDatabase(url: MysqlUrl): Promise<boolean> {
  const admin = await openConnection(url);
  try {
    const [result] = await admin.query<mysql.ResultSetHeader>(
      `CREATE DATABASE IF NOT EXISTS ${quoteIdent(url.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    return result.warningStatus === 0;
  } catch (error) {
    throw connectionError(error, url) ?? error;
  } finally {
    await admin.end().catch(() => {});
  }
}

/** A backtick-quoted identifier; a backtick inside is doubled. */

/** The server's message with MySQL's error number (which is what manuals and forums index), secrets masked. */
export function describeError(error: unknown): string {
  const e = (error ?? {}) as MysqlErrorShape;
  const message = e.sqlMessage ?? e.message ?? String(error);
  const code = e.errno !== undefined && e.code !== undefined ? ` (MySQL error ${e.errno} ${e.code})` : '';
  return maskSecrets(`${message}${code}`);
}
