import { startTestPostgres } from '@strata/testkit';
import { defineSafetyFlow } from './support/safety-flow.js';

defineSafetyFlow('postgresql', async () => {
  const pg = await startTestPostgres();
  const url = pg.backend === 'pglite' ? pg.url : await pg.createDatabase();
  console.log(`PostgreSQL backend: ${pg.backend}`);
  return { url, pushUrl: url, close: () => pg.close() };
});
