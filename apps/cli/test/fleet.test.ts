/**
 * `migrate deploy --targets` and `migrate status --targets` through the real binary on a
 * PostgreSQL server: 22 targets (tenant schemas in one database, and databases named through
 * env("VAR") in a YAML file), one whose rows make a migration's statement fail; the report names
 * it and the statement, the others deploy. Ctrl-C stops starting targets and lets running ones
 * finish; kill -9 mid-run, then a re-run, completes every target with each migration exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openDatabase } from '@strata/core';
import provider from '@strata/provider-postgres';
import { startTestPostgres, type TestPostgres, testPostgresServerUrl, withSchema } from '@strata/testkit';
import type { FleetDeployJson } from '../src/fleet/deploy.js';
import type { FleetStatusJson } from '../src/fleet/status.js';
import { createProject, type TestProject } from './support/project.js';
import { BIN } from './support/run-cli.js';
import { runInTty, ttyAvailable } from './support/run-tty.js';

const withServer = testPostgresServerUrl() !== undefined;
if (!withServer)
  console.log('skipping fleet deploys: PGlite has no concurrent sessions (set STRATA_TEST_POSTGRES_URL)');

let pg: TestPostgres;
let project: TestProject;
let migrations: string[];
const env: Record<string, string> = {};

const SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Account {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`;

async function query<T extends Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const database = await openDatabase(provider, url);
  try {
    return await database.query<T>(text);
  } finally {
    await database.close();
  }
}

/** Each migration's count of applied, not rolled back history rows in a target. */
async function appliedCounts(url: string): Promise<Record<string, number>> {
  const rows = await query<{ name: string; n: number }>(
    url,
    'SELECT migration_name AS name, count(*)::int AS n FROM "_strata_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL GROUP BY 1',
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/** The binary, with `onLine` told of every stderr line while it runs (to signal it mid-run). */
function spawnCli(
  args: readonly string[],
  onLine: (line: string, child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL') childEnv[k] = v;
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: project.dir,
      env: { ...childEnv, ...env, DATABASE_URL: pg.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      partial += d.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

beforeAll(async () => {
  if (!withServer) return;
  pg = await startTestPostgres();
  project = createProject('strata-fleet-', { DATABASE_URL: pg.url });
  project.writeSchema(SCHEMA);
  expect((await project.run('migrate', 'dev', '--name', 'init')).code).toBe(0);
  // written by hand, as a data backfill often is; it takes a moment, so that runs can be interrupted
  const slow = path.join(project.dir, 'prisma/migrations/20991231000000_audit');
  mkdirSync(slow);
  writeFileSync(
    path.join(slow, 'migration.sql'),
    'SELECT pg_sleep(0.3);\nCREATE TABLE "Audit" ("id" SERIAL PRIMARY KEY, "at" TIMESTAMP NOT NULL DEFAULT now());\n',
  );
  migrations = project.migrations();
}, 60_000);
afterAll(async () => {
  project?.close();
  await pg?.close();
});

(withServer ? describe : describe.skip)('fleets through the binary', () => {
  test('22 targets: one statement fails on one target, the others deploy; status shows the matrix', async () => {
    const tenants = await pg.createDatabase();
    const lines = ['targets:'];
    for (let i = 1; i <= 16; i++) {
      const name = `t${String(i).padStart(2, '0')}`;
      lines.push(`  - name: ${name}`, `    url: ${withSchema(tenants, name)}`);
    }
    for (let i = 1; i <= 6; i++) {
      env[`REGION_${i}_URL`] = await pg.createDatabase();
      lines.push(`  - name: region-${i}`, `    url: env("REGION_${i}_URL")`);
    }
    writeFileSync(path.join(project.dir, 'targets.yaml'), `${lines.join('\n')}\n`);
    // t02 already has an Audit table of its own: the hand-written migration fails there
    await query(withSchema(tenants, 't02'), 'CREATE SCHEMA IF NOT EXISTS t02; CREATE TABLE t02."Audit" (x int)');
    const run = (...args: string[]) => project.runWith({ env }, ...args);

    const before = await run('migrate', 'status', '--targets', 'targets.yaml', '--json');
    expect(before.code).toBe(1);
    const beforeJson = before.json<FleetStatusJson>();
    // t02's own table is drift already: status shows it before deploy trips over it
    expect(beforeJson.counts).toMatchObject({ pending: 21, drift: 1 });
    expect(beforeJson.targets.find((t) => t.state === 'drift')?.name).toBe('t02');
    expect(beforeJson.targets.map((t) => t.pending.length)).toEqual(new Array(22).fill(2));

    const deploy = await run('migrate', 'deploy', '--targets', 'targets.yaml', '--concurrency', '6', '--json');
    expect(deploy.code).toBe(1);
    const report = deploy.json<FleetDeployJson>();
    expect(report.ok).toBe(false);
    expect(report.counts).toMatchObject({ applied: 21, failed: 1, locked: 0, 'not-started': 0 });
    const failed = report.targets.find((t) => t.state === 'failed');
    expect(failed).toMatchObject({
      name: 't02',
      applied: [migrations[0]],
      pending: [migrations[1]],
      error: {
        code: 'migration-failed',
        migration: migrations[1],
        statement: { index: 2, text: expect.stringContaining('CREATE TABLE "Audit"') },
      },
    });
    for (const target of report.targets.filter((t) => t.name !== 't02')) expect(target.applied).toEqual(migrations);
    // a line per target on stderr (not a TTY), the failure among them
    expect(deploy.stderr).toMatch(/\[\d+\/22\] t02: failed: Migration 20991231000000_audit failed at statement 2 of 2/);

    const after = await run('migrate', 'status', '--targets', 'targets.yaml');
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^TARGET +STATE +APPLIED +PENDING +PROBLEMS$/m);
    expect(after.stdout).toMatch(/^t02 +failed +1 +0 +failed-migration, drift$/m);
    expect(after.stdout).toMatch(/^region-6 +in sync +2 +0$/m);
    expect(after.stdout).toContain('22 target(s): 21 in sync, 1 failed.');

    // a target whose database does not exist yet: status says deploy creates it, and it does
    writeFileSync(path.join(project.dir, 'new.txt'), `fresh ${pg.missingDatabaseUrl()}\n`);
    const missing = await run('migrate', 'status', '--targets', 'new.txt');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^fresh +unreachable \(database-missing\)/m);
    expect(missing.stdout).toContain('it creates the missing databases and applies the pending migrations');
    expect((await run('migrate', 'deploy', '--targets', 'new.txt')).code).toBe(0);
    expect((await run('migrate', 'status', '--targets', 'new.txt')).code).toBe(0);

    // the tenant list may live in a table of a control database instead
    await query(tenants, 'CREATE TABLE public.tenants (slug text, schema_name text)');
    await query(tenants, "INSERT INTO public.tenants VALUES ('acme', 't01'), ('globex', 't03')");
    const fromQuery = await run(
      'migrate',
      'status',
      '--url',
      tenants,
      '--targets-from-query',
      'SELECT slug AS name, schema_name AS schema FROM tenants ORDER BY slug',
      '--json',
    );
    expect(fromQuery.code).toBe(0);
    expect(fromQuery.json<FleetStatusJson>().targets.map((t) => [t.name, t.state])).toEqual([
      ['acme', 'in-sync'],
      ['globex', 'in-sync'],
    ]);
  }, 120_000);

  test('Ctrl-C lets running targets finish and starts no new one; after kill -9, a re-run completes each target once', async () => {
    const crash = await pg.createDatabase();
    const urls = Array.from({ length: 10 }, (_, i) => withSchema(crash, `c${i + 1}`));
    writeFileSync(path.join(project.dir, 'crash.txt'), `${urls.join('\n')}\n`);
    const args = ['migrate', 'deploy', '--targets', 'crash.txt', '--concurrency', '2'];

    let interrupted = false;
    const stopped = await spawnCli([...args, '--json'], (line, child) => {
      if (!interrupted && /^\[1\/10\]/.test(line)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Stopping: no new target starts');
    const partial = JSON.parse(stopped.stdout) as FleetDeployJson;
    expect(partial.stopped).toBe('interrupted');
    const states = partial.targets.map((t) => t.state);
    expect(states.filter((s) => s === 'failed')).toEqual([]);
    expect(states.filter((s) => s === 'not-started').length).toBeGreaterThan(0);

    let killed = false;
    const crashed = await spawnCli(args, (line, child) => {
      if (!killed && /^\[1\/10\]/.test(line)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    expect(crashed.signal).toBe('SIGKILL');

    const rerun = await spawnCli([...args, '--json'], () => {});
    expect(rerun.code).toBe(0);
    expect((JSON.parse(rerun.stdout) as FleetDeployJson).ok).toBe(true);
    const once = Object.fromEntries(migrations.map((m) => [m, 1]));
    for (const url of urls) expect(await appliedCounts(url)).toEqual(once);

    // on a terminal: one live line (done, failed, running) instead of a line per target
    if (ttyAvailable()) {
      const tty = await runInTty(['migrate', 'deploy', '--targets', 'crash.txt'], {
        cwd: project.dir,
        env: { ...env, DATABASE_URL: pg.url },
        answers: [],
      });
      expect(tty.code).toBe(0);
      expect(tty.output).toMatch(/deploying \d+\/10 done · 0 failed · \d+ running/);
      expect(tty.output).not.toMatch(/\[1\/10\]/);
      expect(tty.output).toContain('10 target(s): 0 deployed, 10 up to date');
    } else console.log('fleet.test.ts: no `script` command; the TTY display is not checked');
  }, 120_000);
});
