/**
 * `migrate deploy`: applies pending migrations exactly as reviewed, under the migration lock, each
 * with its history row in one transaction where the provider allows. Refuses on failed, edited or
 * missing-locally migrations; re-evaluates data-aware warnings against the target first.
 */
import { assertLockProvider } from '../migrations/lock-file.js';
import { computeStatus, deployBlockers, type StatusProblem } from '../migrations/status.js';
import { type AppliedMigrationResult, applyMigrations } from './apply-migrations.js';
import { type BaseWorkflowOptions, loadMigrations, withConnection } from './context.js';
import { loadHistory, takeMigrationLock } from './history.js';
import { problemsError } from './problems-error.js';

export interface DeployOptions extends BaseWorkflowOptions {
  /** Apply even when the target's data makes a migration lose data (data-loss warnings with rows). */
  readonly allowWarnings?: boolean;
  readonly lockTimeoutMs?: number;
}

export interface DeployResult {
  readonly database: string;
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
  // Like Prisma, deploy creates the database when it does not exist yet.
  return withConnection({ ...options, createIfMissing: true }, async (connection) => {
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
