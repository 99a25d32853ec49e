/** The core conformance suite against a real server (STRATA_TEST_POSTGRES_URL) or PGlite. */
import { afterAll } from '@jest/globals';
import { describeProviderConformance } from '@strata/core/testing';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';

const started: TestPostgres[] = [];
afterAll(async () => {
  for (const pg of started.splice(0)) await pg.close();
});

const serverMode = (process.env.STRATA_TEST_POSTGRES_URL ?? '') !== '';

describeProviderConformance({
  provider,
  supportsConcurrentSessions: serverMode,
  async connect() {
    // one PGlite (or one server database) per test: each is closed by the suite
    const pg = await startTestPostgres();
    started.push(pg);
    return {
      url: pg.url,
      async close() {
        const i = started.indexOf(pg);
        if (i >= 0) started.splice(i, 1);
        await pg.close();
      },
    };
  },
});
