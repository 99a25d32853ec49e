/**
 * Ids on SQLite as Prisma makes and reads them (the SQL itself is compared with Prisma's in
 * prisma-golden.test.ts, fixture id-shapes):
 * - every single-field Int id is `INTEGER PRIMARY KEY AUTOINCREMENT`, with or without
 *   `@default(autoincrement())`; a BigInt id is `BIGINT PRIMARY KEY` (SQLite numbers only the rowid);
 * - a database's rowid alias (INTEGER PRIMARY KEY) is the same key with or without the
 *   AUTOINCREMENT keyword: a pulled table is not rebuilt to add it, and `db pull` does not claim a
 *   keyword the table lacks (`Int @id` lowers to the autoincrement key all the same).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { dbPull, dbPush, migrateDiff, openDatabase } from '@strata/core';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';
import { datasource } from './support.js';

const temp = createTempDir('strata-sqlite-ids-');
afterAll(() => temp.close());

let databases = 0;
async function database(sql: string): Promise<string> {
  const url = `file:${path.join(temp.dir, `db${++databases}.db`)}`;
  const connection = await openDatabase(provider, url, { createIfMissing: true });
  try {
    if (sql !== '') await connection.execute(sql);
  } finally {
    await connection.close();
  }
  return url;
}

/** The `id`/key lines of each model of a printed schema: model -> trimmed field lines. */
function idLines(schema: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const block of schema.matchAll(/model (\w+) \{\n([\s\S]*?)\n\}/g)) {
    out[block[1] as string] = (block[2] as string)
      .split('\n')
      .map((l) => l.trim().replace(/\s+/g, ' '))
      .filter((l) => /@id|@@id/.test(l));
  }
  return out;
}

describe('ids on SQLite', () => {
  test('validation accepts every id shape Prisma accepts and refuses autoincrement() where Prisma does', async () => {
    const golden = path.join(import.meta.dirname, 'fixtures', 'prisma-golden', 'id-shapes.prisma');
    const created = await migrateDiff({ provider, from: { kind: 'empty' }, to: { kind: 'schema', path: golden } });
    expect(created.empty).toBe(false);
    for (const [name, body] of [
      ['non-id', 'model A {\n  id Int @id\n  n  Int @default(autoincrement())\n}\n'],
      ['compound', 'model A {\n  a BigInt @default(autoincrement())\n  b String\n\n  @@id([a, b])\n}\n'],
    ] as const) {
      const file = path.join(temp.dir, `${name}.prisma`);
      await writeFile(file, `${datasource}${body}`);
      await expect(
        migrateDiff({ provider, from: { kind: 'empty' }, to: { kind: 'schema', path: file } }),
      ).rejects.toMatchObject({ code: 'schema-invalid', message: expect.stringContaining('autoincrement()') });
    }
  });

  test('db pull claims autoincrement only where AUTOINCREMENT is written (on SQLite `Int @id` lowers to the same key)', async () => {
    const url = await database(`
CREATE TABLE "Plain" ("id" INTEGER PRIMARY KEY, "v" TEXT);
CREATE TABLE "PlainNotNull" ("id" INTEGER NOT NULL PRIMARY KEY);
CREATE TABLE "Keyword" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);
CREATE TABLE "TableKey" ("id" INTEGER NOT NULL, PRIMARY KEY ("id"));
CREATE TABLE "Big" ("id" BIGINT NOT NULL PRIMARY KEY);
CREATE TABLE "Descending" ("id" INTEGER NOT NULL PRIMARY KEY DESC);
CREATE TABLE "NoRowid" ("id" INTEGER NOT NULL PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE "Pair" ("a" INTEGER NOT NULL, "b" INTEGER NOT NULL, PRIMARY KEY ("a", "b"));
CREATE TABLE "Text" ("id" TEXT NOT NULL PRIMARY KEY);
`);
    const pulled = await dbPull({ provider, url });
    expect(idLines(pulled.schema)).toEqual({
      Big: ['id BigInt @id'],
      Descending: ['id Int @id'],
      Keyword: ['id Int @id @default(autoincrement())'],
      NoRowid: ['id Int @id'],
      Pair: ['@@id([a, b])'],
      Plain: ['id Int @id'],
      PlainNotNull: ['id Int @id'],
      TableKey: ['id Int @id'],
      Text: ['id String @id'],
    });
  });

  test('a pulled database with plain INTEGER PRIMARY KEY tables is in sync with its schema: nothing is rebuilt', async () => {
    const url = await database(`
CREATE TABLE "Plain" ("id" INTEGER PRIMARY KEY, "v" TEXT);
CREATE TABLE "Child" ("id" INTEGER NOT NULL PRIMARY KEY, "plainId" INTEGER NOT NULL REFERENCES "Plain" ("id"));
CREATE TABLE "Keyword" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);
CREATE TABLE "Big" ("id" BIGINT NOT NULL PRIMARY KEY);
INSERT INTO "Plain" VALUES (1, 'a'), (2, 'b');
`);
    const schemaPath = path.join(temp.dir, 'pulled.prisma');
    await writeFile(schemaPath, (await dbPull({ provider, url })).schema);
    // Without the @default written: Prisma makes `Int @id` an autoincrement key all the same.
    const bare = path.join(temp.dir, 'bare.prisma');
    await writeFile(
      bare,
      `${datasource}
model Plain {
  id    Int     @id
  v     String?
  Child Child[]
}

model Child {
  id      Int   @id
  plainId Int
  Plain   Plain @relation(fields: [plainId], references: [id], onDelete: NoAction, onUpdate: NoAction)
}

model Keyword {
  id Int @id
}

model Big {
  id BigInt @id @default(autoincrement())
}
`,
    );
    for (const file of [schemaPath, bare]) {
      const diff = await migrateDiff({ provider, from: { kind: 'url', url }, to: { kind: 'schema', path: file } });
      expect({ file: path.basename(file), summary: diff.summary }).toEqual({ file: path.basename(file), summary: [] });
      const push = await dbPush({ provider, url, schemaPath: file });
      expect(push.inSync).toBe(true);
    }
  });

  test('BigInt autoincrement ids: db push creates BIGINT PRIMARY KEY (SQLite refuses AUTOINCREMENT there), then is in sync', async () => {
    const url = await database('');
    const schemaPath = path.join(temp.dir, 'big.prisma');
    await writeFile(
      schemaPath,
      `${datasource}
model Account {
  id    BigInt @id @default(autoincrement())
  posts Post[]
}

model Post {
  id        Int     @id @default(autoincrement())
  accountId BigInt
  account   Account @relation(fields: [accountId], references: [id])
}
`,
    );
    const first = await dbPush({ provider, url, schemaPath });
    expect(first.inSync).toBe(false);
    expect(first.sql).toContain('"id" BIGINT NOT NULL PRIMARY KEY\n');
    expect(first.sql).toContain('"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n');
    expect(first.sql).not.toMatch(/BIGINT[^,\n]*AUTOINCREMENT/);
    expect((await dbPush({ provider, url, schemaPath })).inSync).toBe(true);
  });
});
