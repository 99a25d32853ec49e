/**
 * A SQLite connection: the session core runs scripts on, introspection, locking, reset, and what
 * a rebuild needs around its script (`prepareScript`).
 */
import { existsSync } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Connection, ConnectOptions, Release, ResetObject, ScriptGuard, ScriptStatement } from '@strata/core';
import { codeStart, makeDirectory, StrataError } from '@strata/core';
import { SqliteDatabase } from './client.js';
import { introspect } from './introspect.js';
import { takeLock } from './lock.js';
import { createProbe } from './probe.js';
import { planReset, reset } from './reset.js';
import { databaseFile } from './url.js';

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export async function connect(url: string, options: ConnectOptions = {}): Promise<Connection> {
  const file = databaseFile(url, options.baseDir);
  const exists = existsSync(file);
  if (!exists && options.createIfMissing !== true) {
    throw new StrataError('database-missing', `The SQLite database ${file} does not exist.`, {
      // the folder actually used: the schema's (strata passes it for every URL source), else the working directory
      hint: `Run \`strata migrate dev\` to create it, or check the URL (a relative file: path starts at ${options.baseDir ?? process.cwd()}).`,
      details: { file },
    });
  }
  if (!exists) makeDirectory(path.dirname(file));
  const writable = !exists || (await isWritable(file));
  const busyTimeoutMs = options.lockTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const db = await SqliteDatabase.open(file, { readOnly: !writable, create: !exists, busyTimeoutMs });
  try {
    // Reading the schema proves the file is a database; foreign keys are on, as for Prisma Client.
    await db.all('SELECT count(*) AS n FROM sqlite_schema');
    await db.exec('PRAGMA foreign_keys=ON');
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return new SqliteConnection(db, file, url, writable, !exists);
}

/** Writable for this process AND not marked read-only (root passes access() checks regardless of the mode). */
async function isWritable(file: string): Promise<boolean> {
  try {
    await access(file, constants.W_OK);
    return ((await stat(file)).mode & 0o222) !== 0;
  } catch {
    return false;
  }
}

/**
 * The page cache a rebuild runs with, as a `PRAGMA cache_size` value (negative: KiB): room for the
 * old and the new copy of the database's tables, between SQLite's default 2 MiB and 256 MiB.
 * The cache is allocated as pages are used, so a small database never takes more than it needs.
 */
export function rebuildCacheSize(databaseBytes: number): number {
  const kib = Math.ceil((2 * databaseBytes) / 1024);
  return -Math.min(Math.max(kib, 2000), 256 * 1024);
}

/** True for the statement that turns foreign key enforcement off (RedefineTables, DropTable). */
export function turnsForeignKeysOff(statement: string): boolean {
  return /^PRAGMA\s+foreign_keys\s*=\s*(off|0|false|no)\s*;?$/i.test(statement.slice(codeStart(statement, 0)).trim());
}

/**
 * SQLite has no date type: a Date is bound as ISO-8601 text (UTC, milliseconds), readable in any
 * SQLite tool and sortable as text; a boolean as 1 or 0.
 */
function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

class SqliteConnection implements Connection {
  readonly provider = 'sqlite';
  readonly probe;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
    readonly displayUrl: string,
    private readonly writable: boolean,
    /** This connect() created the file (and its folders). */
    readonly created: boolean,
  ) {
    this.probe = createProbe(db);
  }

  introspect() {
    return introspect((sql, params) => this.db.all(sql, params));
  }

  lock(options: { readonly timeoutMs: number }): Promise<Release> {
    return takeLock(this.file, options.timeoutMs);
  }

  async exec(sql: string): Promise<void> {
    this.assertWritable();
    await this.db.exec(sql);
  }

  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.all<T>(sql, params.map(bindable));
  }

  async begin(): Promise<void> {
    this.assertWritable();
    // IMMEDIATE: take the write lock now, so a concurrent writer waits instead of failing mid-way.
    await this.db.exec('BEGIN IMMEDIATE');
  }

  async commit(): Promise<void> {
    await this.db.exec('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.db.exec('ROLLBACK');
  }

  async hasTable(name: string): Promise<boolean> {
    return (await this.db.all(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`, [name])).length > 0;
  }

  readonly describeError = (error: unknown): string =>
    explainDependentError(error instanceof Error ? error.message : String(error));

  /**
   * A script that turns foreign keys off (a table rebuild or a DROP TABLE, written the way Prisma
   * writes them) gets it for real BEFORE `BEGIN` (inside a transaction the pragma is a no-op), so
   * that dropping a parent never cascades into its children, and `PRAGMA foreign_key_check`
   * before COMMIT: a violation rolls everything back and the message names the tables and rows.
   */
  async prepareScript(statements: readonly ScriptStatement[]): Promise<ScriptGuard | undefined> {
    if (!statements.some((s) => turnsForeignKeysOff(s.text))) return undefined;
    this.assertWritable();
    await this.db.exec('PRAGMA foreign_keys=OFF');
    // A rebuild copies a whole table and then drops the old one: DROP TABLE walks every page of it,
    // which SQLite's default 2 MiB cache has long evicted (see the bench for the figures).
    const restoreCache = await this.raiseCacheSize();
    return {
      beforeCommit: () => this.checkForeignKeys(),
      release: async () => {
        await this.db.exec('PRAGMA foreign_keys=ON');
        await this.db.exec(`PRAGMA cache_size=${restoreCache}`);
      },
    };
  }

  /** Sets the page cache to `rebuildCacheSize` for this database; returns the value to restore. */
  private async raiseCacheSize(): Promise<number> {
    const [previous] = await this.db.all<{ cache_size: number }>('PRAGMA cache_size');
    const [size] = await this.db.all<{ bytes: number }>(
      'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
    );
    await this.db.exec(`PRAGMA cache_size=${rebuildCacheSize(size?.bytes ?? 0)}`);
    return previous?.cache_size ?? -2000;
  }

  private async checkForeignKeys(): Promise<void> {
    const violations = await this.db.all<{ table: string; rowid: number | null; parent: string }>(
      'PRAGMA foreign_key_check',
    );
    if (violations.length === 0) return;
    const byTable = new Map<string, { parent: string; rowids: (number | null)[] }>();
    for (const v of violations) {
      const key = `${v.table} -> ${v.parent}`;
      const entry = byTable.get(key) ?? { parent: v.parent, rowids: [] };
      entry.rowids.push(v.rowid);
      byTable.set(key, entry);
    }
    const parts = [...byTable.entries()].map(([key, { rowids }]) => {
      const [table] = key.split(' -> ');
      const shown = rowids.slice(0, 10).join(', ');
      const more = rowids.length > 10 ? ` and ${rowids.length - 10} more` : '';
      return `table "${table}" rows (rowid) ${shown}${more} reference missing rows of "${byTable.get(key)?.parent}"`;
    });
    throw new StrataError(
      'migration-failed',
      `The foreign key check after the last statement failed, so nothing of the script was kept: ${parts.join('; ')}.`,
      { details: { violations: violations.slice(0, 100) } },
    );
  }

  planReset(): Promise<ResetObject[]> {
    return planReset(this.db);
  }

  async reset(): Promise<ResetObject[]> {
    this.assertWritable();
    return reset(this.db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  private assertWritable(): void {
    if (!this.writable) {
      throw new StrataError(
        'database-read-only',
        `The SQLite database ${this.file} is read-only: strata cannot change it.`,
        {
          hint: 'Check the permissions of the file and of its folder.',
          details: { file: this.file },
        },
      );
    }
  }
}

/**
 * SQLite checks every view and trigger when a table is renamed: a rebuild written without the
 * views and triggers over the table (by hand, or by an older strata) fails on its final
 * RENAME with `error in view X: no such table: main.T`. Say what that means and what to do.
 */
export function explainDependentError(message: string): string {
  const match = /error in (view|trigger) "?([^":\s]+)"?(?: after rename)?:/i.exec(message);
  if (match === null) return message;
  return `${message} (the ${match[1]?.toLowerCase()} "${match[2]}" uses a table this migration rebuilds or drops: migration.sql must drop it first and create it again after; \`strata migrate dev\` writes that for the views and triggers the database has when the migration is generated)`;
}
