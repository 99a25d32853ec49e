/**
 * `migrate rollback`: undoes the last applied migration (or every migration after `to`), planned
 * from the snapshots (`after -> before`, the recorded ones first: they are what ran), gated by
 * warnings like any migration, and recorded as a `rollback` row per migration. Each step runs
 * with its row in one transaction where the provider allows.
 *
 * The rollback SQL is generated, not reviewed in a folder: it is shown in the result and in the
 * history row's logs, and `dryRun` returns it without running anything.
 */

import type { RenameDecision, RenameResolver } from '../diff/renames.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { migrationChecksum } from '../migrations/checksum.js';
import { describeFailedStatement } from '../migrations/failed-statement.js';
import { appliedEntries } from '../migrations/history-state.js';
import { isKnownSnapshot } from '../migrations/local-migration.js';
import { renderWarningsFile } from '../migrations/warnings-file.js';
import { planMigration } from '../plan/plan.js';
import type { Warning } from '../plan/warning.js';
import { type BaseWorkflowOptions, loadMigrations, report, snapshotToDatabase, withConnection } from './context.js';
import { loadHistory, newHistoryRow, takeMigrationLock } from './history.js';
import { withLiveUnmanaged } from './live-comparison.js';
import { gateWarnings } from './warnings-gate.js';

export interface RollbackOptions extends BaseWorkflowOptions {
  /** Roll back every migration applied after this one; default: only the last one. */
  readonly to?: string;
  readonly allowWarnings?: boolean;
  /** Only plan: return the SQL, change nothing. */
  readonly dryRun?: boolean;
  /** Asked about renames the recorded decisions do not answer. */
  readonly resolver?: RenameResolver;
  readonly lockTimeoutMs?: number;
}

export interface RolledBackMigration {
  readonly name: string;
  readonly sql: string;
  readonly warnings: readonly Warning[];
}

export interface RollbackResult {
  readonly rolledBack: readonly RolledBackMigration[];
  readonly dryRun: boolean;
}

