/**
 * The invariants of docs/architecture.md#invariants as property tests on a real PostgreSQL database: the shared
 * `describeInvariants` suite (round trip, evolution with rows, atomic failure, announced data
 * loss), with PostgreSQL's literals and one database reset between runs.
 */

import { afterAll, beforeAll } from '@jest/globals';
import type { Column, Database } from '@strata/core';
import { openDatabase } from '@strata/core';
import { type CellValue, describeInvariants, irDialectOf } from '@strata/core/testing';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import { provider } from '../src/index.js';

let pg: TestPostgres;
let connection: Database;
beforeAll(async () => {
  pg = await startTestPostgres();
  connection = await openDatabase(provider, pg.url);
});
afterAll(async () => {
  await connection?.close();
  await pg?.close();
});

/** A neutral cell as a PostgreSQL literal. */
function literal(value: CellValue, column: Column): string {
  if (value === null) return 'NULL';
  switch (column.type.scalar) {
    case 'Boolean':
      return value === true ? 'true' : 'false';
    case 'Int':
    case 'Float':
    case 'BigInt':
      return String(value);
    case 'Bytes':
      return `'\\x${String(value)}'`;
    default:
      return `'${String(value).replace(/'/g, "''")}'`;
  }
}

describeInvariants({
  provider,
  label: 'PostgreSQL',
  // Besides the scalar defaults: native types whose values the generated rows fit.
  dialect: irDialectOf(provider, [
    { scalar: 'String', nativeType: { name: 'VarChar', args: ['191'] } },
    { scalar: 'Int', nativeType: { name: 'SmallInt', args: [] } },
    { scalar: 'Float', nativeType: { name: 'Real', args: [] } },
    { scalar: 'Decimal', nativeType: { name: 'Decimal', args: ['10', '2'] } },
    { scalar: 'DateTime', nativeType: { name: 'Timestamptz', args: ['3'] } },
    { scalar: 'Json', nativeType: { name: 'Json', args: [] } },
  ]),
  // STRATA_PROPERTY_RUNS raises the number of runs when hunting for bugs.
  numRuns: Number(process.env.STRATA_PROPERTY_RUNS ?? 15),
  timeoutMs: 180_000,
  // One database per file: every run starts by emptying it.
  withEmptyDatabase: async (body) => {
    await connection.reset();
    await body(connection);
  },
  literal,
  staticDataLossTitle: 'every drop, lossy type change and enum value removal carries a data-loss warning',
});
