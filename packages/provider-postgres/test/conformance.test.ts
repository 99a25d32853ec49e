/** The core conformance suite against a real server (STRATA_TEST_POSTGRES_URL) or PGlite. */
import { afterAll } from '@jest/globals';
import type { DatabaseSchema } from '@strata/core';
import { describeProviderConformance } from '@strata/core/testing';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';

const started: TestPostgres[] = [];
afterAll(async () => {
  for (const pg of started.splice(0)) await pg.close();
});

const serverMode = (process.env.STRATA_TEST_POSTGRES_URL ?? '') !== '';

// The test PGlite has no contrib extensions: the extension round trip runs on the server only.
const citextType = provider.types.columnType({
  scalar: 'String',
  nativeType: { name: 'Citext', args: [] },
  list: false,
  autoincrement: false,
});
if ('error' in citextType) throw new Error(citextType.error);
const withExtension: DatabaseSchema = {
  provider: provider.id,
  namespaces: [],
  tables: [
    {
      name: 'Account',
      columns: [{ name: 'email', type: citextType, nullable: false }],
      primaryKey: { name: 'Account_pkey', columns: ['email'] },
      indexes: [],
      foreignKeys: [],
    },
  ],
  enums: [],
  extensions: [{ name: 'citext' }, { name: 'pg_trgm', schema: 'public' }],
  unmanaged: [],
};
if (!serverMode)
  console.log('conformance postgresql: the extension round trip runs on the server only (PGlite lacks citext)');

describeProviderConformance({
  provider,
  supportsConcurrentSessions: serverMode,
  ...(serverMode ? { extraSchemas: [{ name: 'extensions (citext, pg_trgm)', schema: withExtension }] } : {}),
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
