/**
 * A strata Connection to MySQL or MariaDB: a session on one server connection, introspection,
 * data inspection, the migration lock and reset. Core runs scripts and keeps the history through it.
 *
 * MySQL DDL is not transactional: `CREATE`, `ALTER`, `DROP` (and `RENAME`, `TRUNCATE`) commit the
 * open transaction before they run and commit themselves after (an implicit commit), so a
 * `rollback()` after one of them undoes only what ran after it. The provider declares
 * `transactionalDdl: false`, and core runs a migration statement by statement accordingly.
 */
import type { Connection, ConnectOptions } from '@strata/core';
import type { RowDataPacket } from 'mysql2/promise';
import {
  connectionError,
  createDatabase,
  describeError,
  type MysqlConnection,
  type MysqlUrl,
  openConnection,
  type Run,
  sessionError,
  TABLE_TYPES,
} from './client.js';
import { introspect, isMariaDb } from './introspect.js';
import { DEFAULT_LOCK_TIMEOUT_MS, lockName, takeLock } from './lock.js';
import { createProbe } from './probe.js';
import { planReset, reset } from './reset.js';
import { parseMysqlUrl } from './url.js';

export const PROVIDER_ID = 'mysql';

export async function connect(urlText: string, options: ConnectOptions = {}): Promise<Connection> {
  const url = parseMysqlUrl(urlText);
  let connection: MysqlConnection;
  let created = false;
  try {
    connection = await openConnection(url, { database: url.database });
  } catch (error) {
    if (!options.createIfMissing || (error as { code?: string }).code !== 'database-missing') throw error;
    created = await createDatabase(url);
    connection = await openConnection(url, { database: url.database });
  }
  try {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS version');
    const mariaDb = isMariaDb(String(rows[0]?.version ?? ''));
    await applySessionSettings(connection, mariaDb, options);
    return createConnection(connection, url, mariaDb, created);
  } catch (error) {
    await connection.end().catch(() => {});
    throw connectionError(error, url) ?? error;
  }
}

/**
 * Timeouts for this session. The statement timeout is MariaDB's `max_statement_time` (seconds,
 * every statement) or MySQL's `max_execution_time` (milliseconds, SELECT only: MySQL has no
 * limit for DDL). The lock timeout bounds waits for metadata locks (DDL behind a long query) and
 * for row locks.
 */
async function applySessionSettings(
  connection: MysqlConnection,
  mariaDb: boolean,
  options: ConnectOptions,
): Promise<void> {
  if (options.statementTimeoutMs !== undefined) {
    const ms = Math.max(1, Math.round(options.statementTimeoutMs));
    await connection.query(
      mariaDb ? `SET SESSION max_statement_time = ${ms / 1000}` : `SET SESSION max_execution_time = ${ms}`,
    );
  }
  if (options.lockTimeoutMs !== undefined) {
    // both variables take whole seconds, at least 1
    const seconds = Math.max(1, Math.ceil(options.lockTimeoutMs / 1000));
    await connection.query(`SET SESSION lock_wait_timeout = ${seconds}`);
    await connection.query(`SET SESSION innodb_lock_wait_timeout = ${seconds}`);
  }
}

/** Dates are written in UTC, as the session reads them (see client.ts); booleans as 1 and 0. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

function createConnection(connection: MysqlConnection, url: MysqlUrl, mariaDb: boolean, created: boolean): Connection {
  const run: Run = async <T>(sql: string, params: readonly unknown[] = []): Promise<T[]> => {
    try {
      const [rows] = await connection.query(sql, params.map(bindable));
      // a statement that returns no rows (DDL, INSERT) returns its result header instead
      return (Array.isArray(rows) ? rows : []) as T[];
    } catch (error) {
      throw sessionError(error, url) ?? error;
    }
  };
  return {
    provider: PROVIDER_ID,
    displayUrl: url.display,
    created,
    // no historyNamespace: a MySQL connection works in one database, which holds the history tables
    introspect: () => introspect(run, { mariaDb, provider: PROVIDER_ID }),
    async hasTable(name) {
      // BINARY: information_schema compares names case-insensitively, table names on Linux are not
      const rows = await run(
        `SELECT 1 AS present FROM information_schema.tables
          WHERE table_schema = DATABASE() AND BINARY table_name = ? AND table_type IN (${TABLE_TYPES})`,
        [name],
      );
      return rows.length > 0;
    },
    probe: createProbe(run),
    lock: ({ timeoutMs = DEFAULT_LOCK_TIMEOUT_MS }) => takeLock(url, timeoutMs, lockName(url.database)),
    describeError,
    async exec(sql) {
      await run(sql);
    },
    query: <T>(sql: string, params?: readonly unknown[]) => run<T>(sql, params),
    // DDL run between begin() and commit() commits implicitly (see the module comment)
    // READ WRITE: on a read-only server it fails here (database-read-only), before any statement
    begin: async () => void (await run('START TRANSACTION READ WRITE')),
    commit: async () => void (await run('COMMIT')),
    rollback: async () => void (await run('ROLLBACK')),
    planReset: () => planReset(run),
    reset: () => reset(run),
    async close() {
      await connection.end().catch(() => connection.destroy());
    },
  };
}
