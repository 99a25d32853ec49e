/**
 * Removing and renaming enum values that rows hold, on real PostgreSQL (a server with
 * STRATA_TEST_POSTGRES_URL, PGlite otherwise: one PGlite per database).
 */
import { afterAll, beforeAll } from '@jest/globals';
import { describeEnumValuesScenario } from '@strata/core/testing';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import { provider } from '../src/index.js';

const servers: TestPostgres[] = [];
beforeAll(async () => {
  servers.push(await startTestPostgres());
});
afterAll(async () => {
  for (const server of servers) await server.close();
});

let used = 0;
async function createDatabase(): Promise<string> {
  const first = servers[0];
  if (first === undefined) throw new Error('the test database was not started');
  if (used++ === 0) return first.url;
  if (first.backend === 'server') return first.createDatabase();
  const next = await startTestPostgres();
  servers.push(next);
  return next.url;
}

describeEnumValuesScenario('postgresql', () => ({ provider, createDatabase }));
