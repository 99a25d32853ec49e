/**
 * An isolated MySQL/MariaDB database per call, on the server at STRATA_TEST_MYSQL_URL
 * (`mysql://root@127.0.0.1:3306/`): a fresh database, dropped by `close()`.
 *
 * Without the variable, or when the server does not answer, there is no MySQL to test against:
 * `testMysqlAvailable()` says so with one line on stderr (once per test run, however many test
 * files ask) and test files skip their MySQL tests
 * (`const describeMysql = (await testMysqlAvailable()) ? describe : describe.skip`).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

export interface TestMysql {
  /** Connection URL of the isolated database. */
  readonly url: string;
  /** Its name. */
  readonly database: string;
  /** A fresh URL for an additional empty database, dropped by `close()` too. */
  createDatabase(): Promise<string>;
  /** A URL naming a database that does not exist yet, for code that creates it; `close()` drops it if anything did. */
  missingDatabaseUrl(): string;
  /** Runs SQL as the server's admin user (in the given database when one is named). */
  admin(sql: string, database?: string): Promise<unknown>;
  close(): Promise<void>;
}

export function testMysqlServerUrl(): string | undefined {
  const url = process.env.STRATA_TEST_MYSQL_URL;
  return url === undefined || url === '' ? undefined : url;
}

let availability: Promise<boolean> | undefined;

/** True when the server answers; otherwise prints why the MySQL tests are skipped, once per run. */
export function testMysqlAvailable(): Promise<boolean> {
  availability ??= (async () => {
    const serverUrl = testMysqlServerUrl();
    if (serverUrl === undefined) {
      sayOnce('MySQL tests skipped: STRATA_TEST_MYSQL_URL is not set (e.g. mysql://root@127.0.0.1:3306/).');
      return false;
    }
    try {
      const connection = await mysql.createConnection({ uri: serverUrl, connectTimeout: 3_000 });
      await connection.end();
      return true;
    } catch (error) {
      const url = new URL(serverUrl);
      sayOnce(
        `MySQL tests skipped: no server answers at ${url.host} (${(error as { code?: string }).code ?? String(error)}).`,
      );
      return false;
    }
  })();
  return availability;
}

/**
 * Prints `line` once per test run: jest runs test files in worker processes (or in its own
 * process with --runInBand), all children of one process, whose id names a marker file.
 */
function sayOnce(line: string): void {
  const runner = process.env.JEST_WORKER_ID === undefined ? process.pid : process.ppid;
  try {
    closeSync(openSync(path.join(tmpdir(), `strata-mysql-skipped-${runner}`), 'wx'));
  } catch {
    return;
  }
  process.stderr.write(`${line}\n`);
}

export async function startTestMysql(): Promise<TestMysql> {
  const serverUrl = testMysqlServerUrl();
  if (serverUrl === undefined) throw new Error('STRATA_TEST_MYSQL_URL is not set: check testMysqlAvailable() first');
  const admin = await mysql.createConnection({ uri: serverUrl, connectTimeout: 5_000 });
  const names: string[] = [];
  const urlOf = (name: string): string => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const newName = (): string => {
    const name = `strata_test_${randomBytes(6).toString('hex')}`;
    names.push(name);
    return name;
  };
  const createDatabase = async (): Promise<string> => {
    const name = newName();
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return urlOf(name);
  };
  const url = await createDatabase();
  return {
    url,
    database: names[0]!,
    createDatabase,
    missingDatabaseUrl: () => urlOf(newName()),
    async admin(sql, database) {
      if (database !== undefined) await admin.query(`USE \`${database}\``);
      const [result] = await admin.query(sql);
      return result;
    },
    async close() {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}
