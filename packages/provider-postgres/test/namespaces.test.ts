/**
 * PostgreSQL schemas (namespaces) end to end, on a real server (STRATA_TEST_POSTGRES_URL) or PGlite:
 *
 * - `?schema=NAME` (one schema per tenant): the schema is created, the history and the lock live
 *   there, status/reset see that schema only, and `public` is not touched;
 * - datasource `schemas` (Prisma's multiSchema): dev, status, dev again, deploy to a second
 *   database, a table moving between schemas (rows kept), db pull, reset; a foreign key across
 *   schemas and an enum outside the default one (fixture `fixtures/multi-schema`);
 * - `migrate reset` drops exactly what it lists, and keeps what does not depend on a managed object.
 *
 * The workflows get URLs and the schema path, not connections: the scoping by the datasource is
 * what the CLI relies on.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  type Database,
  dbPull,
  isStrataError,
  migrateDeploy,
  migrateDev,
  migrateDiff,
  migrateReset,
  migrateStatus,
  openDatabase,
  planMigrateReset,
  type ResetObject,
} from '@strata/core';
import { createTempDir, startTestPostgres, type TestPostgres, withSchema } from '@strata/testkit';
import provider from '../src/index.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'multi-schema');

const servers: TestPostgres[] = [];
const temps: { close(): void }[] = [];

beforeAll(async () => {
  servers.push(await startTestPostgres());
});
afterAll(async () => {
  for (const t of temps) t.close();
  for (const s of servers) await s.close();
});

/** A fresh database: another one on the server, or another PGlite (which serves one database). */
async function freshDatabase(): Promise<string> {
  const first = servers[0]!;
  if (first.backend === 'server') return first.createDatabase();
  const next = await startTestPostgres();
  servers.push(next);
  return next.url;
}

function project(schemaText: string): { schemaPath: string; migrationsDir: string } {
  const dir = createTempDir('strata-ns-');
  temps.push(dir);
  const schemaPath = path.join(dir.dir, 'schema.prisma');
  writeFileSync(schemaPath, schemaText);
  return { schemaPath, migrationsDir: path.join(dir.dir, 'migrations') };
}

async function withConnection<T>(url: string, body: (c: Database) => Promise<T>): Promise<T> {
  const connection = await openDatabase(provider, url);
  try {
    return await body(connection);
  } finally {
    await connection.close();
  }
}

async function scalar(url: string, sql: string): Promise<unknown> {
  return withConnection(url, async (c) => Object.values((await c.query(sql))[0] ?? {})[0]);
}

const label = (o: ResetObject): string => `${o.kind} ${o.namespace === undefined ? '' : `${o.namespace}.`}${o.name}`;

const TENANT_SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

enum Plan {
  FREE
  PRO
}

model Account {
  id       Int       @id @default(autoincrement())
  name     String
  plan     Plan      @default(FREE)
  invoices Invoice[]
}

