/**
 * The emitter's shapes, from Prisma schemas through core's public `lower`/`diff`: the SQL Prisma 7
 * writes for MySQL (the examples of its own test suite where one exists), enums as column types,
 * renames, foreign keys and the index InnoDB creates for them, 64-byte names.
 */
import { describe, expect, test } from '@jest/globals';
import { type DatabaseSchema, diff, emptySchema } from '@strata/core';
import provider from '../src/index.js';
import { lowerMysql, migrationScript } from './support.js';

const HEADER = 'datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\n';
const schema = (body: string): DatabaseSchema => lowerMysql(HEADER + body);
const fromEmpty = (body: string): string => migrationScript(emptySchema('mysql'), schema(body));
const changes = (a: DatabaseSchema, b: DatabaseSchema) => diff(a, b, { hooks: provider.diffHooks });

describe('CREATE TABLE', () => {
  test("Prisma's basic shape: inline keys, explicit NULL, AUTO_INCREMENT, charset, foreign keys after the tables", () => {
    expect(
      fromEmpty(`
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  name  String?
  posts Post[]
}
model Post {
  id       Int      @id @default(autoincrement())
  title    String
  author   User?    @relation(fields: [authorId], references: [id])
  authorId Int?
  created  DateTime @default(now())
  updated  DateTime @updatedAt
  @@index([authorId])
}`),
    ).toBe(
      [
        '-- CreateTable',
        'CREATE TABLE `Post` (',
        '    `id` INTEGER NOT NULL AUTO_INCREMENT,',
        '    `title` VARCHAR(191) NOT NULL,',
        '    `authorId` INTEGER NULL,',
        '    `created` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),',
        '    `updated` DATETIME(3) NOT NULL,',
        '',
        '    INDEX `Post_authorId_idx`(`authorId`),',
        '    PRIMARY KEY (`id`)',
        ') DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
        '',
        '-- CreateTable',
        'CREATE TABLE `User` (',
        '    `id` INTEGER NOT NULL AUTO_INCREMENT,',
        '    `email` VARCHAR(191) NOT NULL,',
        '    `name` VARCHAR(191) NULL,',
        '',
        '    UNIQUE INDEX `User_email_key`(`email`),',
        '    PRIMARY KEY (`id`)',
        ') DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
        '',
        '-- AddForeignKey',
        'ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;',
      ].join('\n'),
    );
  });

  test('enum columns inline, with their default; BigInt, Decimal, Json, Bytes, Boolean mappings', () => {
    const sql = fromEmpty(`
enum Mood {
  HUNGRY
  SLEEPY @map("sleepy")
}
model Cat {
  id    BigInt  @id @default(autoincrement()) @db.UnsignedBigInt
  mood  Mood    @default(HUNGRY)
  other Mood?
  price Decimal
  exact Decimal @db.Decimal(10, 2) @default(1.5)
  data  Json
  blob  Bytes
  ok    Boolean @default(false)
  ratio Float   @default(0)
}`);
    expect(sql).toContain("    `mood` ENUM('HUNGRY', 'sleepy') NOT NULL DEFAULT 'HUNGRY',");
    expect(sql).toContain("    `other` ENUM('HUNGRY', 'sleepy') NULL,");
    expect(sql).toContain('    `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,');
    expect(sql).toContain('    `price` DECIMAL(65, 30) NOT NULL,');
    expect(sql).toContain('    `exact` DECIMAL(10, 2) NOT NULL DEFAULT 1.5,');
    expect(sql).toContain('    `data` JSON NOT NULL,');
    expect(sql).toContain('    `blob` LONGBLOB NOT NULL,');
    expect(sql).toContain('    `ok` BOOLEAN NOT NULL DEFAULT false,');
    expect(sql).toContain('    `ratio` DOUBLE NOT NULL DEFAULT 0,');
    expect(sql).not.toMatch(/CreateEnum|CREATE TYPE/);
  });

  test('@@fulltext is a FULLTEXT INDEX; implicit many-to-many tables as Prisma writes them on MySQL', () => {
    const sql = fromEmpty(`
model Post {
  id    Int    @id
  title String @db.VarChar(200)
  body  String @db.Text
  tags  Tag[]
  @@fulltext([title, body])
}
model Tag {
  id    Int    @id
  posts Post[]
}`);
    expect(sql).toContain('    FULLTEXT INDEX `Post_title_body_idx`(`title`, `body`),');
    expect(sql).toContain(
      [
        'CREATE TABLE `_PostToTag` (',
        '    `A` INTEGER NOT NULL,',
        '    `B` INTEGER NOT NULL,',
        '',
        '    UNIQUE INDEX `_PostToTag_AB_unique`(`A`, `B`),',
        '    INDEX `_PostToTag_B_index`(`B`)',
        ') DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
      ].join('\n'),
    );
    expect(sql).toContain(
      'ALTER TABLE `_PostToTag` ADD CONSTRAINT `_PostToTag_A_fkey` FOREIGN KEY (`A`) REFERENCES `Post`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;',
    );
  });

  test("names are cut to 64 bytes as Prisma cuts them (Prisma's own example)", () => {
    const sql = fromEmpty(`
model TestModelWithALongName {
  id                     Int @id
  looooooooooooongfield  Int
  evenLongerFieldNameWth Int
  @@index([looooooooooooongfield, evenLongerFieldNameWth])
}`);
    const name = /INDEX `([^`]+)`/.exec(sql)?.[1] ?? '';
    expect(Buffer.byteLength(name)).toBe(64);
    expect(name).toBe('TestModelWithALongName_looooooooooooongfield_evenLongerField_idx');
  });

  test('now() follows the column precision; relationMode = "prisma" writes no foreign key', () => {
    const sql = lowerMysql(`datasource db {
  provider = "mysql"
  url = env("DATABASE_URL")
  relationMode = "prisma"
}
model A {
  id Int @id
  at DateTime @default(now()) @db.Timestamp(0)
  bs B[]
}
model B {
  id  Int @id
  aId Int
  a   A   @relation(fields: [aId], references: [id])
  @@index([aId])
}`);
    const script = migrationScript(emptySchema('mysql'), sql);
    expect(script).toContain('`at` TIMESTAMP(0) NOT NULL DEFAULT CURRENT_TIMESTAMP(0)');
    expect(script).not.toContain('FOREIGN KEY');
  });
});

describe('ALTER TABLE', () => {
  const before = `
enum Role {
  USER
  ADMIN
}
model User {
  id   Int    @id
  role Role   @default(USER)
  prev Role?
  name String
  @@index([name])
}
model Team {
  id    Int  @id
  lead  Role
}`;

  test('adding an enum value MODIFYs every column that uses the enum, and nothing else', () => {
    const after = before.replace('  ADMIN\n', '  ADMIN\n  GUEST\n');
    expect(migrationScript(schema(before), schema(after))).toBe(
      [
        '-- AlterTable',
        "ALTER TABLE `Team` MODIFY `lead` ENUM('USER', 'ADMIN', 'GUEST') NOT NULL;",
        '',
        '-- AlterTable',
        "ALTER TABLE `User` MODIFY `prev` ENUM('USER', 'ADMIN', 'GUEST') NULL,",
        "    MODIFY `role` ENUM('USER', 'ADMIN', 'GUEST') NOT NULL DEFAULT 'USER';",
      ].join('\n'),
    );
  });

  test('removing a value: the columns are MODIFYed and the AlterEnum core warns with writes nothing', () => {
    const after = before.replace('  ADMIN\n', '');
    const list = changes(schema(before), schema(after));
    expect(list.filter((c) => c.kind === 'AlterEnum')).toEqual([
      expect.objectContaining({ kind: 'AlterEnum', removeValues: ['ADMIN'] }),
    ]);
    const statements = provider.emit(list, { from: schema(before), to: schema(after) });
    expect(statements.map((s) => s.sql)).toEqual([
      "ALTER TABLE `Team` MODIFY `lead` ENUM('USER') NOT NULL;",
      "ALTER TABLE `User` MODIFY `prev` ENUM('USER') NULL,\n    MODIFY `role` ENUM('USER') NOT NULL DEFAULT 'USER';",
    ]);
  });

  test('renaming a value: widen to old and new values, UPDATE the rows, then MODIFY to the new values', () => {
    const after = before.replace('  USER\n', '  MEMBER\n').replace('@default(USER)', '@default(MEMBER)');
    const renames = [{ kind: 'enumValue', enum: 'Role', from: 'USER', to: 'MEMBER' } as const];
    expect(migrationScript(schema(before), schema(after), renames)).toBe(
      [
        '-- AlterTable',
        "ALTER TABLE `Team` MODIFY `lead` ENUM('USER', 'ADMIN', 'MEMBER') NOT NULL;",
        '',
        '-- AlterTable',
        "UPDATE `Team` SET `lead` = CASE `lead` WHEN 'USER' THEN 'MEMBER' END WHERE `lead` IN ('USER');",
        '',
        '-- AlterTable',
        "ALTER TABLE `Team` MODIFY `lead` ENUM('MEMBER', 'ADMIN') NOT NULL;",
        '',
        '-- AlterTable',
        "ALTER TABLE `User` MODIFY `prev` ENUM('USER', 'ADMIN', 'MEMBER') NULL;",
        '',
        '-- AlterTable',
        "UPDATE `User` SET `prev` = CASE `prev` WHEN 'USER' THEN 'MEMBER' END WHERE `prev` IN ('USER');",
        '',
        '-- AlterTable',
        "ALTER TABLE `User` MODIFY `role` ENUM('USER', 'ADMIN', 'MEMBER') NOT NULL DEFAULT 'USER';",
        '',
        '-- AlterTable',
        "UPDATE `User` SET `role` = CASE `role` WHEN 'USER' THEN 'MEMBER' END WHERE `role` IN ('USER');",
        '',
        '-- AlterTable',
        "ALTER TABLE `User` MODIFY `prev` ENUM('MEMBER', 'ADMIN') NULL,",
        "    MODIFY `role` ENUM('MEMBER', 'ADMIN') NOT NULL DEFAULT 'MEMBER';",
      ].join('\n'),
    );
  });

  test('swapping two values keeps the type: one UPDATE swaps the rows at once', () => {
    const after = before.replace('@default(USER)', '@default(ADMIN)');
    const renames = [
      { kind: 'enumValue', enum: 'Role', from: 'USER', to: 'ADMIN' },
      { kind: 'enumValue', enum: 'Role', from: 'ADMIN', to: 'USER' },
    ] as const;
    const statements = migrationScript(schema(before), schema(after), renames).split('\n\n');
    expect(statements).toContain(
      "-- AlterTable\nUPDATE `Team` SET `lead` = CASE `lead` WHEN 'USER' THEN 'ADMIN' WHEN 'ADMIN' THEN 'USER' END WHERE `lead` IN ('USER', 'ADMIN');",
    );
    expect(statements.filter((s) => s.includes('UPDATE'))).toHaveLength(3);
    expect(statements.filter((s) => s.includes("ENUM('USER', 'ADMIN', 'USER'"))).toEqual([]);
  });

  test('columns in byte order, MODIFY, dropped default, primary key change in one statement', () => {
    const a = schema(`
model T {
  id    Int    @id
  b     String @default("x")
  a     Int
  zed   Int    @default(1)
}`);
    const b = schema(`
model T {
  id    Int
  b     String
  Zz    Int?
  a     BigInt
  other String @id
}`);
    expect(migrationScript(a, b)).toBe(
      [
        '-- AlterTable',
        'ALTER TABLE `T` DROP PRIMARY KEY,',
        '    DROP COLUMN `zed`,',
        '    ADD COLUMN `Zz` INTEGER NULL,',
        '    ADD COLUMN `other` VARCHAR(191) NOT NULL,',
        '    MODIFY `a` BIGINT NOT NULL,',
        '    ALTER COLUMN `b` DROP DEFAULT,',
        '    ADD PRIMARY KEY (`other`);',
      ].join('\n'),
    );
  });

  test('renames: RENAME COLUMN, RENAME INDEX, RENAME TO', () => {
    const a = schema('model A {\n  id Int @id\n  n Int\n  @@index([n])\n}');
    const b = schema('model B {\n  id Int @id\n  m Int\n  @@index([m], map: "B_custom")\n}');
    const renames = [
      { kind: 'table' as const, from: 'A', to: 'B' },
      { kind: 'column' as const, table: 'B', from: 'n', to: 'm' },
    ];
    const sql = migrationScript(a, b, renames);
    expect(sql).toContain('ALTER TABLE `A` RENAME TO `B`;');
    expect(sql).toContain('ALTER TABLE `B` RENAME COLUMN `n` TO `m`;');
    expect(sql).toMatch(/ALTER TABLE `B` RENAME INDEX `A_n_idx` TO `B_custom`;|DROP INDEX `A_n_idx` ON `A`;/);
  });

  test('indexes on an existing table: CREATE [UNIQUE|FULLTEXT] INDEX ... ON, DROP INDEX ... ON', () => {
    const a = schema('model A {\n  id Int @id\n  n String\n  t String @db.Text\n  @@index([n])\n}');
    const b = schema('model A {\n  id Int @id\n  n String @unique\n  t String @db.Text\n  @@fulltext([t])\n}');
    expect(migrationScript(a, b)).toBe(
      [
        '-- DropIndex',
        'DROP INDEX `A_n_idx` ON `A`;',
        '',
        '-- CreateIndex',
        'CREATE UNIQUE INDEX `A_n_key` ON `A`(`n`);',
        '',
        '-- CreateIndex',
        'CREATE FULLTEXT INDEX `A_t_idx` ON `A`(`t`);',
      ].join('\n'),
    );
  });
});

describe('foreign keys and InnoDB', () => {
  const withKey = `
model A {
  id Int @id
  bs B[]
}
model B {
  id  Int @id
  aId Int
  a   A   @relation(fields: [aId], references: [id])
}`;

  test('the index InnoDB creates for a key is part of the schema, but never written', () => {
    const lowered = schema(withKey);
    const normalized = provider.diffHooks.normalize!(lowered);
    expect(normalized.tables.find((t) => t.name === 'B')?.indexes).toEqual([
      { name: 'B_aId_fkey', unique: false, columns: [{ name: 'aId' }] },
    ]);
    expect(provider.diffHooks.normalize!(normalized)).toEqual(normalized);
    const sql = fromEmpty(withKey);
    expect(sql).not.toContain('B_aId_fkey`(');
    expect(sql).toContain(
      'ALTER TABLE `B` ADD CONSTRAINT `B_aId_fkey` FOREIGN KEY (`aId`) REFERENCES `A`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;',
    );
    // a database that has the index (as introspection reads it) is not drifted from the schema
    expect(changes(normalized, lowered)).toEqual([]);
  });

  test('adding a key to an existing table adds no CREATE INDEX of its own; an @@index covers it', () => {
    const before = schema(withKey.replace(/ {2}a {3}A.*\n/, '').replace('  bs B[]\n', ''));
    const sql = migrationScript(before, schema(withKey));
    expect(sql).toBe(
      '-- AddForeignKey\nALTER TABLE `B` ADD CONSTRAINT `B_aId_fkey` FOREIGN KEY (`aId`) REFERENCES `A`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;',
    );
    const covered = schema(withKey.replace('  a   A   @relation', '  @@index([aId])\n  a   A   @relation'));
    expect(
      provider.diffHooks.normalize!(covered)
        .tables.find((t) => t.name === 'B')
        ?.indexes.map((i) => i.name),
    ).toEqual(['B_aId_idx']);
  });

  test('RESTRICT and NO ACTION are one action in InnoDB: no change between them', () => {
    const restrict = schema(withKey.replace('references: [id])', 'references: [id], onDelete: Restrict)'));
    const noAction = schema(withKey.replace('references: [id])', 'references: [id], onDelete: NoAction)'));
    expect(changes(restrict, noAction)).toEqual([]);
    const cascade = schema(withKey.replace('references: [id])', 'references: [id], onDelete: Cascade)'));
    expect(migrationScript(restrict, cascade)).toBe(
      [
        '-- DropForeignKey',
        'ALTER TABLE `B` DROP FOREIGN KEY `B_aId_fkey`;',
        '',
        '-- AddForeignKey',
        'ALTER TABLE `B` ADD CONSTRAINT `B_aId_fkey` FOREIGN KEY (`aId`) REFERENCES `A`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;',
      ].join('\n'),
    );
  });

  test('a key over a column whose type changes is dropped before and added again after (MySQL refuses the MODIFY)', () => {
    const wider = withKey
      .replace('  id Int @id\n  bs B[]', '  id BigInt @id\n  bs B[]')
      .replace('  aId Int\n', '  aId BigInt\n');
    expect(migrationScript(schema(withKey), schema(wider))).toBe(
      [
        '-- DropForeignKey',
        'ALTER TABLE `B` DROP FOREIGN KEY `B_aId_fkey`;',
        '',
        '-- AlterTable',
        'ALTER TABLE `A` MODIFY `id` BIGINT NOT NULL;',
        '',
        '-- AlterTable',
        'ALTER TABLE `B` MODIFY `aId` BIGINT NOT NULL;',
        '',
        '-- AddForeignKey',
        'ALTER TABLE `B` ADD CONSTRAINT `B_aId_fkey` FOREIGN KEY (`aId`) REFERENCES `A`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;',
      ].join('\n'),
    );
  });

  test('a dropped table loses its foreign keys first', () => {
    const sql = migrationScript(schema(withKey), schema('model A {\n  id Int @id\n}'));
    expect(sql).toBe(
      [
        '-- DropForeignKey',
        'ALTER TABLE `B` DROP FOREIGN KEY `B_aId_fkey`;',
        '',
        '-- DropTable',
        'DROP TABLE `B`;',
      ].join('\n'),
    );
  });
});

