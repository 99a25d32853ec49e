/**
 * Drift: the live schema against the schema the applied migrations should have produced (the
 * last applied after-snapshot, lowered). Unmanaged objects (views, triggers, functions...) are
 * listed, never counted as drift.
 */
import { diff } from '../diff/differ.js';
import type { HistoryRow } from '../migrations/history-row.js';
import { lastAppliedSnapshot } from '../migrations/history-state.js';
import { UNKNOWN_SNAPSHOT_MARKER } from '../migrations/local-migration.js';
import type { MigrationsFolder } from '../migrations/migrations-folder.js';
import type { LiveComparison } from '../migrations/status.js';
import type { Provider } from '../provider/contract.js';
import { claimExtensions } from '../sql/extensions.js';
import { type DatabaseSchema, emptySchema } from '../sql/ir.js';
import { databaseToModel } from '../sql/lift.js';
import { type SnapshotCache, snapshotToDatabase, withoutHistoryTables } from './context.js';
import { printNormalized } from './engine.js';

export interface ExpectedSchema {
  /** The migration whose snapshot it is (absent: nothing applied, the empty schema). */
  readonly from?: string;
  /** The normalized PSL text ('' for the empty schema). */
  readonly text: string;
  readonly database: DatabaseSchema;
}

/** `null` when the last applied migration has no snapshot (a Prisma migration): drift cannot be checked. */
export function expectedSchema(
  local: MigrationsFolder,
  rows: readonly HistoryRow[],
  provider: Provider,
  snapshots?: SnapshotCache,
): ExpectedSchema | null {
  const byName = new Map(local.migrations.map((m) => [m.name, m]));
  const snapshot = lastAppliedSnapshot(rows, (name) => byName.get(name)?.afterSchema);
  if (snapshot === undefined) return { text: '', database: emptySchema(provider.id) };
  if (snapshot.schema === null) return null;
  return {
    from: snapshot.name,
    text: snapshot.schema,
    database: snapshotToDatabase(snapshot.schema, provider, `${snapshot.name}/after.prisma`, snapshots),
  };
}

export function managedPart(schema: DatabaseSchema): DatabaseSchema {
  return { ...withoutHistoryTables(schema), unmanaged: [] };
}

/**
 * `schema` (a snapshot, or the managed part of the database) with the live database's unmanaged
 * objects, for `emit`/`explain`: a provider that rebuilds tables (SQLite) must drop and recreate
 * the views and triggers over them, and the snapshots know nothing of those.
 */
export function withLiveUnmanaged(schema: DatabaseSchema, live: DatabaseSchema): DatabaseSchema {
  return { ...schema, unmanaged: live.unmanaged };
}

/** `introspected`: the database as `introspect()` reads it now. */
export function compareLive(
  introspected: DatabaseSchema,
  expected: ExpectedSchema,
  provider: Provider,
): LiveComparison {
  // only the extensions the applied schema declares count: one made by hand stays unmanaged
  const live = claimExtensions(introspected, expected.database);
  const changes = diff(managedPart(expected.database), managedPart(live), { hooks: provider.diffHooks });
  return { changes, unmanaged: live.unmanaged, ...(expected.from ? { expectedFrom: expected.from } : {}) };
}

/**
 * After a migration without snapshot (adopted from Prisma Migrate) the database itself is the
 * best "before" there is. Its schema printed as PSL (what `db pull` prints) becomes the next
 * migration's before.prisma when it lowers back to exactly that database; otherwise before.prisma
 * says the previous schema is unknown, and that migration cannot be rolled back automatically.
 */
export function expectedFromLive(
  introspected: DatabaseSchema,
  provider: Provider,
  target: DatabaseSchema,
): ExpectedSchema {
  // the extensions the target declares are part of the "before"; others are not strata's
  const live = managedPart(claimExtensions(introspected, target));
  try {
    const text = printNormalized(databaseToModel(live, provider));
    const database = snapshotToDatabase(text, provider, 'database (pulled)');
    if (diff(database, live, { hooks: provider.diffHooks }).length === 0) return { text, database };
  } catch {
    // Not representable as a schema (unsupported objects): fall back to the unknown snapshot.
  }
  return {
    text: `${UNKNOWN_SNAPSHOT_MARKER}: the previous migration has no after.prisma (created by Prisma Migrate)\n`,
    database: live,
  };
}
