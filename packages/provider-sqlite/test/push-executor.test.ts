/**
 * `db push` runs through core's executor and lock, like a migration: a table rebuild of a parent
 * keeps every child row (foreign keys are turned off before the transaction, so dropping the old
 * parent never cascades), `foreign_key_check` runs before COMMIT, and a push waits for the
 * migration lock.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { dbPush, openDatabase } from '@strata/core';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';
import { datasource } from './support.js';

const temp = createTempDir('strata-sqlite-push-');
afterAll(() => temp.close());

const schema = (rating: number) => `${datasource}
model Author {
  id     Int    @id @default(autoincrement())
  name   String
  rating Int    @default(${rating})
  books  Book[]
}

model Book {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   Author @relation(fields: [authorId], references: [id], onDelete: Cascade)
}
`;

describe('db push through the executor', () => {
  test('a rebuild of a parent keeps its children (ON DELETE CASCADE), and foreign_key_check is clean', async () => {
    const url = `file:${path.join(temp.dir, 'cascade.db')}`;
    const schemaPath = path.join(temp.dir, 'cascade.prisma');
    await writeFile(schemaPath, schema(0));
    expect((await dbPush({ provider, url, schemaPath })).inSync).toBe(false);
    const db = await openDatabase(provider, url);
    try {
      await db.execute(`INSERT INTO "Author" ("name") VALUES ('Ada'), ('Grace'), ('Barbara');
INSERT INTO "Book" ("title", "authorId") VALUES ('a', 1), ('b', 1), ('c', 2), ('d', 3), ('e', 3);`);
      // a changed default cannot be altered in place on SQLite: the Author table is rebuilt
      await writeFile(schemaPath, schema(5));
      // the rebuild is a data-loss warning on SQLite (rows are copied), accepted here as a user would
      const push = await dbPush({ provider, url, schemaPath, allowWarnings: true });
      expect(push.warnings.map((w) => w.code)).toEqual(['sqlite-table-rebuild']);
      expect(push.sql).toContain('PRAGMA foreign_keys=OFF');
      expect(push.sql).toContain('"new_Author"');
      expect(await db.query('SELECT "id", "name", "rating" FROM "Author" ORDER BY "id"')).toEqual([
        { id: 1, name: 'Ada', rating: 0 },
        { id: 2, name: 'Grace', rating: 0 },
        { id: 3, name: 'Barbara', rating: 0 },
      ]);
      expect(await db.query<{ n: number }>('SELECT count(*) AS n FROM "Book"')).toEqual([{ n: 5 }]);
      expect(await db.query('PRAGMA foreign_key_check')).toEqual([]);
      // enforcement is back on for the next writer
      expect(await db.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      await expect(db.execute(`INSERT INTO "Book" ("title", "authorId") VALUES ('orphan', 99)`)).rejects.toThrow(
        /FOREIGN KEY constraint failed/,
      );
      expect((await dbPush({ provider, url, schemaPath })).inSync).toBe(true);
    } finally {
      await db.close();
    }
  });

  test('a push waits for the migration lock, and gives up with lock-timeout', async () => {
    const url = `file:${path.join(temp.dir, 'locked.db')}`;
    const schemaPath = path.join(temp.dir, 'locked.prisma');
    await writeFile(schemaPath, schema(0));
    const holder = await openDatabase(provider, url, { createIfMissing: true });
    const release = await holder.lock({ timeoutMs: 1000 });
    try {
      await expect(dbPush({ provider, url, schemaPath, lockTimeoutMs: 200 })).rejects.toMatchObject({
        code: 'lock-timeout',
      });
    } finally {
      await release();
    }
    expect((await dbPush({ provider, url, schemaPath })).inSync).toBe(false);
    expect(await holder.query('SELECT name FROM sqlite_schema WHERE name = ?', ['Author'])).toEqual([
      { name: 'Author' },
    ]);
    await holder.close();
  });
});
