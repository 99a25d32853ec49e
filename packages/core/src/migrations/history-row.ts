/**
 * One row of the `_strata_migrations` history table (docs/architecture.md#history-table).
 * Core's history store reads and writes exactly this shape. `id` is not the migration name, so a
 * migration can be rolled back and applied again (a new row each time).
 */
export type HistoryRowKind = 'apply' | 'rollback' | 'resolve' | 'imported';

export interface HistoryRow {
  readonly id: string;
  readonly migrationName: string;
  /** sha256 hex of migration.sql (Prisma's value). */
  readonly checksum: string;
  /** sha256 over every reviewed artifact; absent for Prisma-only folders and imported rows. */
  readonly artifactsChecksum?: string;
  readonly provider: string;
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  readonly rolledBackAt?: Date;
  readonly logs?: string;
  readonly appliedStepsCount: number;
  /** The warnings accepted when it ran, one per line with its code. */
  readonly warnings?: string;
  readonly rebuildRequired: boolean;
  /** Normalized schema text before/after (from before.prisma/after.prisma), for rollback and drift. */
  readonly beforeSchema?: string;
  readonly afterSchema?: string;
  readonly kind: HistoryRowKind;
  readonly generatorVersion?: string;
}

/** A failed migration: started, never finished, not rolled back (Prisma's rule too). */
export function isFailedRow(row: HistoryRow): boolean {
  return row.finishedAt === undefined && row.rolledBackAt === undefined;
}
