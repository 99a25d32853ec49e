import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Connection, Release } from '@strata/core';
import { isStrataError } from '@strata/core';
import { startTestMysql, type TestMysql } from '@strata/testkit';
import { connect } from '../src/connection.js';
import { lockName } from '../src/lock.js';
import { describeMysql } from './support.js';

describeMysql('migration lock (GET_LOCK)', () => {
  let server: TestMysql;
  let first: Connection;
  let second: Connection;
  beforeAll(async () => {
    server = await startTestMysql();
    first = await connect(server.url);
    second = await connect(server.url);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await server?.close();
  });

  async function lockFailure(
    connection: Connection,
    timeoutMs: number,
  ): Promise<{ code: string; message: string; hint?: string }> {
    try {
      const release = await connection.lock({ timeoutMs });
      await release();
    } catch (error) {
      if (!isStrataError(error)) throw error;
      return { code: error.code, message: error.message, hint: error.hint };
    }
    throw new Error('expected lock-timeout');
  }

  it('is exclusive, and times out with a message that names the holder', async () => {
    const release = await first.lock({ timeoutMs: 1_000 });
    const started = Date.now();
    const e = await lockFailure(second, 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(e.code).toBe('lock-timeout');
    expect(e.message).toMatch(
      new RegExp(
        `^Timed out after 300 ms waiting for the migration lock on mysql://root@127\\.0\\.0\\.1:3306/${server.database}: held by connection \\d+ \\(root from 127\\.0\\.0\\.1:\\d+, \\d+ s in its current state\\)\\.$`,
      ),
    );
    expect(e.hint).toMatch(/Another strata run is migrating this database/);
    await release();
    await release(); // harmless
    const again = await second.lock({ timeoutMs: 300 });
    await again();
  });

  it('is one lock per database: another database of the server is not blocked', async () => {
    const otherUrl = await server.createDatabase();
    const other = await connect(otherUrl);
    const release = await first.lock({ timeoutMs: 1_000 });
    const otherRelease = await other.lock({ timeoutMs: 300 });
    await otherRelease();
    await release();
    await other.close();
    expect(lockName(server.database)).toBe(`strata_migrate:${server.database}`);
    expect(lockName('d'.repeat(64))).toHaveLength(55);
  });

  it('is freed when the session holding it ends (a process that died)', async () => {
    const dead = await first.lock({ timeoutMs: 1_000 });
    const [holder] = await second.query<{ id: number }>('SELECT IS_USED_LOCK(?) AS id', [lockName(server.database)]);
    expect(holder?.id).toEqual(expect.any(Number));
    await server.admin(`KILL ${holder!.id}`);
    const release = await second.lock({ timeoutMs: 2_000 });
    await release();
    await dead(); // on a session that is gone: harmless
  });

  it('lets 5 concurrent sessions take it in turn, never two at once', async () => {
    const sessions = await Promise.all(Array.from({ length: 5 }, () => connect(server.url)));
    const events: string[] = [];
    let inside = 0;
    let most = 0;
    await Promise.all(
      sessions.map(async (session, i) => {
        const release: Release = await session.lock({ timeoutMs: 10_000 });
        inside += 1;
        most = Math.max(most, inside);
        events.push(`enter ${i}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`leave ${i}`);
        inside -= 1;
        await release();
      }),
    );
    await Promise.all(sessions.map((s) => s.close()));
    expect(most).toBe(1);
    expect(events).toHaveLength(10);
    for (let k = 0; k < 10; k += 2) expect(events[k + 1]).toBe(events[k]!.replace('enter', 'leave'));
  });
});
