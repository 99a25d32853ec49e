/** Removing an enum value that rows hold, on real SQLite files (enums are TEXT there). */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll } from '@jest/globals';
import { describeEnumRemovalScenario } from '@strata/core/testing';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';

const temp = createTempDir('strata-sqlite-enum-removal-');
afterAll(() => temp.close());

describeEnumRemovalScenario('sqlite', () => ({
  provider,
  createDatabase: async () => `file:${path.join(temp.dir, `${randomUUID()}.db`)}`,
}));
