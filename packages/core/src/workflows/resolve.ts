/**
 * `migrate resolve`: records what a person did by hand after a failure.
 * - `applied`: the migration's effect is in the database (finished by hand, or a baseline):
 *   a failed row is closed as rolled back and a `resolve` row records it as applied.
 * - `rolledBack`: its effect is not in the database: the failed (or applied) row is marked rolled
 *   back, and the next deploy runs it again.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { historyEntries } from '../migrations/history-state.js';
import { applyRow } from './apply-migrations.js';
import { type BaseWorkflowOptions, loadMigrations, withConnection } from './context.js';
import { DEFAULT_LOCK_TIMEOUT_MS, loadHistory } from './history.js';

export type ResolveOptions = BaseWorkflowOptions & { readonly lockTimeoutMs?: number } & (
    | { readonly applied: string; readonly rolledBack?: undefined }
    | { readonly rolledBack: string; readonly applied?: undefined }
  );

export interface ResolveResult {
  readonly migration: string;
  readonly recordedAs: 'applied' | 'rolled-back';
}

export async function migrateResolve(options: ResolveOptions): Promise<ResolveResult> {
  const local = await loadMigrations(options);
  const name = options.applied ?? options.rolledBack;
  if (name === undefined || (options.applied !== undefined && options.rolledBack !== undefined)) {
    throw new StrataError(
      ErrorCodes.invalidArgument,
      'Say what to record: --applied <migration> or --rolled-back <migration> (one of them).',
      {
        hint: '`strata migrate status` lists the failed migrations.',
      },
    );
  }
  return withConnection(options, async (connection) => {
    const release = await connection.lock({ timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS });
    try {
      const { rows } = await loadHistory(connection, { create: true, holdsLock: true });
      const entry = historyEntries(rows).find((e) => e.name === name);
      const now = new Date();
      if (options.applied !== undefined) {
        if (entry?.state === 'applied') {
          throw new StrataError(ErrorCodes.invalidArgument, `Migration ${name} is already recorded as applied.`, {
            hint: 'Nothing to resolve: `strata migrate status` shows the state of every migration.',
          });
        }
        const migration = local.migrations.find((m) => m.name === name);
        if (migration?.checksum === undefined) {
          throw new StrataError(ErrorCodes.notFound, `There is no migration ${name} in ${local.dir}.`, {
            hint: 'Give the folder name of a migration in the migrations folder.',
          });
        }
        if (entry?.state === 'failed') await connection.history.update(entry.row.id, { rolledBackAt: now });
        const row = applyRow(migration, connection.provider);
        await connection.history.insert({
          ...row,
          kind: 'resolve',
          startedAt: now,
          finishedAt: now,
          appliedStepsCount: 0,
          logs: 'resolved as applied by hand',
        });
        return { migration: name, recordedAs: 'applied' };
      }
      if (entry === undefined || entry.state === 'rolled-back') {
        throw new StrataError(
          ErrorCodes.invalidArgument,
          `Migration ${name} is not applied or failed in this database: nothing to mark as rolled back.`,
          {
            hint: '`strata migrate status` lists the failed migrations.',
          },
        );
      }
      await connection.history.update(entry.row.id, { rolledBackAt: now });
      return { migration: name, recordedAs: 'rolled-back' };
    } finally {
      await release();
    }
  });
}
