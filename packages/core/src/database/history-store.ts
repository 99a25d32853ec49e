/**
 * Reading and writing the history table, and reading Prisma's `_prisma_migrations` as `imported`
 * rows: written once, in core, through the provider's session, quoting and placeholders. A
 * provider only says how it binds values (a SQLite session binds dates as ISO-8601 text); reading
 * accepts what any dialect hands back: Date objects, ISO text, SQLite's `YYYY-MM-DD HH:MM:SS`,
 * Unix milliseconds, and booleans as `true`/`1`/`'true'`.
 */
import type { HistoryRow, HistoryRowKind } from '../migrations/history-row.js';
import type { Connection, Provider } from '../provider/contract.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { HISTORY_COLUMNS, HISTORY_TABLE, historyTable, PRISMA_HISTORY_TABLE } from './history-table.js';

export interface HistoryStore {
  /** Creates `_strata_migrations` when missing. */
  ensure(): Promise<void>;
  exists(): Promise<boolean>;
  /** Every row, oldest first. */
  list(): Promise<HistoryRow[]>;
  insert(row: HistoryRow): Promise<void>;
  update(id: string, patch: Partial<Omit<HistoryRow, 'id'>>): Promise<void>;
  /** Rows of Prisma's `_prisma_migrations`, converted (kind `imported`), or undefined when that table is absent. */
  readPrismaHistory(): Promise<HistoryRow[] | undefined>;
}

type Row = Record<string, unknown>;

/** A time as a database may hand it back, or undefined for NULL. */
export function readTime(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  const text = String(value);
  if (/^\d+$/.test(text)) return new Date(Number(text));
  // SQLite's CURRENT_TIMESTAMP (and MySQL's DATETIME text) is UTC without a zone marker.
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  return new Date(iso);
}

function readText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

function readFlag(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 'true' || value === 't';
}

function rowFromDatabase(row: Row): HistoryRow {
  const out: Record<string, unknown> = {};
  for (const c of HISTORY_COLUMNS) {
    const value = row[c.column];
    const read =
      c.shape === 'time'
        ? readTime(value)
        : c.shape === 'count'
          ? Number(value ?? 0)
          : c.shape === 'flag'
            ? readFlag(value)
            : readText(value);
    if (read !== undefined) out[c.key] = read;
  }
  out.startedAt ??= new Date(0);
  return out as unknown as HistoryRow;
}

/** Oldest first; rows started in the same millisecond keep the order the database gave. */
function byStart(rows: HistoryRow[]): HistoryRow[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => a.row.startedAt.getTime() - b.row.startedAt.getTime() || a.i - b.i)
    .map((x) => x.row);
}

export function createHistoryStore(connection: Connection, provider: Provider): HistoryStore {
  const namespace = connection.historyNamespace;
  const q = (name: string) => provider.quoteIdentifier(name);
  const tableName = (name: string) => (namespace === undefined ? q(name) : `${q(namespace)}.${q(name)}`);
  const table = tableName(HISTORY_TABLE);
  const exists = () => connection.hasTable(HISTORY_TABLE, namespace);

  const create = async (): Promise<void> => {
    const created = historyTable(provider, namespace);
    const from: DatabaseSchema = { provider: provider.id, namespaces: [], tables: [], enums: [], unmanaged: [] };
    const statements = provider.emit([{ kind: 'CreateTable', table: created }], {
      from,
      to: { ...from, tables: [created] },
    });
    for (const statement of statements)
      for (const part of provider.splitStatements(statement.sql)) await connection.exec(part.text);
  };

  return {
    async ensure() {
      if (await exists()) return;
      try {
        await create();
      } catch (error) {
        // Another process created it between the check and ours: that is what we wanted.
        if (!(await exists())) throw error;
      }
    },
    exists,
    async list() {
      if (!(await exists())) return [];
      return byStart(
        (await connection.query<Row>(`SELECT * FROM ${table} ORDER BY ${q('started_at')}, ${q('migration_name')}`)).map(
          rowFromDatabase,
        ),
      );
    },
    async insert(row) {
      const columns = HISTORY_COLUMNS.filter((c) => row[c.key] !== undefined);
      await connection.query(
        `INSERT INTO ${table} (${columns.map((c) => q(c.column)).join(', ')}) VALUES (${columns.map((_, i) => provider.placeholder(i + 1)).join(', ')})`,
        columns.map((c) => row[c.key]),
      );
    },
    async update(id, patch) {
      const columns = HISTORY_COLUMNS.filter((c) => c.key !== 'id' && c.key in patch);
      if (columns.length === 0) return;
      const assignments = columns.map((c, i) => `${q(c.column)} = ${provider.placeholder(i + 1)}`);
      await connection.query(
        `UPDATE ${table} SET ${assignments.join(', ')} WHERE ${q('id')} = ${provider.placeholder(columns.length + 1)}`,
        [...columns.map((c) => (patch as Record<string, unknown>)[c.key] ?? null), id],
      );
    },
    async readPrismaHistory() {
      if (!(await connection.hasTable(PRISMA_HISTORY_TABLE, namespace))) return undefined;
      const rows = await connection.query<Row>(
        `SELECT * FROM ${tableName(PRISMA_HISTORY_TABLE)} ORDER BY ${q('started_at')}, ${q('migration_name')}`,
      );
      // Prisma's table has the columns of ours it shares and none of strata's own.
      return byStart(
        rows.map((r) => ({
          ...rowFromDatabase({ ...r, provider: connection.provider, rebuild_required: false }),
          kind: 'imported' as HistoryRowKind,
        })),
      );
    },
  };
}
