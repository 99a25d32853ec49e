/**
 * Invariant 5: concurrent deploys apply each migration exactly once. Two connections (each with
 * its own SQLite handle, so the locks are real file locks) race through lock -> read history ->
 * apply pending -> release, as `migrate deploy` does.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import type { Connection } from '@strata/core';
import { createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { historyRow } from './support.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

const migrations = Array.from({ length: 6 }, (_, i) => ({
  name: `00${i}_step`,
  sql: `-- CreateTable\nCREATE TABLE "T${i}" ("id" INTEGER NOT NULL PRIMARY KEY);\n\n-- Seed\nINSERT INTO "T${i}" VALUES (1);`,
  transactional: true,
}));

async function deploy(connection: Connection): Promise<string[]> {
  const release = await connection.lock({ timeoutMs: 20_000 });
  const applied: string[] = [];
  try {
    await connection.history.ensure();
    const done = new Set(
      (await connection.history.list()).filter((r) => r.finishedAt !== undefined).map((r) => r.migrationName),
    );
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      const result = await connection.apply(migration, historyRow(migration.name));
      if (!result.ok) throw new Error(result.error);
      applied.push(migration.name);
    }
  } finally {
    await release();
  }
  return applied;
}

describe('concurrent deploys', () => {
  test('two deployers racing on the same file apply each migration exactly once', async () => {
    const db = createTestSqlite();
    cleanups.push(db.close);
    const connections = await Promise.all(
      Array.from({ length: 3 }, () => provider.connect(db.url, { createIfMissing: true, lockTimeoutMs: 20_000 })),
    );
    try {
      const results = await Promise.all(connections.map(deploy));
      expect(results.flat().sort()).toEqual(migrations.map((m) => m.name));
      const rows = await connections[0]!.history.list();
      expect(rows.map((r) => r.migrationName).sort()).toEqual(migrations.map((m) => m.name));
      for (let i = 0; i < migrations.length; i++) {
        expect(await connections[0]!.query(`SELECT count(*) AS n FROM "T${i}"`)).toEqual([{ n: 1 }]);
      }
    } finally {
      for (const c of connections) await c.close();
    }
  });

  test('a held lock makes another deployer time out with lock-timeout; releasing twice is harmless', async () => {
    const db = createTestSqlite();
    cleanups.push(db.close);
    const a = await provider.connect(db.url, { createIfMissing: true });
    const b = await provider.connect(db.url);
    try {
      const release = await a.lock({ timeoutMs: 1000 });
      await expect(b.lock({ timeoutMs: 150 })).rejects.toMatchObject({ code: 'lock-timeout' });
      // While locked, the database itself stays usable (the lock lives in a sidecar file).
      await b.execute('CREATE TABLE "x" ("id" INTEGER)');
      await release();
      await release();
      const again = await b.lock({ timeoutMs: 1000 });
      await again();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
