/** A fresh SQLite file in its own temp folder per test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestSqlite {
  readonly dir: string;
  /** Absolute path of the database file (not created yet). */
  readonly file: string;
  /** `file:` URL of that path. */
  readonly url: string;
  close(): void;
}

export function createTestSqlite(name = 'test.db'): TestSqlite {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-sqlite-'));
  const file = path.join(dir, name);
  return { dir, file, url: `file:${file}`, close: () => rmSync(dir, { recursive: true, force: true }) };
}

export function createTempDir(prefix = 'strata-test-'): { readonly dir: string; close(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}
