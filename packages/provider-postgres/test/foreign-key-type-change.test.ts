/**
 * Changing the type of a key that foreign keys reference, on a real database with rows in both
 * tables (a server with STRATA_TEST_POSTGRES_URL, PGlite otherwise). PostgreSQL rejects the
 * change while the foreign key stands (`foreign key constraint ... cannot be implemented`): the
 * migration drops the foreign keys first and adds them again last, as Prisma's does.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { type Database, migrateDev, openDatabase } from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';

let pg: TestPostgres;
let db: Database;
let project: string;
const extra: TestPostgres[] = [];
/** Another empty database: on the server, or another PGlite (which serves a single database). */
async function freshDatabase(): Promise<string> {
  if (pg.backend === 'server') return pg.createDatabase();
  const next = await startTestPostgres();
  extra.push(next);
  return next.url;
}
beforeAll(async () => {
  pg = await startTestPostgres();
  db = await openDatabase(provider, pg.url);
  project = mkdtempSync(path.join(tmpdir(), 'strata-fk-type-'));
  await mkdir(path.join(project, 'prisma'));
}, 60_000);
afterAll(async () => {
  await db?.close();
  for (const server of extra) await server.close();
  await pg?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

const schema = (id: string, code: string): string => `datasource db {
  provider = "postgresql"
}

model Author {
  id    ${id} @id
  books Book[]
}

model Book {
  id       Int    @id
  authorId ${id}
  author   Author @relation(fields: [authorId], references: [id])
}

model Tag {
  code  String @id @db.VarChar(${code})
  posts Post[]
  child Tag[]  @relation("parent")
  parentCode String? @db.VarChar(${code})
  parent Tag? @relation("parent", fields: [parentCode], references: [code])
}

model Post {
  id      Int    @id
  tagCode String @db.VarChar(${code})
  tag     Tag    @relation(fields: [tagCode], references: [code])
}
`;

test('Int -> BigInt id referenced by Int -> BigInt fk, VarChar(10) -> VarChar(20) code: keys dropped and added around the change', async () => {
  const schemaPath = path.join(project, 'prisma', 'schema.prisma');
  const migrationsDir = path.join(project, 'prisma', 'migrations');
  await writeFile(schemaPath, schema('Int', '10'));
  expect((await migrateDev({ provider, connection: db, schemaPath, migrationsDir, name: 'init' })).outcome).toBe(
    'applied',
  );
  await db.execute(`INSERT INTO "Author" ("id") VALUES (1), (2);
INSERT INTO "Book" ("id", "authorId") VALUES (1, 1), (2, 2), (3, 1);
INSERT INTO "Tag" ("code", "parentCode") VALUES ('root', NULL), ('kid', 'root');
INSERT INTO "Post" ("id", "tagCode") VALUES (1, 'root'), (2, 'kid');`);

  await writeFile(schemaPath, schema('BigInt', '20'));
  const result = await migrateDev({ provider, connection: db, schemaPath, migrationsDir, name: 'wider keys' });
  expect(result.outcome).toBe('applied');
  if (result.outcome === 'no-changes') return;
  const sql = result.migration.sql;
  // Prisma's statements for the keys: dropped before every table alteration, added after
  for (const [table, fk] of [
    ['Book', 'Book_authorId_fkey'],
    ['Post', 'Post_tagCode_fkey'],
    ['Tag', 'Tag_parentCode_fkey'],
  ] as const) {
    const drop = sql.indexOf(`ALTER TABLE "${table}" DROP CONSTRAINT "${fk}";`);
    const add = sql.indexOf(`ALTER TABLE "${table}" ADD CONSTRAINT "${fk}" FOREIGN KEY`);
    expect(drop).toBeGreaterThanOrEqual(0);
    expect(add).toBeGreaterThan(sql.indexOf('ALTER TABLE "Author" ALTER COLUMN "id" SET DATA TYPE BIGINT'));
    expect(drop).toBeLessThan(sql.indexOf('ALTER TABLE "Author" ALTER COLUMN "id" SET DATA TYPE BIGINT'));
    expect(sql.split(`DROP CONSTRAINT "${fk}"`).length).toBe(2); // once
  }
  // the rows are all there, still related, and the keys hold
  const books = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM "Book" JOIN "Author" ON "Author"."id" = "Book"."authorId"`,
  );
  expect(books[0]?.n).toBe('3');
  await expect(db.execute(`INSERT INTO "Book" ("id", "authorId") VALUES (9, 99);`)).rejects.toThrow(/foreign key/);
  await expect(db.execute(`INSERT INTO "Post" ("id", "tagCode") VALUES (9, 'nope');`)).rejects.toThrow(/foreign key/);
  // no drift: the database is what the schema says
  const again = await migrateDev({ provider, connection: db, schemaPath, migrationsDir, name: 'again' });
  expect(again.outcome).toBe('no-changes');
}, 60_000);

test('a referenced key PostgreSQL cannot convert (Uuid -> Int) is dropped and added with its foreign keys around it', async () => {
  const schemaPath = path.join(project, 'prisma', 'uuid.prisma');
  const migrationsDir = path.join(project, 'prisma', 'uuid-migrations');
  const uuidDb = await openDatabase(provider, await freshDatabase());
  try {
    const keyed = (type: string) => `datasource db {
  provider = "postgresql"
}

model Owner {
  id   ${type} @id
  pets Pet[]
}

model Pet {
  id      Int    @id
  ownerId ${type}
  owner   Owner  @relation(fields: [ownerId], references: [id])
}
`;
    await writeFile(schemaPath, keyed('String @db.Uuid'));
    await migrateDev({ provider, connection: uuidDb, schemaPath, migrationsDir, name: 'init' });
    await writeFile(schemaPath, keyed('Int'));
    // empty tables: the required columns can be added again, the foreign key comes back last
    const result = await migrateDev({ provider, connection: uuidDb, schemaPath, migrationsDir, name: 'int ids' });
    expect(result.outcome).toBe('applied');
    if (result.outcome === 'no-changes') return;
    expect(result.migration.sql).not.toContain('USING');
    expect(result.migration.sql).toContain('DROP COLUMN "id"');
    expect(result.migration.sql.indexOf('DROP CONSTRAINT "Pet_ownerId_fkey"')).toBeLessThan(
      result.migration.sql.indexOf('DROP COLUMN "id"'),
    );
    await uuidDb.execute(`INSERT INTO "Owner" ("id") VALUES (1); INSERT INTO "Pet" ("id", "ownerId") VALUES (1, 1);`);
    await expect(uuidDb.execute(`INSERT INTO "Pet" ("id", "ownerId") VALUES (2, 7);`)).rejects.toThrow(/foreign key/);
    expect((await migrateDev({ provider, connection: uuidDb, schemaPath, migrationsDir, name: 'again' })).outcome).toBe(
      'no-changes',
    );
  } finally {
    await uuidDb.close();
  }
}, 60_000);
