/**
 * @strata/api against real SQLite files (and, with STRATA_TEST_POSTGRES_URL, the PostgreSQL
 * server): project resolution with the CLI's defaults, each function on the core workflow the
 * CLI calls, and failures as StrataErrors that say what to do.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { migrateDev } from '@strata/core';
import { createTempDir, startTestPostgres, testPostgresServerUrl } from '@strata/testkit';
import {
  deploy,
  deployFleet,
  diff,
  isStrataError,
  plan,
  status,
  statusFleet,
  type WorkflowEvent,
} from '../src/index.js';
import { type Fixture, POSTS_MODEL, providerObject, schemaText, USERS_MODEL, writeFixture } from './support.js';

const temp = createTempDir('strata-api-');
let fixture: Fixture;

beforeAll(async () => {
  fixture = await writeFixture(path.join(temp.dir, 'app'), 'sqlite', `file:${path.join(temp.dir, 'scratch.db')}`);
});
afterAll(() => temp.close());

const fileUrl = (name: string): string => `file:${path.join(temp.dir, name)}`;

async function rejection(work: Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStrataError(error)) throw new Error(`expected a StrataError, got ${String(error)}`);
  return error.hint === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, hint: error.hint };
}

describe('deploy and status', () => {
  test('deploy finds prisma/schema.prisma from cwd, its migrations and env("DATABASE_URL"), and reports progress', async () => {
    const url = fileUrl('deploy.db');
    const events: WorkflowEvent[] = [];
    const first = await deploy({ cwd: fixture.dir, env: { DATABASE_URL: url }, onProgress: (e) => events.push(e) });
    expect(first.created).toBe(true);
    expect(first.applied.map((m) => m.name)).toEqual(fixture.migrations);
    expect(events.filter((e) => e.type === 'migration-applied').map((e) => (e as { name: string }).name)).toEqual(
      fixture.migrations,
    );
    const again = await deploy({ cwd: fixture.dir, url });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(2);
    const state = await status({ cwd: fixture.dir, url });
    expect(state.inSync).toBe(true);
    expect(state.applied.map((m) => m.name)).toEqual(fixture.migrations);
  });

  test('a cwd below the project finds the project; `url` wins over the environment', async () => {
    const below = path.join(fixture.dir, 'src', 'server');
    mkdirSync(below, { recursive: true });
    const url = fileUrl('below.db');
    const result = await deploy({ cwd: below, url, env: { DATABASE_URL: fileUrl('not-this.db') } });
    expect(result.applied).toHaveLength(2);
    expect(existsSync(path.join(temp.dir, 'not-this.db'))).toBe(false);
  });

  test('.env next to the project is read, and process.env is left as it was', async () => {
    const dir = path.join(temp.dir, 'dotenv');
    await writeFixture(dir, 'sqlite', fileUrl('dotenv-scratch.db'));
    writeFileSync(path.join(dir, '.env'), 'DATABASE_URL="file:./from-dotenv.db"\n');
    const before = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL; // a variable in the environment would win over .env
    try {
      const result = await deploy({ cwd: dir });
      expect(result.applied).toHaveLength(2);
      expect(process.env.DATABASE_URL).toBeUndefined();
      // relative file: URLs start at the schema's folder, as with the CLI and Prisma
      expect(existsSync(path.join(dir, 'prisma', 'from-dotenv.db'))).toBe(true);
      expect((await status({ cwd: dir })).inSync).toBe(true);
    } finally {
      if (before !== undefined) process.env.DATABASE_URL = before;
    }
  });

  test('package.json "strata.schema" and a schema folder with `migrations` given', async () => {
    const dir = path.join(temp.dir, 'configured');
    mkdirSync(path.join(dir, 'db', 'schema'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ strata: { schema: 'db/schema' } }));
    writeFileSync(path.join(dir, 'db', 'schema', 'main.prisma'), schemaText('sqlite', [USERS_MODEL, POSTS_MODEL]));
    const result = await deploy({ cwd: dir, migrations: fixture.migrationsDir, url: fileUrl('configured.db') });
    expect(result.applied.map((m) => m.name)).toEqual(fixture.migrations);
  });

  test('failures are StrataErrors whose hints name the options', async () => {
    expect(await rejection(status({ cwd: fixture.dir, env: {} }))).toEqual({
      code: 'invalid-argument',
      message: 'No database URL: DATABASE_URL is not set.',
      hint: expect.stringContaining('pass `url`'),
    });
    const empty = path.join(temp.dir, 'empty');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'package.json'), '{}');
    expect(await rejection(deploy({ cwd: empty }))).toMatchObject({
      code: 'schema-not-found',
      hint: expect.stringContaining('`schema`'),
    });
    const postgres = (await import('@strata/provider-postgres')).provider;
    expect(await rejection(deploy({ cwd: fixture.dir, provider: postgres, url: fileUrl('x.db') }))).toMatchObject({
      code: 'provider-mismatch',
    });
    const other = path.join(temp.dir, 'sqlserver');
    mkdirSync(path.join(other, 'prisma'), { recursive: true });
    writeFileSync(path.join(other, 'prisma', 'schema.prisma'), 'datasource db {\n  provider = "sqlserver"\n}\n');
    expect(await rejection(plan({ cwd: other }))).toMatchObject({
      code: 'provider-unknown',
      hint: expect.stringContaining('postgresql, postgres, sqlite, mysql'),
    });
  });

  test('a migration the data makes fail: migration-failed with a hint, and status says failed', async () => {
    const dir = path.join(temp.dir, 'failing');
    const failing = await writeFixture(dir, 'sqlite', fileUrl('failing-scratch.db'));
    const url = fileUrl('failing.db');
    await deploy({ cwd: dir, url });
    // a third migration, written by hand, that the rows break: a unique index over duplicates
    const third = path.join(failing.migrationsDir, '20250103000000_unique_names');
    mkdirSync(third);
    writeFileSync(
      path.join(third, 'migration.sql'),
      `INSERT INTO "User" ("email", "name") VALUES ('a@x', 'same'), ('b@x', 'same');\nCREATE UNIQUE INDEX "User_name_key" ON "User"("name");\n`,
    );
    const error = await rejection(deploy({ cwd: dir, url }));
    expect(error.code).toBe('migration-failed');
    expect(error.hint).toBeDefined();
    const state = await status({ cwd: dir, url });
    expect(state.problems.map((p) => p.code)).toContain('failed-migration');
  });
});

describe('plan and diff', () => {
  test('plan is what `migrate dev --create-only` writes, and writes nothing', async () => {
    const dir = path.join(temp.dir, 'planned');
    const planned = await writeFixture(dir, 'sqlite', fileUrl('planned-scratch.db'));
    const upToDate = await plan({ cwd: dir });
    expect(upToDate.empty).toBe(true);
    expect(upToDate.after).toBe(planned.migrations[1]);

    // the schema moves on: a column renamed (no resolver: drop and create, with a warning) and one added
    writeFileSync(
      planned.schemaPath,
      schemaText('sqlite', [
        USERS_MODEL.replace('name  String?', 'fullName String?\n  age Int @default(0)'),
        POSTS_MODEL,
      ]),
    );
    const listing = readdirSync(planned.migrationsDir).sort();
    const next = await plan({ cwd: dir, name: 'profile' });
    expect(next.empty).toBe(false);
    expect(next.name).toMatch(/^\d{14}_profile$/);
    expect(next.warnings.map((w) => w.code)).toContain('possible-rename');
    expect(readdirSync(planned.migrationsDir).sort()).toEqual(listing);

    // the same migration made by `migrate dev --create-only` on a database at the folder's last migration
    const devDb = fileUrl('planned-dev.db');
    await deploy({ cwd: dir, url: devDb });
    const dev = await migrateDev({
      provider: await providerObject('sqlite'),
      url: devDb,
      schemaPath: planned.schemaPath,
      name: 'profile',
      createOnly: true,
    });
    if (dev.outcome === 'no-changes') throw new Error('dev planned nothing');
    // dev counted the rows of its database (none here); plan has no database to count in
    const uncounted = (sql: string): string => sql.replace(/ \(\d+ rows?\)$/gm, '');
    expect(dev.migration.sql).toMatch(/ \(0 rows\)$/m);
    expect(next.sql).toBe(uncounted(dev.migration.sql));
    expect(next.sql).toBe(uncounted(readFileSync(path.join(dev.migration.path, 'migration.sql'), 'utf8')));
    expect(next.warnings.map((w) => w.code)).toEqual(dev.warnings.map((w) => w.code));
    expect(next.lint.map((f) => f.code)).toEqual(dev.lint.map((f) => f.code));
    // the folder is dev's, not plan's: move it away so later tests see the fixture's two migrations
    renameSync(dev.migration.path, path.join(temp.dir, 'dev-made'));
  });

  test('plan refuses a folder whose last migration has no after.prisma (a Prisma Migrate one)', async () => {
    const dir = path.join(temp.dir, 'prisma-made');
    const made = await writeFixture(dir, 'sqlite', fileUrl('prisma-made-scratch.db'));
    rmSync(path.join(made.migrationsDir, made.migrations[1] as string, 'after.prisma'));
    expect(await rejection(plan({ cwd: dir }))).toMatchObject({
      code: 'unsupported-change',
      hint: expect.stringContaining('migrate dev --create-only'),
    });
  });

  test('diff between the project, its migrations, its database and nothing', async () => {
    const url = fileUrl('diff.db');
    const fromEmpty = await diff({ cwd: fixture.dir, url, from: 'empty', to: 'migrations' });
    expect(fromEmpty.sql).toContain('CREATE TABLE "Post"');
    const none = await diff({ cwd: fixture.dir, from: 'migrations', to: 'schema', format: 'summary' });
    expect(none.empty).toBe(true);
    expect(none.output).toBe('No difference.\n');
    await deploy({ cwd: fixture.dir, url, migrations: undefined });
    const live = await diff({ cwd: fixture.dir, url, from: 'database', to: { schemaPath: 'prisma/schema.prisma' } });
    expect(live.empty).toBe(true);
    const toNothing = await diff({ cwd: fixture.dir, url, from: 'database', to: 'empty' });
    expect(toNothing.sql).toContain('DROP TABLE "User"');
  });
});

describe('fleets', () => {
  test('deployFleet over SQLite files (one already up to date), then statusFleet', async () => {
    const targets = ['a', 'b', 'c', 'd'].map((name) => ({ name, url: fileUrl(`tenant-${name}.db`) }));
    await deploy({ cwd: fixture.dir, url: targets[1]!.url });
    const finished: string[] = [];
    const result = await deployFleet({
      cwd: fixture.dir,
      targets,
      concurrency: 2,
      onProgress: (event) => {
        if (event.type === 'target-finished') finished.push(event.target);
      },
    });
    expect(result.ok).toBe(true);
    expect(result.targets.map((t) => [t.name, t.state])).toEqual([
      ['a', 'applied'],
      ['b', 'up-to-date'],
      ['c', 'applied'],
      ['d', 'applied'],
    ]);
    expect(finished.sort()).toEqual(['a', 'b', 'c', 'd']);
    const file = path.join(temp.dir, 'targets.txt');
    writeFileSync(file, `${targets.map((t) => `${t.name} ${t.url}`).join('\n')}\nnew env(NEW_TENANT)\n`);
    const matrix = await statusFleet({
      cwd: fixture.dir,
      targets: { file },
      env: { NEW_TENANT: fileUrl('tenant-new.db') },
    });
    expect(matrix.targets.map((t) => [t.name, t.state])).toEqual([
      ['a', 'in-sync'],
      ['b', 'in-sync'],
      ['c', 'in-sync'],
      ['d', 'in-sync'],
      // status never creates a database: a missing file is unreachable
      ['new', 'unreachable'],
    ]);
    expect(matrix.inSync).toBe(false);
  });
});

const serverUrl = testPostgresServerUrl();
const onServer = serverUrl === undefined ? describe.skip : describe;
if (serverUrl === undefined) console.log('PostgreSQL API tests skipped: STRATA_TEST_POSTGRES_URL is not set.');

onServer('PostgreSQL server', () => {
  test('an explicit provider object, a database created by deploy, and tenant schemas from a query', async () => {
    const pg = await startTestPostgres();
    try {
      const dir = path.join(temp.dir, 'pg');
      await writeFixture(dir, 'postgresql', pg.url);
      const { provider } = await import('@strata/provider-postgres');
      const fresh = pg.missingDatabaseUrl();
      const first = await deploy({ cwd: dir, url: fresh, provider });
      expect(first.created).toBe(true);
      expect(first.applied).toHaveLength(2);

      const sql = (await import('postgres')).default(pg.url, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(
          `CREATE TABLE tenants (slug text, schema_name text); INSERT INTO tenants VALUES ('acme', 'tenant_acme'), ('globex', 'tenant_globex');`,
        );
      } finally {
        await sql.end();
      }
      const fleet = await deployFleet({
        cwd: dir,
        env: { DATABASE_URL: pg.url },
        targets: { query: 'SELECT slug AS name, schema_name AS schema FROM tenants ORDER BY slug' },
      });
      expect(fleet.targets.map((t) => [t.name, t.state, t.applied.length])).toEqual([
        ['acme', 'applied', 2],
        ['globex', 'applied', 2],
      ]);
      const after = await statusFleet({
        cwd: dir,
        env: { DATABASE_URL: pg.url },
        targets: { query: 'SELECT slug AS name, schema_name AS schema FROM tenants ORDER BY slug' },
      });
      expect(after.inSync).toBe(true);
    } finally {
      await pg.close();
    }
  });
});
