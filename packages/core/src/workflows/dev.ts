/**
 * `migrate dev`: from the schema file to a reviewed migration folder, applied to the development
 * database. Refuses on history problems and drift (saying what and how to fix; `createOnly` is
 * the way a drifted change gets its migration); gates pending migrations as deploy does; stops
 * before writing anything when warnings block; writes nothing when there is no change, unless
 * `createOnly` (then an empty migration, for hand-written SQL).
 */

import type { Database } from '../database/database.js';
import type { Change } from '../diff/changes.js';
import { diff } from '../diff/differ.js';
import type { RenameResolver } from '../diff/renames.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { LintFinding } from '../lint/types.js';
import { readMigrationsFolder, writeLockFile, writeMigrationFolder } from '../migrations/folder-fs.js';
import { migrationFolderName } from '../migrations/folder-name.js';
import { assertLockProvider } from '../migrations/lock-file.js';
import type { MigrationDiagramRenderer } from '../migrations/migration-diagram.js';
import { buildMigrationArtifacts } from '../migrations/migrations-folder.js';
import { computeStatus, type MigrationStatus, type StatusProblemCode } from '../migrations/status.js';
import { planMigration } from '../plan/plan.js';
import type { Warning } from '../plan/warning.js';
import type { Provider } from '../provider/contract.js';
import { claimExtensions } from '../sql/extensions.js';
import { type AppliedMigrationResult, applyMigrations } from './apply-migrations.js';
import {
  type BaseWorkflowOptions,
  type LoadedSchema,
  loadSchema,
  migrationsDirOf,
  report,
  withConnection,
} from './context.js';
import { generatorVersion } from './generator-version.js';
import { loadHistory, takeMigrationLock } from './history.js';
import { findingAsWarning, findingsBeyondPlan, lintNewMigration } from './lint.js';
import { compareLive, expectedFromLive, expectedSchema, managedPart, withLiveUnmanaged } from './live-comparison.js';
import { problemsError } from './problems-error.js';
import { gateWarnings } from './warnings-gate.js';

export interface DevOptions extends BaseWorkflowOptions {
  readonly schemaPath: string;
  /** The migration's name (slugged after a timestamp). Default `migration`. */
  readonly name?: string;
  /**
   * Asked for the name when `name` is absent, and only once a migration will really be written
   * (there are changes and no warning blocks them), so a user is never asked for nothing.
   */
  readonly askName?: () => Promise<string>;
  readonly resolver?: RenameResolver;
  readonly allowWarnings?: boolean;
  /** Write the folder without applying it (to edit migration.sql by hand first). */
  readonly createOnly?: boolean;
  readonly lockTimeoutMs?: number;
  /** The clock for the folder timestamp (tests). */
  readonly now?: () => Date;
  /** Lint codes the project turned off (package.json `strata.lint.disabled`). */
  readonly lintDisabled?: readonly string[];
  /**
   * Draws diagram.svg of the new folder (`@strata/diagram`'s `migrationDiagramSvg`); absent, the
   * folder has none. Not called for an empty migration: hand-written SQL has no planned changes to draw.
   */
  readonly diagram?: MigrationDiagramRenderer;
}

export type DevResult =
  | {
      readonly outcome: 'no-changes';
      /** Pending migrations (from teammates) applied before planning. */
      readonly appliedPending: readonly AppliedMigrationResult[];
      readonly importedFromPrisma: number;
    }
  | {
      readonly outcome: 'created' | 'applied';
      readonly migration: { readonly name: string; readonly path: string; readonly sql: string };
      /** Empty for an empty migration (`createOnly` with no schema change): its SQL is written by hand. */
      readonly changes: readonly Change[];
      readonly warnings: readonly Warning[];
      /**
       * What the linter finds in the new migration.sql beyond the warnings (`migrate lint`'s
       * findings, less those the plan's warnings already say); warnings.txt lists them too.
       */
      readonly lint: readonly LintFinding[];
      readonly appliedPending: readonly AppliedMigrationResult[];
      readonly importedFromPrisma: number;
      /**
       * `createOnly` on a drifted database: the differences, and whether the database already is
       * the schema file (then the new migration describes exactly what was done by hand, and
       * `migrate resolve --applied` records it here).
       */
      readonly drift?: { readonly differences: readonly string[]; readonly matchesSchema: boolean };
    };

