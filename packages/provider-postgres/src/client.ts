/**
 * Opening `postgres` (porsager/postgres) clients, and turning their failures into StrataErrors
 * with a code and a next step. The password never appears in a message.
 */
import type { Socket } from 'node:net';
import { ErrorCodes, StrataError } from '@strata/core';
import type postgres from 'postgres';
import { quoteIdent } from './sql.js';
import type { ParsedUrl } from './url.js';

export type Sql = postgres.Sql;

export interface ClientSettings {
  readonly searchPath?: readonly string[];
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** Pool size; 1 keeps every statement on one session. */
  readonly max?: number;
  /**
   * Ask the server for its array types on connecting (default true), so array values and
   * parameters convert. A session that never sends or reads an array (the lock's) skips that
   * round trip, whose answer grows with every table of the database (one array type per table).
   */
  readonly arrayTypes?: boolean;
}

/**
 * The driver is imported on the first connection, not with the provider: `check`, `format` and
 * `migrate diff` between files never load it.
 */
export async function openClient(url: ParsedUrl, settings: ClientSettings = {}, database = url.database): Promise<Sql> {
  const { default: postgres } = await import('postgres');
  const connection: Record<string, string> = { application_name: 'strata' };
  if (settings.searchPath !== undefined) connection.search_path = settings.searchPath.map(quoteIdent).join(', ');
  if (settings.statementTimeoutMs !== undefined) connection.statement_timeout = String(settings.statementTimeoutMs);
  if (settings.lockTimeoutMs !== undefined) connection.lock_timeout = String(settings.lockTimeoutMs);
  return postgres({
    // a host that is a directory is a Unix socket's, as in libpq
    ...(url.host.startsWith('/') ? { path: `${url.host}/.s.PGSQL.${url.port}` } : { host: url.host }),
    port: url.port,
    database,
    username: url.user,
    ...(url.password === undefined ? {} : { password: url.password }),
    ...(url.ssl === undefined || url.ssl === 'disable' ? { ssl: false } : { ssl: url.ssl }),
    max: settings.max ?? 1,
    fetch_types: settings.arrayTypes ?? true,
    onnotice: () => {},
    connection,
    // bigint and numeric stay text; counts are converted where read
    types: {},
    connect_timeout: 10,
  });
}

interface PgErrorShape {
  readonly code?: string;
  readonly message?: string;
  readonly errno?: string;
}

/** Node's codes for a certificate that fails verification (sslmode=verify-full / verify-ca). */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function where(url: ParsedUrl): string {
  return url.host.startsWith('/') ? `${url.host}/.s.PGSQL.${url.port}` : `${url.host}:${url.port}`;
}

/**
 * A failure while negotiating TLS, as a connection error that says which side wants what.
 * Whether the server speaks TLS at all is asked again (one SSLRequest): the client only sees the
 * server hang up in the middle of its handshake, which says nothing about why.
 */
async function tlsError(error: unknown, url: ParsedUrl): Promise<StrataError | undefined> {
  const e = (error ?? {}) as PgErrorShape;
  const message = e.message ?? '';
  const sslmode = url.sslmode ?? 'disable';
  const details = { url: url.display, code: e.code, sslmode };
  if (e.code !== undefined && CERTIFICATE_CODES.has(e.code))
    return new StrataError(
      ErrorCodes.connectionRefused,
      `The TLS certificate of the PostgreSQL server at ${where(url)} could not be verified (${e.code}: ${message}).`,
      {
        hint:
          `sslmode=${sslmode} accepts only a certificate for this host name signed by a CA that Node.js trusts ` +
          '(add yours with NODE_EXTRA_CA_CERTS=/path/ca.pem); sslmode=require encrypts without verifying it.',
        details,
        cause: error,
      },
    );
  // pg_hba.conf let nothing in without TLS: the server may accept this user only over TLS
  // (hostssl), or not from this host at all; the server's message cannot tell which.
  if (e.code === '28000' && /no encryption|SSL off/i.test(message))
    return new StrataError(
      ErrorCodes.authenticationFailed,
      `The PostgreSQL server at ${where(url)} has no pg_hba.conf entry that lets user "${url.user}" connect to database "${url.database}" without TLS (the URL has ${url.sslmode === undefined ? 'no sslmode' : `sslmode=${sslmode}`}).`,
      {
        hint: 'If the server accepts only TLS connections, add sslmode=require to the URL (verify-full also verifies its certificate); otherwise the server needs a pg_hba.conf entry for this host.',
        details,
        cause: error,
      },
    );
  if (url.ssl !== 'require' && url.ssl !== 'verify-full') return undefined;
  const tlsFailure =
    /TLS|SSL/.test(message) || e.code === 'EPROTO' || (e.code ?? '').startsWith('ERR_SSL') || e.code === 'ECONNRESET';
  if (!tlsFailure) return undefined;
  if ((await serverOffersTls(url)) === false)
    return new StrataError(
      ErrorCodes.connectionRefused,
      `The PostgreSQL server at ${where(url)} does not accept TLS connections, and the URL requires TLS (sslmode=${sslmode}).`,
      {
        hint: 'Change sslmode in the URL to disable (never TLS) or prefer (TLS when the server offers it), or enable ssl on the server.',
        details,
        cause: error,
      },
    );
  return new StrataError(
    ErrorCodes.connectionRefused,
    `TLS negotiation with the PostgreSQL server at ${where(url)} failed (sslmode=${sslmode}): ${message}`,
    {
      hint: "Check the server's ssl settings, or change sslmode in the URL (disable, prefer, require, verify-full).",
      details,
      cause: error,
    },
  );
}

