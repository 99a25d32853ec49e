/**
 * DataInspector: each counting query against real rows, including the values that would not
 * survive a narrowing conversion (`countNotFitting`).
 */

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ColumnType, Database, DataInspector } from '@strata/core';
import { openDatabase } from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';

let pg: TestPostgres;
let db: Database;
let inspect: DataInspector;
beforeAll(async () => {
  pg = await startTestPostgres();
  db = await openDatabase(provider, pg.url, { namespaces: ['public', 'other'] });
  inspect = db.inspect;
  await db.execute(`
    CREATE SCHEMA IF NOT EXISTS other;
    CREATE TYPE "Mood" AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE "Sample" (
      "id" SERIAL PRIMARY KEY,
      "txt" TEXT,
      "short" VARCHAR(10),
      "big" BIGINT,
      "amount" DECIMAL(10,4),
      "mood" "Mood",
      "a" INTEGER,
      "b" TEXT
    );
    INSERT INTO "Sample" ("txt", "short", "big", "amount", "mood", "a", "b") VALUES
      ('12',    'abc',        1,                  1.5,        'ok',    1, 'x'),
      ('-7',    'abcd',       2147483647,         12.25,      'happy', 1, 'x'),
      ('x1',    'abcdefghij', 2147483648,         123.125,    'ok',    1, 'y'),
      ('3.5',   NULL,         -2147483649,        99999.9999, NULL,    2, 'x'),
      (NULL,    'ab',         NULL,               NULL,       'sad',   NULL, NULL),
      ('  42 ', '',           -2147483648,        0,          'ok',    2, NULL);
    CREATE TABLE other."Thing" ("id" INTEGER PRIMARY KEY, "label" TEXT);
    INSERT INTO other."Thing" VALUES (1, 'a'), (2, NULL);
  `);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await pg?.close();
});

const type = (scalar: ColumnType['scalar'], native: string): ColumnType => ({ scalar, native });

describe('row counts', () => {
  test('countRows, in the default namespace and in another one', async () => {
    expect(await inspect.countRows('Sample')).toBe(6);
    expect(await inspect.countRows('other.Thing')).toBe(2);
  });
  test('countNonNull and countNull add up to the rows', async () => {
    expect(await inspect.countNonNull('Sample', 'txt')).toBe(5);
    expect(await inspect.countNull('Sample', 'txt')).toBe(1);
    expect(await inspect.countNull('Sample', 'mood')).toBe(1);
    expect(await inspect.countNonNull('other.Thing', 'label')).toBe(1);
    expect(await inspect.countNull('other.Thing', 'label')).toBe(1);
  });
  test('countValues on an enum column (the rows that use removed values)', async () => {
    expect(await inspect.countValues('Sample', 'mood', ['ok'])).toBe(3);
    expect(await inspect.countValues('Sample', 'mood', ['sad', 'happy'])).toBe(2);
    expect(await inspect.countValues('Sample', 'mood', [])).toBe(0);
  });
  test('countDuplicates counts every row of a duplicated key, NULLs never collide', async () => {
    // (1,'x') twice, 'x' in b alone four times
    expect(await inspect.countDuplicates('Sample', ['a', 'b'])).toBe(2);
    expect(await inspect.countDuplicates('Sample', ['b'])).toBe(3);
    expect(await inspect.countDuplicates('Sample', ['a'])).toBe(5);
    expect(await inspect.countDuplicates('Sample', ['id'])).toBe(0);
  });
});

describe('countNotFitting (narrowing casts)', () => {
  test('text -> integer: values that are not integers', async () => {
    // 'x1' and '3.5' fail; '  42 ' casts to 42 but does not read back as the same text
    expect(await inspect.countNotFitting('Sample', 'txt', type('Int', 'INTEGER'))).toBe(3);
  });
  test('varchar(10) -> varchar(3): longer values are cut', async () => {
    expect(await inspect.countNotFitting('Sample', 'short', type('String', 'VARCHAR(3)'))).toBe(2);
    expect(await inspect.countNotFitting('Sample', 'short', type('String', 'VARCHAR(20)'))).toBe(0);
    expect(await inspect.countNotFitting('Sample', 'short', type('String', 'TEXT'))).toBe(0);
  });
  test('bigint -> integer: values out of range', async () => {
    expect(await inspect.countNotFitting('Sample', 'big', type('Int', 'INTEGER'))).toBe(2);
    expect(await inspect.countNotFitting('Sample', 'big', type('Int', 'SMALLINT'))).toBe(4);
  });
  test('decimal precision and scale: rounded or overflowing values', async () => {
    // scale 2 rounds 123.125 and 99999.9999 (which then overflows precision 6: 100000.00);
    // (4,1) rounds 12.25 and 123.125 and overflows 99999.9999; 1.5 and 0 fit
    expect(await inspect.countNotFitting('Sample', 'amount', type('Decimal', 'DECIMAL(6,2)'))).toBe(2);
    expect(await inspect.countNotFitting('Sample', 'amount', type('Decimal', 'DECIMAL(12,4)'))).toBe(0);
    expect(await inspect.countNotFitting('Sample', 'amount', type('Decimal', 'DECIMAL(4,1)'))).toBe(3);
  });
  test('enum -> text and integer -> bigint always fit', async () => {
    expect(await inspect.countNotFitting('Sample', 'mood', type('String', 'TEXT'))).toBe(0);
    expect(await inspect.countNotFitting('Sample', 'a', type('BigInt', 'BIGINT'))).toBe(0);
  });
  test('in another namespace', async () => {
    expect(await inspect.countNotFitting('other.Thing', 'label', type('Int', 'INTEGER'))).toBe(1);
  });
});
