/**
 * `computeStatus`: the local migrations folder against the history table (and, when a database
 * was introspected, against its live schema). Pure: the workflows gather the inputs.
 *
 * Every problem has a stable code, a message naming what is wrong, and the command that fixes it.
 * docs/status-codes.md documents each code.
 */
import type { Change } from '../diff/changes.js';
import { describeChanges } from '../diff/describe.js';
import type { UnmanagedObject } from '../sql/ir.js';
import { checksumMatches } from './checksum.js';
import type { HistoryRow } from './history-row.js';
import { type HistoryEntry, historyEntries } from './history-state.js';
import { describeIssues, type LocalMigration } from './local-migration.js';
import { sameProvider } from './lock-file.js';
import type { MigrationsFolder } from './migrations-folder.js';

export type StatusProblemCode =
  | 'checksum-mismatch'
  | 'applied-migration-missing-locally'
  | 'failed-migration'
  | 'out-of-order'
  | 'missing-snapshot'
  | 'invalid-local-artifacts'
  | 'drift'
  | 'provider-mismatch';

/** `error` blocks deploy/dev, `warning` is shown and does not block deploy, `info` is a remark. */
export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface StatusProblem {
  readonly code: StatusProblemCode;
  readonly severity: ProblemSeverity;
  /** The migration concerned, when there is one. */
  readonly migration?: string;
  readonly message: string;
  /** The command (or action) that fixes it. */
  readonly fix: string;
  /** For `drift`: each difference in words. */
  readonly differences?: readonly string[];
}

/** The live database compared with the expected schema: computed by the workflow, judged here. */
export interface LiveComparison {
  /** Changes that would turn the expected schema into the live one (unmanaged objects excluded). */
  readonly changes: readonly Change[];
  /** Objects strata does not manage (views, triggers, ...): listed, never drift. */
  readonly unmanaged: readonly UnmanagedObject[];
  /** The migration whose after-snapshot was the expected schema (absent: no migration applied). */
  readonly expectedFrom?: string;
}

export interface AppliedMigration {
  readonly name: string;
  readonly row: HistoryRow;
  /** The local folder, when it still exists. */
  readonly local?: LocalMigration;
}

export interface MigrationStatus {
  readonly applied: readonly AppliedMigration[];
  readonly pending: readonly LocalMigration[];
  /** Names whose last history row says rolled back (and that are not applied again). */
  readonly rolledBack: readonly string[];
  readonly problems: readonly StatusProblem[];
  /** Present when a live comparison was given. */
  readonly drift?: { readonly changes: readonly Change[]; readonly differences: readonly string[] };
  readonly unmanaged: readonly UnmanagedObject[];
  /** No error or warning problem and nothing pending. */
  readonly inSync: boolean;
}

export interface StatusOptions {
  /** The provider of the schema/connection; checked against the lock file, metadata and history. */
  readonly provider?: string;
}

