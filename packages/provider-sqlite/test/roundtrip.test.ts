/**
 * Invariant 1 (round trip) on real SQLite files: apply emit(diff(empty, S)), introspect, and
 * the next diff is empty; for every SQLite schema of the corpus, SQLite versions of the
 * PostgreSQL ones, and the corpus' historical epic-stack schemas.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { type DatabaseSchema, emptySchema } from '@strata/core';
import { corpusOrSkip, createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { changesBetween, createFrom, lowerPrisma } from './support.js';

const corpus = corpusOrSkip();
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/**
 * A PostgreSQL schema made SQLite-compatible the way a user would port it: sqlite datasource,
 * no `@db.*` attributes, no scalar lists, no `@@schema`, no raw index predicates or operator
 * classes, no PG-only index types.
 */
const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes']);

export function toSqliteSchema(text: string): string {
  const enumNames = new Set([...text.matchAll(/^enum\s+(\w+)/gm)].map((m) => m[1] as string));
  return (
    text
      .replace(/datasource\s+\w+\s*\{[^}]*\}/, 'datasource db {\n  provider = "sqlite"\n}')
      .replace(/@db\.\w+(\([^)]*\))?/g, '')
      // Scalar and enum lists (a relation list names a model, which has an opposite relation field).
      .replace(/^\s*(\w+)\s+(\w+)\[\](\s.*)?$/gm, (line, _f, type: string) =>
        enumNames.has(type) || SCALARS.has(type) ? '' : line,
      )
      .replace(/^\s*@@schema\(.*\)\s*$/gm, '')
      .replace(/,\s*type:\s*(Gin|Gist|Hash|Brin|SpGist|BTree)/g, '')
      .replace(/\(ops:\s*(raw\("[^"]*"\)|\w+)\)/g, '')
      .replace(/dbgenerated\("[^"]*"\)/g, 'cuid()')
  );
}

async function roundTrip(schema: DatabaseSchema): Promise<{ forward: number; backward: number }> {
  const db = createTestSqlite();
  cleanups.push(db.close);
  const connection = await provider.connect(db.url, { createIfMissing: true });
  try {
    await createFrom(connection, schema);
    const live = await connection.introspect();
    return { forward: changesBetween(live, schema).length, backward: changesBetween(schema, live).length };
  } finally {
    await connection.close();
  }
}

function lowerOrReason(text: string): DatabaseSchema | string {
  try {
    return lowerPrisma(text);
  } catch (error) {
    return (error as Error).message;
  }
}

describe('round trip', () => {
  const sqliteProjects = ['epicweb-dev__epic-stack', 'remix-run__indie-stack', 'spacedriveapp__spacedrive'];
  const pgProjects = [
    'umami-software__umami',
    'documenso__documenso',
    'calcom__cal.com',
    'triggerdotdev__trigger.dev',
    'langfuse__langfuse',
    'formbricks__formbricks',
    'hoppscotch__hoppscotch',
    'ghostfolio__ghostfolio',
  ];

  for (const project of sqliteProjects) {
    test(`corpus ${project}: the next diff is empty`, async () => {
      if (corpus === undefined) return;
      const schema = lowerPrisma(readFileSync(path.join(corpus, project, 'schema.prisma'), 'utf8'));
      expect(schema.tables.length).toBeGreaterThan(0);
      expect(await roundTrip(schema)).toEqual({ forward: 0, backward: 0 });
    });
  }

  for (const project of pgProjects) {
    test(`corpus ${project} ported to SQLite: the next diff is empty`, async () => {
      if (corpus === undefined) return;
      const lowered = lowerOrReason(toSqliteSchema(readFileSync(path.join(corpus, project, 'schema.prisma'), 'utf8')));
      if (typeof lowered === 'string') {
        console.log(`${project}: not portable to SQLite by simple edits, skipped: ${lowered.slice(0, 300)}`);
        return;
      }
      expect(await roundTrip(lowered)).toEqual({ forward: 0, backward: 0 });
    });
  }

  test('every historical epic-stack schema', async () => {
    if (corpus === undefined) return;
    const dir = path.join(corpus, 'epicweb-dev__epic-stack', 'history');
    const files = readdirSync(dir).filter((f) => f.endsWith('.prisma'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const schema = lowerPrisma(readFileSync(path.join(dir, file), 'utf8'));
      expect({ file, ...(await roundTrip(schema)) }).toEqual({ file, forward: 0, backward: 0 });
    }
  });

  test('the empty schema', async () => {
    expect(await roundTrip(emptySchema('sqlite'))).toEqual({ forward: 0, backward: 0 });
  });
});
