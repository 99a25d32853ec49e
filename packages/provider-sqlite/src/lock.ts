/**
 * The migration lock on SQLite.
 *
 * Locking: `lock()` holds an EXCLUSIVE transaction on a sidecar file `<database>.strata-lock`
 * (a tiny SQLite database of its own). A second deployer waits up to its timeout on SQLite's busy
 * handler, then gets `lock-timeout`. The OS releases the file lock when a process dies, so a crash
 * never leaves an orphaned lock (a lock row in the database itself would). The main database is
 * not held while locked, so `apply()` and any reader keep working. The sidecar is never deleted:
 * deleting it while another process waits on it would break mutual exclusion.
 */
import type { Release } from '@strata/core';
import { StrataError } from '@strata/core';
import { SqliteDatabase } from './client.js';

export async function takeLock(file: string, timeoutMs: number): Promise<Release> {
  const lockFile = `${file}.strata-lock`;
  const lockDb = await SqliteDatabase.open(lockFile, {
    readOnly: false,
    create: true,
    busyTimeoutMs: timeoutMs,
  });
  try {
    await lockDb.exec('CREATE TABLE IF NOT EXISTS "strata_lock" ("holder" TEXT)');
    await lockDb.exec('BEGIN EXCLUSIVE');
    await lockDb.run('INSERT INTO "strata_lock" ("holder") VALUES (?)', [`pid ${process.pid}`]);
  } catch (error) {
    await lockDb.close().catch(() => {});
    if (isStrataCode(error, 'database-locked')) {
      throw new StrataError('lock-timeout', `Could not take the migration lock on ${file} within ${timeoutMs} ms.`, {
        hint: 'Another strata process is migrating this database. Wait for it to finish, or raise the lock timeout.',
        details: { file: file, lockFile, timeoutMs: timeoutMs },
        cause: error,
      });
    }
    throw error;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await lockDb.exec('ROLLBACK').catch(() => {});
    await lockDb.close();
  };
}
function isStrataCode(error: unknown, code: string): boolean {
  return (
    (error as { isStrataError?: unknown; code?: unknown } | null)?.isStrataError === true &&
    (error as { code: unknown }).code === code
  );
}
