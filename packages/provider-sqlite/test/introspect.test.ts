/** Introspection of hand-written SQLite DDL: what the pragmas say, and what only the CREATE text says. */
import { afterAll, describe, expect, test } from '@jest/globals';
import { diff, openDatabase } from '@strata/core';
import { createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { historyRow, script } from './support.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

const ddl = `CREATE TABLE "P" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "code" TEXT NOT NULL, CONSTRAINT "P_code_uq" UNIQUE ("code"));
CREATE TABLE "C" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pid" INTEGER,
    "a" TEXT DEFAULT 'it''s',
    "b" REAL DEFAULT -1.5,
    "c" BOOLEAN NOT NULL DEFAULT true,
    "d" DATETIME DEFAULT CURRENT_TIMESTAMP,
    "e" BLOB DEFAULT X'00FF',
    "f" TEXT DEFAULT (lower('X')),
    "g" TEXT UNIQUE,
    "h" INTEGER GENERATED ALWAYS AS ("pid" * 2) VIRTUAL,
    CONSTRAINT "C_pid_fkey" FOREIGN KEY ("pid") REFERENCES "P" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE TABLE "K" ("x" INTEGER NOT NULL, "y" TEXT NOT NULL, "pid" INTEGER REFERENCES "P", PRIMARY KEY ("x", "y"));
CREATE INDEX "C_lower_a" ON "C"(lower("a"), "b" DESC);
CREATE UNIQUE INDEX "C_partial" ON "C"("a") WHERE "a" IS NOT NULL AND "b" > 0;
CREATE VIEW "PV" AS SELECT "id" FROM "P";
CREATE TRIGGER "P_touch" AFTER UPDATE ON "P" BEGIN SELECT 1; END;
CREATE TABLE "_prisma_migrations" ("id" TEXT);`;

describe('introspect', () => {
  test('reads tables, defaults, keys, indexes, foreign keys, views and triggers', async () => {
    const db = createTestSqlite();
    cleanups.push(db.close);
    const connection = await openDatabase(provider, db.url, { createIfMissing: true });
    try {
      await connection.execute(ddl);
      const schema = await connection.introspect();
      expect(schema.tables.map((t) => t.name)).toEqual(['C', 'K', 'P']);
      const [c, k, p] = schema.tables;
      expect(p?.columns[0]).toEqual({
        name: 'id',
        type: { scalar: 'Int', native: 'INTEGER' },
        nullable: false,
        autoincrement: true,
      });
      expect(p?.indexes).toEqual([{ name: 'P_code_uq', unique: true, constraint: true, columns: [{ name: 'code' }] }]);
      const defaults = Object.fromEntries((c?.columns ?? []).map((col) => [col.name, col.default]));
      expect(defaults).toEqual({
        id: undefined,
        pid: undefined,
        a: { kind: 'string', value: "it's" },
        b: { kind: 'number', value: '-1.5' },
        c: { kind: 'boolean', value: true },
        d: { kind: 'now' },
        e: { kind: 'bytes', hex: '00ff' },
        f: { kind: 'expression', sql: "lower('X')" },
        g: undefined,
        h: undefined,
      });
      expect(c?.columns.find((col) => col.name === 'h')?.generated).toBe('"pid" * 2');
      expect(c?.indexes).toEqual([
        { name: 'C_lower_a', unique: false, columns: [{ expression: 'lower("a")' }, { name: 'b', sort: 'desc' }] },
        { name: 'C_partial', unique: true, columns: [{ name: 'a' }], where: '"a" IS NOT NULL AND "b" > 0' },
        { name: 'sqlite_autoindex_C_2', unique: true, constraint: true, columns: [{ name: 'g' }] },
      ]);
      expect(c?.foreignKeys).toEqual([
        {
          name: 'C_pid_fkey',
          columns: ['pid'],
          referencedTable: 'P',
          referencedColumns: ['id'],
          onDelete: 'SetNull',
          onUpdate: 'Cascade',
        },
      ]);
      expect(k?.primaryKey).toEqual({ columns: ['x', 'y'] });
      // REFERENCES "P" without columns means P's primary key; no name to recover.
      expect(k?.foreignKeys).toEqual([
        {
          columns: ['pid'],
          referencedTable: 'P',
          referencedColumns: ['id'],
          onDelete: 'NoAction',
          onUpdate: 'NoAction',
        },
      ]);
      expect(schema.unmanaged).toEqual([
        { kind: 'view', name: 'PV', definition: 'CREATE VIEW "PV" AS SELECT "id" FROM "P"' },
        {
          kind: 'trigger',
          name: 'P_touch',
          table: 'P',
          definition: 'CREATE TRIGGER "P_touch" AFTER UPDATE ON "P" BEGIN SELECT 1; END',
        },
      ]);
    } finally {
      await connection.close();
    }
  });

  test('a rebuild recreates expression and partial indexes, unique constraints and generated columns exactly', async () => {
    const db = createTestSqlite();
    cleanups.push(db.close);
    const connection = await openDatabase(provider, db.url, { createIfMissing: true });
    try {
      await connection.execute(ddl);
      await connection.execute(
        `INSERT INTO "P" ("code") VALUES ('x'); INSERT INTO "C" ("id", "pid", "a", "b") VALUES ('c1', 1, NULL, 2), ('c2', 1, 'A', 3);`,
      );
      const before = await connection.introspect();
      // Make "a" required with a default: a rebuild of C while P and K stay.
      const after = {
        ...before,
        tables: before.tables.map((t) =>
          t.name !== 'C'
            ? t
            : {
                ...t,
                columns: t.columns.map((col) =>
                  col.name === 'a'
                    ? { ...col, nullable: false, default: { kind: 'string' as const, value: 'z' } }
                    : col,
                ),
              },
        ),
      };
      const changes = diff(before, after, { hooks: provider.diffHooks });
      const sql = script(provider.emit(changes, { from: before, to: after }));
      expect(sql).toContain('CREATE TABLE "new_C"');
      const result = await connection.apply({ name: 'm', sql, transactional: true }, historyRow('m'));
      if (!result.ok) throw new Error(`${result.error}\n${sql}`);
      expect(await connection.introspect()).toEqual(after);
      expect(await connection.query('SELECT "id", "a", "h" FROM "C" ORDER BY "id"')).toEqual([
        { id: 'c1', a: 'z', h: 2 },
        { id: 'c2', a: 'A', h: 2 },
      ]);
    } finally {
      await connection.close();
    }
  });
});
