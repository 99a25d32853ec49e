import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import postgres from 'postgres';
import { createTestSqlite, startTestPostgres, type TestPostgres } from '../src/index.js';

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
