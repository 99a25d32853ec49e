/**
 * `migrate deploy`: applies pending migrations exactly as reviewed, under the migration lock, each
 * with its history row in one transaction where the provider allows. Refuses on failed, edited or
 * missing-locally migrations; re-evaluates data-aware warnings against the target first.
 */
import type { Database } from '../database/database.js';
import type { HistoryRow } from '../migrations/history-row.js';
import { type HistoryEntry, historyEntries } from '../migrations/history-state.js';
import { assertLockProvider } from '../migrations/lock-file.js';
import type { MigrationsFolder } from '../migrations/migrations-folder.js';
import { computeStatus, deployBlockers, type StatusProblem } from '../migrations/status.js';
import { type AppliedMigrationResult, applyMigrations, resumeMigration } from './apply-migrations.js';
import { type BaseWorkflowOptions, loadMigrations, report, withConnection } from './context.js';
import { loadHistory, takeMigrationLock } from './history.js';
import { problemsError } from './problems-error.js';

export interface DeployOptions extends BaseWorkflowOptions {
  /** Apply even when the target's data makes a migration lose data (data-loss warnings with rows). */
  readonly allowWarnings?: boolean;
  readonly lockTimeoutMs?: number;
  /**
   * Create the database when it does not exist (default true, as Prisma). False refuses with
   * `database-missing` instead: a mistyped production URL must not get a new empty database.
   */
  readonly createIfMissing?: boolean;
  /**
   * Run a migration that failed outside a transaction on from the statement that failed (same
   * migration.sql, once the cause is fixed), then the pending ones. No failed migration: no effect.
   */
  readonly resume?: boolean;
  /** How long a statement runs before a `statement-running` event says so; default 2 s. */
  readonly slowStatementMs?: number;
  /**
   * Stops the run between migrations: once aborted, no further migration starts and the one
   * running finishes with its history row. The result then says `interrupted` and what is pending.
   */
  readonly signal?: AbortSignal;
}

export interface DeployResult {
  readonly database: string;
  /** The database did not exist and deploy created it (also emitted as `database-created`). */
  readonly created: boolean;
  readonly applied: readonly AppliedMigrationResult[];
  /** The failed migration `resume` ran on to its end, when there was one. */
  readonly resumed?: AppliedMigrationResult;
  /** Migrations that were already applied. */
  readonly alreadyApplied: number;
  /** Migrations still pending after this run: none, unless `signal` stopped it. */
  readonly pending: readonly string[];
  /** `signal` was aborted before every pending migration ran. */
  readonly interrupted: boolean;
  readonly importedFromPrisma: number;
  /** Non-blocking problems seen on the way (out-of-order, missing-snapshot). */
  readonly notices: readonly StatusProblem[];
  readonly durationMs: number;
}

export async function migrateDeploy(options: DeployOptions): Promise<DeployResult> {
  const started = Date.now();
  const local = await loadMigrations(options);
  if (local.lock !== undefined) assertLockProvider(local.lock, options.provider.id, `${local.dir}/migration_lock.toml`);
  // Like Prisma, deploy creates the database when it does not exist yet, unless told not to;
  // either way the caller learns it (a mistyped path must not pass unseen).
  const createIfMissing = options.createIfMissing ?? true;
  return withConnection({ ...options, createIfMissing }, async (connection) => {
    // a connection handed in was opened (and maybe created) by the caller, who knows it already
    const created = options.connection === undefined && connection.created === true;
    if (created) report(options, { type: 'database-created', database: connection.displayUrl });
    const release = await takeMigrationLock(connection, options);
    try {
      const history = await loadHistory(connection, {
        create: true,
        holdsLock: true,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      let rows = history.rows;
      const resumed = options.resume ? await resumeFailed(local, rows, options, connection) : undefined;
      if (resumed !== undefined) rows = await connection.history.list();
      const status = computeStatus(local, rows, undefined, { provider: options.provider.id });
      const blockers = deployBlockers(status);
      if (blockers.length > 0) throw problemsError(blockers, 'migrate deploy');
      report(options, {
        type: 'deploy-planned',
        pending: status.pending.map((m) => m.name),
        alreadyApplied: status.applied.length,
      });
      const applied = await applyMigrations(status.pending, {
        connection,
        provider: options.provider,
        checkWarnings: true,
        allowWarnings: options.allowWarnings ?? false,
        ...(options.slowStatementMs === undefined ? {} : { slowStatementMs: options.slowStatementMs }),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.snapshots ? { snapshots: options.snapshots } : {}),
      });
      const pending = status.pending.slice(applied.length).map((m) => m.name);
      return {
        database: connection.displayUrl,
        created,
        applied,
        ...(resumed === undefined ? {} : { resumed }),
        alreadyApplied: status.applied.length,
        pending,
        interrupted: pending.length > 0,
        importedFromPrisma: history.imported,
        notices: status.problems.filter((p) => p.severity !== 'error'),
        durationMs: Date.now() - started,
      };
    } finally {
      await release();
    }
  });
}

/** The one failed migration, run on from where it stopped; undefined when none failed. */
async function resumeFailed(
  local: MigrationsFolder,
  rows: readonly HistoryRow[],
  options: DeployOptions,
  connection: Database,
): Promise<AppliedMigrationResult | undefined> {
  const failed = historyEntries(rows).filter((e) => e.state === 'failed' && e.row.kind === 'apply');
  if (failed.length === 0) return undefined;
  const [entry] = failed as [HistoryEntry];
  const migration = local.migrations.find((m) => m.name === entry.name);
  if (failed.length > 1 || migration === undefined) return undefined; // status names these problems
  return resumeMigration(migration, entry.row, {
    connection,
    provider: options.provider,
    checkWarnings: false,
    allowWarnings: options.allowWarnings ?? false,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
