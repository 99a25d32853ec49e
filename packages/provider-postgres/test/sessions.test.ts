/**
 * Sessions reused between the targets of a fleet run, on a real PostgreSQL server: a fleet of
 * tenant schemas deploys on as many server sessions as targets run at once, not one per target;
 * what a migration leaves in its session (a setting, a temporary table, a prepared statement, the
 * search_path) never reaches the next target's; a kept session the server ended is replaced;
 * sessions are shared only where server, database and credentials are the same; ending the
 * shelf ends them all.
 *
 * PGlite serves one session: what is reused cannot be told apart there, so these need the server.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createSessionShelf, deployFleet, migrateDev, openDatabase, statusFleet } from '@strata/core';
import { createTempDir, startTestPostgres, type TestPostgres, withSchema } from '@strata/testkit';
import { connectPostgres } from '../src/connection.js';
import provider from '../src/index.js';

let server: TestPostgres | undefined;
const temps: { close(): void }[] = [];

beforeAll(async () => {
  const started = await startTestPostgres();
  if (!started.supportsConcurrentSessions) {
    console.log('sessions.test.ts: skipped under PGlite (one session for everything). Set STRATA_TEST_POSTGRES_URL.');
    await started.close();
    return;
  }
  server = started;
}, 60_000);

afterAll(async () => {
  await server?.close();
  for (const t of temps) t.close();
});

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const database = await openDatabase(provider, url);
  try {
    return await database.query(text);
  } finally {
    await database.close();
  }
}

type Queries = { query<T>(text: string): Promise<T[]> };

async function backendPid(connection: Queries): Promise<number> {
  const [row] = await connection.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return Number(row?.pid);
}

/** The sessions holding an advisory lock on the connection's database. */
async function advisoryHolders(connection: Queries): Promise<number[]> {
  const rows = await connection.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows.map((r) => Number(r.pid));
}

test('a fleet deploys on as many sessions as run at once, and no migration sees what the last one left', async () => {
  if (server === undefined) return;
  const dir = createTempDir('strata-sessions-');
  temps.push(dir);
  const files = {
    provider,
    schemaPath: path.join(dir.dir, 'schema.prisma'),
    migrationsDir: path.join(dir.dir, 'migrations'),
  };
  writeFileSync(files.schemaPath, 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Item {\n  id Int @id\n}\n');
  const made = await migrateDev({ url: await server.createDatabase(), ...files, name: 'init', createOnly: true });
  if (made.outcome === 'no-changes') throw new Error('expected a migration');
  // The migration checks that its session is as new, then leaves a setting, a temporary table,
  // a prepared statement and another search_path behind; it records which server session ran it.
  appendFileSync(
    path.join(made.migration.path, 'migration.sql'),
    `
DO $$ BEGIN
  IF current_setting('statement_timeout') = '4321ms' THEN RAISE EXCEPTION 'a setting of another target leaked'; END IF;
END $$;
CREATE TEMP TABLE "strata_probe" ("x" INTEGER);
PREPARE strata_probe AS SELECT 1;
INSERT INTO public."strata_seen" VALUES (pg_backend_pid(), current_schema());
SET statement_timeout = 4321;
SET search_path TO public;
`,
  );

  const tenants = await server.createDatabase();
  await query(tenants, 'CREATE TABLE public."strata_seen" ("pid" INTEGER, "tenant" TEXT)');
  const targets = Array.from({ length: 8 }, (_, i) => ({ name: `t${i + 1}`, url: withSchema(tenants, `t${i + 1}`) }));

  const deployed = await deployFleet({ ...files, targets, concurrency: 2 });
  expect(deployed.targets.map((t) => [t.name, t.state, t.error?.message])).toEqual(
    targets.map((t) => [t.name, 'applied', undefined]),
  );
  const seen = await query(tenants, 'SELECT pid, tenant FROM public."strata_seen" ORDER BY tenant');
  // each target's migration ran in its own schema (the search_path left behind did not stick)
  expect(seen.map((r) => r.tenant).sort()).toEqual(targets.map((t) => t.name).sort());
  // two at a time: two sessions ran every migration
  expect(new Set(seen.map((r) => r.pid)).size).toBeLessThanOrEqual(2);

  const status = await statusFleet({ ...files, targets, concurrency: 2 });
  expect(status.targets.map((t) => [t.name, t.state])).toEqual(targets.map((t) => [t.name, 'in-sync']));
  // the run ended its sessions: none of strata's is left on the tenants' database
  const left = await query(
    tenants,
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'strata' AND pid <> pg_backend_pid()`,
  );
  expect(left[0]?.n).toBe(0);
}, 120_000);

test('a kept session is taken by the next connection to the same database; one the server ended is replaced', async () => {
  if (server === undefined) return;
  const url = await server.createDatabase();
  const shelf = createSessionShelf();
  const first = await connectPostgres(withSchema(url, 'a'), { sessions: shelf, createIfMissing: true });
  const pid = await backendPid(first);
  await first.close();

  const second = await connectPostgres(withSchema(url, 'b'), { sessions: shelf, createIfMissing: true });
  expect(await backendPid(second)).toBe(pid);
  // the kept session serves the new target's schema
  const [where] = await second.query<{ schema: string }>('SELECT current_schema() AS schema');
  expect(where?.schema).toBe('b');
  await second.close();

  await query(url, `SELECT pg_terminate_backend(${pid})`);
  const third = await connectPostgres(withSchema(url, 'a'), { sessions: shelf });
  const replaced = await backendPid(third);
  expect(replaced).not.toBe(pid);
  await third.close();

  // another database never gets it
  const other = await connectPostgres(await server.createDatabase(), { sessions: shelf });
  expect(await backendPid(other)).not.toBe(replaced);
  await other.close();

  await shelf.endAll();
  const alive = await query(
    url,
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid IN (${replaced}) AND state IS NOT NULL`,
  );
  expect(alive[0]?.n).toBe(0);
}, 60_000);

test('a released migration lock leaves its session for the next lock, never for a connection', async () => {
  if (server === undefined) return;
  const url = await server.createDatabase();
  const shelf = createSessionShelf();
  const connection = await connectPostgres(url, { sessions: shelf });
  const release = await connection.lock({ timeoutMs: 2000 });
  const [holder] = await advisoryHolders(connection);
  expect(holder).not.toBe(await backendPid(connection));
  await release();
  expect(await advisoryHolders(connection)).toEqual([]);
  const connectionPid = await backendPid(connection);
  await connection.close();

  const next = await connectPostgres(url, { sessions: shelf });
  // the connection's own session came back, not the lock's
  expect(await backendPid(next)).toBe(connectionPid);
  // the next lock is held by the session the last one was released on
  const again = await next.lock({ timeoutMs: 2000 });
  expect(await advisoryHolders(next)).toEqual([holder]);
  await again();
  await next.close();
  await shelf.endAll();
}, 60_000);
