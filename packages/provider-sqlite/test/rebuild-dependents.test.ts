/**
 * Table rebuilds through the real migrate flow keep the views and triggers a team added by hand
 * (in a `--create-only` migration, edited): views on the rebuilt table, views on those views,
 * triggers on other tables that write into it, and its own triggers. `migrate dev` plans from the
 * migration snapshots, which know nothing of views; the live database does.
 *
 * A change that a dependent view cannot survive (a column it selects is dropped) stops `migrate
 * dev` with a would-fail warning that names the view, instead of a failed migration.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  type Database,
  dbPush,
  migrateDeploy,
  migrateDev,
  migrateDiff,
  migrateRollback,
  migrateStatus,
  openDatabase,
} from '@strata/core';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';
import { datasource, historyRow } from './support.js';

const temp = createTempDir('strata-sqlite-dependents-');
afterAll(() => temp.close());

const v1 = `${datasource}
model Parent {
  id       Int     @id @default(autoincrement())
  name     String
  note     String?
  children Child[]
}

model Child {
  id       Int    @id @default(autoincrement())
  label    String
  parentId Int
  parent   Parent @relation(fields: [parentId], references: [id])
}

model Log {
  id  Int    @id @default(autoincrement())
  msg String
}
`;

// What a team writes into the first migration by hand.
const HAND_WRITTEN = `
CREATE VIEW "parent_names" AS SELECT "id", "name" AS "name" FROM "Parent";
CREATE VIEW "parent_names_upper" AS SELECT "id", upper("name") AS "upper_name" FROM "parent_names";
CREATE VIEW "child_count" AS SELECT p."id", count(c."id") AS "n" FROM "Parent" p LEFT JOIN "Child" c ON c."parentId" = p."id" GROUP BY p."id";
CREATE TRIGGER "child_touches_parent" AFTER INSERT ON "Child" BEGIN UPDATE "Parent" SET "note" = 'has children' WHERE "id" = NEW."parentId"; END;
CREATE TRIGGER "parent_renamed" AFTER UPDATE OF "name" ON "Parent" BEGIN INSERT INTO "Log" ("msg") VALUES ('renamed ' || NEW."name"); END;
`;

const DEPENDENTS = ['child_count', 'child_touches_parent', 'parent_names', 'parent_names_upper', 'parent_renamed'];

async function dependents(connection: Database): Promise<{ type: string; name: string; sql: string }[]> {
  return connection.query(`SELECT type, name, sql FROM sqlite_schema WHERE type IN ('view', 'trigger') ORDER BY name`);
}

async function clean(connection: Database): Promise<void> {
  expect(await connection.query('PRAGMA foreign_key_check')).toEqual([]);
  expect(await connection.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
}

describe('rebuilds keep dependent views and triggers (migrate dev, then deploy)', () => {
  const project = path.join(temp.dir, 'project');
  const schemaPath = path.join(project, 'schema.prisma');
  const migrationsDir = path.join(project, 'migrations');
  let dev: Database;
  let prod: Database;
  let original: { type: string; name: string; sql: string }[];
  const base = () => ({ provider, schemaPath, migrationsDir, connection: dev, allowWarnings: true });
  const write = async (text: string) => {
    const { writeFile, mkdir } = await import('node:fs/promises');
    await mkdir(project, { recursive: true });
    await writeFile(schemaPath, text);
  };

  beforeAll(async () => {
    dev = await openDatabase(provider, `file:${path.join(temp.dir, 'dev.db')}`, { createIfMissing: true });
    prod = await openDatabase(provider, `file:${path.join(temp.dir, 'prod.db')}`, { createIfMissing: true });
    await write(v1);
    const created = await migrateDev({ ...base(), name: 'init', createOnly: true });
    if (created.outcome === 'no-changes') throw new Error('no migration created');
    await appendFile(path.join(created.migration.path, 'migration.sql'), HAND_WRITTEN);
    const applied = await migrateDev(base());
    expect(applied.outcome).toBe('no-changes'); // applied as pending, nothing new to plan
    await dev.execute(`INSERT INTO "Parent" ("id", "name") VALUES (1, 'ann'), (2, 'bob');
INSERT INTO "Child" ("id", "label", "parentId") VALUES (10, 'a', 1), (11, 'b', 1), (12, 'c', 2);`);
    original = await dependents(dev);
    expect(original.map((o) => o.name)).toEqual(DEPENDENTS);
  });

  afterAll(async () => {
    await dev?.close();
    await prod?.close();
  });

  test('both tables rebuilt (nullability changes): every view and trigger is back, rows kept, checks clean', async () => {
    await write(
      v1.replace('name     String\n', 'name     String?\n').replace('label    String\n', 'label    String?\n'),
    );
    const result = await migrateDev({ ...base(), name: 'optional names' });
    expect(result.outcome).toBe('applied');
    if (result.outcome === 'no-changes') return;
    expect(result.migration.sql).toContain('CREATE TABLE "new_Parent"');
    expect(result.migration.sql).toContain('CREATE TABLE "new_Child"');
    expect(await dependents(dev)).toEqual(original);
    await clean(dev);
    expect(await dev.query('SELECT * FROM "parent_names_upper" ORDER BY "id"')).toEqual([
      { id: 1, upper_name: 'ANN' },
      { id: 2, upper_name: 'BOB' },
    ]);
    expect(await dev.query('SELECT * FROM "child_count" ORDER BY "id"')).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 1 },
    ]);
    // The triggers still fire: one on the other table, one on the rebuilt table itself.
    await dev.execute(`INSERT INTO "Child" ("id", "label", "parentId") VALUES (13, 'd', 2);
UPDATE "Parent" SET "name" = 'bea' WHERE "id" = 2;`);
    expect(await dev.query('SELECT "note" FROM "Parent" WHERE "id" = 2')).toEqual([{ note: 'has children' }]);
    expect(await dev.query('SELECT "msg" FROM "Log"')).toEqual([{ msg: 'renamed bea' }]);
  });

  test('a column rename with a rebuild: SQLite rewrites the views and triggers, which keep working', async () => {
    const v3 = v1
      .replace('name     String\n', 'title    String\n') // required again: Parent is rebuilt, then renamed
      .replace('label    String\n', 'label    String\n') // required again: Child is rebuilt
      .replace('note     String?\n', 'note     String?\n  rank     Int     @default(0)\n');
    await write(v3);
    const result = await migrateDev({
      ...base(),
      name: 'rename name',
      resolver: (c) => c.kind === 'column' && c.from === 'name' && c.to === 'title',
    });
    expect(result.outcome).toBe('applied');
    if (result.outcome === 'no-changes') return;
    expect(result.migration.sql).toContain('CREATE TABLE "new_Parent"');
    expect(result.migration.sql).toContain('CREATE TABLE "new_Child"');
    expect(result.migration.sql).toContain('RENAME COLUMN "name" TO "title"');
    // a review note: the view's unaliased output column would be renamed with it
    expect(result.warnings.filter((w) => w.code === 'sqlite-view-column-renamed').map((w) => w.message)).toEqual([
      expect.stringContaining('View "parent_names" uses column "name" of table "Parent", which is renamed to "title"'),
    ]);
    expect(await dev.query('SELECT * FROM "parent_names_upper" ORDER BY "id"')).toEqual([
      { id: 1, upper_name: 'ANN' },
      { id: 2, upper_name: 'BEA' },
    ]);
    expect((await dependents(dev)).map((o) => o.name)).toEqual(DEPENDENTS);
    await dev.execute(`UPDATE "Parent" SET "title" = 'cy' WHERE "id" = 1;`);
    expect(await dev.query('SELECT "msg" FROM "Log" ORDER BY "id"')).toEqual([
      { msg: 'renamed bea' },
      { msg: 'renamed cy' },
    ]);
    await clean(dev);
  });

  test('dropping a column a view selects stops dev with a would-fail warning naming the view', async () => {
    const before = await dependents(dev);
    const v4 = v1
      .replace('name     String\n', '')
      .replace('note     String?\n', 'note     String?\n  rank     Int     @default(0)\n');
    await write(v4);
    await expect(migrateDev({ ...base(), name: 'drop title' })).rejects.toMatchObject({
      code: 'would-fail',
      message: expect.stringMatching(/View "parent_names" uses column "title" of table "Parent"/),
      hint: expect.stringContaining('--create-only'),
    });
    expect(await dependents(dev)).toEqual(before);
    const status = await migrateStatus({ provider, schemaPath, migrationsDir, connection: dev });
    expect(status.problems).toEqual([]);
  });

  test('dropping a table that a trigger on another table writes into stops dev too', async () => {
    const before = await dependents(dev);
    const v5 = v1
      .replace('name     String\n', 'title    String\n')
      .replace('note     String?\n', 'note     String?\n  rank     Int     @default(0)\n')
      .replace(/model Log \{[^}]*\}\n/, '');
    await write(v5);
    await expect(migrateDev({ ...base(), name: 'drop log' })).rejects.toMatchObject({
      code: 'would-fail',
      message: expect.stringMatching(/Trigger "parent_renamed" uses table "Log"/),
    });
    expect(await dependents(dev)).toEqual(before);
  });

  test('deploy replays the same migrations on another database: same views and triggers, checks clean', async () => {
    const result = await migrateDeploy({ provider, schemaPath, migrationsDir, connection: prod });
    expect(result.applied.length).toBe(3);
    expect((await dependents(prod)).map((o) => o.name)).toEqual(DEPENDENTS);
    await clean(prod);
  });

  test('rollback of the rename migration rebuilds both tables back: views and triggers kept, checks clean', async () => {
    await prod.execute(`INSERT INTO "Parent" ("id", "title") VALUES (1, 'ann');
INSERT INTO "Child" ("id", "label", "parentId") VALUES (10, 'a', 1);`);
    const result = await migrateRollback({
      provider,
      schemaPath,
      migrationsDir,
      connection: prod,
      allowWarnings: true,
    });
    expect(result.rolledBack).toHaveLength(1);
    expect(result.rolledBack[0]?.sql).toContain('CREATE TABLE "new_Parent"');
    expect(result.rolledBack[0]?.sql).toContain('RENAME COLUMN "title" TO "name"');
    expect((await dependents(prod)).map((o) => o.name)).toEqual(DEPENDENTS);
    expect(await prod.query('SELECT * FROM "parent_names_upper"')).toEqual([{ id: 1, upper_name: 'ANN' }]);
    expect(await prod.query('SELECT "note" FROM "Parent"')).toEqual([{ note: 'has children' }]);
    await clean(prod);
  });
});

describe('db push and migrate diff --from-url plan rebuilds with the live views and triggers too', () => {
  test('a push that rebuilds Parent keeps the views; the diff script drops and recreates them', async () => {
    const { writeFile } = await import('node:fs/promises');
    const url = `file:${path.join(temp.dir, 'push.db')}`;
    const schemaPath = path.join(temp.dir, 'push.prisma');
    await writeFile(schemaPath, v1);
    expect((await dbPush({ provider, url, schemaPath })).inSync).toBe(false);
    const connection = await openDatabase(provider, url);
    try {
      await connection.execute(HAND_WRITTEN);
      await connection.execute(`INSERT INTO "Parent" ("id", "name") VALUES (1, 'ann');`);
      const before = await dependents(connection);
      await writeFile(schemaPath, v1.replace('name     String\n', 'name     String?\n'));
      const diff = await migrateDiff({
        provider,
        from: { kind: 'url', url },
        to: { kind: 'schema', path: schemaPath },
      });
      expect(diff.sql).toContain('DROP VIEW IF EXISTS "parent_names_upper";');
      const pushed = await dbPush({ provider, url, schemaPath, allowWarnings: true });
      expect(pushed.sql).toContain('CREATE TABLE "new_Parent"');
      expect(await dependents(connection)).toEqual(before);
      expect(await connection.query('SELECT * FROM "parent_names_upper"')).toEqual([{ id: 1, upper_name: 'ANN' }]);
      await clean(connection);
    } finally {
      await connection.close();
    }
  });
});

describe('a rebuild written without the views over the table (by hand, or by an older strata)', () => {
  test('fails, is rolled back and recorded failed, with an error that says which view and what to do', async () => {
    const url = `file:${path.join(temp.dir, 'old.db')}`;
    const connection = await openDatabase(provider, url, { createIfMissing: true });
    try {
      await connection.execute(`CREATE TABLE "Parent" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL);
CREATE VIEW "parent_names" AS SELECT "id", "name" FROM "Parent";
INSERT INTO "Parent" ("id", "name") VALUES (1, 'ann');`);
      const sql = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Parent" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "name" TEXT);
INSERT INTO "new_Parent" ("id", "name") SELECT "id", "name" FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;
      const result = await connection.apply(
        { name: 'old_rebuild', sql, transactional: true },
        historyRow('old_rebuild'),
      );
      expect(result.ok).toBe(false);
      expect(result.ok === false && result.error).toMatch(
        /error in view parent_names: no such table: main\.Parent \(the view "parent_names" uses a table this migration rebuilds or drops: migration\.sql must drop it first and create it again after/,
      );
      expect(await connection.query('SELECT * FROM "parent_names"')).toEqual([{ id: 1, name: 'ann' }]);
      const [row] = await connection.history.list();
      expect(row?.finishedAt).toBeUndefined();
      expect(row?.logs).toContain('the view "parent_names" uses a table');
    } finally {
      await connection.close();
    }
  });
});
