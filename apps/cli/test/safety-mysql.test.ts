/**
 * The apply and recovery paths (support/safety-flow.ts) on MySQL/MariaDB. Needs a server at
 * STRATA_TEST_MYSQL_URL; without one the tests are skipped with one line.
 */
import { describe } from '@jest/globals';
import { startTestMysql, testMysqlAvailable } from '@strata/testkit';
import { defineSafetyFlow } from './support/safety-flow.js';

const describeMysql = (await testMysqlAvailable()) ? describe : describe.skip;

describeMysql('MySQL', () => {
  defineSafetyFlow('mysql', async () => {
    const server = await startTestMysql();
    return { url: server.url, pushUrl: server.url, close: () => server.close() };
  });
});
