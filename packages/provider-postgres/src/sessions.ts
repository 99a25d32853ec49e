/**
 * Sessions reused between the targets of a fleet run (core's `SessionShelf`): tenants in schemas
 * of one database, or databases of one server, each cost the server a new backend with cold
 * catalog caches otherwise, which is most of a target's status on a database with many schemas.
 */
import type { SessionShelf } from '@strata/core';
import type { ClientSettings, Sql } from './client.js';
import type { ParsedUrl } from './url.js';

/**
 * What makes two sessions interchangeable: the server, database and credentials, TLS, and the
 * settings sent when the session started. The search_path is not part of it: every connection
 * sets its own. The key never leaves the process (it holds the password).
 */
export function sessionKey(role: 'connection' | 'lock', url: ParsedUrl, settings: ClientSettings): string {
  return JSON.stringify([
    role,
    url.host,
    url.port,
    url.database,
    url.user,
    url.password ?? null,
    url.ssl ?? null,
    settings.statementTimeoutMs ?? null,
    settings.lockTimeoutMs ?? null,
    settings.arrayTypes ?? true,
  ]);
}

/**
 * A kept session that still answers `ready` (the connection's first statement, which also
 * proves the session alive), or undefined. A session that fails it is ended: the server may have
 * closed it while it was kept (idle timeout, restart).
 */
export async function takeSession(
  shelf: SessionShelf | undefined,
  key: string,
  ready: (sql: Sql) => Promise<unknown>,
): Promise<Sql | undefined> {
  for (let sql = shelf?.take(key) as Sql | undefined; sql !== undefined; sql = shelf?.take(key) as Sql | undefined) {
    try {
      await ready(sql);
      return sql;
    } catch {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  }
  return undefined;
}

/**
 * What any migration could have left in its session, undone before another target's connection
 * uses it: a transaction left open, SET (also ROLE and SESSION AUTHORIZATION, which RESET ALL
 * leaves), temporary tables, LISTEN, advisory locks, cursors, and statements it PREPAREd (only
 * those: `DEALLOCATE ALL` would also drop the driver's own, which it keeps using). Settings return
 * to those the session started with, which are part of its key.
 */
const RESET_SESSION = [
  'SET SESSION AUTHORIZATION DEFAULT',
  'RESET ALL',
  'DISCARD TEMP',
  'DISCARD SEQUENCES',
  'UNLISTEN *',
  'SELECT pg_advisory_unlock_all()',
  'CLOSE ALL',
  `DO $$ DECLARE s record; BEGIN
     FOR s IN SELECT name FROM pg_prepared_statements WHERE from_sql LOOP EXECUTE format('DEALLOCATE %I', s.name); END LOOP;
   END $$`,
].join('; ');

/**
 * Ends the session, or with a shelf puts it there for the next connection, reset
 * (`RESET_SESSION`) when it ran anything that can change a session (`ranStatements`: a script,
 * a transaction); strata's own reads (status, introspection, the history) leave nothing behind.
 * A session that cannot be reset is ended.
 */
export async function leaveSession(
  shelf: SessionShelf | undefined,
  key: string,
  sql: Sql,
  ranStatements: boolean,
): Promise<void> {
  const end = async (): Promise<void> => {
    await sql.end({ timeout: 5 });
  };
  if (shelf === undefined) return end();
  if (!ranStatements) return shelf.put(key, sql, end);
  try {
    // Outside a transaction ROLLBACK only warns (notices are not shown). A query of its own, as
    // a multi-statement query would run the rest in an implicit transaction it ends; both are
    // sent at once, and the server runs them in order.
    await Promise.all([sql.unsafe('ROLLBACK'), sql.unsafe(RESET_SESSION).simple()]);
  } catch {
    return end().catch(() => {});
  }
  shelf.put(key, sql, end);
}
