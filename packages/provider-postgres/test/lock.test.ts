/** The advisory lock: concurrent deploys apply each migration once; a timeout names the holder. */

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isStrataError, openDatabase } from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startTestPostgres();
});
afterAll(async () => {
  await pg?.close();
});

const MIGRATIONS = ['001_a', '002_b', '003_c'].map((name, i) => ({
  name,
  sql: `CREATE TABLE "t${i}" ("id" INTEGER NOT NULL);\nINSERT INTO "t${i}" VALUES (1);`,
  transactional: true,
}));

async function deploy(url: string): Promise<number> {
  const db = await openDatabase(provider, url);
  const release = await db.lock({ timeoutMs: 30_000 });
  let applied = 0;
  try {
    await db.history.ensure();
    const done = new Set((await db.history.list()).map((r) => r.migrationName));
    for (const m of MIGRATIONS) {
      if (done.has(m.name)) continue;
      const result = await db.apply(m, {
        id: randomUUID(),
        migrationName: m.name,
        checksum: '0'.repeat(64),
        provider: 'postgresql',
        startedAt: new Date(),
        appliedStepsCount: 0,
        rebuildRequired: false,
        kind: 'apply',
      });
      if (!result.ok) throw new Error(result.error);
      applied++;
    }
  } finally {
    await release();
    await db.close();
  }
  return applied;
}

describe('migration lock', () => {
  test('five concurrent lock+apply runs apply each migration exactly once', async () => {
    if (!pg.supportsConcurrentSessions) {
      console.log('skipped: PGlite has one backend session, advisory locks cannot exclude each other');
      return;
    }
    const counts = await Promise.all([1, 2, 3, 4, 5].map(() => deploy(pg.url)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(MIGRATIONS.length);
    const db = await openDatabase(provider, pg.url);
    const rows = await db.history.list();
    expect(rows.map((r) => r.migrationName).sort()).toEqual(MIGRATIONS.map((m) => m.name));
    for (let i = 0; i < MIGRATIONS.length; i++)
      expect(await db.query(`SELECT count(*)::int AS n FROM "t${i}"`)).toEqual([{ n: 1 }]);
    await db.close();
  });

  test('a timeout is a lock-timeout error naming the holder; release frees the lock', async () => {
    if (!pg.supportsConcurrentSessions) {
      console.log('skipped: PGlite has one backend session, advisory locks cannot exclude each other');
      return;
    }
    const holder = await openDatabase(provider, pg.url);
    const release = await holder.lock({ timeoutMs: 1000 });
    const waiter = await openDatabase(provider, pg.url);
    const error = await waiter.lock({ timeoutMs: 200 }).catch((e: unknown) => e);
    expect(isStrataError(error) && error.code).toBe('lock-timeout');
    expect(String((error as Error).message)).toMatch(/held by pid \d+ \(strata/);
    await release();
    await release(); // twice is harmless
    const again = await waiter.lock({ timeoutMs: 2000 });
    await again();
    await holder.close();
    await waiter.close();
  });
});
