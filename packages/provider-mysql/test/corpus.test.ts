/**
 * umami's MySQL history (real data): Prisma's committed migrations against strata's plan for the
 * same schema, the schema's history replayed version by version through strata's plans, and a
 * database migrated by Prisma adopted as it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type Database, type DatabaseSchema, diff, emptySchema, openDatabase, planMigration } from '@strata/core';
import { describeAdoptionScenario, insertPrismaHistoryRow, type PrismaHistoryRow } from '@strata/core/testing';
import { startTestMysql, type TestMysql, testMysqlAvailable } from '@strata/testkit';
import { corpusDir, describeMysql, lowerMysql, provider } from './support.js';

const PROJECT = 'umami-software__umami-mysql';
const corpus = corpusDir();
const projectDir = corpus === undefined ? undefined : path.join(corpus, PROJECT);
const itCorpus = corpus === undefined ? it.skip : it;
const serverUp = await testMysqlAvailable();

// Prisma's own DDL for its history table on MySQL (its engine runs it unquoted, exactly so).
const PRISMA_HISTORY_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

// umami's 05_add_visit_id fills visit ids with MySQL 8's BIN_TO_UUID, which MariaDB does not have:
// on MariaDB each test database gets a stored function of that name doing the same formatting, so
// the history as committed replays (website_event is empty then, so no row depends on it).
const BIN_TO_UUID_SHIM = `CREATE FUNCTION BIN_TO_UUID(b VARBINARY(16)) RETURNS CHAR(36) DETERMINISTIC
  RETURN LOWER(INSERT(INSERT(INSERT(INSERT(HEX(b), 9, 0, '-'), 14, 0, '-'), 19, 0, '-'), 24, 0, '-'))`;

const migrationNames = (dir: string): string[] =>
  readdirSync(path.join(dir, 'migrations'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

const noDifference = (a: DatabaseSchema, b: DatabaseSchema) => ({
  forward: diff(a, b, { hooks: provider.diffHooks }),
  backward: diff(b, a, { hooks: provider.diffHooks }),
});

let server: TestMysql;
let mariaDb = false;

/** A fresh database on the test server, with the BIN_TO_UUID stand-in on MariaDB. */
async function createDatabase(): Promise<string> {
  const url = await server.createDatabase();
  if (mariaDb) {
    const db = await openDatabase(provider, url);
    try {
      await db.query(BIN_TO_UUID_SHIM);
    } finally {
      await db.close();
    }
  }
  return url;
}

const open: Database[] = [];
// one server for both describes (the adoption scenario's databases come from it too)
beforeAll(async () => {
  if (!serverUp) return;
  server = await startTestMysql();
  const db = await openDatabase(provider, server.url);
  open.push(db);
  const rows = await db.query<{ v: string }>('SELECT VERSION() AS v');
  mariaDb = /mariadb/i.test(String(rows[0]?.v));
});
afterAll(async () => {
  for (const db of open) await db.close();
  await server?.close();
});

describeMysql('umami (MySQL) corpus on the server', () => {
  async function fresh(): Promise<Database> {
    const db = await openDatabase(provider, await createDatabase());
    open.push(db);
    return db;
  }

  itCorpus("Prisma's committed migrations build the database strata builds from empty", async () => {
    const dir = projectDir as string;
    const prisma = await fresh();
    for (const name of migrationNames(dir)) {
      await prisma.execute(readFileSync(path.join(dir, 'migrations', name, 'migration.sql'), 'utf8'));
    }
    const umami = lowerMysql(readFileSync(path.join(dir, 'schema.prisma'), 'utf8'));
    const strata = await fresh();
    const plan = await planMigration({ from: emptySchema('mysql'), to: umami, provider, renames: [] });
    await strata.execute(plan.script);
    const [byPrisma, byStrata] = [await prisma.introspect(), await strata.introspect()];
    expect(noDifference(byPrisma, byStrata)).toEqual({ forward: [], backward: [] });
    expect(noDifference(byStrata, umami)).toEqual({ forward: [], backward: [] });
  });

  itCorpus('replays the schema history version by version with no drift after each step', async () => {
    const dir = projectDir as string;
    const index = readFileSync(path.join(dir, 'history', 'index.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .map(([file, , date]) => ({ file: file as string, date: date as string }))
      .sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
    const skipped: string[] = [];
    const versions = [
      ...index.map((v) => ({ name: v.file, text: readFileSync(path.join(dir, 'history', v.file), 'utf8') })),
      { name: 'schema.prisma', text: readFileSync(path.join(dir, 'schema.prisma'), 'utf8') },
    ].filter((v) => {
      // one commit (f10694d, 2023-01-05) put umami's PostgreSQL schema at the MySQL path
      if (/provider\s*=\s*"mysql"/.test(v.text)) return true;
      skipped.push(v.name);
      return false;
    });
    const db = await fresh();
    let current = emptySchema('mysql');
    let changed = 0;
    for (const version of versions) {
      const next = lowerMysql(version.text, version.name);
      const plan = await planMigration({ from: current, to: next, provider, renames: [], probe: db.probe });
      if (plan.statements.length > 0) changed += 1;
      // by the executor's rules, as deploy runs a migration (without a history row)
      const result = await db.run({ name: version.name, sql: plan.script, transactional: plan.transactional });
      expect({ version: version.name, error: result.ok ? undefined : result.error }).toEqual({
        version: version.name,
        error: undefined,
      });
      expect({
        version: version.name,
        drift: diff(await db.introspect(), next, { hooks: provider.diffHooks }),
      }).toEqual({ version: version.name, drift: [] });
      current = next;
    }
    // 35 of the 50 commits change the database; the rest change generators, comments or formatting
    expect(changed).toBe(35);
    expect(skipped).toEqual(['f10694d07eeeb3609c214270d772245168e8d835.prisma']);
    expect(versions).toHaveLength(51);
  });
});

describeAdoptionScenario(
  'mysql',
  () => ({
    provider,
    createDatabase,
    corpusProjects: [PROJECT],
    createPrismaHistoryTable: (connection: Database) => connection.execute(PRISMA_HISTORY_DDL),
    // Prisma writes DATETIME(3) in UTC, as the provider's sessions read and write dates
    insertPrismaRow: (connection: Database, row: PrismaHistoryRow) =>
      insertPrismaHistoryRow(connection, row, provider, (date) => date),
  }),
  // without a server the scenario has nothing to run against: it returns at once
  () => (serverUp ? corpus : undefined),
);
