/**
 * migration.sql looks like Prisma's: the expected texts below are what Prisma 7 prints
 * (`prisma migrate diff`, captured once with /work/shared/peers/prisma-diff.sh) for the same schemas.
 */
import { describe, expect, test } from '@jest/globals';
import { emptySchema } from '@strata/core';
import { datasource, lowerPrisma, migrationSql } from './support.js';

const before = `${datasource}
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])

  @@index([title])
}

model Tag {
  a  Int
  b  Int
  f  Float    @default(1.5)
  bo Boolean  @default(true)
  d  Decimal  @default(2.5)
  bi BigInt   @default(3)
  dt DateTime @default("2020-01-01T00:00:00Z")
  by Bytes?
  e  Role     @default(USER)

  @@id([a, b])
}

enum Role {
  USER
  ADMIN
}

model Gone {
  id String @id
}
`;

const after = `${datasource}
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String  @default("anon")
  age   Int?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])

  @@index([title])
}

model Tag {
  a  Int
  b  Int
  f  Float    @default(1.5)

  @@id([a, b])
}
`;

describe('migration.sql in Prisma layout', () => {
  test('create from empty: tables, inline keys and foreign keys, indexes', () => {
    const sql = migrationSql(emptySchema('sqlite'), lowerPrisma(before));
    for (const expected of [
      `-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT
);`,
      `-- CreateTable
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);`,
      `-- CreateTable
CREATE TABLE "Gone" (
    "id" TEXT NOT NULL PRIMARY KEY
);`,
      `-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");`,
      `-- CreateIndex
CREATE INDEX "Post_title_idx" ON "Post"("title");`,
    ]) {
      expect(sql).toContain(expected);
    }
    // Composite key unnamed after an empty line, as Prisma writes it.
    expect(sql).toMatch(/,\n\n {4}PRIMARY KEY \("a", "b"\)\n\);/);
  });

  test('a required column with a default and dropped columns: RedefineTables like Prisma, DROP COLUMN where SQLite allows it', () => {
    const sql = migrationSql(lowerPrisma(before), lowerPrisma(after));
    expect(sql).toContain(`-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "Gone";
PRAGMA foreign_keys=on;`);
    expect(sql).toContain(`-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;`);
    expect(sql).toContain(`CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT 'anon',
    "age" INTEGER
);
INSERT INTO "new_User" ("email", "id", "name") SELECT "email", "id", coalesce("name", 'anon') AS "name" FROM "User";`);
    expect(sql).toContain(`DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");`);
    // Where SQLite's own ALTER TABLE can drop a column, strata uses it (Prisma rebuilds the table).
    expect(sql).toContain(`-- AlterTable
ALTER TABLE "Tag" DROP COLUMN "bi";`);
    expect(sql).not.toContain('new_Tag');
    // strata carries the AUTOINCREMENT high-water mark over (Prisma loses it).
    expect(sql).toContain(
      `INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'new_User', "seq" FROM "sqlite_sequence" WHERE "name" = 'User';`,
    );
    expect(sql.trimEnd().endsWith('PRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;')).toBe(true);
  });

  test('Json @default("{}") is quoted (Prisma writes it bare, a syntax error)', () => {
    const schema = lowerPrisma(`${datasource}\nmodel J {\n  id Int @id\n  j  Json @default("{}")\n}\n`);
    expect(migrationSql(emptySchema('sqlite'), schema)).toContain(`"j" JSONB NOT NULL DEFAULT '{}'`);
  });
});
