/**
 * Every column type change between PostgreSQL types strata can write (each Prisma scalar's native
 * types, and an enum), on a real database holding rows (a server with STRATA_TEST_POSTGRES_URL,
 * PGlite otherwise):
 *
 * 1. the cast table (`casts.ts`) is PostgreSQL's own: a pair is converted in place exactly when
 *    PostgreSQL has a cast for it; the others are dropped and added again, as Prisma plans them;
 * 2. the planned migration, with the warnings counted in that database, either runs (as with
 *    `--allow-warnings`: data-loss accepted) or is blocked by a `would-fail` warning before it
 *    runs, and then running it anyway would indeed fail. Never a migration that fails in the
 *    database after the checks said it would run.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  type Column,
  type ColumnType,
  type Database,
  type DatabaseSchema,
  diff,
  type EnumType,
  openDatabase,
  planMigration,
  type Table,
} from '@strata/core';
import { startTestPostgres, type TestPostgres } from '@strata/testkit';
import { convertsColumnType } from '../src/casts.js';
import provider from '../src/index.js';

interface MatrixType {
  readonly type: ColumnType;
  /** Two stored values (SQL literals): one that converts to many types, one that converts to few. */
  readonly samples: readonly [string, string];
}

const E: EnumType = { name: 'E', values: ['a', 'b', '1'] };
const t = (scalar: ColumnType['scalar'], native: string, samples: [string, string]): MatrixType => ({
  type: { scalar, native },
  samples,
});

const TYPES: readonly MatrixType[] = [
  t('String', 'TEXT', ["'1'", "'a'"]),
  t('String', 'VARCHAR(10)', ["'2024-01-01'", "'true'"]),
  t('String', 'CHAR(1)', ["'1'", "'x'"]),
  t('String', 'UUID', ["'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'00000000-0000-0000-0000-000000000000'"]),
  t('String', 'XML', ["'<a/>'", "'text'"]),
  t('String', 'INET', ["'10.0.0.1'", "'::1'"]),
  t('String', 'CITEXT', ['\'{"a": 1}\'', "'b'"]),
  t('String', 'BIT(1)', ["B'1'", "B'0'"]),
  t('String', 'VARBIT', ["B'1'", "B'101'"]),
  t('Int', 'SMALLINT', ['1', '300']),
  t('Int', 'INTEGER', ['0', '100000']),
  t('Int', 'OID', ['1', '4000000000']),
  t('BigInt', 'BIGINT', ['1', '3000000000']),
  t('Float', 'REAL', ['1', '1.5']),
  t('Float', 'DOUBLE PRECISION', ['0', '1e20']),
  t('Decimal', 'DECIMAL(65,30)', ['1', '12.345']),
  t('Decimal', 'DECIMAL(5,2)', ['1', '999.99']),
  t('Decimal', 'MONEY', ["'1'", "'12.34'"]),
  t('DateTime', 'TIMESTAMP(3)', ["'2024-01-01 10:00:00'", "'2024-01-01 00:00:00'"]),
  t('DateTime', 'TIMESTAMPTZ(3)', ["'2024-01-01 10:00:00+00'", "'2024-06-01 00:00:00+02'"]),
  t('DateTime', 'DATE', ["'2024-01-01'", "'1999-12-31'"]),
  t('DateTime', 'TIME(3)', ["'10:00:00'", "'23:59:59.5'"]),
  t('DateTime', 'TIMETZ(3)', ["'10:00:00+02'", "'00:00:00+00'"]),
  t('Boolean', 'BOOLEAN', ['true', 'false']),
  t('Json', 'JSON', ["'1'", '\'{"a": 1}\'']),
  t('Json', 'JSONB', ["'true'", "'[1]'"]),
  t('Bytes', 'BYTEA', ["'\\x00ff'", "'\\x'"]),
  {
    type: { scalar: 'Enum', native: 'E', enum: { name: 'E' } },
    samples: ["'1'", "'a'"],
  },
];

let pg: TestPostgres;
let db: Database;
let citext = true;
beforeAll(async () => {
  pg = await startTestPostgres();
  db = await openDatabase(provider, pg.url);
  await db.execute(`CREATE TYPE "E" AS ENUM ('a', 'b', '1');`);
  try {
    await db.execute('CREATE EXTENSION IF NOT EXISTS citext;');
  } catch (error) {
    citext = false;
    console.log(`CITEXT pairs skipped: the extension is not available here (${(error as Error).message})`);
  }
}, 60_000);
afterAll(async () => {
  await db?.close();
  await pg?.close();
});

const available = (): readonly MatrixType[] => TYPES.filter((x) => citext || x.type.native !== 'CITEXT');
const sqlType = (type: ColumnType): string => (type.scalar === 'Enum' ? '"E"' : type.native);

async function accepts(sql: string): Promise<boolean> {
  try {
    await db.query(sql);
    return true;
  } catch {
    return false;
  }
}

/**
 * Casts newer servers have that the table leaves out on purpose: a migration must run on every
 * supported server (15 and later), so these pairs are dropped and added there too.
 * PostgreSQL 18 added integer <-> bytea.
 */
const NEWER_CASTS = new Set(['SMALLINT', 'INTEGER', 'BIGINT'].flatMap((n) => [`${n} -> BYTEA`, `BYTEA -> ${n}`]));

