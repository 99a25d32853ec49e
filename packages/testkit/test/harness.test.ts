import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import mysql from 'mysql2/promise';
import postgres from 'postgres';
import {
  createTestSqlite,
  startTestMysql,
  startTestPostgres,
  type TestPostgres,
  testMysqlAvailable,
  testMysqlServerUrl,
} from '../src/index.js';

describe('PostgreSQL harness', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  });
  afterAll(async () => {
    await pg.close();
  });

  test('gives a real database that keeps what was written', async () => {
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe('CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL)');
      await sql.unsafe(`INSERT INTO "t" VALUES (1, 'a'), (2, 'b')`);
      const rows = await sql.unsafe('SELECT "name" FROM "t" ORDER BY "id"');
      expect(rows.map((r) => r.name)).toEqual(['a', 'b']);
      const version = await sql.unsafe('SHOW server_version');
      expect(String(version[0]?.server_version)).toMatch(/^1\d/);
    } finally {
      await sql.end();
    }
  });

  test('the backend matches STRATA_TEST_POSTGRES_URL', () => {
    expect(pg.backend).toBe(process.env.STRATA_TEST_POSTGRES_URL ? 'server' : 'pglite');
    expect(pg.supportsConcurrentSessions).toBe(pg.backend === 'server');
  });
});

test('SQLite harness gives a fresh file path in its own folder', () => {
  const a = createTestSqlite();
  const b = createTestSqlite();
  try {
    expect(a.file).not.toBe(b.file);
    expect(a.url).toBe(`file:${a.file}`);
  } finally {
    a.close();
    b.close();
  }
});

// without a server the test is skipped (and testMysqlAvailable says so once)
const mysqlTest = (await testMysqlAvailable()) ? test : test.skip;

describe('MySQL harness', () => {
  mysqlTest(
    'gives a fresh database per call and drops it, and the missing ones created meanwhile, on close',
    async () => {
      const a = await startTestMysql();
      const b = await startTestMysql();
      const missing = a.missingDatabaseUrl();
      const missingName = new URL(missing).pathname.slice(1);
      const admin = await mysql.createConnection({ uri: testMysqlServerUrl()! });
      const exists = async (name: string): Promise<boolean> => {
        const [rows] = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [name]);
        return (rows as unknown[]).length > 0;
      };
      try {
        expect(a.database).not.toBe(b.database);
        expect(new URL(a.url).pathname).toBe(`/${a.database}`);
        await a.admin('CREATE TABLE `t` (`id` INTEGER NOT NULL)', a.database);
        expect(await exists(a.database)).toBe(true);
        expect(await exists(missingName)).toBe(false);
        await admin.query(`CREATE DATABASE \`${missingName}\``);
        await a.close();
        await b.close();
        expect(await exists(a.database)).toBe(false);
        expect(await exists(b.database)).toBe(false);
        expect(await exists(missingName)).toBe(false);
      } finally {
        await admin.end();
      }
    },
  );
});
