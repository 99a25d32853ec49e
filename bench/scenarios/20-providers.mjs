// Providers: PostgreSQL introspection of 2,000 tables (target 1.5 s; the query count is printed)
// and a SQLite table rebuild of 1,000,000 rows against a plain INSERT ... SELECT (ratio < 1.15).

import { startTestPostgres } from '@strata/testkit';
import { benchIntrospect } from '../../packages/provider-postgres/dist-bench/bench/introspect.js';
import { benchRebuild } from '../../packages/provider-sqlite/dist-bench/bench/rebuild.js';

export const scenarios = [
  {
    name: 'pg-introspect-2000-tables',
    targetMs: 1500,
    runs: 3,
    async run() {
      // Each run introspects 2,000 freshly created tables in a fresh database.
      const pg = await startTestPostgres();
      try {
        const result = await benchIntrospect(pg.url, 2000);
        return {
          ms: result.introspectMs,
          notes: `${result.queries} queries, ${result.introspectedTables} tables (${pg.backend})`,
        };
      } finally {
        await pg.close();
      }
    },
  },
  {
    name: 'sqlite-rebuild-1m-rows',
    runs: 1,
    async run() {
      const result = await benchRebuild(1_000_000, { rounds: 5 });
      return {
        ms: result.rebuildMs,
        notes: `plain INSERT..SELECT ${result.plainCopyMs.toFixed(0)} ms, ratio ${result.ratio.toFixed(2)} (target < 1.15)`,
      };
    },
  },
];
