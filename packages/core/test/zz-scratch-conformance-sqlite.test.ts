import { describeProviderConformance } from '@strata/core/testing';
import { provider } from '@strata/provider-sqlite';
import { createTestSqlite } from '@strata/testkit';

describeProviderConformance({
  provider,
  connect: async () => {
    const db = createTestSqlite();
    return { url: db.url, close: async () => db.close() };
  },
});
