/**
 * Edge cases of renames and rebuilds on real SQLite files, with rows in the tables: names swapped
 * between two columns (or tables) in one migration, a table created under the name a renamed
 * table frees, and CHECK constraints (outside the IR) carried through a rebuild.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { type Database, diff, openDatabase, type RenameDecision, StrataError } from '@strata/core';
import { createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { changesBetween, createFrom, datasource, historyRow, lowerPrisma, script } from './support.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

async function open(): Promise<Database> {
  const db = createTestSqlite();
  cleanups.push(db.close);
  return openDatabase(provider, db.url, { createIfMissing: true });
}

const m = (body: string): string => `${datasource}\n${body}\n`;

/** Migrates what the database holds to `target` (with the given renames) and returns the script. */
async function migrate(
  connection: Database,
  target: string,
  renames: readonly RenameDecision[] = [],
): Promise<{ sql: string; rebuilt: boolean }> {
  const to = lowerPrisma(target);
  const live = await connection.introspect();
  const changes = diff(live, to, { hooks: provider.diffHooks, renames });
  const sql = script(provider.emit(changes, { from: live, to }));
  const result = await connection.apply({ name: 'm', sql, transactional: true }, historyRow('m'));
  if (!result.ok) throw new Error(`${result.error}\n${sql}`);
  expect(changesBetween(await connection.introspect(), to)).toEqual([]);
  expect(await connection.query('PRAGMA foreign_key_check')).toEqual([]);
  return { sql, rebuilt: sql.includes('RedefineTables') };
}

async function start(schema: string, setup: string): Promise<Database> {
  const connection = await open();
  await createFrom(connection, lowerPrisma(schema));
  await connection.execute(setup);
  return connection;
}

describe('swapped names', () => {
  test('two columns swap names while the table is rebuilt: every value follows its column', async () => {
    const a = m(`model User {\n  id Int @id\n  first String\n  last String\n  age Int?\n}`);
    // first <-> last, and age becomes required (a rebuild).
    const b = m(`model User {\n  id Int @id\n  last String\n  first String\n  age Int @default(0)\n}`);
    const connection = await start(
      a,
      `INSERT INTO "User" VALUES (1, 'Ada', 'Lovelace', NULL), (2, 'Alan', 'Turing', 41);`,
    );
    try {
      const { rebuilt } = await migrate(connection, b, [
        { kind: 'column', table: 'User', from: 'first', to: 'last' },
        { kind: 'column', table: 'User', from: 'last', to: 'first' },
      ]);
      expect(rebuilt).toBe(true);
      expect(await connection.query('SELECT "id", "first", "last", "age" FROM "User" ORDER BY "id"')).toEqual([
        { id: 1, first: 'Lovelace', last: 'Ada', age: 0 },
        { id: 2, first: 'Turing', last: 'Alan', age: 41 },
      ]);
    } finally {
      await connection.close();
    }
  });

  test('two columns swap names without a rebuild, and a third rename follows a chain', async () => {
    const a = m(`model T {\n  id Int @id\n  a String\n  b String\n  c String\n}`);
    // a <-> b, and c -> d while nothing else changes (plain RENAME COLUMNs).
    const b = m(`model T {\n  id Int @id\n  b String\n  a String\n  d String\n}`);
    const connection = await start(a, `INSERT INTO "T" VALUES (1, 'va', 'vb', 'vc');`);
    try {
      const { rebuilt } = await migrate(connection, b, [
        { kind: 'column', table: 'T', from: 'a', to: 'b' },
        { kind: 'column', table: 'T', from: 'b', to: 'a' },
        { kind: 'column', table: 'T', from: 'c', to: 'd' },
      ]);
      expect(rebuilt).toBe(false);
      expect(await connection.query('SELECT "a", "b", "d" FROM "T"')).toEqual([{ a: 'vb', b: 'va', d: 'vc' }]);
    } finally {
      await connection.close();
    }
  });

  test('two tables swap names: rows and foreign keys follow their tables', async () => {
    const a = m(`model Red {\n  id Int @id\n  tag String\n  items Item[]\n}
model Blue {\n  id Int @id\n  tag String\n}
model Item {\n  id Int @id\n  redId Int\n  red Red @relation(fields: [redId], references: [id])\n}`);
    const b = m(`model Red {\n  id Int @id\n  tag String\n  @@map("Blue")\n  items Item[]\n}
model Blue {\n  id Int @id\n  tag String\n  @@map("Red")\n}
model Item {\n  id Int @id\n  redId Int\n  red Red @relation(fields: [redId], references: [id])\n}`);
    const connection = await start(
      a,
      `INSERT INTO "Red" VALUES (1, 'was red'); INSERT INTO "Blue" VALUES (2, 'was blue'); INSERT INTO "Item" VALUES (7, 1);`,
    );
    try {
      await migrate(connection, b, [
        { kind: 'table', from: 'Red', to: 'Blue' },
        { kind: 'table', from: 'Blue', to: 'Red' },
      ]);
      expect(await connection.query('SELECT "id", "tag" FROM "Blue"')).toEqual([{ id: 1, tag: 'was red' }]);
      expect(await connection.query('SELECT "id", "tag" FROM "Red"')).toEqual([{ id: 2, tag: 'was blue' }]);
      expect(await connection.query(`SELECT "table" AS t FROM pragma_foreign_key_list('Item')`)).toEqual([
        { t: 'Blue' },
      ]);
    } finally {
      await connection.close();
    }
  });
});

