/**
 * Prisma golden equivalence: for every PostgreSQL schema of the corpus, the SQL Prisma 7 generates
 * from an empty database (committed in fixtures/prisma-golden, see its README; Prisma never runs
 * here) and strata's emit(diff(empty, lower(schema))) must build identical databases (tables,
 * columns, types, nullability, defaults, keys, indexes, foreign keys, enums, names), and must be
 * the same statements once whitespace is normalized. Every remaining statement difference is
 * listed below with its reason; the test also fails when a listed one no longer occurs.
 */

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Connection, type DatabaseSchema, diff, emptySchema } from '@strata/core';
import { corpusOrSkip, startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';
import { HAND_MADE_EXTENSIONS, lowerProject, sourcesOf } from './corpus-schema.js';
import { schemaDifferences } from './schema-differences.js';

const corpus = corpusOrSkip();
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
  /** The statement, whitespace-normalized as `normalized` prints it. */
  readonly statement: string;
  /** Which script has it and the other lacks. */
  readonly onlyIn: 'prisma' | 'strata';
  readonly why: string;
}

/**
 * Statement differences particular to one project, each with its reason. None remain: even
 * Prisma's `CREATE SCHEMA IF NOT EXISTS "public";` header is what strata emits from an empty
 * schema (no namespace yet) to one in "public".
 */
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

let a: TestPostgres;
let b: TestPostgres;
let prisma: Connection;
let strata: Connection;
beforeAll(async () => {
  a = await startTestPostgres();
  // PGlite serves one database per instance: a second instance there, a second database on a server
  b =
    a.backend === 'server' ? { ...a, url: await a.createDatabase(), close: async () => {} } : await startTestPostgres();
  prisma = await provider.connect(a.url);
  strata = await provider.connect(b.url);
}, 60_000);
afterAll(async () => {
  await prisma?.close();
  await strata?.close();
  await b?.close();
  await a?.close();
});

/** Creates the extensions the schema's operator classes and types need; the first one missing, if any. */
async function missingExtension(db: Connection, project: string): Promise<string | undefined> {
  const texts = sourcesOf(project)
    .map((s) => s.text)
    .join('\n');
  for (const [extension, used] of HAND_MADE_EXTENSIONS) {
    if (!used.test(texts)) continue;
    const ok = await db.execute(`CREATE EXTENSION IF NOT EXISTS ${extension}`).then(
      () => true,
      () => false,
    );
    if (!ok) return extension;
  }
  return undefined;
}

function strataScript(target: DatabaseSchema, live: DatabaseSchema): string {
  const statements = provider.emit(diff(live, target, { hooks: provider.diffHooks }), { from: live, to: target });
  return statements.map((s) => `-- ${s.step}\n${s.sql}`).join('\n\n');
}

describe('Prisma 7 golden SQL = strata from the same schema', () => {
  test('every PostgreSQL corpus schema has a golden file, and every golden file a schema', () => {
    const files = readdirSync(GOLDEN)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.slice(0, -'.sql'.length))
      .sort();
    expect(files).toEqual(Object.keys(PROJECTS).sort());
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
      const theirs = normalized(golden());
      const mine = normalized(strataScript(target, emptySchema('postgresql')));
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
      const project = path.join(corpus, folder);
      const target = loweredOrThrow(project);
      await prisma.reset();
      await strata.reset();
      const missing = (await missingExtension(prisma, project)) ?? (await missingExtension(strata, project));
      if (missing !== undefined) {
        console.log(`${name} skipped: extension ${missing} is not available on this backend (${a.backend})`);
        return;
      }

      await prisma.execute(golden()).catch((error: unknown) => {
        throw new Error(`${name}: Prisma's golden SQL failed: ${(error as Error).message}`);
      });

      const result = await strata.apply(
        { name: 'init', sql: strataScript(target, await strata.introspect()), transactional: true },
        {
          id: randomUUID(),
          migrationName: 'init',
          checksum: '0'.repeat(64),
          provider: 'postgresql',
          startedAt: new Date(),
          appliedStepsCount: 0,
          rebuildRequired: false,
          kind: 'apply',
        },
      );
      if (!result.ok) throw new Error(`${name}: ${result.error}`);

      // both built in one go from the same schema: enum values in the same order too
      const differences = schemaDifferences(await prisma.introspect(), await strata.introspect());
      expect({ name, differences }).toEqual({ name, differences: [] });
    }, 180_000);
  }
});
