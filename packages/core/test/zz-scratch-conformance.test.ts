import { afterAll } from '@jest/globals';
import { describeProviderConformance } from '@strata/core/testing';
import { provider } from '@strata/provider-postgres';
import { startTestPostgres } from '@strata/testkit';

const server = await startTestPostgres();
afterAll(() => server.close());
describeProviderConformance({
  provider: { ...provider, capabilities: { ...provider.capabilities, joinTablePrimaryKey: true } },
  connect: async () => ({ url: server.backend === 'pglite' ? server.url : await server.createDatabase(), close: async () => undefined }),
  supportsConcurrentSessions: server.supportsConcurrentSessions,
});
