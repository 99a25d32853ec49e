/**
 * Two empty PostgreSQL databases side by side for one test file, to build the same schema two
 * ways and compare them: two databases on a server, or two PGlite instances (PGlite serves one
 * database per instance). Registers its own beforeAll/afterAll.
 */

import { afterAll, beforeAll } from '@jest/globals';
import type { Database } from '@strata/core';
import { openDatabase } from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';

export interface TwoDatabases {
  readonly backend: TestPostgres['backend'];
  readonly first: Database;
  readonly second: Database;
}

export function useTwoDatabases(): TwoDatabases {
  let a: TestPostgres | undefined;
  let b: TestPostgres | undefined;
  let first: Database | undefined;
  let second: Database | undefined;
  beforeAll(async () => {
    a = await startTestPostgres();
    b =
      a.backend === 'server'
        ? { ...a, url: await a.createDatabase(), close: async () => {} }
        : await startTestPostgres();
    first = await openDatabase(provider, a.url);
    second = await openDatabase(provider, b.url);
  }, 60_000);
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await b?.close();
    await a?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test databases are not started (used outside a test?)');
    return value;
  };
  return {
    get backend() {
      return started(a).backend;
    },
    get first() {
      return started(first);
    },
    get second() {
      return started(second);
    },
  };
}