model Invoice {
  id        Int     @id @default(autoincrement())
  accountId Int
  account   Account @relation(fields: [accountId], references: [id])
}
`;

describe('?schema=NAME: one schema per tenant', () => {
  test('two tenants in one database are migrated and reset independently; public is untouched', async () => {
    const database = await freshDatabase();
    const tenant1 = withSchema(database, 'tenant1');
    const tenant2 = withSchema(database, 'tenant2');
    await withConnection(database, (c) =>
      c.execute('CREATE TABLE public.sentinel (id int); INSERT INTO public.sentinel VALUES (1);'),
    );
    const files = project(TENANT_SCHEMA);

    // dev on a schema that does not exist yet: created, as Prisma does
    const dev = await migrateDev({ provider, url: tenant1, ...files, name: 'init' });
    expect(dev.outcome).toBe('applied');
    if (dev.outcome !== 'applied') return;
    // the migration names no schema: the same folder serves every tenant
    expect(readFileSync(path.join(dev.migration.path, 'migration.sql'), 'utf8')).not.toMatch(/tenant1|public/);

    const status1 = await migrateStatus({ provider, url: tenant1, ...files });
    expect(status1.drift?.differences ?? []).toEqual([]);
    expect(status1.inSync).toBe(true);
    expect((await migrateDev({ provider, url: tenant1, ...files, name: 'again' })).outcome).toBe('no-changes');

    const deployed = await migrateDeploy({ provider, url: tenant2, ...files });
    expect(deployed.applied.map((a) => a.name)).toEqual([dev.migration.name]);
    expect((await migrateStatus({ provider, url: tenant2, ...files })).inSync).toBe(true);

    // history in each tenant's schema, none in public
    expect(await scalar(database, `SELECT to_regclass('tenant1._strata_migrations')::text`)).toBe(
      'tenant1._strata_migrations',
    );
    expect(await scalar(database, `SELECT to_regclass('tenant2._strata_migrations')::text`)).toBe(
      'tenant2._strata_migrations',
    );
    expect(await scalar(database, `SELECT to_regclass('public._strata_migrations')::text`)).toBeNull();

    await withConnection(tenant2, (c) =>
      c.execute(
        `INSERT INTO tenant2."Account" (name) VALUES ('kept'); INSERT INTO tenant2."Invoice" ("accountId") VALUES (1);`,
      ),
    );
    await withConnection(tenant1, (c) => c.execute(`INSERT INTO tenant1."Account" (name) VALUES ('gone');`));

    const plan = await planMigrateReset({ provider, url: tenant1, ...files });
    expect(plan.objects.map(label)).toEqual([
      'table Account',
      'table Invoice',
      'enum Plan',
      'history-table _strata_migrations',
    ]);
    const reset = await migrateReset({ provider, url: tenant1, ...files, force: true });
    expect(reset.dropped).toEqual(plan.objects);
    expect(reset.deploy?.applied).toHaveLength(1);

    expect(Number(await scalar(database, 'SELECT count(*) FROM tenant1."Account"'))).toBe(0);
    expect(Number(await scalar(database, 'SELECT count(*) FROM tenant2."Account"'))).toBe(1);
    expect(Number(await scalar(database, 'SELECT count(*) FROM tenant2."Invoice"'))).toBe(1);
    expect(Number(await scalar(database, 'SELECT count(*) FROM public.sentinel'))).toBe(1);
    expect(
      await scalar(
        database,
        `SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
      ),
    ).toBe('sentinel');
    expect((await migrateStatus({ provider, url: tenant1, ...files })).inSync).toBe(true);
    expect((await migrateStatus({ provider, url: tenant2, ...files })).inSync).toBe(true);
  });

  test('the migration lock is per schema: tenants do not wait for each other', async () => {
    const server = servers[0]!;
    if (!server.supportsConcurrentSessions) {
      console.log(
        'skipped: PGlite serves one session; the per-schema lock needs the server (STRATA_TEST_POSTGRES_URL)',
      );
      return;
    }
    const database = await freshDatabase();
    const a = await openDatabase(provider, withSchema(database, 'tenant_a'), { createIfMissing: true });
    const b = await openDatabase(provider, withSchema(database, 'tenant_b'), { createIfMissing: true });
    const a2 = await openDatabase(provider, withSchema(database, 'tenant_a'));
    try {
      const held = await a.lock({ timeoutMs: 1000 });
      const other = await b.lock({ timeoutMs: 1000 });
      await other();
      const second = await a2.lock({ timeoutMs: 300 }).catch((error: unknown) => error);
      expect(isStrataError(second) && second.code).toBe('lock-timeout');
      await held();
    } finally {
      await a.close();
      await b.close();
      await a2.close();
    }
  });
});

