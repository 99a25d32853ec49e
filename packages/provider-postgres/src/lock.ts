/**
 * The migration lock: a session-level PostgreSQL advisory lock on strata's own key, held on a
 * dedicated session that runs nothing else (never a connection's, so no other code can release
 * or inherit it; in a fleet run, the next target's lock may reuse it once it is unlocked).
 * Waiting is bounded by `lock_timeout`; on timeout the error names the holder.
 *
 * The lock is released by `pg_advisory_unlock` and by closing the session; when the process is
 * interrupted (SIGINT/SIGTERM) it is released before exiting, and if the process dies anyway,
 * the server ends the session and drops the lock with it.
 */
import { ErrorCodes, type Release, releaseOnSignals, type SessionShelf, StrataError } from '@strata/core';
import { type ClientSettings, openClient, probe, type Sql } from './client.js';
import { leaveSession, sessionKey, takeSession } from './sessions.js';
import type { ParsedUrl } from './url.js';

/** strata's advisory lock key ('strata' in ASCII), distinct from Prisma's 72707369. */
export const STRATA_LOCK_KEY = 0x737472617461n;

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/**
 * The lock key for the migrations kept in `namespace` (the URL's `schema=`): `STRATA_LOCK_KEY`
 * for `public`, and for any other schema a key of its own (high bits 'st', low 32 bits a FNV-1a
 * hash of the name), so that tenants in schemas of one database migrate independently.
 */
export function lockKey(namespace: string): bigint {
  if (namespace === 'public') return STRATA_LOCK_KEY;
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(namespace)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return (0x7374n << 48n) | BigInt(hash);
}

interface Holder {
  readonly pid: number;
  readonly applicationName: string;
  readonly clientAddress: string | null;
  readonly since: string | null;
}

export async function takeLock(
  url: ParsedUrl,
  timeoutMs = DEFAULT_LOCK_TIMEOUT_MS,
  key = STRATA_LOCK_KEY,
  shelf?: SessionShelf,
): Promise<Release> {
  const settings: ClientSettings = { lockTimeoutMs: Math.max(1, Math.round(timeoutMs)), arrayTypes: false };
  const home = sessionKey('lock', url, settings);
  // a kept lock session holds no lock (its release unlocked before putting it back)
  let session = await takeSession(shelf, home, (sql) => sql`SELECT 1`);
  if (session === undefined) {
    session = await openClient(url, settings);
    await probe(session, url);
  }
  const held = session;
  const close = async (): Promise<void> => {
    await held.end({ timeout: 2 }).catch(() => {});
  };
  try {
    await held.unsafe(`SELECT pg_advisory_lock(${key})`);
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') {
      await close();
      throw error;
    }
    const holders = await lockHolders(held, key).catch(() => []);
    await close();
    const who = holders
      .map(
        (h) =>
          `pid ${h.pid} (${h.applicationName || 'no application_name'}${h.clientAddress ? ` from ${h.clientAddress}` : ''}${h.since ? `, since ${h.since}` : ''})`,
      )
      .join('; ');
    throw new StrataError(
      ErrorCodes.lockTimeout,
      `Timed out after ${timeoutMs} ms waiting for the migration lock on ${url.display}${who ? `: held by ${who}` : ''}.`,
      {
        hint: 'Another strata run is migrating this database. Wait for it, or end that session (pg_terminate_backend) if it is stuck.',
        details: { timeoutMs, holders },
        cause: error,
      },
    );
  }

  return releaseOnSignals(async () => {
    try {
      await held.unsafe(`SELECT pg_advisory_unlock(${key})`);
    } catch {
      // the session is gone, and the lock with it
      return close();
    }
    // it ran only the lock's own statements
    await leaveSession(shelf, home, held, false).catch(() => {});
  });
}

async function lockHolders(session: Sql, key: bigint): Promise<Holder[]> {
  // a bigint advisory key is stored as classid (high 32 bits) and objid (low 32 bits), objsubid 1
  const rows = await session.unsafe(
    `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr,
            to_char(COALESCE(a.xact_start, a.backend_start), 'YYYY-MM-DD"T"HH24:MI:SSOF') AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.classid = ${key >> 32n} AND l.objid = ${key & 0xffffffffn}
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows.map((r) => ({
    pid: Number(r.pid),
    applicationName: String(r.application_name ?? ''),
    clientAddress: (r.client_addr as string | null) ?? null,
    since: (r.since as string | null) ?? null,
  }));
}
