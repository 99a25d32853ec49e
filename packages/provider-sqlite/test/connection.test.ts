/** The connection on real files: URLs, errors, history, Prisma history import, apply, reset, counts. */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { isStrataError, openDatabase } from '@strata/core';
import { createTempDir, createTestSqlite } from '@strata/testkit';
import sqlite3 from 'sqlite3';
import { provider } from '../src/index.js';
import { historyRow } from './support.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});
function fresh() {
  const db = createTestSqlite();
  cleanups.push(db.close);
  return db;
}
async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isStrataError(error) ? error.code : `not a StrataError: ${String(error)}`;
  }
}

describe('connect', () => {
  test('connect says whether it created the file and its folders (migrate deploy reports it)', async () => {
    const tmp = createTempDir();
    cleanups.push(tmp.close);
    const url = `file:${path.join(tmp.dir, 'releases', 'v1', 'prod.db')}`;
    const first = await openDatabase(provider, url, { createIfMissing: true });
    expect(first.created).toBe(true);
    await first.close();
    expect(existsSync(path.join(tmp.dir, 'releases', 'v1', 'prod.db'))).toBe(true);
    const second = await openDatabase(provider, url, { createIfMissing: true });
    expect(second.created).toBe(false);
    await second.close();
  });

  test('file:./dev.db resolves against baseDir, and is created only with createIfMissing', async () => {
    const tmp = createTempDir();
    cleanups.push(tmp.close);
    const schemaDir = path.join(tmp.dir, 'prisma');
    mkdirSync(schemaDir);
    expect(await codeOf(openDatabase(provider, 'file:./dev.db', { baseDir: schemaDir }))).toBe('database-missing');
    expect(existsSync(path.join(schemaDir, 'dev.db'))).toBe(false);
    const connection = await openDatabase(provider, 'file:./dev.db?connection_limit=1', {
      baseDir: schemaDir,
      createIfMissing: true,
    });
    await connection.close();
    expect(existsSync(path.join(schemaDir, 'dev.db'))).toBe(true);
  });

  test('a read-only file is reported as database-read-only when strata would write', async () => {
    const db = fresh();
    const c1 = await openDatabase(provider, db.url, { createIfMissing: true });
    await c1.execute('CREATE TABLE "T" ("id" INTEGER NOT NULL PRIMARY KEY)');
    await c1.close();
    chmodSync(db.file, 0o444);
    const connection = await openDatabase(provider, db.url);
    try {
      expect((await connection.introspect()).tables.map((t) => t.name)).toEqual(['T']);
      // root ignores file permissions; the connection still refuses to write to a file marked read-only.
      expect(await codeOf(connection.execute('INSERT INTO "T" VALUES (1)'))).toBe('database-read-only');
    } finally {
      await connection.close();
      chmodSync(db.file, 0o644);
    }
  });

  test('a database locked by another writer is reported as database-locked', async () => {
    const db = fresh();
    const connection = await openDatabase(provider, db.url, { createIfMissing: true, lockTimeoutMs: 100 });
    await connection.execute('CREATE TABLE "T" ("id" INTEGER NOT NULL PRIMARY KEY)');
    const other = new sqlite3.Database(db.file);
    await new Promise<void>((resolve, reject) => other.exec('BEGIN EXCLUSIVE', (e) => (e ? reject(e) : resolve())));
    try {
      expect(await codeOf(connection.execute('INSERT INTO "T" VALUES (1)'))).toBe('database-locked');
    } finally {
      await new Promise<void>((resolve) => other.exec('ROLLBACK', () => other.close(() => resolve())));
      await connection.close();
    }
  });

  test('a file that is not a database', async () => {
    const tmp = createTempDir();
    cleanups.push(tmp.close);
    const file = path.join(tmp.dir, 'x.db');
    writeFileSync(file, 'hello, this is not sqlite at all, just some text that is long enough to have a header');
    expect(await codeOf(openDatabase(provider, `file:${file}`))).toBe('invalid-argument');
  });
});

describe('malformed URLs', () => {
  test('are invalid-argument and never echoed (another database URL may hold a password)', async () => {
    const failure = async (url: string) => {
      const error = await openDatabase(provider, url).catch((e: unknown) => e);
      if (!isStrataError(error)) throw error;
      return { code: error.code, text: `${error.message} ${error.hint ?? ''}` };
    };
    for (const url of ['postgresql:/user:my secret@host/db', 'file:', 'file:./100%.db', 'file:./x%zz.db']) {
      const result = await failure(url);
      expect(result.code).toBe('invalid-argument');
      expect(result.text).not.toMatch(/my secret|100%\.db|x%zz/);
    }
  });
});

