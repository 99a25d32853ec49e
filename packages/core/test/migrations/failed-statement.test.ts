import { describe, expect, test } from '@jest/globals';
import { describeFailedStatement, failedStatement, failureLogs } from '../../src/migrations/failed-statement.js';

describe('failedStatement', () => {
  test('the line of the offset and that line, trimmed (LF and CRLF alike)', () => {
    for (const eol of ['\n', '\r\n']) {
      const script = ['-- first', 'SELECT 1;', '', '  INSERT INTO "x" VALUES (1);', ''].join(eol);
      const start = script.indexOf('INSERT');
      expect(failedStatement(script, 2, 2, start)).toEqual({
        index: 2,
        total: 2,
        line: 4,
        text: 'INSERT INTO "x" VALUES (1);',
      });
    }
  });

  test('a long first line is cut; the logs add the statement after the error', () => {
    const statement = failedStatement(`UPDATE "t" SET "v" = '${'x'.repeat(300)}';`, 1, 1, 0);
    expect(statement.text).toHaveLength(201);
    expect(describeFailedStatement({ index: 1, total: 3, line: 7, text: 'SELECT 1;' })).toBe(
      'statement 1 of 3 (migration.sql line 7: SELECT 1;)',
    );
    expect(failureLogs('boom', { index: 1, total: 3, line: 7, text: 'SELECT 1;' })).toBe(
      'boom\nFailed at statement 1 of 3 (migration.sql line 7: SELECT 1;)',
    );
    expect(failureLogs('boom', undefined)).toBe('boom');
  });
});