export function computeStatus(
  local: MigrationsFolder,
  history: readonly HistoryRow[],
  live?: LiveComparison,
  options: StatusOptions = {},
): MigrationStatus {
  const problems: StatusProblem[] = [];
  const localByName = new Map(local.migrations.map((m) => [m.name, m]));
  const entries = historyEntries(history);
  const entryByName = new Map(entries.map((e) => [e.name, e]));

  problems.push(...providerProblems(local, history, options.provider));

  if (local.lockError !== undefined) {
    problems.push({
      code: 'invalid-local-artifacts',
      severity: 'error',
      message: `${local.dir}/migration_lock.toml: ${local.lockError}`,
      fix: 'Restore migration_lock.toml from version control (it holds provider = "<provider>").',
    });
  }

  const applied: AppliedMigration[] = [];
  const rolledBack: string[] = [];
  for (const entry of entries) {
    const migration = localByName.get(entry.name);
    if (entry.state === 'rolled-back') {
      rolledBack.push(entry.name);
      continue;
    }
    if (entry.state === 'failed') {
      problems.push(failedProblem(entry));
      if (migration === undefined) problems.push(missingLocallyProblem(entry, local.dir));
      continue;
    }
    applied.push({ name: entry.name, row: entry.row, ...(migration ? { local: migration } : {}) });
    if (migration === undefined) problems.push(missingLocallyProblem(entry, local.dir));
    else problems.push(...checksumProblems(entry, migration));
  }

  const pending = local.migrations.filter((m) => {
    const state = entryByName.get(m.name)?.state;
    return state === undefined || state === 'rolled-back';
  });

  for (const migration of local.migrations) {
    if (migration.issues.length === 0) continue;
    problems.push({
      code: 'invalid-local-artifacts',
      severity: 'error',
      migration: migration.name,
      message: `Migration folder ${describeIssues(migration)}.`,
      fix: migration.issues.some((i) => i.file === 'migration.sql' && i.code === 'missing-file')
        ? `Restore ${migration.path}/migration.sql from version control, or delete the folder if it is not a migration.`
        : `Restore the missing or edited files of ${migration.path} from version control, or delete the folder and run \`strata migrate dev\` to generate it again.`,
    });
  }

  const lastApplied = applied.reduce<string | undefined>(
    (max, m) => (max === undefined || m.name > max ? m.name : max),
    undefined,
  );
  if (lastApplied !== undefined) {
    for (const migration of pending) {
      if (migration.name < lastApplied) {
        problems.push({
          code: 'out-of-order',
          severity: 'warning',
          migration: migration.name,
          message: `Migration ${migration.name} is not applied, but it sorts before ${lastApplied}, which is (it was probably merged from another branch).`,
          fix: `Check that it does not conflict with the migrations applied after it, then \`strata migrate deploy\` applies it; or give its folder a newer timestamp so it sorts last.`,
        });
      }
    }
  }

  const last = applied.at(-1);
  if (last !== undefined && last.row.afterSchema === undefined && last.local?.afterSchema === undefined) {
    problems.push({
      code: 'missing-snapshot',
      severity: 'info',
      migration: last.name,
      message: `Migration ${last.name} has no schema snapshot (after.prisma), as migrations created by Prisma Migrate: drift cannot be checked and it cannot be rolled back automatically.`,
      fix: 'Nothing to do now: the next migration created with `strata migrate dev` records a snapshot.',
    });
  }

  let drift: MigrationStatus['drift'];
  if (live !== undefined) {
    const differences = describeChanges(live.changes);
    drift = { changes: live.changes, differences };
    if (differences.length > 0) {
      problems.push({
        code: 'drift',
        severity: 'error',
        message: `The database schema differs from the schema the applied migrations produce${live.expectedFrom ? ` (after ${live.expectedFrom})` : ''}: ${differences.length} difference${differences.length === 1 ? '' : 's'}.`,
        fix: DRIFT_FIX,
        differences,
      });
    }
  }

  const blocking = problems.some((p) => p.severity !== 'info');
  return {
    applied,
    pending,
    rolledBack,
    problems,
    ...(drift ? { drift } : {}),
    unmanaged: live?.unmanaged ?? [],
    inSync: !blocking && pending.length === 0,
  };
}

/**
 * The way out of drift, every step a command that works as printed: reset (development), or give
 * the change made by hand its migration (planned from the migrations, so other databases get the
 * change) and record that this database already has it.
 */
export const DRIFT_FIX =
  'On a development database, `strata migrate reset` rebuilds it from the migrations. If the changes were made on purpose: add them to the schema (`strata db pull --print` shows the database as PSL), write their migration with `strata migrate dev --create-only --name <name>`, then record that this database already has it with `strata migrate resolve --applied <that migration>`.';

function failedProblem(entry: HistoryEntry): StatusProblem {
  const rollback = entry.row.kind === 'rollback';
  const failedAt = entry.row.logs?.split(/\r?\n/).find((l) => l.startsWith('Failed at '));
  return {
    code: 'failed-migration',
    severity: 'error',
    migration: entry.name,
    message: `The ${rollback ? 'rollback of migration' : 'migration'} ${entry.name} started at ${entry.row.startedAt.toISOString()} and failed${entry.row.logs ? `: ${firstLine(entry.row.logs)}` : ''}${failedAt ? ` (${failedAt.replace(/^Failed at /, '')})` : ''}. Later migrations are blocked until it is resolved.`,
    fix: rollback
      ? `${entry.row.appliedStepsCount} statement(s) of the rollback ran. Undo the rest by hand, then \`strata migrate resolve --rolled-back ${entry.name}\` (it becomes pending); or restore what ran, then \`strata migrate resolve --applied ${entry.name}\` (it stays applied).`
      : entry.row.appliedStepsCount > 0
        ? `It ran outside a transaction and ${entry.row.appliedStepsCount} statement(s) of it stayed applied. Fix what made it fail (not migration.sql), then \`strata migrate deploy --resume\` runs it on from statement ${entry.row.appliedStepsCount + 1}; or finish or undo it by hand, then \`strata migrate resolve --applied ${entry.name}\` or \`strata migrate resolve --rolled-back ${entry.name}\`.`
        : `Look at what it changed, finish or undo it by hand, then \`strata migrate resolve --applied ${entry.name}\` (finished by hand) or \`strata migrate resolve --rolled-back ${entry.name}\` (undone; deploy runs it again).`,
  };
}

