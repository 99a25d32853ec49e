/**
 * The migration lock: a MySQL named lock (`GET_LOCK`) held on a dedicated connection opened for
 * that purpose, so that no other code can release or inherit it.
 *
 * Named locks are server-wide, so the name carries the database's: two databases of one server
 * migrate independently. The lock is released by `RELEASE_LOCK` and by closing the connection;
 * when the process is interrupted (SIGINT/SIGTERM) the connection is closed before exiting, and if
 * the process dies anyway, the server ends the session and frees the lock with it (a lock row in
 * a table would stay behind).
 */
import { ErrorCodes, type Release, releaseOnSignals, StrataError, sha256Hex } from '@strata/core';
import type { RowDataPacket } from 'mysql2/promise';
import { type MysqlUrl, openConnection } from './client.js';

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** MySQL refuses lock names longer than 64 characters. */
const MAX_LOCK_NAME = 64;

/** strata's lock name for a database, distinct from Prisma's `prisma_migrate`. */
export function lockName(database: string): string {
  const name = `strata_migrate:${database}`;
  return name.length <= MAX_LOCK_NAME ? name : `strata_migrate:${sha256Hex(database).slice(0, 40)}`;
}

interface Holder {
  readonly connectionId: number;
  readonly user: string | null;
  readonly host: string | null;
  readonly seconds: number | null;
}

export async function takeLock(
  url: MysqlUrl,
  timeoutMs = DEFAULT_LOCK_TIMEOUT_MS,
  name = lockName(url.database),
): Promise<Release> {
  const session = await openConnection(url);
  const close = async (): Promise<void> => {
    await session.end().catch(() => session.destroy());
  };
  let got: unknown;
  try {
    // GET_LOCK waits in seconds; fractions are honoured
    const [rows] = await session.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [
      name,
      Math.max(0, timeoutMs) / 1000,
    ]);
    got = rows[0]?.got;
  } catch (error) {
    await close();
    throw error;
  }
  if (Number(got) !== 1) {
    const holders = await lockHolders(session, name).catch(() => []);
    await close();
    const who = holders
      .map(
        (h) =>
          `connection ${h.connectionId} (${h.user ?? 'unknown user'}${h.host ? ` from ${h.host}` : ''}${h.seconds === null ? '' : `, ${h.seconds} s in its current state`})`,
      )
      .join('; ');
    throw new StrataError(
      ErrorCodes.lockTimeout,
      `Timed out after ${timeoutMs} ms waiting for the migration lock on ${url.display}${who ? `: held by ${who}` : ''}.`,
      {
        hint: 'Another strata run is migrating this database. Wait for it, or end that session (KILL <connection id>) if it is stuck.',
        details: { timeoutMs, lockName: name, holders },
      },
    );
  }

  return releaseOnSignals(async () => {
    await session.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => {});
    await close();
  });
}

async function lockHolders(session: Awaited<ReturnType<typeof openConnection>>, name: string): Promise<Holder[]> {
  const [rows] = await session.query<RowDataPacket[]>(
    `SELECT l.id AS id, p.user AS user, p.host AS host, p.time AS seconds
       FROM (SELECT IS_USED_LOCK(?) AS id) l
       LEFT JOIN information_schema.processlist p ON p.id = l.id
      WHERE l.id IS NOT NULL`,
    [name],
  );
  return rows.map((r) => ({
    connectionId: Number(r.id),
    user: (r.user as string | null) ?? null,
    host: (r.host as string | null) ?? null,
    seconds: r.seconds === null || r.seconds === undefined ? null : Number(r.seconds),
  }));
}
