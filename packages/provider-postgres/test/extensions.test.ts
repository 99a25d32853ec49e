/**
 * The datasource `extensions` list end to end on real PostgreSQL: a schema that uses extension
 * types from an empty database (dev, status, dev again, deploy to a second database), adding and
 * removing extensions between migrations, drift when someone changes extensions by hand, and
 * `db pull` writing them back. PGlite ships without the contrib extensions: there the tests skip
 * with the reason printed.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  type Database,
  dbPull,
  dbPush,
  migrateDeploy,
  migrateDev,
  migrateDiff,
  migrateStatus,
  openDatabase,
} from '@strata/core';
import { normalizedStatements } from '@strata/core/testing';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import { provider } from '../src/index.js';

const NEEDED = ['citext', 'pgcrypto', 'hstore', 'pg_trgm'];

const header = (extensions: string, preview = true): string => `generator client {
  provider = "prisma-client-js"${preview ? '\n  previewFeatures = ["postgresqlExtensions"]' : ''}
}

datasource db {
  provider   = "postgresql"
  extensions = [${extensions}]
}
`;

const users = `
model User {
  id    Int    @id @default(autoincrement())
  email String @unique @db.Citext
  token Bytes  @default(dbgenerated("ext.gen_random_bytes(16)"))
}
`;

let server: TestPostgres;
let skip: string | undefined;
let project: string;
let schemaPath: string;
let migrationsDir: string;
let dev: Database;
let prod: Database;

beforeAll(async () => {
  server = await startTestPostgres();
  project = mkdtempSync(path.join(tmpdir(), 'strata-extensions-'));
  await mkdir(path.join(project, 'prisma'));
  schemaPath = path.join(project, 'prisma', 'schema.prisma');
  migrationsDir = path.join(project, 'prisma', 'migrations');
  if (server.backend !== 'server') {
    skip =
      'PGlite has the contrib extensions (citext, pgcrypto, hstore, pg_trgm) only when built with them, which the test PGlite is not';
    return;
  }
  dev = await openDatabase(provider, await server.createDatabase());
  prod = await openDatabase(provider, await server.createDatabase());
  const rows = await dev.query<{ name: string }>(
    'SELECT name FROM pg_available_extensions WHERE name = ANY($1::text[])',
    [NEEDED],
  );
  const missing = NEEDED.filter((n) => !rows.some((r) => r.name === n));
  if (missing.length > 0) skip = `this server lacks the extensions ${missing.join(', ')}`;
});

afterAll(async () => {
  await dev?.close();
  await prod?.close();
  await server?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

/** True (and the reason printed once per test) when the backend cannot run extension tests. */
function skipped(name: string): boolean {
  if (skip === undefined) return false;
  console.log(`${name} skipped: ${skip}`);
  return true;
}

async function installed(connection: Database): Promise<string[]> {
  const rows = await connection.query<{ x: string }>(
    `SELECT x.extname || '@' || n.nspname AS x FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
      WHERE x.extname <> 'plpgsql' ORDER BY 1`,
  );
  return rows.map((r) => r.x);
}

const base = () => ({ provider, schemaPath, migrationsDir });