describe('history', () => {
  test('rows round-trip through _strata_migrations, oldest first, and updates apply', async () => {
    const connection = await openDatabase(provider, fresh().url, { createIfMissing: true });
    try {
      expect(await connection.history.exists()).toBe(false);
      expect(await connection.history.list()).toEqual([]);
      await connection.history.ensure();
      expect(await connection.history.exists()).toBe(true);
      const first = historyRow('001_init', {
        startedAt: new Date('2026-01-01T00:00:00.123Z'),
        finishedAt: new Date('2026-01-01T00:00:01.456Z'),
        artifactsChecksum: 'a'.repeat(64),
        warnings: 'drop-column: x',
        rebuildRequired: true,
        beforeSchema: 'b',
        afterSchema: 'a',
        generatorVersion: '0.1.0',
        appliedStepsCount: 3,
      });
      const second = historyRow('002_next', { startedAt: new Date('2026-01-02T00:00:00.000Z') });
      await connection.history.insert(second);
      await connection.history.insert(first);
      expect(await connection.history.list()).toEqual([first, second]);
      await connection.history.update(second.id, { rolledBackAt: new Date('2026-01-03T00:00:00.000Z'), logs: 'x' });
      const [, updated] = await connection.history.list();
      expect(updated).toEqual({ ...second, rolledBackAt: new Date('2026-01-03T00:00:00.000Z'), logs: 'x' });
      // The history table is never part of the schema.
      expect((await connection.introspect()).tables).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  test("Prisma's _prisma_migrations (SQLite layout) is read as imported rows", async () => {
    const connection = await openDatabase(provider, fresh().url, { createIfMissing: true });
    try {
      expect(await connection.history.readPrismaHistory()).toBeUndefined();
      await connection.execute(`CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
INSERT INTO "_prisma_migrations" VALUES ('u1', '${'a'.repeat(64)}', 1767225601000, '20260101000000_init', NULL, NULL, 1767225600000, 1);
INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "logs", "started_at") VALUES ('u2', '${'b'.repeat(64)}', '20260102000000_broken', 'boom', '2026-01-02 00:00:00');`);
      const rows = await connection.history.readPrismaHistory();
      expect(rows).toEqual([
        {
          id: 'u1',
          migrationName: '20260101000000_init',
          checksum: 'a'.repeat(64),
          provider: 'sqlite',
          startedAt: new Date(1767225600000),
          finishedAt: new Date(1767225601000),
          appliedStepsCount: 1,
          rebuildRequired: false,
          kind: 'imported',
        },
        {
          id: 'u2',
          migrationName: '20260102000000_broken',
          checksum: 'b'.repeat(64),
          provider: 'sqlite',
          startedAt: new Date('2026-01-02T00:00:00Z'),
          logs: 'boom',
          appliedStepsCount: 0,
          rebuildRequired: false,
          kind: 'imported',
        },
      ]);
      expect((await connection.introspect()).tables).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});

describe('apply', () => {
  test('a migration and its history row commit together; a failure rolls back and is recorded', async () => {
    const connection = await openDatabase(provider, fresh().url, { createIfMissing: true });
    try {
      const ok = historyRow('001');
      const result = await connection.apply(
        {
          name: '001',
          sql: '-- CreateTable\nCREATE TABLE "A" ("id" INTEGER NOT NULL PRIMARY KEY);\n\n-- CreateIndex\nCREATE INDEX "A_id_idx" ON "A"("id");',
          transactional: true,
        },
        ok,
      );
      expect(result).toMatchObject({ ok: true, appliedSteps: 2 });
      const bad = historyRow('002');
      const failed = await connection.apply(
        { name: '002', sql: 'CREATE TABLE "B" ("id" INTEGER);\nINSERT INTO "nope" VALUES (1);', transactional: true },
        bad,
      );
      expect(failed.ok).toBe(false);
      if (!failed.ok) expect(failed.error).toContain('no such table: nope');
      expect((await connection.introspect()).tables.map((t) => t.name)).toEqual(['A']);
      const rows = await connection.history.list();
      expect(rows.map((r) => [r.migrationName, r.finishedAt !== undefined, r.appliedStepsCount])).toEqual([
        ['001', true, 2],
        ['002', false, 0],
      ]);
      expect(rows[1]?.logs).toContain('no such table: nope');
    } finally {
      await connection.close();
    }
  });

  test('a no-transaction migration runs statement by statement and records how far it got', async () => {
    const connection = await openDatabase(provider, fresh().url, { createIfMissing: true });
    try {
      const row = historyRow('001');
      const result = await connection.apply(
        {
          name: '001',
          sql: '-- strata:no-transaction\nCREATE TABLE "A" ("id" INTEGER);\nCREATE TABLE "A" ("id" INTEGER);',
          transactional: false,
        },
        row,
      );
      expect(result).toMatchObject({ ok: false, appliedSteps: 1 });
      expect((await connection.introspect()).tables.map((t) => t.name)).toEqual(['A']);
      expect((await connection.history.list())[0]).toMatchObject({ appliedStepsCount: 1 });
    } finally {
      await connection.close();
    }
  });

  test('foreign keys are enforced again after a migration that turned them off', async () => {
    const connection = await openDatabase(provider, fresh().url, { createIfMissing: true });
    try {
      await connection.apply(
        {
          name: '001',
          sql: 'PRAGMA foreign_keys=OFF;\nCREATE TABLE "P" ("id" INTEGER NOT NULL PRIMARY KEY);\nCREATE TABLE "C" ("p" INTEGER REFERENCES "P" ("id"));\nPRAGMA foreign_keys=ON;',
          transactional: true,
        },
        historyRow('001'),
      );
      expect(await connection.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      await expect(connection.execute('INSERT INTO "C" VALUES (5)')).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await connection.close();
    }
  });
});

describe('reset and data inspection', () => {
  test('reset drops the tables, their triggers and the history, lists exactly that, and keeps views', async () => {
    const connection = await openDatabase(provider, fresh().url, { createIfMissing: true });
    try {
      await connection.execute(`CREATE TABLE "T" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "v" TEXT);
CREATE VIEW "V" AS SELECT * FROM "T";
CREATE TRIGGER "tr" AFTER INSERT ON "T" BEGIN SELECT 1; END;`);
      await connection.history.ensure();
      const schemaObjects = async () =>
        (
          await connection.query<{ type: string; name: string }>(
            `SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`,
          )
        ).map((r) => `${r.type} ${r.name}`);
      const before = await schemaObjects();
      const plan = await connection.planReset();
      expect(plan).toEqual([
        { kind: 'table', name: 'T' },
        { kind: 'history-table', name: '_strata_migrations' },
        { kind: 'trigger', name: 'tr', dependsOn: 'T' },
      ]);
      expect(await connection.reset()).toEqual(plan);
      const after = await schemaObjects();
      expect(before.filter((o) => !after.includes(o))).toEqual(['table T', 'table _strata_migrations', 'trigger tr']);
      // the view is not strata's: it stays, and reads the table again once it is re-created
      expect(after).toEqual(['view V']);
      await connection.execute(`CREATE TABLE "T" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "v" TEXT);`);
      expect(await connection.query('SELECT count(*) AS n FROM "V"')).toEqual([{ n: 0 }]);
    } finally {
      await connection.close();
    }
  });

  test('counts for data-aware warnings', async () => {
    const connection = await openDatabase(provider, fresh().url, { createIfMissing: true });
    try {
      await connection.execute(`CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "s" TEXT, "n" REAL, "b" BOOLEAN);
INSERT INTO "T" VALUES (1, 'a', 1.5, 1), (2, 'a', 2, 0), (3, NULL, NULL, 2), (4, '12', 3, NULL), (5, 'b', NULL, NULL);`);
      const inspect = connection.probe;
      expect(await inspect.countRows('T')).toBe(5);
      expect(await inspect.countNull('T', 's')).toBe(1);
      expect(await inspect.countNonNull('T', 's')).toBe(4);
      expect(await inspect.countValues('T', 's', ['a', 'b'])).toBe(3);
      expect(await inspect.countDuplicates('T', ['s'])).toBe(2);
      // 'a', 'a', 'b' do not survive a conversion to INTEGER; '12' does.
      expect(await inspect.countNotFitting('T', 's', { scalar: 'Int', native: 'INTEGER' })).toBe(3);
      // 1.5 would be truncated; 2.0 and 3.0 are whole.
      expect(await inspect.countNotFitting('T', 'n', { scalar: 'Int', native: 'INTEGER' })).toBe(1);
      expect(await inspect.countNotFitting('T', 'b', { scalar: 'Boolean', native: 'BOOLEAN' })).toBe(1);
      expect(await inspect.countNotFitting('T', 'n', { scalar: 'String', native: 'TEXT' })).toBe(0);
    } finally {
      await connection.close();
    }
  });
});