describe('a name freed by a rename', () => {
  test('a new table takes the name a renamed (and rebuilt) table gives up, with the same index names', async () => {
    const a = m(`model Account {\n  id Int @id\n  email String @unique\n  note String?\n  posts Post[]\n}
model Post {\n  id Int @id\n  accountId Int\n  account Account @relation(fields: [accountId], references: [id])\n}`);
    // Account -> LegacyAccount (rebuilt: note becomes required), and a new Account table with the
    // same shape of unique index ("Account_email_key") as the old one had.
    const b =
      m(`model LegacyAccount {\n  id Int @id\n  email String @unique\n  note String @default("")\n  posts Post[]\n}
model Post {\n  id Int @id\n  accountId Int\n  account LegacyAccount @relation(fields: [accountId], references: [id])\n}
model Account {\n  id Int @id\n  email String @unique\n}`);
    const connection = await start(
      a,
      `INSERT INTO "Account" VALUES (1, 'a@x', NULL); INSERT INTO "Post" VALUES (5, 1);`,
    );
    try {
      const { rebuilt } = await migrate(connection, b, [{ kind: 'table', from: 'Account', to: 'LegacyAccount' }]);
      expect(rebuilt).toBe(true);
      expect(await connection.query('SELECT * FROM "LegacyAccount"')).toEqual([{ id: 1, email: 'a@x', note: '' }]);
      expect(await connection.query('SELECT count(*) AS n FROM "Account"')).toEqual([{ n: 0 }]);
      expect(await connection.query(`SELECT "table" AS t FROM pragma_foreign_key_list('Post')`)).toEqual([
        { t: 'LegacyAccount' },
      ]);
      await connection.execute(`INSERT INTO "Account" VALUES (1, 'a@x');`);
    } finally {
      await connection.close();
    }
  });
});

