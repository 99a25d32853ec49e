/**
 * A fleet of MySQL databases (a database per customer) on one MariaDB/MySQL server: one whose own
 * table is in the way fails at that statement (migrations run statement by statement here, so its
 * report says how many ran), one that does not exist yet is created, the others deploy; status
 * shows each state; after the fix and `resolve`, a re-run applies only what was pending.
 *
 * Needs a server at STRATA_TEST_MYSQL_URL; without one the test is skipped with one line.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { deployFleet, migrateDev, migrateResolve, openDatabase, statusFleet } from '@strata/core';
import { createTempDir, startTestMysql, type TestMysql, testMysqlAvailable } from '@strata/testkit';
import { provider } from './support.js';

const available = await testMysqlAvailable();
const temp = createTempDir('strata-mysql-fleet-');
let server: TestMysql | undefined;

beforeAll(async () => {
  if (available) server = await startTestMysql();
});
afterAll(async () => {
  await server?.close();
  temp.close();
});

async function exec(url: string, sql: string): Promise<void> {
  const database = await openDatabase(provider, url);
  try {
    await database.execute(sql);
  } finally {
    await database.close();
  }
}

(available ? test : test.skip)(
  'deploy and status over four MySQL databases',
  async () => {
    if (server === undefined) return;
    const schemaPath = path.join(temp.dir, 'schema.prisma');
    const files = { provider, schemaPath, migrationsDir: path.join(temp.dir, 'migrations') };
    writeFileSync(
      schemaPath,
      'datasource db {\n  provider = "mysql"\n}\n\nmodel Invoice {\n  id    Int @id\n  total Int\n}\n\nmodel Payment {\n  id Int @id\n}\n',
    );
    const dev = await migrateDev({ ...files, url: server.url, name: 'init' });
    if (dev.outcome !== 'applied') throw new Error('expected a migration');

    const targets = [
      { name: 'alpha', url: await server.createDatabase() },
      { name: 'beta', url: await server.createDatabase() },
      { name: 'gamma', url: await server.createDatabase() },
      { name: 'delta-new', url: server.missingDatabaseUrl() },
    ];
    // beta has a Payment table of its own: the second CREATE TABLE fails there
    await exec(targets[1]!.url, 'CREATE TABLE `Payment` (`x` INTEGER)');

    const first = await deployFleet({ ...files, targets, concurrency: 2 });
    expect(first.targets.map((t) => t.state)).toEqual(['applied', 'failed', 'applied', 'applied']);
    expect(first.targets[3]?.created).toBe(true);
    expect(first.targets[1]?.error).toMatchObject({
      code: 'migration-failed',
      migration: dev.migration.name,
      statement: { index: 2, text: expect.stringContaining('CREATE TABLE `Payment`') },
      hint: expect.stringContaining('1 statement(s) were applied'),
    });

    const status = await statusFleet({ ...files, targets });
    expect(status.targets.map((t) => t.state)).toEqual(['in-sync', 'failed', 'in-sync', 'in-sync']);

    // undo what ran, move the table out of the way, mark the failed run rolled back, deploy again
    await exec(targets[1]!.url, 'DROP TABLE `Invoice`');
    await exec(targets[1]!.url, 'DROP TABLE `Payment`');
    await migrateResolve({ ...files, url: targets[1]!.url, rolledBack: dev.migration.name });
    const second = await deployFleet({ ...files, targets, concurrency: 2 });
    expect(second.ok).toBe(true);
    expect(second.targets.map((t) => t.state)).toEqual(['up-to-date', 'applied', 'up-to-date', 'up-to-date']);
    expect((await statusFleet({ ...files, targets })).inSync).toBe(true);
  },
  120_000,
);
