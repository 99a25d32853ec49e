/**
 * The provider kit (`@strata/core/testing`) on the MySQL/MariaDB server at STRATA_TEST_MYSQL_URL:
 * one fresh database per call, dropped afterwards. Without a server the whole file is skipped with
 * the one line `testMysqlAvailable()` prints.
 */
import { afterAll } from '@jest/globals';
import { describeProviderKit, standardLiteral } from '@strata/core/testing';
import { startTestMysql, type TestMysql } from '@strata/testkit';
import { quoteLiteral } from '../src/sql.js';
import { describeMysql, provider } from './support.js';

let server: Promise<TestMysql> | undefined;

/** The test server, started by the first database asked for. */
function testServer(): Promise<TestMysql> {
  server ??= startTestMysql();
  return server;
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

describeMysql('MySQL provider kit', () => {
  afterAll(async () => {
    if (server !== undefined) await (await server).close();
  });

  describeProviderKit({
    provider,
    createDatabase: async () => (await testServer()).createDatabase(),
    dropDatabase: async (url) => {
      await (await testServer()).admin(`DROP DATABASE IF EXISTS \`${databaseName(url)}\``);
    },
    // MySQL's string escapes (a backslash is one) and its DATETIME text, which has no `T` or zone
    literal: (value, column) => {
      if (value === null) return 'NULL';
      switch (column.type.scalar) {
        case 'DateTime':
          return quoteLiteral(String(value).replace('T', ' ').replace(/Z$/, ''));
        case 'String':
        case 'Enum':
        case 'Json':
        case 'Decimal':
        case 'BigInt':
          return quoteLiteral(String(value));
        default:
          return standardLiteral(value, column);
      }
    },
    // BLOB and TEXT columns are indexed by a prefix only (MySQL refuses a whole one; MariaDB cuts it)
    indexable: (column) => !/(BLOB|TEXT)$/i.test(column.type.native.trim()),
    supportsConcurrentSessions: true,
    // STRATA_PROPERTY_RUNS raises the number of runs when hunting for bugs.
    numRuns: Number(process.env.STRATA_PROPERTY_RUNS ?? 30),
  });
});