test('the cast table is PostgreSQL own: converted in place exactly when PostgreSQL has a cast', async () => {
  const wrong: string[] = [];
  const judge = (pair: string, converts: boolean, castExists: boolean): void => {
    if (converts && !castExists) wrong.push(`${pair}: PostgreSQL has no cast`);
    if (!converts && castExists && !NEWER_CASTS.has(pair.replace(/\[\]/g, '')))
      wrong.push(`${pair}: PostgreSQL has a cast`);
  };
  for (const a of available())
    for (const b of available()) {
      if (a.type.scalar === 'Enum' || b.type.scalar === 'Enum') continue; // through text, below
      const pair = `${a.type.native} -> ${b.type.native}`;
      judge(
        pair,
        convertsColumnType(a.type, b.type),
        await accepts(`SELECT CAST(NULL::${sqlType(a.type)} AS ${sqlType(b.type)})`),
      );
      // lists convert element by element; a list and a scalar never
      judge(
        `${a.type.native}[] -> ${b.type.native}[]`,
        convertsColumnType({ ...a.type, list: true }, { ...b.type, list: true }),
        await accepts(`SELECT CAST(NULL::${sqlType(a.type)}[] AS ${sqlType(b.type)}[])`),
      );
    }
  expect(wrong).toEqual([]);
  expect(
    convertsColumnType({ scalar: 'Int', native: 'INTEGER' }, { scalar: 'Int', native: 'INTEGER', list: true }),
  ).toBe(false);
}, 120_000);

function schemaWith(table: string, type: ColumnType, nullable: boolean, list = false): DatabaseSchema {
  const column: Column = { name: 'c', type: list ? { ...type, list: true } : type, nullable };
  const tableIr: Table = {
    name: table,
    columns: [{ name: 'id', type: { scalar: 'Int', native: 'INTEGER' }, nullable: false }, column],
    primaryKey: { name: `${table}_pkey`, columns: ['id'] },
    indexes: [],
    foreignKeys: [],
  };
  return { provider: 'postgresql', namespaces: [], tables: [tableIr], enums: [E], unmanaged: [] };
}

interface Outcome {
  readonly pair: string;
  readonly blocked: boolean;
  readonly error?: string;
}

let seq = 0;
async function runPair(a: MatrixType, b: MatrixType, nullable: boolean, list: boolean): Promise<Outcome | undefined> {
  const table = `m${seq++}`;
  const from = schemaWith(table, a.type, nullable, list);
  const to = schemaWith(table, b.type, nullable, list);
  const changes = diff(from, to, { hooks: provider.diffHooks });
  if (changes.length === 0) return undefined;
  const pair = `${a.type.native}${list ? '[]' : ''} -> ${b.type.native}${list ? '[]' : ''}${nullable ? ' (optional)' : ''}`;
  const values = list
    ? [`ARRAY[${a.samples[0]}]::${sqlType(a.type)}[]`, `ARRAY[${a.samples[1]}]::${sqlType(a.type)}[]`]
    : a.samples;
  await db.execute(
    `CREATE TABLE "${table}" ("id" INTEGER NOT NULL PRIMARY KEY, "c" ${sqlType(a.type)}${list ? '[]' : ''}${nullable ? '' : ' NOT NULL'});
INSERT INTO "${table}" ("id", "c") VALUES (1, ${values[0]}), (2, ${values[1]});`,
  );
  try {
    const plan = await planMigration({ from, to, renames: [], provider, probe: db.probe });
    const blocked = plan.warnings.some((w) => w.severity === 'would-fail');
    try {
      await db.execute(`BEGIN;\n${plan.script}\nROLLBACK;`);
      return { pair, blocked };
    } catch (error) {
      await db.execute('ROLLBACK;').catch(() => undefined);
      return { pair, blocked, error: (error as Error).message };
    }
  } finally {
    await db.execute(`DROP TABLE "${table}";`);
  }
}

describe('every type change with rows runs or is blocked before it runs', () => {
  const cases: readonly { label: string; nullable: boolean; list: boolean }[] = [
    { label: 'required columns', nullable: false, list: false },
    { label: 'optional columns', nullable: true, list: false },
    { label: 'lists', nullable: true, list: true },
  ];
  for (const { label, nullable, list } of cases)
    test(label, async () => {
      const failedUnblocked: string[] = [];
      const blockedButRuns: string[] = [];
      let ran = 0;
      let blocked = 0;
      for (const a of available())
        for (const b of available()) {
          const outcome = await runPair(a, b, nullable, list);
          if (outcome === undefined) continue;
          if (outcome.blocked) blocked++;
          else ran++;
          if (!outcome.blocked && outcome.error !== undefined)
            failedUnblocked.push(`${outcome.pair}: ${outcome.error}`);
          if (outcome.blocked && outcome.error === undefined) blockedButRuns.push(outcome.pair);
        }
      console.log(`${label}: ${ran} migrations ran, ${blocked} were blocked by a would-fail warning`);
      expect(failedUnblocked).toEqual([]);
      expect(blockedButRuns).toEqual([]);
    }, 600_000);
});

test("a type PostgreSQL cannot convert is dropped and added again, in Prisma's SQL", async () => {
  const from = schemaWith('p', { scalar: 'DateTime', native: 'TIMESTAMP(3)' }, false);
  const to = schemaWith('p', { scalar: 'Float', native: 'DOUBLE PRECISION' }, false);
  const plan = await planMigration({ from, to, renames: [], provider });
  expect(plan.script).toContain('ALTER TABLE "p" DROP COLUMN "c",\nADD COLUMN     "c" DOUBLE PRECISION NOT NULL;');
  expect(plan.script).not.toContain('USING');
  expect(plan.warnings.map((w) => [w.code, w.severity])).toEqual([
    ['drop-column', 'data-loss'],
    ['add-required-column-no-default', 'would-fail'],
  ]);
  expect(plan.warnings[0]?.message).toContain('would be dropped and recreated');
});
