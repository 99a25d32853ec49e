/**
 * DataProbe: each counting query against real rows, including the values that would not
 * survive a narrowing conversion (`countNotFitting`).
 */

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ColumnType, Database, DataProbe } from '@strata/core';
import { openDatabase } from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';

let pg: TestPostgres;
let db: Database;
let probe: DataProbe;
beforeAll(async () => {
  pg = await startTestPostgres();
  db = await openDatabase(provider, pg.url, { namespaces: ['public', 'other'] });
  probe = db.probe;
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
    expect(await probe.countRows('Sample')).toBe(6);
    expect(await probe.countRows('other.Thing')).toBe(2);
  });
  test('countNonNull and countNull add up to the rows', async () => {
    expect(await probe.countNonNull('Sample', 'txt')).toBe(5);
    expect(await probe.countNull('Sample', 'txt')).toBe(1);
    expect(await probe.countNull('Sample', 'mood')).toBe(1);
    expect(await probe.countNonNull('other.Thing', 'label')).toBe(1);
    expect(await probe.countNull('other.Thing', 'label')).toBe(1);
  });
  test('countValues on an enum column (the rows that use removed values)', async () => {
    expect(await probe.countValues('Sample', 'mood', ['ok'])).toBe(3);
    expect(await probe.countValues('Sample', 'mood', ['sad', 'happy'])).toBe(2);
    expect(await probe.countValues('Sample', 'mood', [])).toBe(0);
  });
  test('countDuplicates counts every row of a duplicated key, NULLs never collide', async () => {
    // (1,'x') twice, 'x' in b alone four times
    expect(await probe.countDuplicates('Sample', ['a', 'b'])).toBe(2);
    expect(await probe.countDuplicates('Sample', ['b'])).toBe(3);
    expect(await probe.countDuplicates('Sample', ['a'])).toBe(5);
    expect(await probe.countDuplicates('Sample', ['id'])).toBe(0);
  });
});

describe('countNotFitting (narrowing casts)', () => {
  test('text -> integer: values that are not integers', async () => {
    // 'x1' and '3.5' fail; '  42 ' casts to 42 but does not read back as the same text
    expect(await probe.countNotFitting('Sample', 'txt', type('Int', 'INTEGER'))).toBe(3);
  });
  test('varchar(10) -> varchar(3): longer values are cut', async () => {
    expect(await probe.countNotFitting('Sample', 'short', type('String', 'VARCHAR(3)'))).toBe(2);
    expect(await probe.countNotFitting('Sample', 'short', type('String', 'VARCHAR(20)'))).toBe(0);
    expect(await probe.countNotFitting('Sample', 'short', type('String', 'TEXT'))).toBe(0);
  });
  test('bigint -> integer: values out of range', async () => {
    expect(await probe.countNotFitting('Sample', 'big', type('Int', 'INTEGER'))).toBe(2);
    expect(await probe.countNotFitting('Sample', 'big', type('Int', 'SMALLINT'))).toBe(4);
  });
  test('decimal precision and scale: rounded or overflowing values', async () => {
    // scale 2 rounds 123.125 and 99999.9999 (which then overflows precision 6: 100000.00);
    // (4,1) rounds 12.25 and 123.125 and overflows 99999.9999; 1.5 and 0 fit
    expect(await probe.countNotFitting('Sample', 'amount', type('Decimal', 'DECIMAL(6,2)'))).toBe(2);
    expect(await probe.countNotFitting('Sample', 'amount', type('Decimal', 'DECIMAL(12,4)'))).toBe(0);
    expect(await probe.countNotFitting('Sample', 'amount', type('Decimal', 'DECIMAL(4,1)'))).toBe(3);
  });
  test('enum -> text and integer -> bigint always fit', async () => {
    expect(await probe.countNotFitting('Sample', 'mood', type('String', 'TEXT'))).toBe(0);
    expect(await probe.countNotFitting('Sample', 'a', type('BigInt', 'BIGINT'))).toBe(0);
  });
  test('in another namespace', async () => {
    expect(await probe.countNotFitting('other.Thing', 'label', type('Int', 'INTEGER'))).toBe(1);
  });
});
