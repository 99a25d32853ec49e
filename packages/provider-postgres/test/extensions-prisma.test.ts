/**
 * The SQL for the datasource `extensions` list against Prisma 7's: `fixtures/prisma-extensions`
 * holds schemas with extensions (plain names, `schema:`, `version:`, `map:`) and the SQL
 * `prisma migrate diff` prints between them (generated once with the Prisma 7 peer, see the
 * README there; Prisma never runs here). strata's emit(diff(lower(from), lower(to))) must give the
 * same statements, apart from the differences listed below, each a deliberate choice with its
 * reason; the test also fails when a listed difference no longer occurs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { analyzeSchema, type DatabaseSchema, diff, emptySchema, lower } from '@strata/core';
import { normalizedStatements, statementsMissingFrom } from '@strata/core/testing';
import provider from '../src/index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'prisma-extensions');

function lowered(name: string): DatabaseSchema {
  if (name === 'empty') return emptySchema('postgresql');
  const file = path.join(FIXTURES, `${name}.prisma`);
  const analysis = analyzeSchema([{ path: file, text: readFileSync(file, 'utf8') }], {
    nativeTypes: {
      knows: (type) => Object.hasOwn(provider.types.nativeTypes, type),
      check: (scalar, type, args) => provider.types.checkNativeType(scalar, type, args),
    },
    extensions: true,
  });
  if (analysis.model === undefined) throw new Error(`${name}: ${analysis.errors[0]?.message}`);
  return lower(analysis.model, provider);
}

function strataScript(from: DatabaseSchema, to: DatabaseSchema): string {
  return provider
    .emit(diff(from, to, { hooks: provider.diffHooks }), { from, to })
    .map((s) => `-- ${s.step}\n${s.sql}`)
    .join('\n\n');
}

const SCHEMA_CREATED =
  "the extension's schema is created first (IF NOT EXISTS, never dropped): `CREATE EXTENSION ... WITH SCHEMA` fails on a fresh database without it, and Prisma leaves that to the user";
const DROPPED =
  'an extension that leaves the list is dropped (RESTRICT, behind the drop-extension warning); Prisma never drops a removed extension, so the list stops describing the database';
const ALTERED =
  "Prisma's offline diff drops and re-creates an extension whose schema or version changes, which fails (or would need CASCADE) as soon as a column uses its types; strata moves or updates it in place, which is what Prisma itself emits against a live database";

const DEFAULT_SCHEMA =
  "the default schema is implicit in strata's IR (the URL's `schema=`, created by the connection), as in prisma-golden.test.ts";

interface Difference {
  readonly statement: string;
  readonly onlyIn: 'prisma' | 'strata';
  readonly why: string;
}

const PAIRS: readonly { readonly from: string; readonly to: string; readonly differences: readonly Difference[] }[] = [
  {
    from: 'empty',
    to: 'plain',
    differences: [{ statement: 'CREATE SCHEMA IF NOT EXISTS "public";', onlyIn: 'prisma', why: DEFAULT_SCHEMA }],
  },
  {
    from: 'empty',
    to: 'arguments',
    differences: [
      { statement: 'CREATE SCHEMA IF NOT EXISTS "public";', onlyIn: 'prisma', why: DEFAULT_SCHEMA },
      { statement: 'CREATE SCHEMA IF NOT EXISTS "ext";', onlyIn: 'strata', why: SCHEMA_CREATED },
    ],
  },
  {
    from: 'plain',
    to: 'arguments',
    differences: [{ statement: 'DROP EXTENSION "pgcrypto";', onlyIn: 'strata', why: DROPPED }],
  },
  {
    from: 'arguments',
    to: 'plain',
    differences: [
      { statement: 'DROP EXTENSION "hstore";', onlyIn: 'strata', why: DROPPED },
      { statement: 'DROP EXTENSION "uuid-ossp";', onlyIn: 'strata', why: DROPPED },
    ],
  },
  {
    from: 'arguments',
    to: 'moved',
    differences: [
      { statement: 'DROP EXTENSION "citext";', onlyIn: 'prisma', why: ALTERED },
      { statement: 'DROP EXTENSION "hstore";', onlyIn: 'prisma', why: ALTERED },
      { statement: 'CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "other";', onlyIn: 'prisma', why: ALTERED },
      {
        statement: 'CREATE EXTENSION IF NOT EXISTS "hstore" WITH SCHEMA "public" VERSION "1.7";',
        onlyIn: 'prisma',
        why: ALTERED,
      },
      { statement: 'CREATE SCHEMA IF NOT EXISTS "other";', onlyIn: 'strata', why: SCHEMA_CREATED },
      { statement: 'ALTER EXTENSION "citext" SET SCHEMA "other";', onlyIn: 'strata', why: ALTERED },
      { statement: 'ALTER EXTENSION "hstore" UPDATE TO "1.7";', onlyIn: 'strata', why: ALTERED },
    ],
  },
];

describe('extensions: the SQL Prisma 7 prints, statement by statement', () => {
  for (const { from, to, differences } of PAIRS) {
    test(`${from} -> ${to}`, () => {
      const theirs = normalizedStatements(readFileSync(path.join(FIXTURES, `${from}-to-${to}.sql`), 'utf8'));
      const mine = normalizedStatements(strataScript(lowered(from), lowered(to)));
      const found = [
        ...statementsMissingFrom(theirs, mine).map((statement) => ({ statement, onlyIn: 'prisma' as const })),
        ...statementsMissingFrom(mine, theirs).map((statement) => ({ statement, onlyIn: 'strata' as const })),
      ];
      const listed = (f: { statement: string; onlyIn: string }) =>
        differences.some((d) => d.statement === f.statement && d.onlyIn === f.onlyIn);
      expect({ unexplained: found.filter((f) => !listed(f)) }).toEqual({ unexplained: [] });
      expect({
        listedButAbsent: differences.filter(
          (d) => !found.some((f) => f.statement === d.statement && f.onlyIn === d.onlyIn),
        ),
      }).toEqual({ listedButAbsent: [] });
    });
  }

  test('the order Prisma uses: schemas, then extensions, then tables; drops of extensions last', () => {
    const order = (script: string) =>
      normalizedStatements(script)
        .filter((s) => s !== 'CREATE SCHEMA IF NOT EXISTS "public";')
        .map((s) => s.split(' ').slice(0, 2).join(' '));
    expect(order(strataScript(lowered('empty'), lowered('plain')))).toEqual(
      order(readFileSync(path.join(FIXTURES, 'empty-to-plain.sql'), 'utf8')),
    );
    const removal = normalizedStatements(strataScript(lowered('arguments'), emptySchema('postgresql', ['public'])));
    expect(removal.at(-1)).toBe('DROP EXTENSION "uuid-ossp";');
    expect(removal.findIndex((s) => s.startsWith('DROP TABLE'))).toBeLessThan(
      removal.findIndex((s) => s.startsWith('DROP EXTENSION')),
    );
  });
});
