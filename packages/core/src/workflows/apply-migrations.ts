/**
 * Applying local migration folders to a database, each with its history row, in the order given.
 * Shared by deploy, dev (pending migrations of teammates) and reset. Core's executor runs the
 * script and the row in one transaction where it can; on failure it records the failed row.
 */

import type { Database } from '../database/database.js';
import type { ApplyResult } from '../database/executor.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { checksumMatches } from '../migrations/checksum.js';
import { describeFailedStatement, type FailedStatement } from '../migrations/failed-statement.js';
import type { HistoryRow } from '../migrations/history-row.js';
import { isKnownSnapshot, type LocalMigration } from '../migrations/local-migration.js';
import { planMigration } from '../plan/plan.js';
import type { Provider } from '../provider/contract.js';
import { report, type SnapshotCache, snapshotToDatabase } from './context.js';
import type { ProgressListener } from './events.js';
import { newHistoryRow } from './history.js';
import { gateWarnings } from './warnings-gate.js';

export interface ApplyMigrationsOptions {
  readonly connection: Database;
  readonly provider: Provider;
  /** Re-evaluate each migration's data-aware warnings against this database first (deploy). */
  readonly checkWarnings: boolean;
  readonly allowWarnings: boolean;
  readonly onProgress?: ProgressListener;
  /** How long a statement runs before `statement-running` reports it; default 2 s. */
  readonly slowStatementMs?: number;
  /**
   * Once aborted, no further migration starts; the one running finishes (with its history row),
   * so an interrupted run leaves every migration either applied or pending, never half-done.
   */
  readonly signal?: AbortSignal;
  /** Snapshots lowered once for several targets (a fleet run), for the warnings recheck. */
  readonly snapshots?: SnapshotCache;
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
    if (options.signal?.aborted) break;
    const index = i + 1;
    if (migration.sql === undefined || migration.checksum === undefined) {
      throw new StrataError(ErrorCodes.migrationsInvalid, `Migration ${migration.name} has no migration.sql.`, {
        details: { migration: migration.name, path: migration.path },
      });
    }
    if (options.checkWarnings) await recheckWarnings(migration, options);
    report(options, { type: 'migration-started', name: migration.name, index, total, elapsedMs: Date.now() - started });
    const watch = slowStatementWatch(migration.name, options);
    const result = await options.connection
      .apply(
        { name: migration.name, sql: migration.sql, transactional: migration.transactional },
        applyRow(migration, options.connection.provider),
        { onStatement: watch.started },
      )
      .finally(watch.stop);
    if (!result.ok) {
      report(options, {
        type: 'migration-failed',
        name: migration.name,
        index,
        total,
        error: `${result.error}${whereFailed(result)}`,
        elapsedMs: Date.now() - started,
      });
      throw migrationFailed(migration.name, result, applied);
    }
    applied.push({ name: migration.name, steps: result.appliedSteps, durationMs: result.durationMs });
    report(options, {
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

/** Reports a statement that runs longer than `slowStatementMs`, once, while it still runs. */
function slowStatementWatch(
  name: string,
  options: ApplyMigrationsOptions,
): { started: (statement: FailedStatement) => void; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const after = options.slowStatementMs ?? SLOW_STATEMENT_MS;
  const stop = () => clearTimeout(timer);
  return {
    started(statement) {
      stop();
      if (options.onProgress === undefined) return;
      timer = setTimeout(
        () => report(options, { type: 'statement-running', name, statement, runningMs: after }),
        after,
      );
      timer.unref();
    },
    stop,
  };
}

/** A statement running this long is worth a line: an uncontended DDL statement takes milliseconds. */
export const SLOW_STATEMENT_MS = 2_000;

function whereFailed(result: Extract<ApplyResult, { ok: false }>): string {
  return result.statement === undefined ? '' : ` at ${describeFailedStatement(result.statement)}`;
}

function migrationFailed(
  name: string,
  result: Extract<ApplyResult, { ok: false }>,
  applied: readonly AppliedMigrationResult[],
): StrataError {
  return new StrataError(
    ErrorCodes.migrationFailed,
    `Migration ${name} failed${whereFailed(result)}: ${result.error}`,
    {
      hint: result.transactional
        ? `Nothing of it was applied (it ran in a transaction) and it is recorded as failed. Fix migration.sql or the data, then \`strata migrate resolve --rolled-back ${name}\` and deploy again.`
        : `It ran outside a transaction: ${result.appliedSteps} statement(s) were applied before the error. Fix what the error names (not migration.sql), then \`strata migrate deploy --resume\` runs it on from statement ${result.appliedSteps + 1}; or finish or undo it by hand, then \`strata migrate resolve --applied ${name}\` or \`--rolled-back ${name}\`.`,
      details: {
        migration: name,
        error: result.error,
        ...(result.statement === undefined ? {} : { statement: result.statement }),
        transactional: result.transactional,
        appliedSteps: result.appliedSteps,
        applied: applied.map((a) => a.name),
      },
    },
  );
}

/**
 * Runs a migration that failed outside a transaction on from where it stopped, on its own history
 * row (`migrate deploy --resume`): its first `appliedStepsCount` statements stay as they ran. Its
 * migration.sql must be the one that failed: a changed script would not continue the same work.
 */
export async function resumeMigration(
  migration: LocalMigration,
  row: HistoryRow,
  options: ApplyMigrationsOptions,
): Promise<AppliedMigrationResult> {
  if (migration.sql === undefined || !checksumMatches(row.checksum, migration.sql)) {
    throw new StrataError(
      ErrorCodes.historyProblems,
      `Migration ${migration.name} cannot be resumed: its migration.sql is not the one that failed.`,
      {
        hint: `Restore the migration.sql that failed to resume it; or finish or undo what ran by hand, then \`strata migrate resolve --applied ${migration.name}\` or \`--rolled-back ${migration.name}\`.`,
        details: { migration: migration.name, appliedSteps: row.appliedStepsCount },
      },
    );
  }
  const started = Date.now();
  report(options, { type: 'migration-started', name: migration.name, index: 1, total: 1, elapsedMs: 0 });
  const result = await options.connection.apply(
    { name: migration.name, sql: migration.sql, transactional: false },
    row,
    { resumeFrom: row.appliedStepsCount },
  );
  if (!result.ok) {
    report(options, {
      type: 'migration-failed',
      name: migration.name,
      index: 1,
      total: 1,
      error: `${result.error}${whereFailed(result)}`,
      elapsedMs: Date.now() - started,
    });
    throw migrationFailed(migration.name, result, []);
  }
  report(options, {
    type: 'migration-applied',
    name: migration.name,
    index: 1,
    total: 1,
    durationMs: result.durationMs,
    elapsedMs: Date.now() - started,
  });
  return { name: migration.name, steps: result.appliedSteps - row.appliedStepsCount, durationMs: result.durationMs };
}

/** The row a migration folder is recorded under when it runs (`apply`) or is resolved as applied (`resolve`). */
export function applyRow(migration: LocalMigration, provider: string, kind: 'apply' | 'resolve' = 'apply'): HistoryRow {
  return newHistoryRow({
    kind,
    migrationName: migration.name,
    checksum: migration.checksum ?? '',
    provider,
    ...(migration.artifactsChecksum ? { artifactsChecksum: migration.artifactsChecksum } : {}),
    ...(migration.warningsText ? { warnings: migration.warningsText } : {}),
    rebuildRequired: migration.metadata?.rebuildRequired ?? false,
    ...(migration.beforeSchema !== undefined ? { beforeSchema: migration.beforeSchema } : {}),
    ...(migration.afterSchema !== undefined ? { afterSchema: migration.afterSchema } : {}),
  });
}

/**
 * Production has rows the dev database did not: the warnings are computed again from the
 * migration's snapshots, counting rows in the target. A Prisma migration (no snapshots) cannot be
 * re-evaluated and runs as reviewed. A would-fail warning is not raised for a migration whose SQL
 * was edited by hand after generation (the edit is usually the backfill that makes it succeed).
 */
async function recheckWarnings(migration: LocalMigration, options: ApplyMigrationsOptions): Promise<void> {
  if (!isKnownSnapshot(migration.beforeSchema) || migration.afterSchema === undefined) return;
  const { provider, snapshots } = options;
  const from = snapshotToDatabase(migration.beforeSchema, provider, `${migration.name}/before.prisma`, snapshots);
  const to = snapshotToDatabase(migration.afterSchema, provider, `${migration.name}/after.prisma`, snapshots);
  const { warnings } = await planMigration({
    from,
    to,
    provider: options.provider,
    renames: migration.renames ?? [],
    probe: options.connection.probe,
  });
  const considered = migration.editedAfterGeneration ? warnings.filter((w) => w.severity !== 'would-fail') : warnings;
  gateWarnings(considered, {
    allowWarnings: options.allowWarnings,
    subject: `Migration ${migration.name}, against ${options.connection.displayUrl},`,
    waysOn: ['Or add a migration before it that moves the data out of the way.'],
    onlyWithRows: true,
  });
}
