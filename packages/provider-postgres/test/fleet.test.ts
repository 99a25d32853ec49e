/**
 * Fleets on a real PostgreSQL server: 16 tenant schemas in one database and 8 databases, deployed
 * from one migrations folder with `deployFleet`, checked with `statusFleet`. The fleet holds a mix
 * users meet: targets up to date, pending, one whose rows make the recounted warnings refuse a
 * migration, one whose rows make a statement fail, one whose lock another deploy holds, one
 * database that does not exist yet. Every other target still deploys; the report names each
 * problem; a re-run after the fixes deploys only what was pending, each migration exactly once.
 *
 * PGlite serves one session: advisory locks and concurrent deploys need the server.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  deployFleet,
  type FleetEvent,
  type FleetTarget,
  migrateDeploy,
  migrateDev,
  migrateResolve,
  openDatabase,
  type Release,
  statusFleet,
  type TargetDeployReport,
} from '@strata/core';
import { createTempDir, startTestPostgres, type TestPostgres, withSchema } from '@strata/testkit';
import provider from '../src/index.js';

let server: TestPostgres | undefined;
let files: { provider: typeof provider; schemaPath: string; migrationsDir: string };
let migrations: string[];
let targets: FleetTarget[];
const temps: { close(): void }[] = [];

const SCHEMA = (fields: string) =>
  `datasource db {\n  provider = "postgresql"\n}\n\nmodel Item {\n  id  Int @id\n  qty Int\n${fields}}\n`;

async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  const database = await openDatabase(provider, url);
  try {
    return await database.query(text);
  } finally {
    await database.close();
  }
}

const byName = (reports: readonly TargetDeployReport[]) => new Map(reports.map((r) => [r.name, r]));

beforeAll(async () => {
  const started = await startTestPostgres();
  if (!started.supportsConcurrentSessions) {
    console.log(
      'fleet.test.ts: skipped under PGlite (one session; fleets need concurrent sessions and advisory locks). Set STRATA_TEST_POSTGRES_URL.',
    );
    await started.close();
    return;
  }
  server = started;
  const dir = createTempDir('strata-fleet-');
  temps.push(dir);
  files = {
    provider,
    schemaPath: path.join(dir.dir, 'schema.prisma'),
    migrationsDir: path.join(dir.dir, 'migrations'),
  };
  const dev = await server.createDatabase();
  let minute = 0;
  const now = () => new Date(Date.UTC(2026, 11, 5, 9, minute++));
  // 1: the table; 2: sku required (refused where rows have no sku); 3: an index, and a CHECK
  // added by hand that fails where rows hold qty <= 0
  writeFileSync(files.schemaPath, SCHEMA('  sku String?\n'));
  const init = await migrateDev({ url: dev, ...files, name: 'init', now });
  writeFileSync(files.schemaPath, SCHEMA('  sku String\n'));
  const required = await migrateDev({ url: dev, ...files, name: 'sku_required', now });
  writeFileSync(files.schemaPath, SCHEMA('  sku String\n\n  @@index([qty])\n'));
  const check = await migrateDev({ url: dev, ...files, name: 'qty_check', now, createOnly: true });
  if (init.outcome === 'no-changes' || required.outcome === 'no-changes' || check.outcome === 'no-changes')
    throw new Error('expected three migrations');
  appendFileSync(
    path.join(check.migration.path, 'migration.sql'),
    '\nALTER TABLE "Item" ADD CONSTRAINT "Item_qty_positive" CHECK ("qty" > 0);\n',
  );
  migrations = [init.migration.name, required.migration.name, check.migration.name];

  const tenants = await server.createDatabase();
  const schemaTargets = Array.from({ length: 16 }, (_, i) => {
    const name = `t${String(i + 1).padStart(2, '0')}`;
    return { name, url: withSchema(tenants, name) };
  });
  const databaseTargets: FleetTarget[] = [];
  for (let i = 1; i <= 7; i++) databaseTargets.push({ name: `db${i}`, url: await server.createDatabase() });
  databaseTargets.push({ name: 'db8-new', url: server.missingDatabaseUrl() });
  targets = [...schemaTargets, ...databaseTargets];
}, 120_000);

afterAll(async () => {
  await server?.close();
  for (const t of temps) t.close();
});

const url = (name: string) => targets.find((t) => t.name === name)?.url as string;

/** Brings a target to the first `count` migrations with a single-target deploy. */
async function deployFirst(name: string, count: number): Promise<void> {
  const dir = createTempDir('strata-fleet-partial-');
  temps.push(dir);
  const { cpSync } = await import('node:fs');
  for (const migration of migrations.slice(0, count))
    cpSync(path.join(files.migrationsDir, migration), path.join(dir.dir, migration), { recursive: true });
  await migrateDeploy({ provider, url: url(name), schemaPath: files.schemaPath, migrationsDir: dir.dir });
}