/** Sends PostgreSQL's SSLRequest and reads the answer: `S` yes, `N` no; undefined when there is none. */
async function serverOffersTls(url: ParsedUrl): Promise<boolean | undefined> {
  // node:net on the first connection, not when the provider loads (check and diff never connect)
  const { connect: connectTcp } = await import('node:net');
  return new Promise((resolve) => {
    const socket: Socket = url.host.startsWith('/')
      ? connectTcp({ path: `${url.host}/.s.PGSQL.${url.port}` })
      : connectTcp({ host: url.host, port: url.port });
    const done = (answer: boolean | undefined): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(5000, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('connect', () => socket.write(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])));
    socket.once('data', (data: Buffer) => done(data[0] === 0x53 ? true : data[0] === 0x4e ? false : undefined));
  });
}

/** A connection failure as a StrataError, or undefined when it is something else. */
export function connectionError(error: unknown, url: ParsedUrl): StrataError | undefined {
  const e = (error ?? {}) as PgErrorShape;
  const at = where(url);
  const details = { url: url.display, code: e.code };
  if (
    e.code === 'ECONNREFUSED' ||
    e.code === 'ENOTFOUND' ||
    e.code === 'CONNECT_TIMEOUT' ||
    e.code === 'ETIMEDOUT' ||
    e.code === 'ENOENT' // no socket file in a Unix socket directory
  )
    return new StrataError(ErrorCodes.connectionRefused, `Cannot reach the PostgreSQL server at ${at} (${e.code}).`, {
      hint: 'Check that the server is running and that host and port in the URL are right.',
      details,
      cause: error,
    });
  if (e.code === '28P01' || e.code === '28000')
    return new StrataError(ErrorCodes.authenticationFailed, `Authentication failed for user "${url.user}" at ${at}.`, {
      hint: 'Check the user name and password in the URL.',
      details,
      cause: error,
    });
  if (e.code === '3D000')
    return new StrataError(ErrorCodes.databaseMissing, `The database "${url.database}" does not exist on ${at}.`, {
      hint: 'Create it, or run `strata migrate dev`, which creates it.',
      details,
      cause: error,
    });
  // The URL's own schema (`?schema=`, a tenant) missing is the target missing, as a database is;
  // any other schema missing is an error of the SQL that named it.
  if (e.code === '3F000' && e.message === `schema "${url.schema}" does not exist`)
    return new StrataError(
      ErrorCodes.databaseMissing,
      `The schema "${url.schema}" does not exist in the database "${url.database}" on ${at}.`,
      {
        hint: 'Check the schema= of the URL; `strata migrate deploy` creates it (unless --no-create), as does `strata migrate dev`.',
        details: { ...details, schema: url.schema },
        cause: error,
      },
    );
  return undefined;
}

/** Runs a first query so that connection problems surface here, as StrataErrors. */
export async function probe(sql: Sql, url: ParsedUrl): Promise<void> {
  try {
    await sql`SELECT 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw (await tlsError(error, url)) ?? connectionError(error, url) ?? error;
  }
}

export async function createDatabase(url: ParsedUrl): Promise<void> {
  const admin = await openClient(url, {}, 'postgres');
  try {
    await probe(admin, { ...url, database: 'postgres' });
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(url.database)}`);
  } catch (error) {
    // Another process created it first: that is what we wanted. It shows up as 42P04 when its
    // CREATE DATABASE had committed before ours began, and as a unique violation on pg_database's
    // name index when both ran at once and ours waited for the other to commit.
    if (!isAlreadyCreated(error)) throw error;
  } finally {
    await admin.end({ timeout: 1 }).catch(() => {});
  }
}

function isAlreadyCreated(error: unknown): boolean {
  const e = error as PgErrorShape & { constraint_name?: string };
  return e.code === '42P04' || (e.code === '23505' && e.constraint_name === 'pg_database_datname_index');
}
