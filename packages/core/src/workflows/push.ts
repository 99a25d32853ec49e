/**
 * `db push`: makes the database match the schema without a migration or history (prototyping).
 * Gated by warnings like `dev`; never touches the history table.
 */
import type { Change } from '../diff/changes.js';
import type { RenameResolver } from '../diff/renames.js';
import { planMigration } from '../plan/plan.js';
import type { Warning } from '../plan/warning.js';
import { claimExtensions } from '../sql/extensions.js';
import { type BaseWorkflowOptions, loadSchema, withConnection } from './context.js';
import { takeMigrationLock } from './history.js';
import { managedPart, withLiveUnmanaged } from './live-comparison.js';
import { scriptFailed } from './script-failed.js';
import { gateWarnings } from './warnings-gate.js';

export interface PushOptions extends BaseWorkflowOptions {
  readonly schemaPath: string;
  readonly lockTimeoutMs?: number;
  readonly allowWarnings?: boolean;
  readonly resolver?: RenameResolver;
}

export interface PushResult {
  readonly changes: readonly Change[];
  readonly warnings: readonly Warning[];
  readonly sql: string;
  readonly inSync: boolean;
}

export async function dbPush(options: PushOptions): Promise<PushResult> {
  const { provider } = options;
  const target = await loadSchema(options.schema ?? options.schemaPath, provider);
  return withConnection({ ...options, createIfMissing: true }, async (connection) => {
    // extensions the schema does not declare are not strata's: never dropped (as Prisma's db push)
    const introspected = claimExtensions(await connection.introspect(), target.database);
    const live = managedPart(introspected);
    // Views and triggers are never diffed, but a table rebuild must keep them.
    const before = withLiveUnmanaged(live, introspected);
    const plan = await planMigration({
      from: before,
      to: target.database,
      provider,
      ...(options.resolver ? { resolver: options.resolver } : {}),
      warnDeclinedRenames: false,
      probe: connection.probe,
    });
    const { changes, warnings } = plan;
    if (changes.length === 0) return { changes: [], warnings: [], sql: '', inSync: true };
    gateWarnings(warnings, {
      allowWarnings: options.allowWarnings ?? false,
      subject: 'Pushing the schema',
      waysOn: [],
    });
    const sql = plan.script;
    // Through the executor and under the migration lock, as a migration: one transaction where the
    // dialect has one, and the provider's guards (SQLite: foreign keys off, foreign_key_check).
    const release = await takeMigrationLock(connection, options);
    try {
      const result = await connection.run({ name: 'db push', sql, transactional: true });
      if (!result.ok) throw scriptFailed('Pushing the schema', result);
    } finally {
      await release();
    }
    return { changes, warnings, sql, inSync: false };
  });
}
