/**
 * Concurrent deploys on one MariaDB/MySQL database apply each migration exactly once: five calls
 * of core's `migrateDeploy`, each on a connection of its own (`openDatabase`), start together on a
 * fresh database with three migrations. The migration lock (`GET_LOCK`) makes all but one wait;
 * none fails, and the history holds one finished row per migration.
 *
 * Needs a server at STRATA_TEST_MYSQL_URL; without one the test is skipped with one line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, type DeployResult, migrateDeploy, openDatabase, type WorkflowEvent } from '@strata/core';
import { createTempDir, startTestMysql, type TestMysql, testMysqlAvailable } from '@strata/testkit';
import { provider } from './support.js';

const describeMysql = (await testMysqlAvailable()) ? describe : describe.skip;

const DEPLOYERS = 5;

/**
 * Each migration sleeps a little, so that whoever holds the lock holds it long enough for the
 * others to be waiting (and to say so) rather than to arrive after it is done.
 */
const migrations = Array.from({ length: 3 }, (_, i) => ({
  name: `20260101000${i}00_step_${i}`,
  sql:
    `-- CreateTable\nCREATE TABLE \`T${i}\` (\n    \`id\` INTEGER NOT NULL,\n\n    PRIMARY KEY (\`id\`)\n) ` +
    'DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n\n' +
    `-- Seed\nINSERT INTO \`T${i}\` (\`id\`) VALUES (1);\n\nDO SLEEP(0.3);\n`,
}));

describeMysql('concurrent deploys on MySQL', () => {
  let server: TestMysql;
  const temp = createTempDir('strata-mysql-concurrent-deploys-');
  const migrationsDir = path.join(temp.dir, 'migrations');

  beforeAll(async () => {
    server = await startTestMysql();
    mkdirSync(migrationsDir);
    writeFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "mysql"\n');
    for (const migration of migrations) {
      mkdirSync(path.join(migrationsDir, migration.name));
      writeFileSync(path.join(migrationsDir, migration.name, 'migration.sql'), migration.sql);
    }
  });
  afterAll(async () => {
    await server?.close();
    temp.close();
  });

  test(`${DEPLOYERS} deploys at once: each migration applied exactly once, every call succeeds`, async () => {
    const connections: Database[] = await Promise.all(
      Array.from({ length: DEPLOYERS }, () => openDatabase(provider, server.url, { lockTimeoutMs: 60_000 })),
    );
    try {
      const events: WorkflowEvent[][] = connections.map(() => []);
      const outcomes = await Promise.allSettled(
        connections.map((connection, i) =>
          migrateDeploy({
            provider,
            connection,
            migrationsDir,
            lockTimeoutMs: 60_000,
            onProgress: (event) => events[i]!.push(event),
          }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const results = outcomes.map((o) => (o as PromiseFulfilledResult<DeployResult>).value);
      const names = migrations.map((m) => m.name);
      // Between them the calls applied every migration once; each saw every migration either
      // applied by itself or already in the history.
      expect(results.flatMap((r) => r.applied.map((a) => a.name)).sort()).toEqual(names);
      for (const result of results) expect(result.applied.length + result.alreadyApplied).toBe(names.length);
      // They did race: the others waited for the lock while one deployed.
      const waited = events.filter((list) => list.some((e) => e.type === 'lock-waiting')).length;
      expect(waited).toBeGreaterThanOrEqual(1);

      const rows = await connections[0]!.history.list();
      expect(rows.map((r) => r.migrationName).sort()).toEqual(names);
      expect(rows.every((r) => r.finishedAt !== undefined)).toBe(true);
      for (let i = 0; i < migrations.length; i++) {
        expect(await connections[0]!.query(`SELECT \`id\` FROM \`T${i}\``)).toEqual([{ id: 1 }]);
      }
    } finally {
      for (const connection of connections) await connection.close();
    }
  });
});
