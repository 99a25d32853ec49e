/**
 * Prisma golden equivalence: for every SQLite schema of the corpus, the SQL Prisma 7 generates
 * from an empty database (committed in fixtures/prisma-golden, see its README; Prisma never runs
 * here) and strata's emit(diff(empty, lower(schema))) must build identical databases (tables,
 * columns, types, nullability, defaults, keys, indexes, foreign keys, names), and must be the same
 * statements once whitespace is normalized. Every remaining statement difference is listed below
 * with its reason; the test also fails when a listed one no longer occurs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { type DatabaseSchema, emptySchema } from '@strata/core';
import { corpusOrSkip, createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { lowerPrisma, migrationSql } from './support.js';

const corpus = corpusOrSkip();
const GOLDEN = path.join(import.meta.dirname, 'fixtures', 'prisma-golden');

/** Golden file name (without .sql) = the corpus folder holding its schema.prisma. */
const PROJECTS = ['epicweb-dev__epic-stack', 'remix-run__indie-stack', 'spacedriveapp__spacedrive'] as const;

interface StatementException {
  /** The statement, whitespace-normalized as `normalized` prints it. */
  readonly statement: string;
  /** Which script has it and the other lacks. */
  readonly onlyIn: 'prisma' | 'strata';
  readonly why: string;
}

/** Statement differences particular to one project, each with its reason. */
const EXCEPTIONS: Readonly<Record<string, readonly StatementException[]>> = {};

/** The SQL statements of a script, comments dropped and whitespace runs collapsed to one space. */
function normalized(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => !line.startsWith('-- '))
    .join('\n')
    .split(/;[ \t]*(?:\n|$)/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '')
    .map((s) => `${s};`);
}

/** Statements of `a` not matched one for one in `b` (a multiset difference). */
function missingFrom(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const s of b) left.set(s, (left.get(s) ?? 0) + 1);
  const out: string[] = [];
  for (const s of a) {
    const n = left.get(s) ?? 0;
    if (n > 0) left.set(s, n - 1);
    else out.push(s);
  }
  return out;
}

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/** A fresh SQLite file with `script` run on it, introspected. */
async function introspectAfter(script: string): Promise<DatabaseSchema> {
  const db = createTestSqlite();
  cleanups.push(db.close);
  const connection = await provider.connect(db.url, { createIfMissing: true });
  try {
    await connection.execute(script);
    return await connection.introspect();
  } finally {
    await connection.close();
  }
}

describe('Prisma 7 golden SQL = strata from the same schema', () => {
  test('every SQLite corpus schema has a golden file, and every golden file a schema', () => {
    const files = readdirSync(GOLDEN)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.slice(0, -'.sql'.length))
      .sort();
    expect(files).toEqual([...PROJECTS].sort());
  });

  for (const name of PROJECTS) {
    const golden = (): string => readFileSync(path.join(GOLDEN, `${name}.sql`), 'utf8');
    const ours = (root: string): string =>
      migrationSql(emptySchema('sqlite'), lowerPrisma(readFileSync(path.join(root, name, 'schema.prisma'), 'utf8')));

    test(`${name}: the same statements`, () => {
      if (corpus === undefined) return;
      const theirs = normalized(golden());
      const mine = normalized(ours(corpus));
      const listed = EXCEPTIONS[name] ?? [];
      const found = [
        ...missingFrom(theirs, mine).map((statement) => ({ statement, onlyIn: 'prisma' as const })),
        ...missingFrom(mine, theirs).map((statement) => ({ statement, onlyIn: 'strata' as const })),
      ];
      const isListed = (f: { statement: string; onlyIn: string }) =>
        listed.some((e) => e.statement === f.statement && e.onlyIn === f.onlyIn);
      expect({ name, unexplained: found.filter((f) => !isListed(f)) }).toEqual({ name, unexplained: [] });
      const listedButAbsent = listed
        .filter((e) => !found.some((f) => f.statement === e.statement && f.onlyIn === e.onlyIn))
        .map((e) => e.statement);
      expect({ name, listedButAbsent }).toEqual({ name, listedButAbsent: [] });
      expect(theirs.length).toBeGreaterThan(listed.length);
    });

    test(`${name}: the same database`, async () => {
      if (corpus === undefined) return;
      const prisma = await introspectAfter(golden());
      const strata = await introspectAfter(ours(corpus));
      expect(prisma.tables.length).toBeGreaterThan(0);
      // the whole introspected schema: tables, columns (order included), types, defaults, keys,
      // indexes and foreign keys with their names and actions
      expect(strata).toEqual(prisma);
    });
  }
});
