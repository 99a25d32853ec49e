/**
 * A table rebuild is a data-loss warning counted by the rows the table holds: it blocks an apply
 * only when there is something to lose, and it is always recorded for review.
 */
import { afterAll, expect, test } from '@jest/globals';
import { blockingWarnings, openDatabase, planMigration } from '@strata/core';
import { createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { createFrom, datasource, lowerPrisma } from './support.js';

const db = createTestSqlite();
afterAll(() => db.close());

test('a rebuild of an empty table is recorded with 0 rows and does not block; with rows it blocks', async () => {
  const before = lowerPrisma(`${datasource}model Item {\n  id Int @id\n  qty Int?\n}\n`);
  const after = lowerPrisma(`${datasource}model Item {\n  id Int @id\n  qty Int\n}\n`);
  const connection = await openDatabase(provider, db.url, { createIfMissing: true });
  try {
    await createFrom(connection, before);
    const from = await connection.introspect();
    const empty = await planMigration({ from, to: after, renames: [], provider, probe: connection.probe });
    const rebuild = empty.warnings.find((w) => w.code === 'sqlite-table-rebuild');
    expect(rebuild?.rows).toBe(0);
    expect(blockingWarnings(empty.warnings, false)).toEqual([]);

    await connection.execute('INSERT INTO "Item" ("id", "qty") VALUES (1, 5), (2, 7);');
    const full = await planMigration({ from, to: after, renames: [], provider, probe: connection.probe });
    expect(full.warnings.find((w) => w.code === 'sqlite-table-rebuild')?.rows).toBe(2);
    expect(blockingWarnings(full.warnings, false).map((w) => w.code)).toContain('sqlite-table-rebuild');
  } finally {
    await connection.close();
  }
});