describe('extensions = [...]: the whole flow on a database that lacks them', () => {
  test('dev from empty creates the extensions (and the schema one goes into) before the tables', async () => {
    if (skipped('dev from empty')) return;
    await writeFile(schemaPath, header('citext, pgcrypto(schema: "ext")') + users);
    const result = await migrateDev({ ...base(), connection: dev, name: 'init' });
    expect(result.outcome).toBe('applied');
    if (result.outcome === 'no-changes') return;
    const sql = result.migration.sql;
    const at = (text: string) => {
      const index = sql.indexOf(text);
      expect({ text, found: index >= 0 }).toEqual({ text, found: true });
      return index;
    };
    const createTable = at('CREATE TABLE "User"');
    expect(at('CREATE EXTENSION IF NOT EXISTS "citext";')).toBeLessThan(createTable);
    expect(at('CREATE SCHEMA IF NOT EXISTS "ext";')).toBeLessThan(
      at('CREATE EXTENSION IF NOT EXISTS "pgcrypto" WITH SCHEMA "ext";'),
    );
    expect(sql).not.toContain('plpgsql');
    expect(await installed(dev)).toEqual(['citext@public', 'pgcrypto@ext']);
    // the extension's type and function work: a case-insensitive unique email, a generated token
    await dev.execute(`INSERT INTO "User" ("email") VALUES ('Alice@example.com');`);
    await expect(dev.execute(`INSERT INTO "User" ("email") VALUES ('alice@EXAMPLE.com');`)).rejects.toThrow(/unique/i);
  });

  test('status: applied, no drift; the declared extensions are not listed as unmanaged', async () => {
    if (skipped('status')) return;
    const status = await migrateStatus({ ...base(), connection: dev });
    expect(status.problems).toEqual([]);
    expect(status.inSync).toBe(true);
    expect(status.unmanaged.filter((u) => u.kind === 'extension')).toEqual([]);
  });

  test('dev again: no changes', async () => {
    if (skipped('dev again')) return;
    const result = await migrateDev({ ...base(), connection: dev });
    expect(result.outcome).toBe('no-changes');
  });

  test('deploy to a second database that lacks the extensions', async () => {
    if (skipped('deploy')) return;
    expect(await installed(prod)).toEqual([]);
    const result = await migrateDeploy({ ...base(), connection: prod });
    expect(result.applied.map((m) => m.name)).toHaveLength(1);
    expect(await installed(prod)).toEqual(['citext@public', 'pgcrypto@ext']);
    const status = await migrateStatus({ ...base(), connection: prod });
    expect(status.problems).toEqual([]);
  });

  test('adding one and removing another: CREATE and DROP EXTENSION, the drop gated as data loss', async () => {
    if (skipped('add and remove')) return;
    const withoutToken = users.replace(/ {2}token .*\n/, '');
    await writeFile(schemaPath, header('citext, hstore(schema: "public")') + withoutToken);
    await expect(migrateDev({ ...base(), connection: dev, name: 'hstore' })).rejects.toMatchObject({
      code: 'warnings-block',
    });
    const result = await migrateDev({ ...base(), connection: dev, name: 'hstore', allowWarnings: true });
    expect(result.outcome).toBe('applied');
    if (result.outcome === 'no-changes') return;
    expect(result.changes.map((c) => c.kind)).toEqual(['CreateExtension', 'AlterTable', 'DropExtension']);
    expect(result.warnings.map((w) => w.code)).toEqual(['drop-column', 'drop-extension']);
    const sql = result.migration.sql;
    expect(sql).toContain('CREATE EXTENSION IF NOT EXISTS "hstore" WITH SCHEMA "public";');
    // the column that used pgcrypto goes first, then the extension (never CASCADE)
    expect(sql.indexOf('DROP COLUMN "token"')).toBeLessThan(sql.indexOf('DROP EXTENSION "pgcrypto";'));
    expect(sql).not.toMatch(/CASCADE/);
    expect(await installed(dev)).toEqual(['citext@public', 'hstore@public']);
    expect((await migrateDev({ ...base(), connection: dev })).outcome).toBe('no-changes');
    // deploy applies it too, and the second database ends the same
    await migrateDeploy({ ...base(), connection: prod });
    expect(await installed(prod)).toEqual(['citext@public', 'hstore@public']);
  });

  test('drift: an extension dropped by hand, or moved away from its pinned schema, is drift', async () => {
    if (skipped('drift')) return;
    await dev.execute('DROP EXTENSION "hstore";');
    let status = await migrateStatus({ ...base(), connection: dev });
    expect(status.problems.map((p) => p.code)).toContain('drift');
    // differences say what happened to the database, against what the migrations made
    expect(status.drift?.differences).toEqual(['drop extension hstore']);

    await dev.execute('CREATE EXTENSION "hstore" WITH SCHEMA "ext";');
    status = await migrateStatus({ ...base(), connection: dev });
    expect(status.drift?.differences).toEqual(['move extension hstore from schema public to ext']);

    await dev.execute('ALTER EXTENSION "hstore" SET SCHEMA "public";');
    status = await migrateStatus({ ...base(), connection: dev });
    expect(status.problems).toEqual([]);
  });

  test('an extension created by hand that the schema does not declare is unmanaged: no drift, never dropped', async () => {
    if (skipped('undeclared extension')) return;
    await dev.execute('CREATE EXTENSION "pg_trgm";');
    const status = await migrateStatus({ ...base(), connection: dev });
    expect(status.problems).toEqual([]);
    expect(status.inSync).toBe(true);
    expect(status.unmanaged.filter((u) => u.kind === 'extension').map((u) => u.name)).toEqual(['pg_trgm']);
    expect((await migrateDev({ ...base(), connection: dev })).outcome).toBe('no-changes');
    expect(await installed(dev)).toContain('pg_trgm@public');
  });

  test('db pull writes the extensions back under the preview feature, and only then', async () => {
    if (skipped('db pull')) return;
    // re-introspection: written arguments stay where the database agrees; pg_trgm is new
    const pulled = await dbPull({ provider, connection: dev, schemaPath });
    expect(pulled.schema).toContain('extensions = [citext, hstore(schema: "public"), pg_trgm(schema: "public")]');
    expect(pulled.unmanaged.filter((u) => u.startsWith('extension'))).toEqual([]);

    const plain = path.join(project, 'plain.prisma');
    await writeFile(plain, header('', false).replace(/ {2}extensions = \[\]\n/, '') + users);
    const withoutFeature = await dbPull({ provider, connection: dev, schemaPath: plain });
    expect(withoutFeature.schema).not.toContain('extensions');
    expect(withoutFeature.unmanaged).toEqual(
      expect.arrayContaining(['extension citext', 'extension hstore', 'extension pg_trgm']),
    );

    // what pull wrote is a schema whose extensions diff empty against the database
    await writeFile(schemaPath, pulled.schema);
    const after = await readFile(schemaPath, 'utf8');
    expect(after).toContain('previewFeatures = ["postgresqlExtensions"]');
    const status = await migrateStatus({ ...base(), connection: dev });
    expect(status.problems).toEqual([]);
  });

  test('removing an extension a kept column still uses is refused before anything is written; changing the column too goes', async () => {
    if (skipped('extension in use')) return;
    const folders = async () => (await readdir(migrationsDir)).sort();
    const before = await folders();
    const emailText = users.replace(/ {2}token .*\n/, '');
    await writeFile(schemaPath, header('hstore(schema: "public"), pg_trgm(schema: "public")') + emailText);
    const refused = migrateDev({ ...base(), connection: dev, name: 'no citext', allowWarnings: true });
    await expect(refused).rejects.toMatchObject({
      code: 'would-fail',
      details: { warnings: [expect.objectContaining({ code: 'drop-extension-in-use' })] },
    });
    await expect(refused).rejects.toThrow(/column email of table "User"/);
    expect(await folders()).toEqual(before);
    expect(await installed(dev)).toContain('citext@public');

    await writeFile(
      schemaPath,
      header('hstore(schema: "public"), pg_trgm(schema: "public")') + emailText.replace(' @db.Citext', ''),
    );
    const result = await migrateDev({ ...base(), connection: dev, name: 'no citext', allowWarnings: true });
    expect(result.outcome).toBe('applied');
    if (result.outcome === 'no-changes') return;
    expect(result.warnings.map((w) => w.code)).toContain('drop-extension');
    expect(await installed(dev)).toEqual(['hstore@public', 'pg_trgm@public']);
  });
});

