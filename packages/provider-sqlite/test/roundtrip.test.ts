/**
 * Invariant 1 (round trip) on real SQLite files: apply emit(diff(empty, S)), introspect, and
 * the next diff is empty; for every SQLite schema of the corpus, SQLite versions of the
 * PostgreSQL ones, and the corpus' historical epic-stack schemas.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { type DatabaseSchema, emptySchema, openDatabase, type SourceFile } from '@strata/core';
import { corpusOrSkip, createTestSqlite } from '@strata/testkit';
import { provider } from '../src/index.js';
import { portToSqlite } from './port-to-sqlite.js';
import { changesBetween, createFrom, lowerPrisma } from './support.js';

const corpus = corpusOrSkip();
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/**
 * Every PostgreSQL schema of the corpus: `<project>/schema.prisma`, a multi-file `<project>/schema/`
 * folder, and the snapshots kept in `<project>/<sub>/schema.prisma`, each as its list of files.
 */
function postgresCorpusSchemas(root: string): { name: string; sources: SourceFile[] }[] {
  const found: { name: string; sources: SourceFile[] }[] = [];
  const read = (file: string): SourceFile => ({ path: path.relative(root, file), text: readFileSync(file, 'utf8') });
  const prismaFilesUnder = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.prisma'))
      .sort()
      .map((f) => path.join(dir, f));
  for (const project of readdirSync(root).sort()) {
    const dir = path.join(root, project);
    if (!statSync(dir).isDirectory()) continue;
    const candidates: { name: string; files: string[] }[] = [];
    if (existsSync(path.join(dir, 'schema.prisma')))
      candidates.push({ name: project, files: [path.join(dir, 'schema.prisma')] });
    if (existsSync(path.join(dir, 'schema')))
      candidates.push({ name: `${project}/schema`, files: prismaFilesUnder(path.join(dir, 'schema')) });
    for (const sub of readdirSync(dir)) {
      if (sub === 'history' || sub === 'migrations' || sub === 'schema') continue;
      const file = path.join(dir, sub, 'schema.prisma');
      if (existsSync(file)) candidates.push({ name: `${project}/${sub}`, files: [file] });
    }
    for (const { name, files } of candidates) {
      const sources = files.map(read);
      if (sources.some((s) => /provider\s*=\s*"postgres(ql)?"/.test(s.text))) found.push({ name, sources });
    }
  }
  return found;
}

async function roundTrip(schema: DatabaseSchema): Promise<{ forward: number; backward: number }> {
  const db = createTestSqlite();
  cleanups.push(db.close);
  const connection = await openDatabase(provider, db.url, { createIfMissing: true });
  try {
    await createFrom(connection, schema);
    const live = await connection.introspect();
    return { forward: changesBetween(live, schema).length, backward: changesBetween(schema, live).length };
  } finally {
    await connection.close();
  }
}

describe('round trip', () => {
  const sqliteProjects = ['epicweb-dev__epic-stack', 'remix-run__indie-stack', 'spacedriveapp__spacedrive'];

  for (const project of sqliteProjects) {
    test(`corpus ${project}: the next diff is empty`, async () => {
      if (corpus === undefined) return;
      const schema = lowerPrisma(readFileSync(path.join(corpus, project, 'schema.prisma'), 'utf8'));
      expect(schema.tables.length).toBeGreaterThan(0);
      expect(await roundTrip(schema)).toEqual({ forward: 0, backward: 0 });
    });
  }

  test('the corpus has its nine PostgreSQL projects (and rallly in both layouts)', () => {
    if (corpus === undefined) return;
    expect(postgresCorpusSchemas(corpus).length).toBeGreaterThanOrEqual(10);
  });

  for (const { name, sources } of corpus === undefined ? [] : postgresCorpusSchemas(corpus)) {
    test(`corpus ${name} ported to SQLite: every model is a table and the next diff is empty`, async () => {
      const { original, ported, text } = portToSqlite(sources);
      // The porting may drop fields, never models.
      expect(ported.models.map((m) => m.name)).toEqual(original.models.map((m) => m.name));
      expect(text).not.toMatch(/@db\.|@@schema|dbgenerated|Unsupported|ops:|type:|where:|postgres/);
      const schema = lowerPrisma(text);
      const joinTables = original.relations.filter((r) => r.kind === 'many-to-many').length;
      expect(schema.tables.length).toBe(original.models.length + joinTables);
      expect(schema.tables.length).toBeGreaterThan(0);
      expect(await roundTrip(schema)).toEqual({ forward: 0, backward: 0 });
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
