/**
 * DateTime defaults: written in Prisma's spelling (`'2018-01-27 08:00:00 +00:00'`; the SQL is
 * compared with Prisma's in prisma-golden.test.ts, fixture datetime-defaults), read back from any
 * spelling (Prisma's, the RFC 3339 text strata wrote before, SQLite's own) as RFC 3339, and
 * compared by the instant they denote: an adopted Prisma database and an older strata database
 * show no drift, `db pull` prints a default the schema language accepts, and a real change of
 * instant is still a change.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { type Column, type Database, dbPull, dbPush, migrateDiff, openDatabase } from '@strata/core';
import { createTempDir } from '@strata/testkit';
import fc from 'fast-check';
import { parseDateTime, prismaDateTimeText, rfc3339Text } from '../src/datetime.js';
import { provider } from '../src/index.js';
import { createFrom, datasource, lowerPrisma } from './support.js';

const temp = createTempDir('strata-sqlite-datetime-');
afterAll(() => temp.close());
const GOLDEN = path.join(import.meta.dirname, 'fixtures', 'prisma-golden');

let databases = 0;
async function withConnection(url: string, run: (connection: Database) => Promise<void>): Promise<void> {
  const connection = await openDatabase(provider, url, { createIfMissing: true });
  try {
    await run(connection);
  } finally {
    await connection.close();
  }
}

async function database(sql: string): Promise<string> {
  const url = `file:${path.join(temp.dir, `db${++databases}.db`)}`;
  await withConnection(url, async (connection) => {
    if (sql !== '') await connection.execute(sql);
  });
  return url;
}

async function schemaFile(name: string, text: string): Promise<string> {
  const file = path.join(temp.dir, name);
  await writeFile(file, text);
  return file;
}

const eventSchema = (at: string) => `${datasource}
model Event {
  id Int      @id @default(autoincrement())
  at DateTime @default("${at}")
}
`;

describe('DateTime defaults on SQLite', () => {
  test('a database Prisma made (its own SQL) is in sync with the schema it was made from', async () => {
    const url = await database(readFileSync(path.join(GOLDEN, 'datetime-defaults.sql'), 'utf8'));
    const diff = await migrateDiff({
      provider,
      from: { kind: 'url', url },
      to: { kind: 'schema', path: path.join(GOLDEN, 'datetime-defaults.prisma') },
    });
    expect(diff.summary).toEqual([]);
  });

  test('a schema pulled by Prisma (dbgenerated("\'2018-01-27 08:00:00 +00:00\'")) is in sync with that database', async () => {
    const url = await database(readFileSync(path.join(GOLDEN, 'datetime-defaults.sql'), 'utf8'));
    const file = await schemaFile(
      'prisma-pulled.prisma',
      `${datasource}
model Event {
  id          Int       @id @default(autoincrement())
  utc         DateTime  @default(dbgenerated("'2018-01-27 08:00:00 +00:00'"))
  millis      DateTime  @default(dbgenerated("'2018-01-27 08:00:00.123 +00:00'"))
  padded      DateTime  @default(dbgenerated("'2018-01-27 08:00:00.120 +00:00'"))
  half        DateTime  @default(dbgenerated("'2018-01-27 08:00:00.500 -05:30'"))
  micros      DateTime? @default(dbgenerated("'2018-01-27 08:00:00.123456 +00:00'"))
  fourDigits  DateTime  @default(dbgenerated("'2018-01-27 08:00:00.123400 +00:00'"))
  nanos       DateTime  @default(dbgenerated("'2018-01-27 08:00:00.123456789 +00:00'"))
  plusTwo     DateTime  @default(dbgenerated("'2018-01-27 08:00:00 +02:00'"))
  minusZero   DateTime  @default(dbgenerated("'2018-01-27 08:00:00 +00:00'"))
  lowerCase   DateTime  @default(dbgenerated("'2018-01-27 08:00:00 +00:00'"))
  epoch       DateTime  @default(dbgenerated("'1970-01-01 00:00:00 +00:00'"))
  earlyYear   DateTime  @default(dbgenerated("'0099-01-01 00:00:00.123456700 +00:00'"))
  createdAt   DateTime  @default(now())
  plainString String    @default(dbgenerated("'2018-01-27T08:00:00Z'"))
}
`,
    );
    const diff = await migrateDiff({ provider, from: { kind: 'url', url }, to: { kind: 'schema', path: file } });
    expect(diff.summary).toEqual([]);
  });

  test("a database strata made with the older literal ('2018-01-27T08:00:00Z') shows no drift either", async () => {
    const url = await database(
      `CREATE TABLE "Event" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "at" DATETIME NOT NULL DEFAULT '2018-01-27T08:00:00Z');`,
    );
    const file = await schemaFile('event.prisma', eventSchema('2018-01-27T08:00:00Z'));
    expect(
      (await migrateDiff({ provider, from: { kind: 'url', url }, to: { kind: 'schema', path: file } })).summary,
    ).toEqual([]);
    expect((await dbPush({ provider, url, schemaPath: file })).inSync).toBe(true);
    // the same instant in another offset is the same default; another instant is a change
    const sameInstant = await schemaFile('same.prisma', eventSchema('2018-01-27T10:00:00+02:00'));
    expect((await dbPush({ provider, url, schemaPath: sameInstant })).inSync).toBe(true);
    const later = await schemaFile('later.prisma', eventSchema('2018-01-27T09:00:00Z'));
    const pushed = await dbPush({ provider, url, schemaPath: later, allowWarnings: true });
    expect(pushed.inSync).toBe(false);
    expect(pushed.sql).toContain(`DEFAULT '2018-01-27 09:00:00 +00:00'`);
    expect((await dbPush({ provider, url, schemaPath: later })).inSync).toBe(true);
  });

  test('db pull prints every spelling as an RFC 3339 default the schema accepts; the pulled schema is in sync', async () => {
    const url = await database(`CREATE TABLE "Event" (
  "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  "prisma" DATETIME NOT NULL DEFAULT '2018-01-27 08:00:00.500 -05:30',
  "older" DATETIME NOT NULL DEFAULT '2018-01-27T08:00:00Z',
  "sqlite" DATETIME NOT NULL DEFAULT '2018-01-27 08:00:00',
  "text" TEXT NOT NULL DEFAULT '2018-01-27 08:00:00 +00:00',
  "notADate" DATETIME NOT NULL DEFAULT 'soon'
);`);
    const pulled = await dbPull({ provider, url });
    const lines = pulled.schema.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
    expect(lines).toContain('prisma DateTime @default("2018-01-27T08:00:00.500-05:30")');
    expect(lines).toContain('older DateTime @default("2018-01-27T08:00:00Z")');
    expect(lines).toContain('sqlite DateTime @default("2018-01-27T08:00:00Z")');
    // a TEXT column's default is a string, kept as written
    expect(lines).toContain('text String @default("2018-01-27 08:00:00 +00:00")');
    const file = await schemaFile(
      'pulled.prisma',
      // 'soon' is no date-time: the schema language refuses it, so that column is left out here
      pulled.schema.replace(/\n\s*notADate .*\n/, '\n'),
    );
    const diff = await migrateDiff({ provider, from: { kind: 'url', url }, to: { kind: 'schema', path: file } });
    expect(diff.changes.flatMap((c) => (c.kind === 'AlterTable' ? c.changes.map((t) => t.kind) : [c.kind]))).toEqual([
      'DropColumn',
    ]);
  });

  test('property: any date-time written by strata reads back from a real table as the same default, and another instant differs', async () => {
    const arbitrary = fc.record({
      year: fc.integer({ min: 1, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      nanos: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 1, max: 999 }).map((ms) => ms * 1_000_000),
        fc.integer({ min: 1, max: 999_999 }).map((us) => us * 1_000),
        fc.integer({ min: 1, max: 999_999_999 }),
      ),
      offset: fc.oneof(fc.constant(0), fc.integer({ min: -14 * 60, max: 14 * 60 })),
      separator: fc.constantFrom('T', 't', ' '),
      utc: fc.constantFrom('Z', 'z', '+00:00'),
      extraZeros: fc.integer({ min: 0, max: 3 }),
    });
    type Value = typeof arbitrary extends fc.Arbitrary<infer T> ? T : never;
    const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');
    // RFC 3339 in any spelling the schema accepts: T/t/space, Z/z/+00:00, trailing fraction zeros.
    const write = (v: Value): string => {
      const fraction = v.nanos === 0 ? '' : `.${pad(v.nanos, 9).replace(/0+$/, '')}${'0'.repeat(v.extraZeros)}`;
      const offset =
        v.offset === 0
          ? v.utc
          : `${v.offset < 0 ? '-' : '+'}${pad(Math.trunc(v.offset / 60), 2)}:${pad(v.offset % 60, 2)}`;
      return `${pad(v.year, 4)}-${pad(v.month, 2)}-${pad(v.day, 2)}${v.separator}${pad(v.hour, 2)}:${pad(v.minute, 2)}:${pad(v.second, 2)}${fraction}${offset}`;
    };
    const values = fc.sample(arbitrary, { numRuns: 200, seed: 20261205 }).map(write);
    // One column per value, created by strata's own CREATE TABLE on a real file, read back by introspection.
    const lowered = lowerPrisma(
      `${datasource}model T {\n  id Int @id\n${values.map((v, i) => `  c${i} DateTime @default("${v}")`).join('\n')}\n}\n`,
    );
    const table = lowered.tables[0]!;
    const url = await database('');
    await withConnection(url, (connection) => createFrom(connection, lowered));
    const connection = await openDatabase(provider, url);
    try {
      const live = (await connection.introspect()).tables[0]!;
      const equal = (a: Column, b: Column) => provider.diffHooks.defaultsEqual!(a.default, b.default, b);
      table.columns.slice(1).forEach((column, i) => {
        const read = live.columns[i + 1]!;
        expect({ value: values[i], equal: equal(read, column) }).toEqual({ value: values[i], equal: true });
        // RFC 3339 again, and the same text once more through Prisma's spelling (a fixed point)
        const text = (read.default as { value: string }).value;
        expect(rfc3339Text(parseDateTime(prismaDateTimeText(parseDateTime(text)!))!)).toBe(text);
        // one nanosecond later is another default
        const next = parseDateTime(text)!;
        const later = rfc3339Text(
          next.nanos < 999_999_999 ? { ...next, nanos: next.nanos + 1 } : { ...next, nanos: next.nanos - 1 },
        );
        expect(equal(read, { ...column, default: { kind: 'string', value: later } })).toBe(false);
      });
    } finally {
      await connection.close();
    }
  });
});