function missingLocallyProblem(entry: HistoryEntry, dir: string): StatusProblem {
  return {
    code: 'applied-migration-missing-locally',
    severity: 'error',
    migration: entry.name,
    message: `Migration ${entry.name} is recorded in the database but its folder is missing from ${dir}.`,
    fix: `Restore ${dir}/${entry.name} from version control (another branch may have it); if it was removed on purpose, \`strata migrate rollback --to <previous migration>\` undoes it from the recorded snapshot.`,
  };
}

function checksumProblems(entry: HistoryEntry, migration: LocalMigration): StatusProblem[] {
  if (migration.sql === undefined) return [];
  const fix = `Restore ${migration.path} from version control as it was when applied: an applied migration must not change. To change the database, create a new migration with \`strata migrate dev\`.`;
  if (!checksumMatches(entry.row.checksum, migration.sql)) {
    return [
      {
        code: 'checksum-mismatch',
        severity: 'error',
        migration: entry.name,
        message: `migration.sql of ${entry.name} was edited after it was applied (recorded checksum ${entry.row.checksum.slice(0, 12)}…, local ${(migration.checksum ?? '').slice(0, 12)}…).`,
        fix,
      },
    ];
  }
  const recorded = entry.row.artifactsChecksum;
  if (recorded !== undefined && migration.artifactsChecksum !== undefined && recorded !== migration.artifactsChecksum) {
    return [
      {
        code: 'checksum-mismatch',
        severity: 'error',
        migration: entry.name,
        message: `A reviewed artifact of ${entry.name} (warnings.txt, before.prisma, after.prisma, metadata.txt or diagram.svg) was edited after it was applied.`,
        fix,
      },
    ];
  }
  return [];
}

function providerProblems(
  local: MigrationsFolder,
  history: readonly HistoryRow[],
  provider: string | undefined,
): StatusProblem[] {
  const problems: StatusProblem[] = [];
  const fix =
    'A migrations folder and a database belong to one provider: use the datasource provider they were made for, or move the migrations folder aside and start a new history for the new provider.';
  if (provider !== undefined && local.lock !== undefined && !sameProvider(local.lock.provider, provider)) {
    problems.push({
      code: 'provider-mismatch',
      severity: 'error',
      message: `migration_lock.toml says provider "${local.lock.provider}", but the schema uses "${provider}".`,
      fix,
    });
  }
  const expected = provider ?? local.lock?.provider;
  if (expected !== undefined) {
    for (const migration of local.migrations) {
      if (migration.metadata !== undefined && !sameProvider(migration.metadata.provider, expected)) {
        problems.push({
          code: 'provider-mismatch',
          severity: 'error',
          migration: migration.name,
          message: `Migration ${migration.name} was generated for provider "${migration.metadata.provider}", not "${expected}".`,
          fix,
        });
      }
    }
    const foreign = history.find((row) => !sameProvider(row.provider, expected));
    if (foreign !== undefined) {
      problems.push({
        code: 'provider-mismatch',
        severity: 'error',
        migration: foreign.migrationName,
        message: `The history table records migrations for provider "${foreign.provider}", not "${expected}".`,
        fix,
      });
    }
  }
  return problems;
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Problems that make `deploy` refuse: anything that is an error except drift (deploy does not compare schemas). */
export function deployBlockers(status: MigrationStatus): StatusProblem[] {
  return status.problems.filter((p) => p.severity === 'error' && p.code !== 'drift');
}
