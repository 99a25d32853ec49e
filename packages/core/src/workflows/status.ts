/**
 * `migrate status`: the migrations folder against the history (imported from Prisma Migrate when
 * that is the history the database has) and, when the expected schema is known, the live schema.
 * Read-only apart from that one-time import.
 */
import { computeStatus, type MigrationStatus } from '../migrations/status.js';
import { type BaseWorkflowOptions, loadMigrations, withConnection } from './context.js';
import { type LockHolder, loadHistory, migrationLockHolder } from './history.js';
import { compareLive, expectedSchema } from './live-comparison.js';

export interface StatusOptions extends BaseWorkflowOptions {
  /** Compare the live schema with the expected one (default true). */
  readonly checkDrift?: boolean;
  readonly lockTimeoutMs?: number;
}

export interface StatusResult extends MigrationStatus {
  readonly migrationsDir: string;
  readonly database: string;
  /** Rows imported from `_prisma_migrations` by this call (0 when none). */
  readonly importedFromPrisma: number;
  /** True when the history rows came from Prisma Migrate (now or earlier). */
  readonly adoptedFromPrisma: boolean;
  /**
   * Set when migrations are pending and another process holds the migration lock: a deploy (or
   * dev, rollback, ...) is running, and the pending migrations may be being applied right now.
   */
  readonly migrationRunning?: LockHolder;
}

export async function migrateStatus(options: StatusOptions): Promise<StatusResult> {
  const local = await loadMigrations(options);
  return withConnection(options, async (connection) => {
    const history = await loadHistory(connection, {
      create: false,
      ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const expected = expectedSchema(local, history.rows, options.provider, options.snapshots);
    const live =
      options.checkDrift !== false && expected !== null
        ? compareLive(await connection.introspect(), expected, options.provider)
        : undefined;
    const status = computeStatus(local, history.rows, live, { provider: options.provider.id });
    // Only worth asking when something is pending: that is what a running deploy would explain.
    const migrationRunning = status.pending.length > 0 ? await migrationLockHolder(connection) : undefined;
    return {
      ...status,
      migrationsDir: local.dir,
      database: connection.displayUrl,
      importedFromPrisma: history.imported,
      adoptedFromPrisma: history.rows.some((row) => row.kind === 'imported'),
      ...(migrationRunning === undefined ? {} : { migrationRunning }),
    };
  });
}
