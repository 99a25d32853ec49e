/**
 * `migrate resolve`: records what a person did by hand after a failure. As in Prisma, it only
 * answers a failure (or baselines a migration that never ran here); anything else is an error
 * naming the migration's actual state, so a resolve can never make the history lie.
 * - `applied`: for a failed or pending migration whose effect is in the database (finished by
 *   hand, or a baseline): a failed row is closed as rolled back and a `resolve` row records it as
 *   applied. For a failed rollback, the rollback row is closed and the migration stays applied.
 * - `rolledBack`: for a failed migration whose effect is not in the database: the failed row is
 *   marked rolled back, and the next deploy runs it again. For a failed rollback finished by
 *   hand, the rollback row is closed as done and the migration is pending again.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { appliedEntries, type HistoryEntry, historyEntries } from '../migrations/history-state.js';
import type { LocalMigration } from '../migrations/local-migration.js';
import { applyRow } from './apply-migrations.js';
import { type BaseWorkflowOptions, loadMigrations, withConnection } from './context.js';
import { loadHistory, takeMigrationLock } from './history.js';

export type ResolveOptions = BaseWorkflowOptions & { readonly lockTimeoutMs?: number } & (
    | { readonly applied: string; readonly rolledBack?: undefined }
    | { readonly rolledBack: string; readonly applied?: undefined }
  );

export interface ResolveResult {
  readonly migration: string;
  readonly recordedAs: 'applied' | 'rolled-back';
}

/** What a migration is in this database, as resolve judges it. */
export type ResolveState = 'applied' | 'failed' | 'failed-rollback' | 'pending' | 'unknown';

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
    const release = await takeMigrationLock(connection, options);
    try {
      const { rows } = await loadHistory(connection, { create: true, holdsLock: true });
      const entry = historyEntries(rows).find((e) => e.name === name);
      const migration = local.migrations.find((m) => m.name === name);
      const state = resolveState(entry, migration);
      const now = new Date();
      if (options.applied !== undefined) {
        if (state === 'failed-rollback') {
          // the rollback is undone (or was never effective): the migration's apply row stands again
          await connection.history.update((entry as HistoryEntry).row.id, { rolledBackAt: now });
          return { migration: name, recordedAs: 'applied' };
        }
        if (state === 'applied' || state === 'unknown' || migration?.checksum === undefined) {
          throw refusal(name, 'applied', state, local.dir, rows);
        }
        if (state === 'failed') await connection.history.update((entry as HistoryEntry).row.id, { rolledBackAt: now });
        await connection.history.insert({
          ...applyRow(migration, connection.provider, 'resolve'),
          startedAt: now,
          finishedAt: now,
          appliedStepsCount: 0,
          logs: state === 'failed' ? 'resolved as applied by hand after a failure' : 'resolved as applied by hand',
        });
        return { migration: name, recordedAs: 'applied' };
      }
      if (state === 'failed') {
        await connection.history.update((entry as HistoryEntry).row.id, { rolledBackAt: now });
        return { migration: name, recordedAs: 'rolled-back' };
      }
      if (state === 'failed-rollback') {
        // the rollback was finished by hand: its row is done, as a successful rollback's would be
        await connection.history.update((entry as HistoryEntry).row.id, { finishedAt: now });
        return { migration: name, recordedAs: 'rolled-back' };
      }
      throw refusal(name, 'rolled-back', state, local.dir, rows);
    } finally {
      await release();
    }
  });
}

export function resolveState(entry: HistoryEntry | undefined, migration: LocalMigration | undefined): ResolveState {
  if (entry?.state === 'applied') return 'applied';
  if (entry?.state === 'failed') return entry.row.kind === 'rollback' ? 'failed-rollback' : 'failed';
  return migration === undefined ? 'unknown' : 'pending';
}

function refusal(
  name: string,
  asked: 'applied' | 'rolled-back',
  state: ResolveState,
  dir: string,
  rows: Parameters<typeof appliedEntries>[0],
): StrataError {
  const only =
    asked === 'applied'
      ? '`--applied` is only for a failed or a pending migration'
      : '`--rolled-back` is only for a failed migration';
  const details = { migration: name, state, asked };
  if (state === 'unknown') {
    return new StrataError(ErrorCodes.notFound, `There is no migration ${name} in ${dir} nor in this database.`, {
      hint: 'Give the folder name of a migration in the migrations folder; `strata migrate status` lists them.',
      details,
    });
  }
  if (state === 'applied') {
    if (asked === 'applied') {
      return new StrataError(
        ErrorCodes.invalidArgument,
        `Migration ${name} is already applied in this database: nothing to resolve (${only}).`,
        { hint: '`strata migrate status` shows the state of every migration.', details },
      );
    }
    return new StrataError(
      ErrorCodes.invalidArgument,
      `Migration ${name} is applied in this database (it succeeded), so it cannot be marked rolled back: ${only}.`,
      { hint: undoHint(name, rows), details },
    );
  }
  return new StrataError(
    ErrorCodes.invalidArgument,
    `Migration ${name} is pending (not applied in this database): nothing to mark as rolled back (${only}).`,
    {
      hint: `\`strata migrate deploy\` applies it; if its changes are already in the database, \`strata migrate resolve --applied ${name}\` records that.`,
      details,
    },
  );
}

/** How to really undo an applied migration: a rollback, which changes the database and the history together. */
function undoHint(name: string, rows: Parameters<typeof appliedEntries>[0]): string {
  const applied = appliedEntries(rows).map((e) => e.name);
  const at = applied.indexOf(name);
  if (at === applied.length - 1) return `To undo it, \`strata migrate rollback\` (it is the last applied migration).`;
  if (at > 0)
    return `To undo it, \`strata migrate rollback --to ${applied[at - 1]}\` (undoes it and every migration applied after it).`;
  return 'To undo it, `strata migrate rollback` undoes applied migrations newest first; on a development database, `strata migrate reset` starts again.';
}