describe('defaults as MySQL reports them', () => {
  const column = { name: 'c', nullable: false };
  const eq = provider.diffHooks.defaultsEqual!;
  test.each([
    [{ kind: 'now' }, { kind: 'expression', sql: 'CURRENT_TIMESTAMP(3)' }, 'DATETIME(3)'],
    [{ kind: 'now' }, { kind: 'expression', sql: 'current_timestamp()' }, 'TIMESTAMP'],
    [{ kind: 'boolean', value: true }, { kind: 'number', value: '1' }, 'BOOLEAN'],
    [{ kind: 'boolean', value: false }, { kind: 'expression', sql: "'0'" }, 'tinyint(1)'],
    [{ kind: 'string', value: "it's" }, { kind: 'expression', sql: "'it''s'" }, 'VARCHAR(191)'],
    [{ kind: 'enum', value: 'USER' }, { kind: 'string', value: 'USER' }, "ENUM('USER')"],
    [{ kind: 'number', value: '1.50' }, { kind: 'expression', sql: '1.5' }, 'DECIMAL(10,2)'],
  ] as const)('%j = %j on %s', (a, b, native) => {
    expect(eq(a, b, { ...column, type: { scalar: 'String', native } })).toBe(true);
  });

  test('different values stay different', () => {
    const type = { scalar: 'String' as const, native: 'VARCHAR(191)' };
    expect(eq({ kind: 'string', value: 'a' }, { kind: 'string', value: 'b' }, { ...column, type })).toBe(false);
    expect(eq({ kind: 'string', value: 'a' }, undefined, { ...column, type })).toBe(false);
  });
});

