/**
 * `migrate status` while another process holds the migration lock (a deploy running): it names
 * the run instead of advising `migrate deploy` for the pending migrations. The lock is held by a
 * real second process on both providers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { startTestPostgres, type TestPostgres, testPostgresServerUrl } from '@strata/testkit';
import { createProject, type TestProject } from './support/project.js';
import { CLI_DIR } from './support/run-cli.js';
import { type FlowProvider, schemaV1 } from './support/schemas.js';

const packages = path.resolve(CLI_DIR, '../../packages');

/** A node process that runs `script` (which prints `held` once it holds the lock) until killed. */
async function holder(script: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `${script}\nsetInterval(() => {}, 1000);`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return child;
}

/** The SQLite provider's lock: an EXCLUSIVE transaction on the sidecar `<database>.strata-lock`. */
const holdSqliteLock = (database: string) =>
  holder(`
    const sqlite3 = require(${JSON.stringify(path.join(packages, 'provider-sqlite/node_modules/sqlite3'))});
    const db = new sqlite3.Database(${JSON.stringify(`${database}.strata-lock`)});
    db.exec('CREATE TABLE IF NOT EXISTS "strata_lock" ("holder" TEXT); BEGIN EXCLUSIVE;', (error) => {
      if (error) { console.error(error.message); process.exit(1); }
      console.log('held');
    });`);

/** The PostgreSQL provider's lock: the session advisory lock on strata's key (0x737472617461, schema public). */
const holdPostgresLock = (url: string) =>
  holder(`
    const postgres = require(${JSON.stringify(path.join(packages, 'provider-postgres/node_modules/postgres'))});
    const sql = postgres(${JSON.stringify(url)}, { max: 1, connection: { application_name: 'deploy-in-progress' } });
    sql.unsafe('SELECT pg_advisory_lock(${0x737472617461n})').then(() => console.log('held'), (error) => {
      console.error(error.message); process.exit(1);
    });`);

const withServer = testPostgresServerUrl() !== undefined;
if (!withServer)
  console.log('PostgreSQL part skipped: PGlite serves one session at a time (set STRATA_TEST_POSTGRES_URL)');

let pg: TestPostgres | undefined;
const projects: TestProject[] = [];
afterAll(async () => {
  for (const p of projects) p.close();
  await pg?.close();
});

async function statusWhileLocked(
  provider: FlowProvider,
  url: (dir: string) => Promise<string>,
  hold: (url: string, dir: string) => Promise<ChildProcess>,
) {
  const project = createProject(`strata-status-running-${provider}-`);
  projects.push(project);
  const target = await url(project.dir);
  const run = (...args: string[]) => project.runWith({ env: { DATABASE_URL: target } }, ...args);
  project.writeSchema(schemaV1(provider));
  expect((await run('migrate', 'dev', '--name', 'init', '--create-only')).code).toBe(0);

  // free lock: the usual advice
  const before = await run('migrate', 'status');
  expect(before.code).toBe(1);
  expect(before.stdout).toContain('Run `strata migrate deploy` to apply the pending migrations.');

  const child = await hold(target, project.dir);
  try {
    const human = await run('migrate', 'status');
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('1 pending or being applied now');
    expect(human.stdout).toContain('A migration run is in progress: another process holds the migration lock');
    expect(human.stdout).toContain('Wait for it to finish, then run `strata migrate status` again.');
    expect(human.stdout).not.toContain('strata migrate deploy');
    const json = await run('migrate', 'status', '--json');
    expect(json.json<{ migrationRunning?: { heldBy?: string } }>().migrationRunning).toBeDefined();
    return { human, json: json.json<{ migrationRunning: { heldBy?: string } }>() };
  } finally {
    child.kill();
  }
}

describe('migrate status during a running migration', () => {
  test('SQLite: a second process holding the lock file', async () => {
    await statusWhileLocked(
      'sqlite',
      async (dir) => `file:${path.join(dir, 'dev.db')}`,
      (_url, dir) => holdSqliteLock(path.join(dir, 'dev.db')),
    );
  });

  (withServer ? test : test.skip)('PostgreSQL: a second session holding the advisory lock, named by pid', async () => {
    pg = await startTestPostgres();
    const { human, json } = await statusWhileLocked('postgresql', () => pg!.createDatabase(), holdPostgresLock);
    expect(json.migrationRunning.heldBy).toMatch(/^pid \d+ \(deploy-in-progress/);
    expect(human.stdout).toMatch(/holds the migration lock \(pid \d+ \(deploy-in-progress/);
  });
});
