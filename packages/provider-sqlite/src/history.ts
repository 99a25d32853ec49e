/**
 * The `_strata_migrations` history table (ARCHITECTURE.md 3.7, HistoryRow), and reading
 * Prisma's `_prisma_migrations` (its SQLite layout) as `imported` rows.
 *
 * Times are stored as ISO-8601 text (UTC, milliseconds): sortable, readable in any SQLite tool,
 * and exact. Prisma's table is read whatever it holds: ISO text, `YYYY-MM-DD HH:MM:SS` (SQLite's
 * CURRENT_TIMESTAMP) or Unix milliseconds.
 */
import type { HistoryRow, HistoryStore } from '@strata/core';
import type { SqliteDatabase } from './db.js';

export const HISTORY_TABLE = '_strata_migrations';

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "${HISTORY_TABLE}" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "migration_name" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "artifacts_checksum" TEXT,
    "provider" TEXT NOT NULL,
    "started_at" TEXT NOT NULL,
    "finished_at" TEXT,
    "rolled_back_at" TEXT,
    "logs" TEXT,
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0,
    "warnings" TEXT,
    "rebuild_required" BOOLEAN NOT NULL DEFAULT false,
    "before_schema" TEXT,
    "after_schema" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'apply',
    "generator_version" TEXT
)`;

/** HistoryRow property -> column. */
const COLUMNS = {
  id: 'id',
  migrationName: 'migration_name',
  checksum: 'checksum',
  artifactsChecksum: 'artifacts_checksum',
  provider: 'provider',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  rolledBackAt: 'rolled_back_at',
  logs: 'logs',
  appliedStepsCount: 'applied_steps_count',
  warnings: 'warnings',
  rebuildRequired: 'rebuild_required',
  beforeSchema: 'before_schema',
  afterSchema: 'after_schema',
  kind: 'kind',
  generatorVersion: 'generator_version',
} as const satisfies Record<keyof HistoryRow, string>;

type StoredRow = Record<(typeof COLUMNS)[keyof typeof COLUMNS], unknown>;

function toStored(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

/** A time as SQLite may hold it, or undefined for NULL. */
export function parseStoredTime(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return new Date(value);
  const text = String(value);
  if (/^\d+$/.test(text)) return new Date(Number(text));
  // SQLite's CURRENT_TIMESTAMP format is UTC without a zone marker.
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  return new Date(iso);
}

function optionalText(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function fromStored(row: StoredRow): HistoryRow {
  const finishedAt = parseStoredTime(row.finished_at);
  const rolledBackAt = parseStoredTime(row.rolled_back_at);
  const optional = {
    artifactsChecksum: optionalText(row.artifacts_checksum),
    finishedAt,
    rolledBackAt,
    logs: optionalText(row.logs),
    warnings: optionalText(row.warnings),
    beforeSchema: optionalText(row.before_schema),
    afterSchema: optionalText(row.after_schema),
    generatorVersion: optionalText(row.generator_version),
  };
  return {
    id: String(row.id),
    migrationName: String(row.migration_name),
    checksum: String(row.checksum),
    provider: String(row.provider),
    startedAt: parseStoredTime(row.started_at) ?? new Date(0),
    appliedStepsCount: Number(row.applied_steps_count),
    rebuildRequired: Number(row.rebuild_required) === 1 || row.rebuild_required === 'true',
    kind: String(row.kind) as HistoryRow['kind'],
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<HistoryRow>),
  };
}

export function createHistoryStore(db: SqliteDatabase): HistoryStore {
  const tableExists = async (name: string): Promise<boolean> =>
    (await db.all(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`, [name])).length > 0;

  return {
    async ensure() {
      await db.exec(CREATE_HISTORY);
    },
    exists: () => tableExists(HISTORY_TABLE),
    async list() {
      if (!(await tableExists(HISTORY_TABLE))) return [];
      const rows = await db.all<StoredRow>(`SELECT * FROM "${HISTORY_TABLE}" ORDER BY "started_at", rowid`);
      return rows.map(fromStored);
    },
    async insert(row) {
      const keys = Object.keys(COLUMNS) as (keyof HistoryRow)[];
      await db.run(
        `INSERT INTO "${HISTORY_TABLE}" (${keys.map((k) => `"${COLUMNS[k]}"`).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
        keys.map((k) => toStored(row[k])),
      );
    },
    async update(id, patch) {
      const keys = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => k in COLUMNS);
      if (keys.length === 0) return;
      await db.run(
        `UPDATE "${HISTORY_TABLE}" SET ${keys.map((k) => `"${COLUMNS[k]}" = ?`).join(', ')} WHERE "id" = ?`,
        [...keys.map((k) => toStored(patch[k])), id],
      );
    },
    async readPrismaHistory() {
      if (!(await tableExists('_prisma_migrations'))) return undefined;
      const rows = await db.all<Record<string, unknown>>(
        `SELECT "id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"
         FROM "_prisma_migrations" ORDER BY "started_at", rowid`,
      );
      return rows.map(
        (r): HistoryRow =>
          fromStored({
            id: r.id,
            migration_name: r.migration_name,
            checksum: r.checksum,
            artifacts_checksum: null,
            provider: 'sqlite',
            started_at: r.started_at,
            finished_at: r.finished_at,
            rolled_back_at: r.rolled_back_at,
            logs: r.logs,
            applied_steps_count: r.applied_steps_count,
            warnings: null,
            rebuild_required: 0,
            before_schema: null,
            after_schema: null,
            kind: 'imported',
            generator_version: null,
          }),
      );
    },
  };
}
