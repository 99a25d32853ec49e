/**
 * The provider kit (`@strata/core/testing`), run the way a third party runs it: one call with a
 * way to make a fresh database. Real SQLite files, one per database, removed afterwards. The
 * invariants use the kit's standard SQL literals; a rebuilt table's rows count as at risk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeProviderKit } from '@strata/core/testing';
import { provider } from '../src/index.js';

/** Tables the emitter rebuilds (RedefineTables creates `new_<table>`). */
function rebuiltTables(sql: string): string[] {
  return [...sql.matchAll(/CREATE TABLE "new_((?:[^"]|"")+)"/g)].map((m) => (m[1] as string).replace(/""/g, '"'));
}

describeProviderKit({
  provider,
  createDatabase: async () => `file:${path.join(mkdtempSync(path.join(tmpdir(), 'strata-sqlite-kit-')), 'test.db')}`,
  dropDatabase: async (url) => rmSync(path.dirname(url.slice('file:'.length)), { recursive: true, force: true }),
  rebuiltTables,
  supportsConcurrentSessions: true,
  // STRATA_PROPERTY_RUNS raises the number of runs when hunting for bugs.
  numRuns: Number(process.env.STRATA_PROPERTY_RUNS ?? 30),
});
