import { createTestSqlite } from '@strata/testkit';
import { defineFlow } from './support/flow.js';

defineFlow('sqlite', async () => {
  const main = createTestSqlite('dev.db');
  const push = createTestSqlite('push.db');
  return {
    url: main.url,
    pushUrl: push.url,
    close: async () => {
      main.close();
      push.close();
    },
  };
});
