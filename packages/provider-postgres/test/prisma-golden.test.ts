/**
 * Prisma golden equivalence: for every PostgreSQL schema of the corpus, the SQL Prisma 7 generates
 * from an empty database (committed in fixtures/prisma-golden, see its README; Prisma never runs
 * here) and strata's emit(diff(empty, lower(schema))) must build identical databases (tables,
 * columns, types, nullability, defaults, keys, indexes, foreign keys, enums, names), and must be
 * the same statements once whitespace is normalized. Every remaining statement difference is
 * listed below with its reason; the test also fails when a listed one no longer occurs.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { type DatabaseSchema, diff, emptySchema } from '@strata/core';
import { goldenFileNames, normalizedStatements, statementsMissingFrom } from '@strata/core/testing';
import { corpusOrSkip } from '@strata/testkit';
import provider from '../src/index.js';
import { createHandMadeExtensions, initHistoryRow, lowerProject } from './corpus-schema.js';
import { schemaDifferences } from './schema-differences.js';
import { useTwoDatabases } from './two-databases.js';

const corpus = corpusOrSkip();
const databases = useTwoDatabases();
const GOLDEN = path.join(import.meta.dirname, 'fixtures', 'prisma-golden');

/** Golden file name (without .sql) -> the corpus folder holding its schema. */
const PROJECTS: Readonly<Record<string, string>> = {
  'calcom__cal.com': 'calcom__cal.com',
  documenso__documenso: 'documenso__documenso',
  formbricks__formbricks: 'formbricks__formbricks',
  ghostfolio__ghostfolio: 'ghostfolio__ghostfolio',
  hoppscotch__hoppscotch: 'hoppscotch__hoppscotch',
  langfuse__langfuse: 'langfuse__langfuse',
  lukevella__rallly: 'lukevella__rallly',
  'lukevella__rallly__single-file': 'lukevella__rallly/single-file-cdf311fa277fdc46d71360787545e01e026ba29d',
  'triggerdotdev__trigger.dev': 'triggerdotdev__trigger.dev',
  'umami-software__umami': 'umami-software__umami',
};

interface StatementException {
  /** The statement, whitespace-normalized as `normalizedStatements` prints it. */
  readonly statement: string;
  /** Which script has it and the other lacks. */
  readonly onlyIn: 'prisma' | 'strata';
  readonly why: string;
}

/** Statement differences particular to one project, each with its reason. None remain. */
const EXCEPTIONS: Readonly<Record<string, readonly StatementException[]>> = {};

/**
 * The one difference common to every project: Prisma's `--from-empty` script starts with
 * `CREATE SCHEMA IF NOT EXISTS "public";`. strata's default namespace is implicit in the IR (its
 * name comes from the URL, `?schema=`), so no migration creates it: the connection of `dev` and
 * `deploy` creates the URL's schema when it is missing. Prisma's own `migrate dev` migrations do
 * not carry that statement either (its shadow database already has `public`; see the corpus).
 */
const EVERY_PROJECT: readonly StatementException[] = [
  {
    statement: 'CREATE SCHEMA IF NOT EXISTS "public";',
    onlyIn: 'prisma',
    why: 'the default schema is implicit; the connection creates the URL schema',
  },
];

function strataScript(target: DatabaseSchema, live: DatabaseSchema): string {
  const statements = provider.emit(diff(live, target, { hooks: provider.diffHooks }), { from: live, to: target });
  return statements.map((s) => `-- ${s.step}\n${s.sql}`).join('\n\n');
}

describe('Prisma 7 golden SQL = strata from the same schema', () => {
  test('every PostgreSQL corpus schema has a golden file, and every golden file a schema', () => {
    expect(goldenFileNames(GOLDEN)).toEqual(Object.keys(PROJECTS).sort());
  });

  for (const [name, folder] of Object.entries(PROJECTS)) {
    const golden = (): string => readFileSync(path.join(GOLDEN, `${name}.sql`), 'utf8');
    const loweredOrThrow = (project: string): DatabaseSchema => {
      const lowered = lowerProject(project);
      if ('error' in lowered) throw new Error(`${name}: schema not accepted (${lowered.error})`);
      return lowered.schema;
    };

    test(`${name}: the same statements`, () => {
      if (corpus === undefined) return;
      const target = loweredOrThrow(path.join(corpus, folder));
      const theirs = normalizedStatements(golden());
      const mine = normalizedStatements(strataScript(target, emptySchema('postgresql')));
      const listed = [...EVERY_PROJECT, ...(EXCEPTIONS[name] ?? [])];
      const found = [
        ...statementsMissingFrom(theirs, mine).map((statement) => ({ statement, onlyIn: 'prisma' as const })),
        ...statementsMissingFrom(mine, theirs).map((statement) => ({ statement, onlyIn: 'strata' as const })),
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
      const project = path.join(corpus, folder);
      const target = loweredOrThrow(project);
      const { first: prisma, second: strata, backend } = databases;
      await prisma.reset();
      await strata.reset();
      const missing =
        (await createHandMadeExtensions(prisma, project)) ?? (await createHandMadeExtensions(strata, project));
      if (missing !== undefined) {
        console.log(`${name} skipped: extension ${missing} is not available on this backend (${backend})`);
        return;
      }

      await prisma.execute(golden()).catch((error: unknown) => {
        throw new Error(`${name}: Prisma's golden SQL failed: ${(error as Error).message}`);
      });

      const result = await strata.apply(
        { name: 'init', sql: strataScript(target, await strata.introspect()), transactional: true },
        initHistoryRow(),
      );
      if (!result.ok) throw new Error(`${name}: ${result.error}`);

      // both built in one go from the same schema: enum values in the same order too
      const differences = schemaDifferences(await prisma.introspect(), await strata.introspect());
      expect({ name, differences }).toEqual({ name, differences: [] });
    }, 180_000);
  }
});
