import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import { defineFlow } from './support/flow.js';

defineFlow('postgresql', async () => {
  const pg: TestPostgres = await startTestPostgres();
  const push = await pg.createDatabase();
  return {
    url: pg.url,
    pushUrl: push,
    close: () => pg.close(),
  };
});
