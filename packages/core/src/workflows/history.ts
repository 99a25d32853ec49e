/**
 * Reading the history, with adoption from Prisma Migrate: on a database that has
 * `_prisma_migrations` and no `_strata_migrations`, Prisma's rows are copied into ours (same
 * names, same checksums, failed and rolled-back rows kept), so a team switches without touching
 * its schema. Prisma's table is left as it was.
 */
import type { Database } from '../database/database.js';
import { ErrorCodes } from '../errors/codes.js';
import type { HistoryRow } from '../migrations/history-row.js';
import { nodeCrypto } from '../migrations/node-crypto.js';
import type { Release } from '../provider/contract.js';
import { CORE_VERSION } from '../version.js';
import { report } from './context.js';
import type { ProgressListener } from './events.js';

export interface LoadedHistory {
  readonly rows: readonly HistoryRow[];
  /** How many rows were imported from `_prisma_migrations` just now (0: nothing imported). */
  readonly imported: number;
  /** True when the history table existed or was created. */
  readonly exists: boolean;
}

/**
 * `create`: make `_strata_migrations` when it is missing (dev, deploy). Without it, a database with
 * no history at all is read as empty and left untouched (status on a fresh database).
 * An import writes, so it runs under the migration lock (taken here unless `holdsLock`) and checks
 * again once the lock is held: two deploys starting together import once.
 */
export async function loadHistory(connection: Database, options: LoadHistoryOptions): Promise<LoadedHistory> {
  if (await connection.history.exists()) return { rows: await connection.history.list(), imported: 0, exists: true };
  const prisma = await connection.history.readPrismaHistory();
  if (prisma === undefined || prisma.length === 0) {
    if (!options.create) return { rows: [], imported: 0, exists: false };
    await connection.history.ensure();
    return { rows: await connection.history.list(), imported: 0, exists: true };
  }
  const release = options.holdsLock ? undefined : await takeMigrationLock(connection, options);
  try {
    if (await connection.history.exists()) return { rows: await connection.history.list(), imported: 0, exists: true };
    await connection.history.ensure();
    const ordered = [...prisma].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    for (const row of ordered) {
      // Prisma's ids are its own; ours must be unique in our table, whatever Prisma stored.
      await connection.history.insert({
        ...row,
        id: nodeCrypto().randomUUID(),
        kind: 'imported',
        provider: row.provider || connection.provider,
      });
    }
    report(options, { type: 'history-imported', count: ordered.length, from: '_prisma_migrations' });
    return { rows: await connection.history.list(), imported: ordered.length, exists: true };
  } finally {
    await release?.();
  }
}

/** How long a lock wait stays silent: an uncontended lock is taken well within it. */
export const LOCK_NOTICE_AFTER_MS = 500;

/**
 * Takes the migration lock. Only a real wait is reported: `lock-waiting` once the lock has not
 * come within `LOCK_NOTICE_AFTER_MS` (someone else holds it), then `lock-acquired` with the time
 * spent waiting; an uncontended lock emits nothing.
 */
export async function takeMigrationLock(
  connection: Database,
  options: { readonly lockTimeoutMs?: number | undefined; readonly onProgress?: ProgressListener | undefined },
): Promise<Release> {
  const timeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const started = Date.now();
  let noticed = false;
  const notice = setTimeout(() => {
    noticed = true;
    report(options, { type: 'lock-waiting', timeoutMs, waitedMs: Date.now() - started });
  }, LOCK_NOTICE_AFTER_MS);
  try {
    const release = await connection.lock({ timeoutMs });
    if (noticed) report(options, { type: 'lock-acquired', waitedMs: Date.now() - started });
    return release;
  } finally {
    clearTimeout(notice);
  }
}

/** How long `migrateLockHolder` waits: a lock held by a running migration stays held far longer. */
const LOCK_PROBE_MS = 100;

/** Another process holding the migration lock, as far as the provider can tell who it is. */
export interface LockHolder {
  /** `pid 4711 (strata from 10.0.0.5, since ...)`, when the provider names the holder (PostgreSQL). */
  readonly heldBy?: string;
}

/**
 * Whether another process (a running deploy, dev, rollback ...) holds the migration lock now:
 * takes it for an instant and releases it at once. Undefined when the lock is free, and when it
 * cannot be probed at all (a read-only SQLite folder): status then says what it knows without it.
 */
export async function migrationLockHolder(connection: Database): Promise<LockHolder | undefined> {
  let release: Release;
  try {
    release = await connection.lock({ timeoutMs: LOCK_PROBE_MS });
  } catch (error) {
    const { code, details } = error as { code?: unknown; details?: { holders?: unknown } };
    if (code !== ErrorCodes.lockTimeout) return undefined;
    const holders = Array.isArray(details?.holders) ? (details.holders as unknown[]).map(describeHolder) : [];
    const named = holders.filter((h): h is string => h !== undefined);
    return named.length > 0 ? { heldBy: named.join('; ') } : {};
  }
  await release();
  return undefined;
}

/** A provider's holder record (`{ pid, applicationName, clientAddress, since }`) in words. */
function describeHolder(holder: unknown): string | undefined {
  if (typeof holder !== 'object' || holder === null) return undefined;
  const { pid, applicationName, clientAddress, since } = holder as Record<string, unknown>;
  if (typeof pid !== 'number') return undefined;
  const about = [
    typeof applicationName === 'string' && applicationName !== '' ? applicationName : undefined,
    typeof clientAddress === 'string' ? `from ${clientAddress}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const when = typeof since === 'string' ? `, since ${since}` : '';
  return `pid ${pid}${about || when ? ` (${about}${about && when ? when : when.replace(/^, /, '')})` : ''}`;
}

export interface LoadHistoryOptions {
  readonly create: boolean;
  /** The caller already holds the migration lock (deploy): do not take it again. */
  readonly holdsLock?: boolean;
  readonly lockTimeoutMs?: number;
  readonly onProgress?: ProgressListener;
}

/** Prisma waits 10 s for its advisory lock; so do we unless told otherwise. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** A fresh row id: ids are not names, so one migration can be applied, rolled back and applied again. */
export function newRowId(): string {
  return nodeCrypto().randomUUID();
}

/**
 * Every row strata writes, of any kind, is made here: a new id, started now, no step applied yet,
 * written by this core. `warnings` is warnings.txt's text (one `code [severity] message` line each).
 */
export function newHistoryRow(
  fields: Pick<HistoryRow, 'kind' | 'migrationName' | 'checksum' | 'provider' | 'rebuildRequired'> &
    Partial<Pick<HistoryRow, 'artifactsChecksum' | 'warnings' | 'beforeSchema' | 'afterSchema'>>,
): HistoryRow {
  return { id: newRowId(), startedAt: new Date(), appliedStepsCount: 0, generatorVersion: CORE_VERSION, ...fields };
}
