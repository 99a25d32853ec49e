import { startTestPostgres } from '@strata/testkit';
import { defineFlow } from './support/flow.js';

defineFlow('postgresql', async () => {
  const pg = await startTestPostgres();
  // PGlite serves one database per instance: `db push` gets an instance of its own there.
  const second = pg.backend === 'pglite' ? await startTestPostgres() : undefined;
  const pushUrl = second === undefined ? await pg.createDatabase() : second.url;
  console.log(`PostgreSQL backend: ${pg.backend}`);
  return {
    url: pg.url,
    pushUrl,
    close: async () => {
      await second?.close();
      await pg.close();
    },
  };
});
