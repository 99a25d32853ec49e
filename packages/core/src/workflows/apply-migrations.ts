/**
 * Applying local migration folders to a database, each with its history row, in the order given.
 * Shared by deploy, dev (pending migrations of teammates) and reset. The provider's `apply` runs
 * the script and the row in one transaction where it can; on failure it records the failed row.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { describeFailedStatement } from '../migrations/failed-statement.js';
import type { HistoryRow } from '../migrations/history-row.js';
import { isKnownSnapshot, type LocalMigration } from '../migrations/local-migration.js';
import { planMigration } from '../plan/plan.js';
import type { Connection, Provider } from '../provider/contract.js';
import { CORE_VERSION } from '../version.js';
import { emit, snapshotToDatabase } from './context.js';
import type { ProgressListener } from './events.js';
import { newRowId } from './history.js';
import { gateWarnings } from './warnings-gate.js';

export interface ApplyMigrationsOptions {
  readonly connection: Connection;
  readonly provider: Provider;
  /** Re-evaluate each migration's data-aware warnings against this database first (deploy). */
  readonly checkWarnings: boolean;
  readonly allowWarnings: boolean;
  readonly onProgress?: ProgressListener;
}

export interface AppliedMigrationResult {
  readonly name: string;
  readonly steps: number;
  readonly durationMs: number;
}

export async function applyMigrations(
  migrations: readonly LocalMigration[],
  options: ApplyMigrationsOptions,
): Promise<AppliedMigrationResult[]> {
  const started = Date.now();
  const applied: AppliedMigrationResult[] = [];
  const total = migrations.length;
  for (const [i, migration] of migrations.entries()) {
    const index = i + 1;
    if (migration.sql === undefined || migration.checksum === undefined) {
      throw new StrataError(ErrorCodes.migrationsInvalid, `Migration ${migration.name} has no migration.sql.`, {
        details: { migration: migration.name, path: migration.path },
      });
    }
    if (options.checkWarnings) await recheckWarnings(migration, options);
    emit(options, { type: 'migration-started', name: migration.name, index, total, elapsedMs: Date.now() - started });
    const result = await options.connection.apply(
      { name: migration.name, sql: migration.sql, transactional: migration.transactional },
      applyRow(migration, options.connection.provider),
    );
    if (!result.ok) {
      const transactional = result.transactional ?? migration.transactional;
      const where = result.statement === undefined ? '' : ` at ${describeFailedStatement(result.statement)}`;
      emit(options, {
        type: 'migration-failed',
        name: migration.name,
        index,
        total,
        error: `${result.error}${where}`,
        elapsedMs: Date.now() - started,
      });
      throw new StrataError(ErrorCodes.migrationFailed, `Migration ${migration.name} failed${where}: ${result.error}`, {
        hint: transactional
          ? `Nothing of it was applied (it ran in a transaction) and it is recorded as failed. Fix migration.sql or the data, then \`strata migrate resolve --rolled-back ${migration.name}\` and deploy again.`
          : `It ran outside a transaction: ${result.appliedSteps} statement(s) were applied before the error. Finish or undo them by hand, then \`strata migrate resolve --applied ${migration.name}\` or \`--rolled-back ${migration.name}\`.`,
        details: {
          migration: migration.name,
          error: result.error,
          ...(result.statement === undefined ? {} : { statement: result.statement }),
          transactional,
          appliedSteps: result.appliedSteps,
          applied: applied.map((a) => a.name),
        },
      });
    }
    applied.push({ name: migration.name, steps: result.appliedSteps, durationMs: result.durationMs });
    emit(options, {
      type: 'migration-applied',
      name: migration.name,
      index,
      total,
      durationMs: result.durationMs,
      elapsedMs: Date.now() - started,
    });
  }
  return applied;
}

export function applyRow(migration: LocalMigration, provider: string): HistoryRow {
  return {
    id: newRowId(),
    migrationName: migration.name,
    checksum: migration.checksum ?? '',
    ...(migration.artifactsChecksum ? { artifactsChecksum: migration.artifactsChecksum } : {}),
    provider,
    startedAt: new Date(),
    appliedStepsCount: 0,
    ...(migration.warningsText ? { warnings: migration.warningsText } : {}),
    rebuildRequired: migration.metadata?.rebuildRequired ?? false,
    ...(migration.beforeSchema !== undefined ? { beforeSchema: migration.beforeSchema } : {}),
    ...(migration.afterSchema !== undefined ? { afterSchema: migration.afterSchema } : {}),
    kind: 'apply',
    generatorVersion: CORE_VERSION,
  };
}

/**
 * Production has rows the dev database did not: the warnings are computed again from the
 * migration's snapshots, counting rows in the target. A Prisma migration (no snapshots) cannot be
 * re-evaluated and runs as reviewed. A would-fail warning is not raised for a migration whose SQL
 * was edited by hand after generation (the edit is usually the backfill that makes it succeed).
 */
async function recheckWarnings(migration: LocalMigration, options: ApplyMigrationsOptions): Promise<void> {
  if (!isKnownSnapshot(migration.beforeSchema) || migration.afterSchema === undefined) return;
  const from = snapshotToDatabase(migration.beforeSchema, options.provider, `${migration.name}/before.prisma`);
  const to = snapshotToDatabase(migration.afterSchema, options.provider, `${migration.name}/after.prisma`);
  const { warnings } = await planMigration({
    from,
    to,
    provider: options.provider,
    renames: migration.renames ?? [],
    inspector: options.connection.inspect,
  });
  const considered = migration.editedAfterGeneration ? warnings.filter((w) => w.severity !== 'would-fail') : warnings;
  gateWarnings(considered, {
    allowWarnings: options.allowWarnings,
    subject: `Migration ${migration.name}, against ${options.connection.displayUrl},`,
    waysOn: ['Or add a migration before it that moves the data out of the way.'],
    onlyWithRows: true,
  });
}
