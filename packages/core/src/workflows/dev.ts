/**
 * `migrate dev`: from the schema file to a reviewed migration folder, applied to the development
 * database. Refuses on history problems and drift (saying what and how to fix); stops before
 * writing anything when warnings block; writes nothing when there is no change.
 */

import type { Change } from '../diff/changes.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { readMigrationsFolder, writeLockFile, writeMigrationFolder } from '../migrations/folder-fs.js';
import { migrationFolderName } from '../migrations/folder-name.js';
import { assertLockProvider } from '../migrations/lock-file.js';
import { buildMigrationArtifacts } from '../migrations/migrations-folder.js';
import { computeStatus, type MigrationStatus } from '../migrations/status.js';
import type { Warning } from '../plan/warning.js';
import { type AppliedMigrationResult, applyMigrations } from './apply-migrations.js';
import {
  type BaseWorkflowOptions,
  emit,
  type LoadedSchema,
  loadSchema,
  migrationsDirOf,
  withConnection,
} from './context.js';
import { diffSchemas, planWarnings, type RenameResolver, renderScript } from './engine.js';
import { generatorVersion } from './generator-version.js';
import { DEFAULT_LOCK_TIMEOUT_MS, loadHistory } from './history.js';
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
      readonly changes: readonly Change[];
      readonly warnings: readonly Warning[];
      readonly appliedPending: readonly AppliedMigrationResult[];
      readonly importedFromPrisma: number;
    };

export async function migrateDev(options: DevOptions): Promise<DevResult> {
  const { provider } = options;
  const target = await loadSchema(options.schemaPath, provider);
  const dir = migrationsDirOf(options);
  let local = await readMigrationsFolder(dir);
  if (local.lock !== undefined) assertLockProvider(local.lock, provider.id, `${dir}/migration_lock.toml`);

  return withConnection({ ...options, createIfMissing: true }, async (connection) => {
    const release = await connection.lock({ timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS });
    try {
      const history = await loadHistory(connection, { create: true, holdsLock: true, ...progress(options) });
      let status = computeStatus(local, history.rows, undefined, { provider: provider.id });
      refuseOnProblems(status);

      const appliedPending = await applyMigrations(status.pending, {
        connection,
        provider,
        checkWarnings: false,
        allowWarnings: true,
        ...progress(options),
      });
      const rows = appliedPending.length > 0 ? await connection.history.list() : history.rows;

      const expected = expectedSchema(local, rows, provider);
      if (expected !== null) {
        status = computeStatus(local, rows, await compareLive(connection, expected, provider), {
          provider: provider.id,
        });
        refuseOnProblems(status);
      }
      const from = expected ?? (await expectedFromLive(connection, provider, target.database));
      const planned = await diffSchemas({
        from: managedPart(from.database),
        to: target.database,
        provider,
        ...(options.resolver ? { resolver: options.resolver } : {}),
      });
      if (planned.changes.length === 0) {
        return { outcome: 'no-changes', appliedPending, importedFromPrisma: history.imported };
      }
      // The snapshots know no views or triggers: the live database's are what a rebuild must keep.
      const before = withLiveUnmanaged(from.database, await connection.introspect());
      const warnings = await planWarnings({
        changes: planned.changes,
        from: before,
        to: target.database,
        provider,
        declined: planned.declined,
        inspector: connection.inspect,
      });
      if (!options.createOnly) {
        gateWarnings(warnings, {
          allowWarnings: options.allowWarnings ?? false,
          subject: 'The migration',
          waysOn: [
            'Or run with --create-only, edit migration.sql by hand (a backfill, a default), then apply it with `strata migrate dev`.',
          ],
        });
      }

      const context = { from: before, to: target.database };
      const statements = provider.emit(planned.changes, context);
      const notes = provider.explain?.(planned.changes, context) ?? [];
      const transactional = statements.every((s) => s.transactional !== false);
      const sql = renderScript(statements, warnings);
      const asked = options.name ?? (await options.askName?.());
      const now = options.now?.() ?? new Date();
      const name = migrationFolderName(
        asked || 'migration',
        now,
        local.migrations.map((m) => m.name),
      );
      const files = buildMigrationArtifacts({
        name,
        provider: provider.id,
        generatorVersion: generatorVersion(provider),
        generatedAt: now,
        sql,
        statementCount: statements.length,
        warnings,
        beforeSchema: from.text,
        afterSchema: target.normalized,
        rebuildRequired: notes.some((n) => n.rebuild === true),
        transactional,
        renames: planned.renames,
      });
      if (local.lock === undefined) await writeLockFile(dir, { provider: provider.id });
      const path = await writeMigrationFolder(dir, name, files);
      emit(options, { type: 'folder-written', name, path });
      const migrationInfo = { name, path, sql };
      if (options.createOnly) {
        return {
          outcome: 'created',
          migration: migrationInfo,
          changes: planned.changes,
          warnings,
          appliedPending,
          importedFromPrisma: history.imported,
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
        checkWarnings: false,
        allowWarnings: true,
        ...progress(options),
      });
      return {
        outcome: 'applied',
        migration: migrationInfo,
        changes: planned.changes,
        warnings,
        appliedPending,
        importedFromPrisma: history.imported,
      };
    } finally {
      await release();
    }
  });
}

function refuseOnProblems(status: MigrationStatus): void {
  const blocking = status.problems.filter((p) => p.severity === 'error');
  if (blocking.length > 0) throw problemsError(blocking, 'migrate dev');
}

function progress(options: DevOptions): { onProgress?: DevOptions['onProgress'] } {
  return options.onProgress ? { onProgress: options.onProgress } : {};
}

export type { LoadedSchema };