describe('datasource schemas (multiSchema): the whole flow', () => {
  test('dev, status, dev again, deploy elsewhere, move a table between schemas, pull, reset', async () => {
    const devDb = await freshDatabase();
    const prodDb = await freshDatabase();
    const files = project(readFileSync(path.join(FIXTURE, 'schema.prisma'), 'utf8'));

    const init = await migrateDev({ provider, url: devDb, ...files, name: 'init' });
    expect(init.outcome).toBe('applied');
    if (init.outcome !== 'applied') return;
    const initSql = readFileSync(path.join(init.migration.path, 'migration.sql'), 'utf8');
    expect(initSql).toContain('CREATE SCHEMA IF NOT EXISTS "auth";');
    expect(initSql).toContain('CREATE TYPE "auth"."Role"');
    expect(initSql).toContain('REFERENCES "auth"."User"("id")');

    // issue #22: status right after the first migration reported `drop table auth.User`
    const status = await migrateStatus({ provider, url: devDb, ...files });
    expect(status.drift?.differences ?? []).toEqual([]);
    expect(status.inSync).toBe(true);
    expect((await migrateDev({ provider, url: devDb, ...files, name: 'again' })).outcome).toBe('no-changes');
    // migrate diff against the live database: scoped by the schema file's `schemas` too
    const live = await migrateDiff({
      provider,
      from: { kind: 'url', url: devDb },
      to: { kind: 'schema', path: files.schemaPath },
    });
    expect(live.summary).toEqual([]);

    await migrateDeploy({ provider, url: prodDb, ...files });
    expect((await migrateStatus({ provider, url: prodDb, ...files })).inSync).toBe(true);
    for (const url of [devDb, prodDb]) {
      await withConnection(url, (c) =>
        c.execute(`INSERT INTO auth."User" (email, role) VALUES ('a@example.com', 'ADMIN');
                   INSERT INTO auth."Session" (token, "userId") VALUES ('t', 1);
                   INSERT INTO "Post" (title, "authorId") VALUES ('p', 1);`),
      );
    }

    // Session and Role move from auth to public: moved, rows kept (Prisma drops and re-creates them)
    copyFileSync(path.join(FIXTURE, 'schema.v2.prisma'), files.schemaPath);
    const move = await migrateDev({ provider, url: devDb, ...files, name: 'move session' });
    expect(move.outcome).toBe('applied');
    if (move.outcome !== 'applied') return;
    const moveSql = readFileSync(path.join(move.migration.path, 'migration.sql'), 'utf8');
    expect(moveSql).toContain('ALTER TABLE "auth"."Session" SET SCHEMA "public";');
    expect(moveSql).toContain('ALTER TYPE "auth"."Role" SET SCHEMA "public";');
    expect(moveSql).not.toMatch(/DROP TABLE|CREATE TABLE|DROP TYPE|CREATE TYPE/);
    expect(move.warnings).toEqual([]);
    expect(await scalar(devDb, `SELECT token FROM public."Session"`)).toBe('t');
    expect(await scalar(devDb, `SELECT role::text FROM auth."User"`)).toBe('ADMIN');
    expect((await migrateStatus({ provider, url: devDb, ...files })).inSync).toBe(true);
    await migrateDeploy({ provider, url: prodDb, ...files });
    expect(await scalar(prodDb, `SELECT token FROM public."Session"`)).toBe('t');
    expect((await migrateStatus({ provider, url: prodDb, ...files })).inSync).toBe(true);

    // db pull covers the listed schemas and keeps @@schema
    const pulled = await dbPull({ provider, url: devDb, schemaPath: files.schemaPath });
    expect(pulled.schema).toMatch(/schemas\s+= \["public", "auth"\]/);
    expect(pulled.schema).toMatch(/model User \{[^}]*@@schema\("auth"\)/);
    expect(pulled.schema).toMatch(/model Session \{[^}]*@@schema\("public"\)/);
    expect(pulled.schema).toMatch(/enum Role \{[^}]*@@schema\("public"\)/);

    // reset: the managed schemas only; a schema outside `schemas` and a hand-made function stay
    await withConnection(devDb, (c) =>
      c.execute(`CREATE SCHEMA other; CREATE TABLE other.keep (id int);
                 CREATE FUNCTION public.answer() RETURNS int LANGUAGE sql AS 'SELECT 42';`),
    );
    const plan = await planMigrateReset({ provider, url: devDb, ...files });
    expect(plan.objects.map(label)).toEqual([
      'table auth.User',
      'table Post',
      'table Session',
      'enum Role',
      'history-table _strata_migrations',
    ]);
    const reset = await migrateReset({ provider, url: devDb, ...files, force: true });
    expect(reset.dropped).toEqual(plan.objects);
    expect(reset.deploy?.applied).toHaveLength(2);
    expect(Number(await scalar(devDb, 'SELECT count(*) FROM auth."User"'))).toBe(0);
    expect(await scalar(devDb, `SELECT to_regclass('other.keep')::text`)).toBe('other.keep');
    expect(await scalar(devDb, 'SELECT public.answer()')).toBe(42);
    expect((await migrateStatus({ provider, url: devDb, ...files })).inSync).toBe(true);
  });
});