async function historyCounts(name: string): Promise<Record<string, number>> {
  const rows = await sql(
    url(name),
    `SELECT migration_name AS name, count(*)::int AS n FROM "_strata_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL GROUP BY migration_name`,
  );
  return Object.fromEntries(rows.map((r) => [r.name as string, r.n as number]));
}

describe('a fleet of 24 targets', () => {
  test('deploys every target it can, names each one it cannot, and a re-run finishes the rest once', async () => {
    if (server === undefined) return;
    // up to date: t01-t04; one migration behind: t05-t08
    for (const name of ['t01', 't02', 't03', 't04']) await deployFirst(name, 3);
    for (const name of ['t05', 't06', 't07', 't08']) await deployFirst(name, 1);
    await sql(url('t06'), `INSERT INTO "Item" (id, qty, sku) VALUES (1, 5, NULL)`); // sku_required refused
    await sql(url('t07'), `INSERT INTO "Item" (id, qty, sku) VALUES (1, 0, 'a')`); // the CHECK fails
    await sql(url('t04'), `ALTER TABLE "Item" ADD COLUMN "note" text`); // drift
    // another deploy holds t08's lock
    const holder = await openDatabase(provider, url('t08'));
    let release: Release | undefined = await holder.lock({ timeoutMs: 5_000 });

    const before = await statusFleet({ ...files, targets, concurrency: 8 });
    const states = new Map(before.targets.map((t) => [t.name, t]));
    expect(states.get('t01')?.state).toBe('in-sync');
    expect(states.get('t04')?.state).toBe('drift');
    expect(states.get('t05')).toMatchObject({ state: 'pending', pending: migrations.slice(1), running: false });
    expect(states.get('t08')).toMatchObject({ state: 'pending', running: true });
    expect(states.get('t09')).toMatchObject({ state: 'pending', pending: migrations });
    expect(states.get('db8-new')).toMatchObject({ state: 'unreachable', error: { code: 'database-missing' } });
    expect(before.inSync).toBe(false);

    const events: FleetEvent<TargetDeployReport>[] = [];
    const first = await deployFleet({
      ...files,
      targets,
      concurrency: 4,
      lockTimeoutMs: 1_000,
      onProgress: (event) => events.push(event),
    });
    const reports = byName(first.targets);
    expect(first.targets.map((t) => t.name)).toEqual(targets.map((t) => t.name));
    expect(first.ok).toBe(false);
    for (const name of ['t01', 't02', 't03', 't04'])
      expect(reports.get(name)).toMatchObject({ state: 'up-to-date', applied: [], pending: [] });
    expect(reports.get('t05')).toMatchObject({ state: 'applied', pending: [] });
    expect(reports.get('t05')?.applied.map((a) => a.name)).toEqual(migrations.slice(1));
    // the recount against t06's own rows refuses sku_required; nothing of it ran
    expect(reports.get('t06')).toMatchObject({ state: 'failed', applied: [], error: { code: 'would-fail' } });
    expect(reports.get('t06')?.error?.message).toContain(migrations[1]);
    // t07: sku_required ran, then the CHECK statement failed on its rows
    const t07 = reports.get('t07');
    expect(t07).toMatchObject({
      state: 'failed',
      pending: [migrations[2]],
      error: {
        code: 'migration-failed',
        migration: migrations[2],
        statement: { text: expect.stringContaining('CHECK') },
      },
    });
    expect(t07?.applied.map((a) => a.name)).toEqual([migrations[1]]);
    expect(reports.get('t08')).toMatchObject({ state: 'locked', applied: [], error: { code: 'lock-timeout' } });
    for (const target of targets.slice(8))
      expect(reports.get(target.name)?.applied.map((a) => a.name)).toEqual(migrations);
    expect(reports.get('db8-new')).toMatchObject({ state: 'applied', created: true });
    // never more than 4 at once, every target started and finished exactly once
    let running = 0;
    let peak = 0;
    for (const event of events) {
      if (event.type === 'target-started') peak = Math.max(peak, ++running);
      if (event.type === 'target-finished') running--;
    }
    expect(peak).toBeLessThanOrEqual(4);
    expect(events.filter((e) => e.type === 'target-finished')).toHaveLength(targets.length);

    const after = new Map((await statusFleet({ ...files, targets })).targets.map((t) => [t.name, t.state]));
    expect(after.get('t07')).toBe('failed');
    expect(after.get('t06')).toBe('pending');
    expect(after.get('db3')).toBe('in-sync');

    // fix the causes the report named, release the lock, deploy again
    await release();
    release = undefined;
    await holder.close();
    await sql(url('t06'), `UPDATE "Item" SET sku = 'fixed' WHERE sku IS NULL`);
    await sql(url('t07'), `UPDATE "Item" SET qty = 1 WHERE qty <= 0`);
    await migrateResolve({ url: url('t07'), ...files, rolledBack: migrations[2] as string });
    const second = await deployFleet({ ...files, targets, concurrency: 8 });
    const again = byName(second.targets);
    expect(second.ok).toBe(true);
    expect(again.get('t06')?.applied.map((a) => a.name)).toEqual(migrations.slice(1));
    expect(again.get('t07')?.applied.map((a) => a.name)).toEqual([migrations[2]]);
    expect(again.get('t08')?.applied.map((a) => a.name)).toEqual(migrations.slice(1));
    const deployedNow = second.targets.filter((t) => t.state === 'applied').map((t) => t.name);
    expect(deployedNow.sort()).toEqual(['t06', 't07', 't08']);
    for (const target of targets)
      expect(await historyCounts(target.name)).toEqual(Object.fromEntries(migrations.map((m) => [m, 1])));
  }, 180_000);

  test('fail-fast stops starting targets after the first failure; Ctrl-C (the signal) after the running migration', async () => {
    if (server === undefined) return;
    const fresh: FleetTarget[] = [];
    for (let i = 1; i <= 6; i++) fresh.push({ name: `ff${i}`, url: await server.createDatabase() });
    // ff2 refuses: an Item table is there already, so `init` fails on it
    await sql(fresh[1]!.url, `CREATE TABLE "Item" (id int)`);
    const fast = await deployFleet({ ...files, targets: fresh, concurrency: 1, failFast: true });
    expect(fast.stopped).toBe('fail-fast');
    expect(fast.targets.map((t) => t.state)).toEqual([
      'applied',
      'failed',
      'not-started',
      'not-started',
      'not-started',
      'not-started',
    ]);
    await sql(fresh[1]!.url, `DROP TABLE "Item"`);
    await migrateResolve({ url: fresh[1]!.url, ...files, rolledBack: migrations[0] as string });

    const controller = new AbortController();
    const interrupted = await deployFleet({
      ...files,
      targets: fresh,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'target-progress' && event.event.type === 'migration-applied') controller.abort();
      },
    });
    expect(interrupted.stopped).toBe('interrupted');
    const states = interrupted.targets.map((t) => t.state);
    expect(states.filter((s) => s === 'not-started').length).toBeGreaterThanOrEqual(2);
    for (const report of interrupted.targets.filter((t) => t.state === 'interrupted'))
      expect(report.applied.length + (report.pending?.length ?? 0)).toBe(migrations.length);
    const rest = await deployFleet({ ...files, targets: fresh, concurrency: 3 });
    expect(rest.ok).toBe(true);
    for (const target of fresh) {
      const rows = await sql(
        target.url,
        `SELECT count(*)::int AS n FROM "_strata_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      expect(rows[0]?.n).toBe(migrations.length);
    }
  }, 120_000);
});
