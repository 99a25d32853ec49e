/** `benchIntrospect` works (a small size here; the bench runs 2,000 tables). No timing is asserted. */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import { benchIntrospect } from '../bench/introspect.js';

let pg: TestPostgres;
beforeAll(async () => {
  pg = await startTestPostgres();
});
afterAll(async () => {
  await pg?.close();
});

test('benchIntrospect creates the tables and introspects them with a constant number of queries', async () => {
  const tables = Number(process.env.STRATA_BENCH_TABLES ?? 40);
  const result = await benchIntrospect(pg.url, tables);
  console.log(`benchIntrospect: ${JSON.stringify(result)}`);
  expect(result.introspectedTables).toBe(tables);
  expect(result.queries).toBe(9);
});