export async function migrateDev(options: DevOptions): Promise<DevResult> {
  const { provider } = options;
  const target = await loadSchema(options.schema ?? options.schemaPath, provider);
  const dir = migrationsDirOf(options);
  let local = await readMigrationsFolder(dir);
  if (local.lock !== undefined) assertLockProvider(local.lock, provider.id, `${dir}/migration_lock.toml`);

  return withConnection({ ...options, createIfMissing: true }, async (connection) => {
    const release = await takeMigrationLock(connection, options);
    try {
      const history = await loadHistory(connection, { create: true, holdsLock: true, ...progress(options) });
      let status = computeStatus(local, history.rows, undefined, { provider: provider.id });
      refuseOnProblems(status);

      // A teammate's migration (or one written with --create-only) is gated as deploy gates it:
      // its warnings counted again in this database, --allow-warnings to accept losing data.
      const appliedPending = await applyMigrations(status.pending, {
        connection,
        provider,
        checkWarnings: true,
        allowWarnings: options.allowWarnings ?? false,
        ...progress(options),
      });
      const rows = appliedPending.length > 0 ? await connection.history.list() : history.rows;

      const expected = expectedSchema(local, rows, provider);
      // read once: drift, the "before" of a Prisma-made history and the views a rebuild keeps
      const live = await connection.introspect();
      let driftDifferences: readonly string[] = [];
      if (expected !== null) {
        status = computeStatus(local, rows, compareLive(live, expected, provider), {
          provider: provider.id,
        });
        // Drift does not stop --create-only: that is how a change made by hand gets its migration
        // (planned from the migrations, not from the database), then `resolve --applied` records it here.
        refuseOnProblems(status, options.createOnly ? ['drift'] : []);
        driftDifferences = status.drift?.differences ?? [];
      }
      const from = expected ?? expectedFromLive(live, provider, target.database);
      // The snapshots know no views or triggers: the live database's are what a rebuild must keep.
      const before = withLiveUnmanaged(managedPart(from.database), live);
      // counts are only true of a database that is at `from`; a drifted one is not
      const counted = driftDifferences.length === 0;
      const plan = await planMigration({
        from: before,
        to: target.database,
        provider,
        ...(options.resolver ? { resolver: options.resolver } : {}),
        ...(counted ? { probe: connection.probe } : {}),
      });
      const { warnings } = plan;
      // --create-only always writes a folder: an empty migration is where hand-written SQL goes
      // (a data fix, a CHECK constraint, CREATE INDEX CONCURRENTLY).
      if (plan.changes.length === 0 && !options.createOnly) {
        return { outcome: 'no-changes', appliedPending, importedFromPrisma: history.imported };
      }
      if (!options.createOnly) {
        gateWarnings(warnings, {
          allowWarnings: options.allowWarnings ?? false,
          subject: 'The migration',
          waysOn: [
            'Or run with --create-only, edit migration.sql by hand (a backfill, a default), then apply it with `strata migrate dev`.',
          ],
        });
      }

      const sql = plan.script;
      const asked = options.name ?? (await options.askName?.());
      const now = options.now?.() ?? new Date();
      const name = migrationFolderName(
        asked || 'migration',
        now,
        local.migrations.map((m) => m.name),
      );
      const lint = findingsBeyondPlan(
        await lintNewMigration({
          provider,
          name,
          sql,
          // what the plan was made from (views a rebuild keeps included): the linter's own plan
          // then is this one, and the planner's statements are no hand edit
          before,
          after: target.database,
          renames: plan.renames,
          ...(counted ? { database: connection } : {}),
          ...(options.lintDisabled === undefined ? {} : { disabled: options.lintDisabled }),
        }),
        warnings,
        counted,
      );
      const files = buildMigrationArtifacts({
        name,
        provider: provider.id,
        generatorVersion: generatorVersion(provider),
        generatedAt: now,
        sql,
        statementCount: plan.statements.length,
        warnings: [...warnings, ...lint.map(findingAsWarning)],
        beforeSchema: from.text,
        afterSchema: target.normalized,
        rebuildRequired: plan.rebuildRequired,
        transactional: plan.transactional,
        renames: plan.renames,
        ...(options.diagram === undefined || plan.changes.length === 0
          ? {}
          : { diagram: options.diagram({ name, before, after: target.database, changes: plan.changes }) }),
      });
      if (local.lock === undefined) await writeLockFile(dir, { provider: provider.id });
      const path = await writeMigrationFolder(dir, name, files);
      report(options, { type: 'folder-written', name, path });
      const migrationInfo = { name, path, sql };
      if (options.createOnly) {
        return {
          outcome: 'created',
          migration: migrationInfo,
          changes: plan.changes,
          warnings,
          lint,
          appliedPending,
          importedFromPrisma: history.imported,
          ...(driftDifferences.length === 0
            ? {}
            : {
                drift: {
                  differences: driftDifferences,
                  matchesSchema: await liveMatches(connection, target, provider),
                },
              }),
        };
      }
      // What you review is what runs: apply the folder as read back from disk.
      local = await readMigrationsFolder(dir);
      const written = local.migrations.find((m) => m.name === name);
      if (written === undefined)
        throw new StrataError(ErrorCodes.internal, `The migration folder ${path} could not be read back.`);
      await applyMigrations([written], {
        connection,
        provider,
        // gated above, before anything was written, with the same warnings counted in this database
        checkWarnings: false,
        allowWarnings: true,
        ...progress(options),
      });
      return {
        outcome: 'applied',
        migration: migrationInfo,
        changes: plan.changes,
        warnings,
        lint,
        appliedPending,
        importedFromPrisma: history.imported,
      };
    } finally {
      await release();
    }
  });
}

/** Whether the live database already is the schema file's database (a drift that the new migration describes). */
async function liveMatches(connection: Database, target: LoadedSchema, provider: Provider): Promise<boolean> {
  const live = managedPart(claimExtensions(await connection.introspect(), target.database));
  return diff(live, target.database, { hooks: provider.diffHooks }).length === 0;
}

function refuseOnProblems(status: MigrationStatus, allowed: readonly StatusProblemCode[] = []): void {
  const blocking = status.problems.filter((p) => p.severity === 'error' && !allowed.includes(p.code));
  if (blocking.length > 0) throw problemsError(blocking, 'migrate dev');
}

function progress(options: DevOptions): { onProgress?: DevOptions['onProgress'] } {
  return options.onProgress ? { onProgress: options.onProgress } : {};
}

export type { LoadedSchema };
