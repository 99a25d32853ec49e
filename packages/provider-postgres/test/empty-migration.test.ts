/**
 * SQL written by hand into a migration: `migrate dev --create-only` with no schema change writes
 * an empty migration for what the schema cannot say (a CHECK constraint), and `migrate dev`
 * applies it. CONCURRENTLY cannot run in a transaction: a migration with it runs statement by
 * statement, and a failure says so (nothing is claimed rolled back) and names the statement.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, migrateDev, migrateResolve, migrateStatus, openDatabase } from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import { provider } from '../src/index.js';

let pg: TestPostgres;
let db: Database;
let project: string;
let schemaPath: string;
let migrationsDir: string;
const base = () => ({ provider, connection: db, schemaPath, migrationsDir });

beforeAll(async () => {
  pg = await startTestPostgres();
  db = await openDatabase(provider, pg.backend === 'server' ? await pg.createDatabase() : pg.url);
  project = mkdtempSync(path.join(tmpdir(), 'strata-empty-migration-'));
  await mkdir(path.join(project, 'prisma'));
  schemaPath = path.join(project, 'prisma', 'schema.prisma');
  migrationsDir = path.join(project, 'prisma', 'migrations');
  await writeFile(
    schemaPath,
    'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String\n}\n',
  );
  await migrateDev({ ...base(), name: 'init' });
});

afterAll(async () => {
  await db?.close();
  await pg?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

async function emptyMigration(name: string, sql: string): Promise<string> {
  const created = await migrateDev({ ...base(), name, createOnly: true });
  if (created.outcome !== 'created') throw new Error(`no migration was written (${created.outcome})`);
  expect(created.changes).toEqual([]);
  await writeFile(path.join(created.migration.path, 'migration.sql'), sql);
  return created.migration.name;
}

describe('an empty migration with hand-written SQL on PostgreSQL', () => {
  test('a CHECK constraint in an empty migration: dev applies it, and the database stays in sync', async () => {
    const name = await emptyMigration(
      'email_check',
      '-- a rule the schema cannot say\nALTER TABLE "User" ADD CONSTRAINT "User_email_not_empty" CHECK ("email" <> \'\');\n',
    );
    expect((await migrateDev(base())).appliedPending.map((a) => a.name)).toEqual([name]);
    await expect(db.execute(`INSERT INTO "User" ("email") VALUES ('')`)).rejects.toThrow(/User_email_not_empty/);
    expect((await migrateStatus(base())).inSync).toBe(true);
  });

  test("the schema's index written CONCURRENTLY by hand: dev applies it outside a transaction, no drift", async () => {
    await writeFile(
      schemaPath,
      (await readFile(schemaPath, 'utf8')).replace('  email String\n', '  email String\n\n  @@index([email])\n'),
    );
    const created = await migrateDev({ ...base(), name: 'email_index', createOnly: true });
    if (created.outcome !== 'created') throw new Error('not created');
    const sqlPath = path.join(created.migration.path, 'migration.sql');
    const sql = await readFile(sqlPath, 'utf8');
    expect(sql).toMatch(/CREATE INDEX "User_email_idx"/);
    await writeFile(sqlPath, sql.replace('CREATE INDEX', 'CREATE INDEX CONCURRENTLY'));
    // inside a transaction PostgreSQL refuses CONCURRENTLY: applying it proves it ran outside one
    expect((await migrateDev(base())).appliedPending.map((a) => a.name)).toEqual([created.migration.name]);
    expect(await db.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'User_email_idx'`)).toHaveLength(1);
    const row = (await db.history.list()).find((r) => r.migrationName === created.migration.name);
    expect(row).toMatchObject({ appliedStepsCount: 1, finishedAt: expect.any(Date) });
    expect((await migrateStatus(base())).inSync).toBe(true);
  });

  test('a failing CONCURRENTLY statement: the error says it ran outside a transaction and names the statement', async () => {
    const name = await emptyMigration(
      'broken_index',
      'CREATE INDEX CONCURRENTLY "User_id_idx" ON "User" ("id");\nCREATE INDEX CONCURRENTLY "Nope_idx" ON "NoSuchTable" ("id");\n',
    );
    await expect(migrateDev(base())).rejects.toMatchObject({
      code: 'migration-failed',
      hint: expect.stringContaining('It ran outside a transaction: 1 statement(s) were applied'),
      details: {
        transactional: false,
        appliedSteps: 1,
        statement: {
          index: 2,
          total: 2,
          line: 2,
          text: 'CREATE INDEX CONCURRENTLY "Nope_idx" ON "NoSuchTable" ("id");',
        },
      },
    });
    // the first index stayed: the state the hint describes
    expect(await db.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'User_id_idx'`)).toHaveLength(1);
    await db.execute('DROP INDEX "User_id_idx";');
    await migrateResolve({ ...base(), rolledBack: name });
    expect((await migrateStatus(base())).problems.map((p) => p.code)).not.toContain('failed-migration');
  });
});
