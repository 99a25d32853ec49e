/**
 * The splitter decides which statement a failure is reported at (and, outside a transaction, what
 * runs one by one): quotes, escape strings, dollar quotes and comments never split, and each
 * statement's start is its first character of code, so its line in migration.sql is right.
 */
import { describe, expect, test } from '@jest/globals';
import { failedStatement } from '@strata/core';
import { needsNoTransaction, splitStatements, statementSpans } from '../src/split.js';

describe('statementSpans', () => {
  test('quotes, escape strings, dollar quotes (tags with digits) and comments do not split', () => {
    const script = [
      `INSERT INTO "t" VALUES ('a;b', "c;d");`,
      `INSERT INTO "t" VALUES (E'it\\'s; fine');`,
      `DO $body1$ BEGIN PERFORM 1; END $body1$;`,
      `/* a; comment */ SELECT 1;`,
    ].join('\n');
    expect(splitStatements(script)).toHaveLength(4);
  });

  test('each start is the first character of code: its line and first line in the script', () => {
    const script =
      '-- CreateTable\nCREATE TABLE "a" (\n  "id" INTEGER\n);\n\n/* why */\n-- AddIndex\nCREATE INDEX "i" ON "a"("id");\n';
    const spans = statementSpans(script);
    expect(spans.map((s) => failedStatement(script, 1, spans.length, s.start))).toEqual([
      { index: 1, total: 2, line: 2, text: 'CREATE TABLE "a" (' },
      { index: 1, total: 2, line: 8, text: 'CREATE INDEX "i" ON "a"("id");' },
    ]);
  });

  test('CONCURRENTLY after a comment still makes the script non-transactional', () => {
    expect(needsNoTransaction('-- an index\nCREATE INDEX CONCURRENTLY "i" ON "a"("id");\n')).toBe(true);
    expect(needsNoTransaction(`INSERT INTO "t" VALUES ('CREATE INDEX CONCURRENTLY');\n`)).toBe(false);
  });
});