describe('against a live database, the statements Prisma prints with --from-config-datasource', () => {
  test('a relocated and an updated extension: ALTER EXTENSION in place, the pinned-alike one untouched', async () => {
    if (skipped('live diff')) return;
    const url = await server.createDatabase();
    const db = await openDatabase(provider, url);
    try {
      // the database the fixture was recorded against (fixtures/prisma-extensions/README.md)
      await db.execute(`CREATE EXTENSION hstore; CREATE EXTENSION citext; CREATE SCHEMA ext;
        CREATE EXTENSION pg_trgm WITH SCHEMA ext; CREATE TABLE t (id int PRIMARY KEY, e citext);`);
      const fixtures = path.join(import.meta.dirname, 'fixtures', 'prisma-extensions');
      const result = await migrateDiff({
        provider,
        from: { kind: 'url', url },
        to: { kind: 'schema', path: path.join(fixtures, 'relocated.prisma') },
      });
      expect(normalizedStatements(result.sql)).toEqual(
        normalizedStatements(await readFile(path.join(fixtures, 'live-to-relocated.sql'), 'utf8')),
      );
    } finally {
      await db.close();
    }
  });
});

describe('db push', () => {
  test('creates the declared extensions, leaves the undeclared ones, and drops none', async () => {
    if (skipped('db push')) return;
    const db = await openDatabase(provider, await server.createDatabase());
    try {
      await db.execute('CREATE EXTENSION hstore;');
      const pushed = path.join(project, 'push.prisma');
      await writeFile(pushed, header('citext') + users.replace(/ {2}token .*\n/, ''));
      const first = await dbPush({ provider, connection: db, schemaPath: pushed });
      expect(first.sql).toContain('CREATE EXTENSION IF NOT EXISTS "citext";');
      expect(await installed(db)).toEqual(['citext@public', 'hstore@public']);
      expect((await dbPush({ provider, connection: db, schemaPath: pushed })).inSync).toBe(true);
      // no previous list to compare with: leaving the list does not drop it (Prisma's db push neither)
      await writeFile(pushed, header('pgcrypto') + users.replace(/ {2}token .*\n/, ''));
      const second = await dbPush({ provider, connection: db, schemaPath: pushed });
      expect(second.changes.map((c) => c.kind)).toEqual(['CreateExtension']);
      expect(await installed(db)).toEqual(['citext@public', 'hstore@public', 'pgcrypto@public']);
    } finally {
      await db.close();
    }
  });
});
