/**
 * Prisma golden equivalence: for every SQLite schema of the corpus, the SQL Prisma 7 generates
 * from an empty database (committed in fixtures/prisma-golden, see its README; Prisma never runs
 * here) and strata's emit(diff(empty, lower(schema))) must build identical databases (tables,
 * columns, types, nullability, defaults, keys, indexes, foreign keys, names), and must be the same
 * statements once whitespace is normalized. Every remaining statement difference is listed below
 * with its reason; the test also fails when a listed one no longer occurs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { type DatabaseSchema, emptySchema, openDatabase } from '@strata/core';
import { goldenFileNames, normalizedStatements, statementsMissingFrom } from '@strata/core/testing';
import { corpusOrSkip, createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { lowerPrisma, migrationSql } from './support.js';

const corpus = corpusOrSkip();
const GOLDEN = path.join(import.meta.dirname, 'fixtures', 'prisma-golden');

/** Golden file name (without .sql) = the corpus folder holding its schema.prisma. */
const PROJECTS = ['epicweb-dev__epic-stack', 'remix-run__indie-stack', 'spacedriveapp__spacedrive'] as const;

/**
 * Golden files whose schema is a fixture beside them (`<name>.prisma`), for shapes no corpus
 * project covers; they run without the corpus.
 */
const FIXTURES = ['datetime-defaults', 'id-shapes'] as const;

/**
 * A CREATE TABLE that differs only in the order of its clauses (columns, keys, foreign keys).
 * SQLite has no clause order to speak of, but the text differs: strata's schema IR keeps foreign
 * keys in canonical (name) order, while Prisma writes them in the order of the model's relation
 * fields, which the IR does not record.
 */
interface ClauseOrderException {
  readonly table: string;
  readonly why: string;
}

const FOREIGN_KEY_ORDER = 'foreign keys in name order (strata IR) vs relation field order (Prisma)';

/** Statement differences particular to one project, each with its reason. */
const EXCEPTIONS: Readonly<Record<string, readonly ClauseOrderException[]>> = {
  spacedriveapp__spacedrive: [
    { table: 'indexer_rule_in_location', why: FOREIGN_KEY_ORDER },
    { table: 'label_on_object', why: FOREIGN_KEY_ORDER },
    { table: 'object_in_space', why: FOREIGN_KEY_ORDER },
  ],
};

/** The table a normalized CREATE TABLE creates, or undefined. */
function createdTable(statement: string): string | undefined {
  return /^CREATE TABLE "([^"]+)" \(/.exec(statement)?.[1];
}

/** The clauses of a normalized CREATE TABLE, sorted (commas inside parentheses kept). */
function sortedClauses(statement: string): string[] {
  const body = statement.slice(statement.indexOf('(') + 1, statement.lastIndexOf(')'));
  const clauses: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === ',' && depth === 0) {
      clauses.push(current.trim());
      current = '';
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    current += ch;
  }
  clauses.push(current.trim());
  return clauses.sort();
}

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/** A fresh SQLite file with `script` run on it, introspected. */
async function introspectAfter(script: string): Promise<DatabaseSchema> {
  const db = createTestSqlite();
  cleanups.push(db.close);
  const connection = await openDatabase(provider, db.url, { createIfMissing: true });
  try {
    await connection.execute(script);
    return await connection.introspect();
  } finally {
    await connection.close();
  }
}

describe('Prisma 7 golden SQL = strata from the same schema', () => {
  test('every SQLite corpus schema has a golden file, and every golden file a schema', () => {
    expect(goldenFileNames(GOLDEN)).toEqual([...PROJECTS, ...FIXTURES].sort());
  });

  const cases = [
    ...PROJECTS.map((name) => ({ name, root: corpus, schemaFile: path.join(name, 'schema.prisma') })),
    ...FIXTURES.map((name) => ({ name, root: GOLDEN, schemaFile: `${name}.prisma` })),
  ];
  for (const { name, root: corpus, schemaFile } of cases) {
    const golden = (): string => readFileSync(path.join(GOLDEN, `${name}.sql`), 'utf8');
    const ours = (root: string): string =>
      migrationSql(emptySchema('sqlite'), lowerPrisma(readFileSync(path.join(root, schemaFile), 'utf8')));

    test(`${name}: the same statements`, () => {
      if (corpus === undefined) return;
      const theirs = normalizedStatements(golden());
      const mine = normalizedStatements(ours(corpus));
      const listed = EXCEPTIONS[name] ?? [];
      const onlyPrisma = statementsMissingFrom(theirs, mine);
      const onlyStrata = statementsMissingFrom(mine, theirs);
      // a listed table explains its two CREATE TABLE statements when they hold the same clauses
      const explained = new Set(
        listed
          .map((e) => e.table)
          .filter((table) => {
            const p = onlyPrisma.filter((st) => createdTable(st) === table);
            const o = onlyStrata.filter((st) => createdTable(st) === table);
            return (
              p.length === 1 &&
              o.length === 1 &&
              JSON.stringify(sortedClauses(p[0]!)) === JSON.stringify(sortedClauses(o[0]!))
            );
          }),
      );
      const unexplained = (statements: string[]) => statements.filter((st) => !explained.has(createdTable(st) ?? ''));
      expect({ name, onlyInPrisma: unexplained(onlyPrisma), onlyInStrata: unexplained(onlyStrata) }).toEqual({
        name,
        onlyInPrisma: [],
        onlyInStrata: [],
      });
      const listedButAbsent = listed.map((e) => e.table).filter((table) => !explained.has(table));
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
