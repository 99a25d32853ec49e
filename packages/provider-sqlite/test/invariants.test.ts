/**
 * ARCHITECTURE.md section 4 as property tests on real SQLite files: the shared
 * `describeInvariants` suite (round trip, evolution with rows, atomic failure, announced data
 * loss), with SQLite's literals, a new file per run, and table rebuilds counted as data at risk.
 */

import { afterAll } from '@jest/globals';
import type { Column } from '@strata/core';
import { openDatabase } from '@strata/core';
import { type CellValue, describeInvariants, irDialectOf } from '@strata/core/testing';
import { createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/** A neutral cell as a SQLite literal, the way Prisma Client stores it. */
function literal(value: CellValue, column: Column): string {
  if (value === null) return 'NULL';
  switch (column.type.scalar) {
    case 'Boolean':
      return value === true ? '1' : '0';
    case 'Int':
    case 'Float':
    case 'BigInt':
      return String(value);
    case 'Bytes':
      return `X'${String(value)}'`;
    default:
      return `'${String(value).replace(/'/g, "''")}'`;
  }
}

/** Tables the emitter rebuilds (RedefineTables creates `new_<table>`). */
function rebuiltTables(sql: string): string[] {
  return [...sql.matchAll(/CREATE TABLE "new_((?:[^"]|"")+)"/g)].map((m) => (m[1] as string).replace(/""/g, '"'));
}

describeInvariants({
  provider,
  label: 'SQLite',
  dialect: irDialectOf(provider),
  // STRATA_PROPERTY_RUNS raises the number of runs when hunting for bugs.
  numRuns: Number(process.env.STRATA_PROPERTY_RUNS ?? 30),
  timeoutMs: 120_000,
  withEmptyDatabase: async (body) => {
    const db = createTestSqlite();
    cleanups.push(db.close);
    const connection = await openDatabase(provider, db.url, { createIfMissing: true });
    try {
      await body(connection);
    } finally {
      await connection.close();
    }
  },
  literal,
  rebuiltTables,
  staticDataLossTitle: 'every drop, lossy type change and table rebuild carries a data-loss warning',
});
