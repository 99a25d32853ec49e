/** The core conformance suite, on real SQLite files (one fresh file per test). */
import { rmSync } from 'node:fs';
import { describeProviderConformance } from '@strata/core/testing';
import { createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';

describeProviderConformance({
  provider,
  connectOptions: { createIfMissing: true },
  supportsConcurrentSessions: true,
  connect: async () => {
    const db = createTestSqlite();
    return {
      url: db.url,
      async close() {
        rmSync(db.dir, { recursive: true, force: true });
      },
    };
  },
});
