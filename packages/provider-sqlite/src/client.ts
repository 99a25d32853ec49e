/**
 * A small promise layer over the `sqlite3` package's callback API, with SQLite's error codes
 * turned into StrataErrors where the user can act on them (read-only file, locked database).
 */
import { StrataError } from '@strata/core';
import type sqlite3 from 'sqlite3';

export interface OpenOptions {
  readonly readOnly: boolean;
  readonly create: boolean;
  readonly busyTimeoutMs: number;
}

export class SqliteDatabase {
  private constructor(
    private readonly db: sqlite3.Database,
    /** The file, for messages. */
    readonly file: string,
  ) {}

  /** The driver is imported here, not with the provider: commands without a database never load it. */
  static async open(file: string, options: OpenOptions): Promise<SqliteDatabase> {
    const { default: sqlite3 } = await import('sqlite3');
    const mode = options.readOnly
      ? sqlite3.OPEN_READONLY
      : sqlite3.OPEN_READWRITE | (options.create ? sqlite3.OPEN_CREATE : 0);
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, mode, (error) => {
        if (error !== null) {
          reject(translateError(error, file));
          return;
        }
        db.configure('busyTimeout', options.busyTimeoutMs);
        resolve(new SqliteDatabase(db, file));
      });
    });
  }

  /** Runs a script (any number of statements, no parameters). */
  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (error) => (error === null ? resolve() : reject(translateError(error, this.file))));
    });
  }

  run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    const file = this.file;
    return new Promise((resolve, reject) => {
      this.db.run(sql, [...params], function (this: sqlite3.RunResult, error: Error | null) {
        if (error === null) resolve({ changes: this.changes });
        else reject(translateError(error, file));
      });
    });
  }

  all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, [...params], (error: Error | null, rows: T[]) =>
        error === null ? resolve(rows) : reject(translateError(error, this.file)),
      );
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.close((error) => (error === null ? resolve() : reject(translateError(error, this.file))));
    });
  }
}

export function sqliteErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** SQLite errors the user can act on become StrataErrors; the others keep their SQLite message. */
export function translateError(error: Error, file: string): Error {
  switch (sqliteErrorCode(error)) {
    case 'SQLITE_READONLY':
      return new StrataError('database-read-only', `The SQLite database ${file} is read-only: ${error.message}`, {
        hint: 'Check the permissions of the file and of its folder (SQLite writes a journal next to it).',
        details: { file },
        cause: error,
      });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StrataError(
        'database-locked',
        `The SQLite database ${file} is locked by another connection: ${error.message}`,
        {
          hint: 'Another process holds a write lock (an open transaction, a running migration or a DB browser). Close it and retry.',
          details: { file },
          cause: error,
        },
      );
    case 'SQLITE_NOTADB':
      return new StrataError('invalid-argument', `${file} is not a SQLite database.`, {
        details: { file },
        cause: error,
      });
    default:
      return error;
  }
}