describe('migrate reset drops exactly what it lists', () => {
  test('views on managed tables and functions typed with a managed enum go (listed); the rest stays', async () => {
    const database = await freshDatabase();
    const files = project(TENANT_SCHEMA);
    await migrateDev({ provider, url: database, ...files, name: 'init' });
    await withConnection(database, (c) =>
      c.execute(`
        CREATE VIEW rich AS SELECT id, name FROM "Account" WHERE plan = 'PRO';
        CREATE VIEW rich_names AS SELECT name FROM rich;
        CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
        CREATE FUNCTION is_pro(p "Plan") RETURNS boolean LANGUAGE sql AS $$SELECT p = 'PRO'$$;
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
        CREATE TRIGGER account_touch BEFORE UPDATE ON "Account" FOR EACH ROW EXECUTE FUNCTION touch();
        CREATE TABLE notes (id int);
        CREATE VIEW note_ids AS SELECT id FROM notes;
        CREATE SCHEMA side;
        CREATE TABLE side.uses (id int, plans "Plan"[]);`),
    );
    const objects = `
      SELECT c.relkind::text || ' ' || c.relname AS o FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm')
      UNION ALL SELECT 'f ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
      UNION ALL SELECT 'e ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' AND t.typtype = 'e'
      UNION ALL SELECT 't ' || tg.tgname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT tg.tgisinternal`;
    const catalog = async (): Promise<Set<string>> =>
      withConnection(database, async (c) => new Set((await c.query<{ o: string }>(objects)).map((r) => r.o)));

    const before = await catalog();
    const plan = await planMigrateReset({ provider, url: database, ...files });
    expect(plan.objects.map((o) => [label(o), o.dependsOn])).toEqual([
      ['table Account', undefined],
      ['table Invoice', undefined],
      ['table notes', undefined],
      ['enum Plan', undefined],
      ['history-table _strata_migrations', undefined],
      ['function is_pro(public."Plan")', 'Plan'],
      // a table outside the managed schema keeps its rows but loses the column typed with the enum
      ['other table column side.uses.plans', 'Plan'],
      ['trigger account_touch on public."Account"', 'Account'],
      ['view note_ids', 'notes'],
      ['view rich', 'Account'],
      ['view rich_names', 'rich'],
    ]);
    const reset = await migrateReset({ provider, url: database, ...files, force: true, skipDeploy: true });
    expect(reset.dropped).toEqual(plan.objects);
    const after = await catalog();
    const gone = [...before].filter((o) => !after.has(o)).sort();
    expect(gone).toEqual(
      [
        'r Account',
        'r Invoice',
        'r notes',
        'r _strata_migrations',
        'e Plan',
        'v rich',
        'v rich_names',
        'v note_ids',
        'f is_pro',
        't account_touch',
      ].sort(),
    );
    // what stays: the functions that depend on nothing dropped, and the other schema's table
    expect([...after].sort()).toEqual(['f answer', 'f touch']);
    expect(
      await scalar(
        database,
        `SELECT string_agg(column_name, ',') FROM information_schema.columns WHERE table_schema = 'side' AND table_name = 'uses'`,
      ),
    ).toBe('id');
  });
});
