/**
 * The workflows end to end on real PostgreSQL (a server with STRATA_TEST_POSTGRES_URL, PGlite
 * otherwise): the shared reviewed-flow scenario and adoption of a real Prisma history.
 */
import { afterAll, beforeAll } from '@jest/globals';
import type { Database } from '@strata/core';
import {
  describeAdoptionScenario,
  describeExecutionScenarios,
  describeKilledDeployScenario,
  describeLintScenario,
  describeWorkflowScenarios,
  insertPrismaHistoryRow,
  type PrismaHistoryRow,
} from '@strata/core/testing';
import { corpusOrSkip, deployChildCommand, startTestPostgres, type TestPostgres } from '@strata/testkit';
import { provider } from '../src/index.js';

const servers: TestPostgres[] = [];

beforeAll(async () => {
  servers.push(await startTestPostgres());
});

afterAll(async () => {
  for (const server of servers) await server.close();
});

/** A fresh database: another one on the server, or another PGlite (which serves a single database). */
async function createDatabase(): Promise<string> {
  const first = servers[0];
  if (first === undefined) throw new Error('the test database was not started');
  if (first.backend === 'server') return first.createDatabase();
  const next = await startTestPostgres();
  servers.push(next);
  return next.url;
}

describeWorkflowScenarios('postgresql', () => ({ provider, createDatabase }));
describeExecutionScenarios('postgresql', () => ({ provider, createDatabase }));
describeLintScenario('postgresql', () => ({ provider, createDatabase }));

// Prisma's own DDL for its history table on PostgreSQL.
const PRISMA_HISTORY_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

describeAdoptionScenario(
  'postgresql',
  () => ({
    provider,
    createDatabase,
    corpusProjects: ['umami-software__umami', 'lukevella__rallly', 'documenso__documenso'],
    createPrismaHistoryTable: (connection: Database) => connection.execute(PRISMA_HISTORY_DDL),
    insertPrismaRow: (connection: Database, row: PrismaHistoryRow) =>
      insertPrismaHistoryRow(connection, row, provider, (date) => date),
    // PGlite ships without most contrib extensions (umami's first migration creates pgcrypto).
    replaySkipReason: (_project, error) =>
      servers[0]?.backend === 'pglite' && /extension/i.test(String((error as Error).message))
        ? `PGlite lacks an extension (${(error as Error).message})`
        : undefined,
  }),
  corpusOrSkip,
);

describeKilledDeployScenario('postgresql', () => ({
  provider,
  createDatabase,
  childCommand: (url, migrationsDir) => deployChildCommand('@strata/provider-postgres', url, migrationsDir),
  // Rows, then seconds of sleep, inside the migration's transaction.
  slowMigrationSql: `CREATE TABLE "Slow" ("x" INTEGER NOT NULL);
INSERT INTO "Slow" ("x") SELECT g FROM generate_series(1, 100000) AS g;
SELECT pg_sleep(4);
`,
  skipReason: () =>
    servers[0]?.backend === 'pglite'
      ? 'PGlite runs inside the test process: a sleeping statement blocks it, and a killed client does not end its single backend session'
      : undefined,
}));