export async function migrateRollback(options: RollbackOptions): Promise<RollbackResult> {
  const local = await loadMigrations(options);
  const localByName = new Map(local.migrations.map((m) => [m.name, m]));
  const { provider } = options;
  return withConnection(options, async (connection) => {
    const release = await takeMigrationLock(connection, options);
    try {
      const { rows } = await loadHistory(connection, { create: false, holdsLock: true });
      const applied = appliedEntries(rows);
      const targets = rollbackTargets(
        applied.map((e) => e.name),
        options.to,
      );
      const done: RolledBackMigration[] = [];
      const started = Date.now();
      for (const name of targets) {
        const entry = applied.find((e) => e.name === name);
        if (entry === undefined) continue;
        const migration = localByName.get(name);
        const beforeText = entry.row.beforeSchema ?? migration?.beforeSchema;
        const afterText = entry.row.afterSchema ?? migration?.afterSchema;
        if (!isKnownSnapshot(beforeText) || afterText === undefined) {
          throw new StrataError(
            ErrorCodes.unsupportedChange,
            `Migration ${name} cannot be rolled back automatically: it has no ${afterText === undefined ? 'after' : 'before'} schema snapshot (a migration created by Prisma Migrate, or the first one after it).`,
            {
              hint: 'Undo it with a new migration instead: change schema.prisma back to what it was before, then `strata migrate dev` plans the way back from the database.',
              details: { migration: name },
            },
          );
        }
        // The snapshot knows no views or triggers: the live database's are what a rebuild must keep.
        const from = withLiveUnmanaged(
          snapshotToDatabase(afterText, provider, `${name}/after.prisma`),
          await connection.introspect(),
        );
        const to = snapshotToDatabase(beforeText, provider, `${name}/before.prisma`);
        const recorded = migration?.renames;
        const resolver = reverseResolver(recorded ?? [], options.resolver);
        const plan = await planMigration({
          from,
          to,
          provider,
          resolver,
          // possible-rename advises the reviewer of a migration file; the way back is not one
          warnDeclinedRenames: false,
          probe: connection.probe,
        });
        const { warnings } = plan;
        // A dry run shows the SQL and its warnings; refusing to even show it would help nobody.
        if (!options.dryRun)
          gateWarnings(warnings, {
            allowWarnings: options.allowWarnings ?? false,
            subject: `Rolling back ${name}`,
            waysOn: ['Or write the way back as a new migration with `strata migrate dev`.'],
          });
        const sql = plan.script;
        done.push({ name, sql, warnings });
        if (options.dryRun) continue;
        const step = { name, action: 'rollback', index: done.length, total: targets.length } as const;
        report(options, { type: 'migration-started', ...step, elapsedMs: Date.now() - started });
        const row = newHistoryRow({
          kind: 'rollback',
          migrationName: name,
          checksum: migrationChecksum(sql),
          provider: connection.provider,
          rebuildRequired: plan.rebuildRequired,
          beforeSchema: afterText,
          afterSchema: beforeText,
          ...(warnings.length > 0 ? { warnings: renderWarningsFile(warnings) } : {}),
        });
        const result = await connection.apply(
          { name: `${name} (rollback)`, sql, transactional: plan.transactional },
          row,
        );
        if (!result.ok) {
          const transactional = result.transactional ?? plan.transactional;
          const where =
            result.statement === undefined
              ? ''
              : ` at ${describeFailedStatement(result.statement, 'the rollback script')}`;
          report(options, {
            type: 'migration-failed',
            ...step,
            error: `${result.error}${where}`,
            elapsedMs: Date.now() - started,
          });
          const details = {
            migration: name,
            error: result.error,
            ...(result.statement === undefined ? {} : { statement: result.statement }),
            transactional,
            appliedSteps: result.appliedSteps,
            rolledBack: done.slice(0, -1).map((d) => d.name),
          };
          if (transactional) {
            // Nothing of it stayed: the attempt is closed so the migration is still what it was, applied.
            await connection.history.update(row.id, { rolledBackAt: new Date() });
            throw new StrataError(ErrorCodes.migrationFailed, `Rolling back ${name} failed${where}: ${result.error}`, {
              hint: `Nothing changed: the rollback ran in a transaction and ${name} is still applied. Fix what the error names, then run the rollback again; or undo it with a new migration (\`strata migrate dev\`).`,
              details,
            });
          }
          throw new StrataError(ErrorCodes.migrationFailed, `Rolling back ${name} failed${where}: ${result.error}`, {
            hint: `It ran outside a transaction: ${result.appliedSteps} statement(s) of the rollback were applied before the error, and it is recorded as failed. Undo the rest by hand, then \`strata migrate resolve --rolled-back ${name}\`; or restore what ran, then \`strata migrate resolve --applied ${name}\`.`,
            details,
          });
        }
        // The apply row is marked too, as Prisma marks rolled-back rows; the rollback row alone already decides the state.
        await connection.history.update(entry.row.id, { rolledBackAt: new Date() });
        report(options, {
          type: 'migration-applied',
          ...step,
          durationMs: result.durationMs,
          elapsedMs: Date.now() - started,
        });
      }
      return { rolledBack: done, dryRun: options.dryRun ?? false };
    } finally {
      await release();
    }
  });
}

/** Newest first: the last applied migration, or all after `to`. */
export function rollbackTargets(appliedNames: readonly string[], to: string | undefined): string[] {
  if (appliedNames.length === 0) {
    throw new StrataError(ErrorCodes.notFound, 'No migration is applied: nothing to roll back.');
  }
  if (to === undefined) return [appliedNames.at(-1) as string];
  const index = appliedNames.indexOf(to);
  if (index === -1) {
    throw new StrataError(ErrorCodes.notFound, `Migration ${to} is not applied in this database.`, {
      hint: '`strata migrate status` lists the applied migrations; `--to` takes one of them (it stays applied).',
    });
  }
  return appliedNames.slice(index + 1).reverse();
}

/** The renames a migration made, seen backwards; anything else goes to the user's resolver (or is declined). */
function reverseResolver(recorded: readonly RenameDecision[], fallback: RenameResolver | undefined): RenameResolver {
  return (candidate, stage) => {
    if (recorded.some((d) => d.kind === candidate.kind && d.from === candidate.to && d.to === candidate.from))
      return true;
    return fallback === undefined ? false : fallback(candidate, stage);
  };
}