describe('explain: what MySQL makes of a plan', () => {
  test('implicit commit, a MODIFY that copies the table, a narrowing VARCHAR, a charset change', () => {
    const a = schema('model T {\n  id Int @id\n  s String @db.VarChar(100)\n  b String\n  n Int\n}');
    const b = schema('model T {\n  id Int @id\n  s String @db.VarChar(20)\n  b Bytes\n  n BigInt\n  x Int?\n}');
    const list = changes(a, b);
    const codes = provider.explain!(list, { from: a, to: b }).map(
      (n) => `${n.code}${n.column === undefined ? '' : `:${n.column}`}`,
    );
    expect(codes.sort()).toEqual(
      [
        'mysql-charset-change:b',
        'mysql-varchar-narrowing:s',
        // String -> Bytes and the shorter VARCHAR are narrowings: core's narrow-type warns about them
        'type-change-rewrites-table:n',
      ].sort(),
    );
    const two = schema(
      'model T {\n  id Int @id\n  s String @db.VarChar(100)\n  b String\n  n Int\n}\nmodel U {\n  id Int @id\n}',
    );
    const notes = provider.explain!(changes(a, two), { from: a, to: two });
    expect(notes).toEqual([]);
    // a unique index after another statement: if it fails on duplicates, the statement before it stays
    const three = schema(
      'model T {\n  id Int @id\n  s String @db.VarChar(100)\n  b String\n  n Int @unique\n}\nmodel U {\n  id Int @id\n}',
    );
    const risky = provider.explain!(changes(a, three), { from: a, to: three });
    expect(risky.map((n) => n.code)).toEqual(['mysql-implicit-commit']);
    expect(risky[0]?.message).toContain(
      'statement 2 of 2 can fail on the rows it finds (`CREATE UNIQUE INDEX `T_n_key` ON `T`(`n`)`), and if it does, the 1 before it stay applied',
    );
  });

  test('appending an enum value is in place: no rewrite note', () => {
    const a = schema('enum E {\n  A\n}\nmodel T {\n  id Int @id\n  e E\n}');
    const b = schema('enum E {\n  A\n  B\n}\nmodel T {\n  id Int @id\n  e E\n}');
    expect(provider.explain!(changes(a, b), { from: a, to: b })).toEqual([]);
    const c = schema('enum E {\n  B\n  A\n}\nmodel T {\n  id Int @id\n  e E\n}');
    expect(provider.explain!(changes(a, c), { from: a, to: c }).map((n) => n.code)).toEqual([
      'type-change-rewrites-table',
    ]);
  });
});
