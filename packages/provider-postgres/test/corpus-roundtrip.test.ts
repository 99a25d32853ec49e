/**
 * Round trip on every PostgreSQL schema of the corpus: apply emit(diff(live, lower(S))) to an
 * empty database, introspect, and diff again: nothing is left.
 */

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, diff, openDatabase } from '@strata/core';
import { corpusOrSkip, startTestPostgres, type TestPostgres } from '@strata/testkit';
import provider from '../src/index.js';
import { createHandMadeExtensions, initHistoryRow, lowerProject, sourcesOf } from './corpus-schema.js';

const corpus = corpusOrSkip();

const projects =
  corpus === undefined
    ? []
    : readdirSync(corpus)
        .map((name) => path.join(corpus, name))
        .filter((dir) => statSync(dir).isDirectory())
        .filter((dir) => sourcesOf(dir).some((s) => /provider\s*=\s*"postgres(ql)?"/.test(s.text)));

let pg: TestPostgres;
let db: Database;
beforeAll(async () => {
  pg = await startTestPostgres();
  db = await openDatabase(provider, pg.url);
});
afterAll(async () => {
  await db?.close();
  await pg?.close();
});

describe('corpus round trip', () => {
  if (projects.length === 0) test.skip('no corpus', () => {});
  for (const project of projects) {
    test(path.basename(project), async () => {
      const lowered = lowerProject(project);
      if ('error' in lowered) {
        console.log(`${path.basename(project)} skipped: schema not accepted (${lowered.error})`);
        return;
      }
      const target = lowered.schema;
      await db.reset();
      // extensions the projects create by hand in their migrations (their types and operator classes)
      const missing = await createHandMadeExtensions(db, project);
      if (missing !== undefined) {
        console.log(`${path.basename(project)} skipped: extension ${missing} is not available on this backend`);
        return;
      }
      const live = await db.introspect();
      const changes = diff(live, target, { hooks: provider.diffHooks });
      const statements = provider.emit(changes, { from: live, to: target });
      const sql = statements.map((s) => s.sql).join('\n\n');
      const result = await db.apply(
        { name: 'init', sql, transactional: statements.every((s) => s.transactional !== false) },
        initHistoryRow(),
      );
      if (!result.ok) throw new Error(`${path.basename(project)}: ${result.error}`);
      const after = await db.introspect();
      const remaining = diff(after, target, { hooks: provider.diffHooks });
      expect(remaining).toEqual([]);
    });
  }
});
