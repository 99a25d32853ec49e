/**
 * Prisma equivalence: the corpus' real Prisma migration histories for SQLite, replayed into one
 * file, introspect exactly like strata's diff(empty, final schema) applied to a fresh file: same
 * tables, columns, types, defaults, indexes, foreign keys and names. (Rows inserted by hand in
 * those migrations are data, not schema, and are not compared.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { type DatabaseSchema, emptySchema, openDatabase } from '@strata/core';
import { corpusOrSkip, createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { createFrom, lowerPrisma, migrationSql } from './support.js';

const corpus = corpusOrSkip();
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

async function introspectAfter(
  run: (sql: (text: string) => Promise<void>, schema: (s: DatabaseSchema) => Promise<void>) => Promise<void>,
) {
  const db = createTestSqlite();
  cleanups.push(db.close);
  const connection = await openDatabase(provider, db.url, { createIfMissing: true });
  try {
    await run(
      (text) => connection.execute(text),
      (s) => createFrom(connection, s),
    );
    return await connection.introspect();
  } finally {
    await connection.close();
  }
}

describe('same database as Prisma', () => {
  for (const project of ['epicweb-dev__epic-stack', 'remix-run__indie-stack']) {
    test(`${project}: replayed Prisma migrations = strata from the final schema`, async () => {
      if (corpus === undefined) return;
      const dir = path.join(corpus, project, 'migrations');
      const folders = readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
      const prisma = await introspectAfter(async (exec) => {
        for (const folder of folders) await exec(readFileSync(path.join(dir, folder, 'migration.sql'), 'utf8'));
      });
      const ours = await introspectAfter(async (_exec, create) => {
        await create(lowerPrisma(readFileSync(path.join(corpus, project, 'schema.prisma'), 'utf8')));
      });
      expect(prisma.tables.length).toBeGreaterThan(0);
      expect(ours).toEqual(prisma);
    });
  }

  test('epic-stack: every historical schema = its squashed Prisma init migration', async () => {
    if (corpus === undefined) return;
    const dir = path.join(corpus, 'epicweb-dev__epic-stack', 'history');
    const pairs = readdirSync(dir)
      .filter((f) => f.endsWith('.migration.sql'))
      .map((f) => f.replace(/\.migration\.sql$/, ''))
      .filter((commit) => readdirSync(dir).includes(`${commit}.prisma`))
      // At this commit the schema gained `updatedAt(sort: Desc)` but the committed init migration was
      // not regenerated (Prisma 7 itself emits `"updatedAt" DESC` for that schema): not a pair.
      .filter((commit) => commit !== '65797487fb706bbe9679c85c1e62156ee943649f');
    expect(pairs.length).toBeGreaterThan(5);
    for (const commit of pairs) {
      const prisma = await introspectAfter(async (exec) =>
        exec(readFileSync(path.join(dir, `${commit}.migration.sql`), 'utf8')),
      );
      const ours = await introspectAfter(async (_exec, create) =>
        create(lowerPrisma(readFileSync(path.join(dir, `${commit}.prisma`), 'utf8'))),
      );
      expect({ commit, schema: ours }).toEqual({ commit, schema: prisma });
    }
  });

  test('the SQL strata writes for the indie-stack schema is the SQL Prisma wrote, statement for statement', () => {
    if (corpus === undefined) return;
    const project = path.join(corpus, 'remix-run__indie-stack');
    const ours = migrationSql(
      emptySchema('sqlite'),
      lowerPrisma(readFileSync(path.join(project, 'schema.prisma'), 'utf8')),
    );
    const folder = readdirSync(path.join(project, 'migrations'), { withFileTypes: true }).find((d) => d.isDirectory());
    const theirs = readFileSync(path.join(project, 'migrations', folder?.name ?? '', 'migration.sql'), 'utf8');
    const statements = (text: string) =>
      text
        .split(/\n\n/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .sort();
    expect(statements(ours)).toEqual(statements(theirs));
  });
});
