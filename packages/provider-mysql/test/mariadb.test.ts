/** What MariaDB has and MySQL has not: system-versioned tables, sequences; and BIT defaults. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Connection } from '@strata/core';
import { isStrataError } from '@strata/core';
import { startTestMysql, type TestMysql } from '@strata/testkit';
import { connectionError } from '../src/client.js';
import { connect } from '../src/connection.js';
import { parseMysqlUrl } from '../src/url.js';
import { describeMysql } from './support.js';

describeMysql('MariaDB objects', () => {
  let server: TestMysql;
  let connection: Connection;
  beforeAll(async () => {
    server = await startTestMysql();
    connection = await connect(server.url);
    await connection.exec(
      "CREATE TABLE `Versioned` (`id` INTEGER NOT NULL, `flag` BIT(1) NOT NULL DEFAULT b'1', `bits` BIT(4) NULL DEFAULT b'101', PRIMARY KEY (`id`)) WITH SYSTEM VERSIONING",
    );
    await connection.exec('CREATE SEQUENCE `counter`');
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  it('reads a system-versioned table as a table, a sequence as an unmanaged object', async () => {
    const schema = await connection.introspect();
    expect(schema.tables.map((t) => t.name)).toEqual(['Versioned']);
    expect(schema.tables[0]?.columns).toEqual([
      { name: 'id', type: { scalar: 'Int', native: 'int(11)' }, nullable: false },
      {
        name: 'flag',
        type: { scalar: 'Boolean', native: 'bit(1)' },
        nullable: false,
        default: { kind: 'boolean', value: true },
      },
      {
        name: 'bits',
        type: { scalar: 'Bytes', native: 'bit(4)' },
        nullable: true,
        default: { kind: 'expression', sql: "b'101'" },
      },
    ]);
    expect(schema.unmanaged).toEqual([{ kind: 'sequence', name: 'counter' }]);
    expect(await connection.hasTable('Versioned')).toBe(true);
    expect(await connection.hasTable('counter')).toBe(false);
  });

  it('resets a system-versioned table and keeps the sequence', async () => {
    expect(await connection.reset()).toEqual([{ kind: 'table', name: 'Versioned' }]);
    expect(await connection.query('SELECT NEXTVAL(`counter`) AS n')).toEqual([{ n: '1' }]);
  });
});

it('reads a read-only server as database-read-only', () => {
  // what the server answers to a write under --read-only, for a user that may not override it
  const error = Object.assign(
    new Error('The MariaDB server is running with the --read-only option so it cannot execute this statement'),
    { code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290 },
  );
  const strata = connectionError(error, parseMysqlUrl('mysql://u:pw@db.example:3306/app'));
  expect(isStrataError(strata) && [strata.code, strata.message]).toEqual([
    'database-read-only',
    'The MySQL server at db.example:3306 is read-only: strata cannot change it.',
  ]);
});
