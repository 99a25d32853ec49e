/**
 * A fleet of SQLite files (a database file per customer): relative `file:` URLs start in the
 * schema's folder, a file that does not exist yet is created, one whose table is in the way
 * fails with its statement named while the others deploy, and a re-run applies only what was
 * pending, each migration once.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { deployFleet, migrateDev, migrateResolve, openDatabase, statusFleet } from '@strata/core';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';

const temp = createTempDir('strata-sqlite-fleet-');
afterAll(() => temp.close());

test('deploy and status over six SQLite files', async () => {
  const schemaPath = path.join(temp.dir, 'schema.prisma');
  const files = { provider, schemaPath, migrationsDir: path.join(temp.dir, 'migrations') };
  writeFileSync(
    schemaPath,
    'datasource db {\n  provider = "sqlite"\n}\n\nmodel Note {\n  id   Int    @id\n  body String\n}\n',
  );
  const dev = await migrateDev({ ...files, url: 'file:./dev.db', name: 'init' });
  if (dev.outcome !== 'applied') throw new Error('expected a migration');

  const targets = Array.from({ length: 6 }, (_, i) => ({
    name: `customer-${i + 1}`,
    url: `file:./customers/c${i + 1}.db`,
  }));
  // customer-3 has a Note table of its own already
  const blocked = await openDatabase(provider, targets[2]!.url, { baseDir: temp.dir, createIfMissing: true });
  await blocked.execute('CREATE TABLE "Note" ("x" INTEGER)');
  await blocked.close();

  const first = await deployFleet({ ...files, targets, concurrency: 3 });
  expect(first.targets.map((t) => t.state)).toEqual(['applied', 'applied', 'failed', 'applied', 'applied', 'applied']);
  expect(first.targets[0]?.created).toBe(true);
  expect(first.targets[2]?.error).toMatchObject({
    code: 'migration-failed',
    statement: { text: expect.stringContaining('CREATE TABLE "Note"') },
  });

  const status = await statusFleet({ ...files, targets });
  expect(status.targets.map((t) => t.state)).toEqual(['in-sync', 'in-sync', 'failed', 'in-sync', 'in-sync', 'in-sync']);

  const fixed = await openDatabase(provider, targets[2]!.url, { baseDir: temp.dir });
  await fixed.execute('DROP TABLE "Note"');
  await fixed.close();
  await migrateResolve({ ...files, url: targets[2]!.url, rolledBack: dev.migration.name });
  const second = await deployFleet({ ...files, targets, concurrency: 3 });
  expect(second.ok).toBe(true);
  expect(second.targets.map((t) => t.state)).toEqual([
    'up-to-date',
    'up-to-date',
    'applied',
    'up-to-date',
    'up-to-date',
    'up-to-date',
  ]);
  for (const target of targets) {
    const database = await openDatabase(provider, target.url, { baseDir: temp.dir });
    const rows = await database.query<{ n: number }>(
      'SELECT count(*) AS n FROM "_strata_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    await database.close();
    expect(Number(rows[0]?.n)).toBe(1);
  }
});
