import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Connection } from '@strata/core';
import { startTestMysql, type TestMysql } from '@strata/testkit';
import { connect } from '../src/connection.js';
import { describeMysql } from './support.js';

describeMysql('probe', () => {
  let server: TestMysql;
  let connection: Connection;
  beforeAll(async () => {
    server = await startTestMysql();
    connection = await connect(server.url);
    await connection.exec(`CREATE TABLE \`Item\` (
      \`id\` INTEGER NOT NULL,
      \`name\` VARCHAR(191) NULL,
      \`kind\` ENUM('a', 'b', 'c') NULL,
      \`code\` VARCHAR(20) NULL,
      \`n\` BIGINT NULL,
      \`price\` DECIMAL(10, 3) NULL,
      \`at\` DATETIME(6) NULL,
      \`doc\` LONGTEXT NULL,
      PRIMARY KEY (\`id\`)
    ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const rows: unknown[][] = [
      [1, 'Ann', 'a', 'x1', 5, '1.500', '2024-01-01 00:00:00', '{"a":1}'],
      [2, 'ann', 'b', 'x1', 300, '12345.678', '2024-01-01 10:00:00.5', 'not json'],
      [3, 'Bob', 'b', 'x2', -5, '0.100', '2024-01-02 00:00:00.001', '[1]'],
      [4, null, null, 'x2', 3000000000, null, null, null],
      [5, 'Bob', 'c', null, null, '99999.999', '1969-07-20 20:17:00', '12'],
    ];
    for (const row of rows)
      await connection.query(
        'INSERT INTO `Item` (`id`, `name`, `kind`, `code`, `n`, `price`, `at`, `doc`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        row,
      );
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  it('counts rows, nulls and non-nulls', async () => {
    expect(await connection.probe.countRows('Item')).toBe(5);
    expect(await connection.probe.countNull('Item', 'name')).toBe(1);
    expect(await connection.probe.countNonNull('Item', 'kind')).toBe(4);
  });

  it('counts rows holding given values, exactly (not by the column collation)', async () => {
    expect(await connection.probe.countValues('Item', 'kind', ['b', 'c'])).toBe(3);
    expect(await connection.probe.countValues('Item', 'name', ['ann'])).toBe(1);
    expect(await connection.probe.countValues('Item', 'kind', [])).toBe(0);
  });

  it('counts duplicated rows over columns, NULLs never colliding', async () => {
    // `name` folds case in utf8mb4_unicode_ci, as a unique index on it would: Ann = ann
    expect(await connection.probe.countDuplicates('Item', ['name'])).toBe(4);
    expect(await connection.probe.countDuplicates('Item', ['code'])).toBe(4);
    expect(await connection.probe.countDuplicates('Item', ['name', 'code'])).toBe(2);
    expect(await connection.probe.countDuplicates('Item', ['id'])).toBe(0);
  });

  it('counts values that would not fit a narrower type', async () => {
    const fits = (
      column: string,
      scalar: 'Int' | 'String' | 'Enum' | 'Decimal' | 'DateTime' | 'Json',
      native: string,
    ) => connection.probe.countNotFitting('Item', column, { scalar, native });
    expect(await fits('n', 'Int', 'TINYINT')).toBe(2); // 300 and 3000000000
    expect(await fits('n', 'Int', 'INTEGER')).toBe(1);
    expect(await fits('n', 'Int', 'INTEGER UNSIGNED')).toBe(1); // -5
    expect(await fits('n', 'Int', 'int(10) unsigned')).toBe(1);
    expect(await fits('name', 'String', 'VARCHAR(3)')).toBe(0);
    expect(await fits('name', 'String', 'VARCHAR(2)')).toBe(4);
    expect(await fits('name', 'Int', 'INTEGER')).toBe(4);
    expect(await fits('kind', 'Enum', "ENUM('a', 'b')")).toBe(1);
    expect(await fits('price', 'Decimal', 'DECIMAL(5, 3)')).toBe(2); // 12345.678 and 99999.999
    expect(await fits('price', 'Decimal', 'DECIMAL(10, 1)')).toBe(2); // 12345.678 and 99999.999 round
    expect(await fits('price', 'Int', 'INTEGER')).toBe(4);
    expect(await fits('at', 'DateTime', 'DATETIME(3)')).toBe(0);
    expect(await fits('at', 'DateTime', 'DATETIME(0)')).toBe(2);
    expect(await fits('at', 'DateTime', 'DATE')).toBe(3);
    expect(await fits('at', 'DateTime', 'TIMESTAMP(6)')).toBe(1); // before 1970
    expect(await fits('doc', 'Json', 'JSON')).toBe(1);
    expect(await fits('doc', 'String', 'LONGTEXT')).toBe(0);
  });

  // The would-fail count is checked against the server itself: for each conversion, the MODIFY is
  // run on a copy of the table, and it fails exactly when some rows are counted.
  it.each([
    ['n', 'Int', 'TINYINT'],
    ['n', 'Int', 'BIGINT'],
    ['name', 'Int', 'INTEGER'],
    ['code', 'String', 'VARCHAR(1)'],
    ['code', 'String', 'VARCHAR(2)'],
    ['kind', 'Enum', "ENUM('a', 'b')"],
    ['price', 'Decimal', 'DECIMAL(5, 3)'],
    ['price', 'Decimal', 'DECIMAL(10, 1)'],
    ['at', 'DateTime', 'DATETIME(0)'],
    ['at', 'DateTime', 'DATE'],
    ['at', 'DateTime', 'TIMESTAMP(6)'],
    ['doc', 'Json', 'JSON'],
    ['name', 'String', 'TEXT'],
  ] as const)('countNotConvertible(%s -> %s %s) > 0 exactly when the MODIFY fails', async (column, scalar, native) => {
    const to = { scalar, native };
    const counted = await connection.probe.countNotConvertible?.('Item', column, { scalar: 'String', native: '' }, to);
    await connection.exec('DROP TABLE IF EXISTS `ItemCopy`');
    await connection.exec('CREATE TABLE `ItemCopy` AS SELECT * FROM `Item`');
    const failed = await connection
      .exec(`ALTER TABLE \`ItemCopy\` MODIFY \`${column}\` ${native} NULL`)
      .then(() => false)
      .catch(() => true);
    expect({ failed, counted: (counted ?? 0) > 0 }).toEqual({ failed, counted: failed });
  });
});
