import { createTestSqlite } from '@strata/testkit';
import { defineSafetyFlow } from './support/safety-flow.js';

defineSafetyFlow('sqlite', async () => {
  const main = createTestSqlite('dev.db');
  return { url: main.url, pushUrl: main.url, close: async () => main.close() };
});
