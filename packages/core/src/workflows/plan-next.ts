/**
 * `migratePlan`: the migration `migrate dev --create-only` would write next, planned from the
 * migrations folder (the schema its last migration produces) to the schema file, without a
 * database and without writing anything. The same planner and the same linter as `migrate dev`;
 * with no database, warnings carry no row counts and a live database's views and triggers (which
 * a SQLite table rebuild keeps) are not known.
 */
import type { Change } from '../diff/changes.js';
import type { RenameDecision, RenameResolver } from '../diff/renames.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { LintFinding } from '../lint/types.js';
import { migrationFolderName } from '../migrations/folder-name.js';
import { assertLockProvider } from '../migrations/lock-file.js';
import { planMigration } from '../plan/plan.js';
import type { Warning } from '../plan/warning.js';
import { emptySchema } from '../sql/ir.js';
import { type BaseWorkflowOptions, loadMigrations, loadSchema, snapshotToDatabase } from './context.js';
import { findingsBeyondPlan, lintNewMigration } from './lint.js';

export interface PlanOptions extends Omit<BaseWorkflowOptions, 'connection' | 'url' | 'onProgress'> {
  readonly schemaPath: string;
  /** The migration's name (slugged after a timestamp), as `migrate dev --name`. Default `migration`. */
  readonly name?: string;
  /** Asked about each rename candidate; without it every candidate is a drop and a create (with a `possible-rename` warning). */
  readonly resolver?: RenameResolver;
  /** Lint codes the project turned off (package.json `strata.lint.disabled`). */
  readonly lintDisabled?: readonly string[];
  /** The clock for the folder name's timestamp. */
  readonly now?: () => Date;
}

export interface PlanResult {
  /** The folder name the migration would get. */
  readonly name: string;
  /** The migration it follows (the folder's last); absent for a first migration. */
  readonly after?: string;
  /** migration.sql as `migrate dev --create-only` would write it. */
  readonly sql: string;
  readonly changes: readonly Change[];
  readonly warnings: readonly Warning[];
  /** What the linter finds in that SQL beyond the warnings (warnings.txt lists both). */
  readonly lint: readonly LintFinding[];
  readonly renames: readonly RenameDecision[];
  readonly statementCount: number;
  /** False when a statement cannot run in a transaction: the migration would run without one. */
  readonly transactional: boolean;
  readonly rebuildRequired: boolean;
  /** The schema file is what the migrations already produce: `migrate dev` would write nothing. */
  readonly empty: boolean;
}

export async function migratePlan(options: PlanOptions): Promise<PlanResult> {
  const { provider } = options;
  const target = await loadSchema(options.schema ?? options.schemaPath, provider);
  const local = await loadMigrations(options);
  if (local.lock !== undefined) assertLockProvider(local.lock, provider.id, `${local.dir}/migration_lock.toml`);
  const last = local.migrations.at(-1);
  if (last !== undefined && last.afterSchema === undefined) {
    throw new StrataError(
      ErrorCodes.unsupportedChange,
      `The last migration in ${local.dir} (${last.name}) has no after.prisma snapshot, so the schema it produces is unknown.`,
      {
        hint: 'Plan against a database instead: `strata migrate dev --create-only` reads the schema the database is at.',
        details: { migration: last.name },
      },
    );
  }
  const before =
    last?.afterSchema === undefined
      ? emptySchema(provider.id)
      : snapshotToDatabase(last.afterSchema, provider, `${last.name}/after.prisma`);
  const plan = await planMigration({
    from: before,
    to: target.database,
    provider,
    ...(options.resolver ? { resolver: options.resolver } : {}),
  });
  const name = migrationFolderName(
    options.name || 'migration',
    options.now?.() ?? new Date(),
    local.migrations.map((m) => m.name),
  );
  const lint = findingsBeyondPlan(
    await lintNewMigration({
      provider,
      name,
      sql: plan.script,
      before,
      after: target.database,
      renames: plan.renames,
      ...(options.lintDisabled === undefined ? {} : { disabled: options.lintDisabled }),
    }),
    plan.warnings,
    false,
  );
  return {
    name,
    ...(last === undefined ? {} : { after: last.name }),
    sql: plan.script,
    changes: plan.changes,
    warnings: plan.warnings,
    lint,
    renames: plan.renames,
    statementCount: plan.statements.length,
    transactional: plan.transactional,
    rebuildRequired: plan.rebuildRequired,
    empty: plan.changes.length === 0,
  };
}
