/**
 * Opening `postgres` (porsager/postgres) clients, and turning their failures into StrataErrors
 * with a code and a next step. The password never appears in a message.
 */
import { ErrorCodes, StrataError } from '@strata/core';
import postgres from 'postgres';
import { quoteIdent } from './sql.js';
import type { ParsedUrl } from './url.js';

export type Sql = postgres.Sql;

export interface ClientSettings {
  readonly searchPath?: readonly string[];
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** Pool size; 1 keeps every statement on one session. */
  readonly max?: number;
}

export function openClient(url: ParsedUrl, settings: ClientSettings = {}, database = url.database): Sql {
  const connection: Record<string, string> = { application_name: 'strata' };
  if (settings.searchPath !== undefined) connection.search_path = settings.searchPath.map(quoteIdent).join(', ');
  if (settings.statementTimeoutMs !== undefined) connection.statement_timeout = String(settings.statementTimeoutMs);
  if (settings.lockTimeoutMs !== undefined) connection.lock_timeout = String(settings.lockTimeoutMs);
  return postgres({
    host: url.host,
    port: url.port,
    database,
    username: url.user,
    ...(url.password === undefined ? {} : { password: url.password }),
    ...(url.ssl === undefined || url.ssl === 'disable' ? { ssl: false } : { ssl: url.ssl }),
    max: settings.max ?? 1,
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

/** A connection failure as a StrataError, or undefined when it is something else. */
export function connectionError(error: unknown, url: ParsedUrl): StrataError | undefined {
  const e = (error ?? {}) as PgErrorShape;
  const where = `${url.host}:${url.port}`;
  const details = { url: url.display, code: e.code };
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'CONNECT_TIMEOUT' || e.code === 'ETIMEDOUT')
    return new StrataError(
      ErrorCodes.connectionRefused,
      `Cannot reach the PostgreSQL server at ${where} (${e.code}).`,
      {
        hint: 'Check that the server is running and that host and port in the URL are right.',
        details,
        cause: error,
      },
    );
  if (e.code === '28P01' || e.code === '28000')
    return new StrataError(
      ErrorCodes.authenticationFailed,
      `Authentication failed for user "${url.user}" at ${where}.`,
      {
        hint: 'Check the user name and password in the URL.',
        details,
        cause: error,
      },
    );
  if (e.code === '3D000')
    return new StrataError(ErrorCodes.databaseMissing, `The database "${url.database}" does not exist on ${where}.`, {
      hint: 'Create it, or run `strata migrate dev`, which creates it.',
      details,
      cause: error,
    });
  return undefined;
}

/** Runs a first query so that connection problems surface here, as StrataErrors. */
export async function probe(sql: Sql, url: ParsedUrl): Promise<void> {
  try {
    await sql`SELECT 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw connectionError(error, url) ?? error;
  }
}

export async function createDatabase(url: ParsedUrl): Promise<void> {
  const admin = openClient(url, {}, 'postgres');
  try {
    await probe(admin, { ...url, database: 'postgres' });
    await admin.unsafe(`CREATE DATABASE ${quoteIdent(url.database)}`);
  } catch (error) {
    // another process may have created it in between
    if ((error as PgErrorShape).code !== '42P04') throw error;
  } finally {
    await admin.end({ timeout: 1 }).catch(() => {});
  }
}
