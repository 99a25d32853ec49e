/**
 * `migrate deploy`: applies pending migrations exactly as reviewed, under the migration lock, each
 * with its history row in one transaction where the provider allows. Refuses on failed, edited or
 * missing-locally migrations; re-evaluates data-aware warnings against the target first.
 */
import { assertLockProvider } from '../migrations/lock-file.js';
import { computeStatus, deployBlockers, type StatusProblem } from '../migrations/status.js';
import { type AppliedMigrationResult, applyMigrations } from './apply-migrations.js';
import { type BaseWorkflowOptions, emit, loadMigrations, withConnection } from './context.js';
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
}

export interface DeployResult {
  readonly database: string;
  /** The database did not exist and deploy created it (also emitted as `database-created`). */
  readonly created: boolean;
  readonly applied: readonly AppliedMigrationResult[];
  /** Migrations that were already applied. */
  readonly alreadyApplied: number;
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
    if (created) emit(options, { type: 'database-created', database: connection.displayUrl });
    const release = await takeMigrationLock(connection, options);
    try {
      const history = await loadHistory(connection, {
        create: true,
        holdsLock: true,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      const status = computeStatus(local, history.rows, undefined, { provider: options.provider.id });
      const blockers = deployBlockers(status);
      if (blockers.length > 0) throw problemsError(blockers, 'migrate deploy');
      const applied = await applyMigrations(status.pending, {
        connection,
        provider: options.provider,
        checkWarnings: true,
        allowWarnings: options.allowWarnings ?? false,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      return {
        database: connection.displayUrl,
        created,
        applied,
        alreadyApplied: status.applied.length,
        importedFromPrisma: history.imported,
        notices: status.problems.filter((p) => p.severity !== 'error'),
        durationMs: Date.now() - started,
      };
    } finally {
      await release();
    }
  });
}