describe('CHECK constraints', () => {
  const a = m(`model Product {\n  id Int @id\n  price Int\n  stock Int\n  name String?\n}`);
  // `id Int @id` is INTEGER PRIMARY KEY AUTOINCREMENT on SQLite (Prisma's implicit autoincrement)
  const created = `CREATE TABLE "Product" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "price" INTEGER NOT NULL CHECK ("price" >= 0),
    "stock" INTEGER NOT NULL,
    "name" TEXT CONSTRAINT "short_name" CHECK (length("name") < 20),
    CONSTRAINT "stock_positive" CHECK (stock > 0),
    CHECK (price * stock < 1000000)
);
INSERT INTO "Product" VALUES (1, 10, 3, NULL);`;
  const allChecks = [
    'CHECK ("price" >= 0)',
    'CONSTRAINT "short_name" CHECK (length("name") < 20)',
    'CONSTRAINT "stock_positive" CHECK (stock > 0)',
    'CHECK (price * stock < 1000000)',
  ];

  async function withChecks(): Promise<Database> {
    const connection = await open();
    await connection.execute(created);
    return connection;
  }

  test('introspection reads column and table CHECK clauses; the diff does not see them', async () => {
    const connection = await withChecks();
    try {
      const live = await connection.introspect();
      expect(live.tables[0]?.checks).toEqual(allChecks);
      expect(changesBetween(live, lowerPrisma(a))).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  test('a rebuild keeps them, and they still hold afterwards', async () => {
    const connection = await withChecks();
    try {
      const { rebuilt, sql } = await migrate(
        connection,
        m(`model Product {\n  id Int @id\n  price Int\n  stock Int\n  name String @default("none")\n}`),
      );
      expect(rebuilt).toBe(true);
      for (const check of allChecks) expect(sql).toContain(check);
      expect(await connection.query('SELECT * FROM "Product"')).toEqual([{ id: 1, price: 10, stock: 3, name: 'none' }]);
      expect((await connection.introspect()).tables[0]?.checks).toEqual(allChecks);
      await expect(connection.execute(`INSERT INTO "Product" VALUES (2, -1, 1, 'x')`)).rejects.toThrow(/CHECK/);
      await expect(connection.execute(`INSERT INTO "Product" VALUES (3, 1, 0, 'x')`)).rejects.toThrow(/CHECK/);
      await expect(
        connection.execute(`INSERT INTO "Product" VALUES (4, 1, 1, 'a name far too long to pass')`),
      ).rejects.toThrow(/CHECK/);
    } finally {
      await connection.close();
    }
  });

  test('a rebuild under a column rename keeps them too, following the new name', async () => {
    const connection = await withChecks();
    try {
      await migrate(
        connection,
        m(`model Product {\n  id Int @id\n  cost Int\n  stock Int\n  name String @default("none")\n}`),
        [{ kind: 'column', table: 'Product', from: 'price', to: 'cost' }],
      );
      expect(await connection.query('SELECT "cost" FROM "Product"')).toEqual([{ cost: 10 }]);
      expect((await connection.introspect()).tables[0]?.checks).toContain('CHECK ("cost" >= 0)');
      await expect(connection.execute(`INSERT INTO "Product" VALUES (2, -1, 1, 'x')`)).rejects.toThrow(/CHECK/);
    } finally {
      await connection.close();
    }
  });

  test('dropping a column drops the CHECKs over it alone (a rebuild), and keeps the others', async () => {
    const connection = await withChecks();
    try {
      const { rebuilt } = await migrate(connection, m(`model Product {\n  id Int @id\n  price Int\n  stock Int\n}`));
      expect(rebuilt).toBe(true);
      expect((await connection.introspect()).tables[0]?.checks).toEqual(
        allChecks.filter((c) => !c.includes('short_name')),
      );
      expect(await connection.query('SELECT * FROM "Product"')).toEqual([{ id: 1, price: 10, stock: 3 }]);
    } finally {
      await connection.close();
    }
  });

  test('dropping a column a CHECK shares with other columns is refused with unsupported-change naming the table', async () => {
    const connection = await withChecks();
    try {
      const live = await connection.introspect();
      const to = lowerPrisma(m(`model Product {\n  id Int @id\n  price Int\n  name String?\n}`));
      const changes = diff(live, to, { hooks: provider.diffHooks });
      let error: unknown;
      try {
        provider.emit(changes, { from: live, to });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StrataError);
      expect(error).toMatchObject({ code: 'unsupported-change' });
      expect((error as Error).message).toContain('"Product"');
      expect((error as Error).message).toContain('CHECK (price * stock < 1000000)');
    } finally {
      await connection.close();
    }
  });
});
