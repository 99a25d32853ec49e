import { describe, expect, test } from '@jest/globals';
import { type Change, emptySchema } from '@strata/core';
import { emitPostgres } from '../src/emit.js';
import { post, role, schema, user } from './fixtures.js';

const empty = emptySchema('postgresql');
const sqlOf = (changes: Change[], from = empty, to = empty) => emitPostgres(changes, { from, to }).map((s) => s.sql);

describe('emit: Prisma shapes', () => {
  test('create enum, tables, indexes and foreign keys in Prisma order', () => {
    const to = schema([user, post], [role]);
    const statements = emitPostgres(
      [
        { kind: 'CreateEnum', enum: role },
        { kind: 'CreateTable', table: user },
        { kind: 'CreateTable', table: post },
      ],
      { from: empty, to },
    );
    expect(statements.map((s) => s.step)).toEqual([
      'CreateEnum',
      'CreateTable',
      'CreateTable',
      'CreateIndex',
      'CreateIndex',
      'CreateIndex',
      'CreateIndex',
      'AddForeignKey',
    ]);
    const sql = statements.map((s) => s.sql);
    expect(sql[0]).toBe(`CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');`);
    expect(sql[2]).toBe(
      'CREATE TABLE "Post" (\n    "id" SERIAL NOT NULL,\n    "title" TEXT NOT NULL,\n    "authorId" INTEGER,\n\n' +
        '    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")\n);',
    );
    expect(sql[1]).toContain(`"roles" "Role"[] DEFAULT ARRAY['USER']::"Role"[],`);
    expect(sql[1]).toContain(`"tags" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],`);
    expect(sql[1]).toContain(`"createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,`);
    expect(sql[1]).toContain(`"age" INTEGER NOT NULL DEFAULT -1,`);
    expect(sql[1]).toContain(`"meta" JSONB NOT NULL DEFAULT '{"a": "it''s"}',`);
    expect(sql).toContain('CREATE UNIQUE INDEX "User_email_key" ON "User"("email");');
    expect(sql).toContain('CREATE INDEX "User_createdAt_email_idx" ON "User"("createdAt" DESC, "email");');
    expect(sql).toContain('CREATE INDEX "Post_title_idx" ON "Post" USING HASH ("title" text_pattern_ops);');
    expect(sql).toContain('CREATE INDEX "partial_idx" ON "Post"("title") WHERE ("authorId" IS NULL);');
    expect(sql.at(-1)).toBe(
      'ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;',
    );
  });

  test('identifiers are quoted, namespaces qualify names outside the default one', () => {
    const weird = { ...post, name: 'we"ird', namespace: 'other', foreignKeys: [], indexes: [] };
    const [create] = sqlOf([{ kind: 'CreateTable', table: weird }]);
    expect(create).toMatch(/^CREATE TABLE "other"."we""ird" \(/);
  });

  test('foreign key drops come first and additions last', () => {
    const from = schema([user, post], [role]);
    const postWithout = { ...post, foreignKeys: [] };
    const to = schema([user, postWithout], [role]);
    const statements = emitPostgres(
      [
        {
          kind: 'AlterTable',
          name: 'Post',
          from: post,
          to: postWithout,
          changes: [
            { kind: 'AddColumn', column: { name: 'x', type: { scalar: 'String', native: 'TEXT' }, nullable: true } },
            { kind: 'DropForeignKey', foreignKey: post.foreignKeys[0]! },
          ],
        },
        { kind: 'DropTable', table: user },
      ],
      { from, to },
    );
    expect(statements.map((s) => s.step)).toEqual(['DropForeignKey', 'AlterTable', 'DropTable']);
    expect(statements[1]!.sql).toBe('ALTER TABLE "Post" ADD COLUMN     "x" TEXT;');
  });

  test('removing an enum value swaps the type on every column of every table, arrays included', () => {
    const other = {
      name: 'Other',
      columns: [user.columns[3]!],
      indexes: [],
      foreignKeys: [],
    };
    const from = schema([user, other], [role]);
    const newRole = { name: 'Role', values: ['USER', 'GUEST'] };
    const to = schema([user, other], [newRole]);
    const [swap, ...rest] = emitPostgres(
      [{ kind: 'AlterEnum', from: role, to: newRole, addValues: ['GUEST'], removeValues: ['ADMIN'], renameValues: [] }],
      { from, to },
    );
    expect(rest).toEqual([]);
    expect(swap!.sql.split('\n')).toEqual([
      `CREATE TYPE "Role_new" AS ENUM ('USER', 'GUEST');`,
      'ALTER TABLE "Other" ALTER COLUMN "role" DROP DEFAULT;',
      'ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;',
      'ALTER TABLE "User" ALTER COLUMN "roles" DROP DEFAULT;',
      'ALTER TABLE "Other" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");',
      'ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");',
      'ALTER TABLE "User" ALTER COLUMN "roles" TYPE "Role_new"[] USING ("roles"::text[]::"Role_new"[]);',
      'ALTER TYPE "Role" RENAME TO "Role_old";',
      'ALTER TYPE "Role_new" RENAME TO "Role";',
      'DROP TYPE "Role_old";',
      `ALTER TABLE "Other" ALTER COLUMN "role" SET DEFAULT 'USER';`,
      `ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'USER';`,
      `ALTER TABLE "User" ALTER COLUMN "roles" SET DEFAULT ARRAY['USER']::"Role"[];`,
    ]);
  });

  test('an added enum value used by a default in the same migration runs outside a transaction', () => {
    const newRole = { name: 'Role', values: ['USER', 'ADMIN', 'GUEST'] };
    const withDefault = { ...user.columns[3]!, default: { kind: 'enum' as const, value: 'GUEST' } };
    const statements = emitPostgres(
      [
        { kind: 'AlterEnum', from: role, to: newRole, addValues: ['GUEST'], removeValues: [], renameValues: [] },
        {
          kind: 'AlterTable',
          name: 'User',
          from: user,
          to: user,
          changes: [
            { kind: 'AlterColumn', name: 'role', from: user.columns[3]!, to: withDefault, changed: ['default'] },
          ],
        },
      ],
      { from: schema([user], [role]), to: schema([user], [newRole]) },
    );
    expect(statements[0]).toMatchObject({ sql: `ALTER TYPE "Role" ADD VALUE 'GUEST';`, transactional: false });
    expect(statements[1]!.sql).toBe(`ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'GUEST';`);
  });

  test('Int to BigInt autoincrement changes the sequence type instead of SET DATA TYPE BIGSERIAL', () => {
    const id = user.columns[0]!;
    const bigId = { ...id, type: { scalar: 'BigInt' as const, native: 'BIGINT' } };
    const sql = sqlOf([
      {
        kind: 'AlterTable',
        name: 'User',
        from: user,
        to: user,
        changes: [{ kind: 'AlterColumn', name: 'id', from: id, to: bigId, changed: ['type'] }],
      },
    ]);
    expect(sql).toEqual([
      'ALTER TABLE "User" ALTER COLUMN "id" SET DATA TYPE BIGINT;',
      `DO $$ BEGIN EXECUTE 'ALTER SEQUENCE ' || pg_get_serial_sequence('"User"', 'id') || ' AS BIGINT'; END $$;`,
    ]);
  });

  test('a type change without an implicit cast carries USING and re-sets the default', () => {
    const from = {
      name: 'n',
      type: { scalar: 'String' as const, native: 'TEXT' },
      nullable: false,
      default: { kind: 'string' as const, value: '1' },
    };
    const to = {
      ...from,
      type: { scalar: 'Int' as const, native: 'INTEGER' },
      default: { kind: 'number' as const, value: '1' },
    };
    const sql = sqlOf([
      {
        kind: 'AlterTable',
        name: 'T',
        from: user,
        to: user,
        changes: [{ kind: 'AlterColumn', name: 'n', from, to, changed: ['type', 'default'] }],
      },
    ]);
    expect(sql).toEqual([
      'ALTER TABLE "T" ALTER COLUMN "n" DROP DEFAULT,\nALTER COLUMN "n" SET DATA TYPE INTEGER USING ("n"::INTEGER),\nALTER COLUMN "n" SET DEFAULT 1;',
    ]);
  });

  test('renames: table (with its primary key), column, index, enum', () => {
    const renamed = { ...post, name: 'Article', primaryKey: { name: 'Article_pkey', columns: ['id'] } };
    const sql = sqlOf(
      [
        { kind: 'RenameEnum', from: 'Role', to: 'Kind' },
        { kind: 'RenameTable', from: 'Post', to: 'Article' },
        {
          kind: 'AlterTable',
          name: 'Article',
          from: post,
          to: renamed,
          changes: [
            { kind: 'RenameColumn', from: 'title', to: 'heading' },
            { kind: 'RenameIndex', from: 'Post_title_idx', to: 'Article_heading_idx' },
          ],
        },
      ],
      schema([post]),
      schema([renamed]),
    );
    expect(sql).toEqual([
      'ALTER TYPE "Role" RENAME TO "Kind";',
      'ALTER TABLE "Post" RENAME TO "Article";',
      'ALTER TABLE "Article" RENAME CONSTRAINT "Post_pkey" TO "Article_pkey";',
      'ALTER TABLE "Article" RENAME COLUMN "title" TO "heading";',
      'ALTER INDEX "Post_title_idx" RENAME TO "Article_heading_idx";',
    ]);
  });
});
