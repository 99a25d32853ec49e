/**
 * The workflows end to end on real SQLite files beyond the kit (test/kit.test.ts): adoption of
 * real Prisma histories from the corpus, and a deploy killed in the middle.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll } from '@jest/globals';
import type { Database } from '@strata/core';
import {
  describeAdoptionScenario,
  describeKilledDeployScenario,
  insertPrismaHistoryRow,
  type PrismaHistoryRow,
} from '@strata/core/testing';
import { corpusOrSkip, createTempDir, deployChildCommand } from '@strata/testkit';
import { provider } from '../src/index.js';

const temp = createTempDir('strata-sqlite-workflows-');
afterAll(() => temp.close());

const createDatabase = async (): Promise<string> => `file:${path.join(temp.dir, `${randomUUID()}.db`)}`;

// Prisma's own DDL for its history table on SQLite.
const PRISMA_HISTORY_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

describeAdoptionScenario(
  'sqlite',
  () => ({
    provider,
    createDatabase,
    corpusProjects: ['remix-run__indie-stack', 'epicweb-dev__epic-stack'],
    createPrismaHistoryTable: (connection: Database) => connection.execute(`${PRISMA_HISTORY_DDL};`),
    insertPrismaRow: (connection: Database, row: PrismaHistoryRow) =>
      // Prisma's SQLite engine stores timestamps as milliseconds since the epoch.
      insertPrismaHistoryRow(connection, row, provider, (date) => date.getTime()),
  }),
  corpusOrSkip,
);

describeKilledDeployScenario('sqlite', () => ({
  provider,
  createDatabase,
  childCommand: (url, migrationsDir) => deployChildCommand('@strata/provider-sqlite', url, migrationsDir),
  // A few million rows: seconds of work inside the migration's transaction.
  slowMigrationSql: `CREATE TABLE "Slow" ("x" INTEGER NOT NULL);
WITH RECURSIVE "n"("x") AS (SELECT 1 UNION ALL SELECT "x" + 1 FROM "n" WHERE "x" < 4000000)
INSERT INTO "Slow" ("x") SELECT "x" FROM "n";
`,
}));
