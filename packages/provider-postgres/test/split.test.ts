/**
 * The splitter decides which statement a failure is reported at (and, outside a transaction, what
 * runs one by one): quotes, escape strings, dollar quotes and comments never split, and each
 * statement's start is its first character of code, so its line in migration.sql is right.
 */
import { describe, expect, test } from '@jest/globals';
import { failedStatement } from '@strata/core';
import { splitStatements } from '../src/split.js';

describe('splitStatements', () => {
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
    const spans = splitStatements(script);
    expect(spans.map((s) => failedStatement(script, 1, spans.length, s.start))).toEqual([
      { index: 1, total: 2, line: 2, text: 'CREATE TABLE "a" (' },
      { index: 1, total: 2, line: 8, text: 'CREATE INDEX "i" ON "a"("id");' },
    ]);
  });

  test('CONCURRENTLY after a comment marks its statement as one that runs outside a transaction', () => {
    const [index] = splitStatements('-- an index\nCREATE INDEX CONCURRENTLY "i" ON "a"("id");\n');
    expect(index?.transactional).toBe(false);
    const [insert] = splitStatements(`INSERT INTO "t" VALUES ('CREATE INDEX CONCURRENTLY');\n`);
    expect(insert?.transactional).toBeUndefined();
  });
});
