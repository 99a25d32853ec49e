/**
 * The `_strata_migrations` history table (ARCHITECTURE.md 3.7), and Prisma's `_prisma_migrations`
 * read as `imported` rows. Both live in the connection's default namespace, as Prisma's does.
 */
import type { HistoryRow, HistoryRowKind, HistoryStore } from '@strata/core';
import type { Sql } from './client.js';
import { quoteIdent } from './sql.js';

export const HISTORY_TABLE = '_strata_migrations';
export const PRISMA_HISTORY_TABLE = '_prisma_migrations';

export function createHistoryTableSql(namespace: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(namespace)}.${quoteIdent(HISTORY_TABLE)} (
    "id" VARCHAR(36) NOT NULL PRIMARY KEY,
    "migration_name" VARCHAR(255) NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "artifacts_checksum" VARCHAR(64),
    "provider" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "finished_at" TIMESTAMPTZ,
    "rolled_back_at" TIMESTAMPTZ,
    "logs" TEXT,
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0,
    "warnings" TEXT,
    "rebuild_required" BOOLEAN NOT NULL DEFAULT false,
    "before_schema" TEXT,
    "after_schema" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'apply',
    "generator_version" TEXT
)`;
}

const COLUMNS: ReadonlyArray<readonly [keyof HistoryRow, string]> = [
  ['id', 'id'],
  ['migrationName', 'migration_name'],
  ['checksum', 'checksum'],
  ['artifactsChecksum', 'artifacts_checksum'],
  ['provider', 'provider'],
  ['startedAt', 'started_at'],
  ['finishedAt', 'finished_at'],
  ['rolledBackAt', 'rolled_back_at'],
  ['logs', 'logs'],
  ['appliedStepsCount', 'applied_steps_count'],
  ['warnings', 'warnings'],
  ['rebuildRequired', 'rebuild_required'],
  ['beforeSchema', 'before_schema'],
  ['afterSchema', 'after_schema'],
  ['kind', 'kind'],
  ['generatorVersion', 'generator_version'],
];

type DbRow = Record<string, unknown>;

const asDate = (v: unknown): Date | undefined => (v === null || v === undefined ? undefined : new Date(v as string));
const asText = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function fromDb(row: DbRow): HistoryRow {
  return {
    id: String(row.id),
    migrationName: String(row.migration_name),
    checksum: String(row.checksum),
    ...optional('artifactsChecksum', asText(row.artifacts_checksum)),
    provider: String(row.provider),
    startedAt: asDate(row.started_at)!,
    ...optional('finishedAt', asDate(row.finished_at)),
    ...optional('rolledBackAt', asDate(row.rolled_back_at)),
    ...optional('logs', asText(row.logs)),
    appliedStepsCount: Number(row.applied_steps_count),
    ...optional('warnings', asText(row.warnings)),
    rebuildRequired: row.rebuild_required === true,
    ...optional('beforeSchema', asText(row.before_schema)),
    ...optional('afterSchema', asText(row.after_schema)),
    kind: String(row.kind) as HistoryRowKind,
    ...optional('generatorVersion', asText(row.generator_version)),
  };
}

function toDb(row: Partial<HistoryRow>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of COLUMNS) if (key in row) out[column] = row[key] ?? null;
  return out;
}

/** Statements on the history table, usable inside a transaction (`sql` may be a transaction). */
export function historyStatements(namespace: string) {
  const table = `${quoteIdent(namespace)}.${quoteIdent(HISTORY_TABLE)}`;
  return {
    async insert(sql: Sql, row: HistoryRow): Promise<void> {
      const values = toDb(row);
      const columns = Object.keys(values);
      await sql.unsafe(
        `INSERT INTO ${table} (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        Object.values(values) as never[],
      );
    },
    async update(sql: Sql, id: string, patch: Partial<Omit<HistoryRow, 'id'>>): Promise<void> {
      const values = toDb(patch);
      const columns = Object.keys(values);
      if (columns.length === 0) return;
      await sql.unsafe(
        `UPDATE ${table} SET ${columns.map((c, i) => `${quoteIdent(c)} = $${i + 1}`).join(', ')} WHERE "id" = $${columns.length + 1}`,
        [...Object.values(values), id] as never[],
      );
    },
  };
}

export function createHistoryStore(sql: Sql, namespace: string, provider: string): HistoryStore {
  const table = `${quoteIdent(namespace)}.${quoteIdent(HISTORY_TABLE)}`;
  const statements = historyStatements(namespace);
  const exists = async (name: string): Promise<boolean> => {
    const rows =
      await sql`SELECT to_regclass(${`${quoteIdent(namespace)}.${quoteIdent(name)}`}) IS NOT NULL AS present`;
    return rows[0]?.present === true;
  };
  return {
    async ensure() {
      await sql.unsafe(createHistoryTableSql(namespace));
    },
    exists: () => exists(HISTORY_TABLE),
    async list() {
      if (!(await exists(HISTORY_TABLE))) return [];
      const rows = await sql.unsafe(
        `SELECT * FROM ${table} ORDER BY "started_at", "finished_at" NULLS LAST, "migration_name"`,
      );
      return rows.map((r) => fromDb(r as DbRow));
    },
    insert: (row) => statements.insert(sql, row),
    update: (id, patch) => statements.update(sql, id, patch),
    async readPrismaHistory() {
      if (!(await exists(PRISMA_HISTORY_TABLE))) return undefined;
      const rows = await sql.unsafe(
        `SELECT * FROM ${quoteIdent(namespace)}.${quoteIdent(PRISMA_HISTORY_TABLE)} ORDER BY "started_at", "migration_name"`,
      );
      return rows.map((r) => {
        const row = r as DbRow;
        return {
          id: String(row.id),
          migrationName: String(row.migration_name),
          checksum: String(row.checksum),
          provider,
          startedAt: asDate(row.started_at)!,
          ...optional('finishedAt', asDate(row.finished_at)),
          ...optional('rolledBackAt', asDate(row.rolled_back_at)),
          ...optional('logs', asText(row.logs)),
          appliedStepsCount: Number(row.applied_steps_count),
          rebuildRequired: false,
          kind: 'imported' as const,
        };
      });
    },
  };
}
