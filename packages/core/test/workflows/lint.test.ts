import { describe, expect, test } from '@jest/globals';
import type { LintFinding } from '../../src/lint/types.js';
import { parseMigrationFolder } from '../../src/migrations/local-migration.js';
import { formatWarningLine, parseWarningsFile } from '../../src/migrations/warnings-file.js';
import type { Warning } from '../../src/plan/warning.js';
import {
  failingFindings,
  findingAsWarning,
  findingsBeyondPlan,
  lintLevel,
  selectMigrations,
  summarize,
} from '../../src/workflows/lint.js';

const sql = new TextEncoder().encode('SELECT 1;\n');
const folder = (name: string, withSql = true) =>
  parseMigrationFolder(name, `/m/${name}`, withSql ? { 'migration.sql': sql } : {});
const migrations = [folder('20240101_a'), folder('20240102_b'), folder('20240103_broken', false), folder('20240104_c')];

const finding = (overrides: Partial<LintFinding>): LintFinding => ({
  code: 'drop-column',
  family: 'destructive',
  severity: 'data-loss',
  message: 'Drops the column `name` of `User` with its values (3 rows).',
  safer: 'Copy the values elsewhere first.',
  migration: '20240101_a',
  statement: { index: 1, text: 'ALTER TABLE ...', range: { line: 4, column: 1, endLine: 4, endColumn: 40 } },
  table: 'User',
  column: 'name',
  rows: 3,
  ...overrides,
});

describe('selectMigrations', () => {
  test('names keep the folder order; latest counts migrations that have SQL; else every one with SQL', () => {
    expect(selectMigrations(migrations, { names: ['20240104_c', '20240101_a'] }).map((m) => m.name)).toEqual([
      '20240101_a',
      '20240104_c',
    ]);
    expect(selectMigrations(migrations, { names: [] })).toEqual([]);
    expect(selectMigrations(migrations, { latest: 2 }).map((m) => m.name)).toEqual(['20240102_b', '20240104_c']);
    expect(selectMigrations(migrations, { latest: 10 })).toHaveLength(3);
    expect(selectMigrations(migrations, {}).map((m) => m.name)).toEqual(['20240101_a', '20240102_b', '20240104_c']);
  });

  test('an unknown name, a named folder without migration.sql and a latest below 1 are errors', () => {
    expect(() => selectMigrations(migrations, { names: ['20240101_a', 'nope'] })).toThrow(
      expect.objectContaining({ code: 'invalid-argument', details: { unknown: ['nope'] } }),
    );
    expect(() => selectMigrations(migrations, { names: ['20240103_broken'] })).toThrow(/no migration\.sql/);
    expect(() => selectMigrations(migrations, { latest: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    );
  });
});

describe('levels and --fail-on', () => {
  const review = finding({ code: 'unplanned-statement', severity: 'review' });
  const loss = finding({});
  const silenced = finding({ suppressed: { reason: 'backed up' } });

  test('data-loss and would-fail are errors, review a warning', () => {
    expect([lintLevel('data-loss'), lintLevel('would-fail'), lintLevel('review')]).toEqual([
      'error',
      'error',
      'warning',
    ]);
  });

  test('error fails on errors only, warning on both, never on nothing; a suppressed finding never fails', () => {
    expect(failingFindings([review, loss, silenced], 'error')).toEqual([loss]);
    expect(failingFindings([review, loss, silenced], 'warning')).toEqual([review, loss]);
    expect(failingFindings([review, loss], 'never')).toEqual([]);
  });

  test('the summary counts what is open by severity and the suppressed apart', () => {
    const summary = summarize([
      { name: 'a', path: '/a', sql: '', schemaAware: true, findings: [review, loss, silenced] },
      { name: 'b', path: '/b', sql: '', schemaAware: false, findings: [] },
    ]);
    expect(summary).toEqual({
      migrations: 2,
      bySeverity: { 'data-loss': 1, 'would-fail': 0, review: 1 },
      suppressed: 1,
    });
  });
});

describe('migrate dev: the findings beyond the plan', () => {
  const warning: Warning = {
    code: 'drop-column',
    severity: 'data-loss',
    message: '...',
    table: 'User',
    column: 'name',
  };
  const lockTimeout = finding({
    code: 'pg-missing-lock-timeout',
    severity: 'review',
    table: undefined,
    column: undefined,
  });

  test('the same code on the same table and column is the warning already shown', () => {
    expect(findingsBeyondPlan([finding({ table: 'public.User' }), lockTimeout], [warning], false)).toEqual([
      lockTimeout,
    ]);
    const otherColumn = finding({ column: 'email' });
    expect(findingsBeyondPlan([otherColumn], [warning], false)).toEqual([otherColumn]);
  });

  test('a counted plan judged its catalogue codes: one it dropped as harmless stays dropped', () => {
    const required = finding({ code: 'make-required-with-nulls', severity: 'would-fail', column: 'email' });
    expect(findingsBeyondPlan([required, lockTimeout], [], true)).toEqual([lockTimeout]);
    expect(findingsBeyondPlan([required], [], false)).toEqual([required]);
  });

  test('suppressed findings are left out', () => {
    expect(findingsBeyondPlan([finding({ code: 'x', suppressed: { reason: 'r' } })], [], false)).toEqual([]);
  });

  test('as a warnings.txt line: code and severity first, where in migration.sql, the rows said once', () => {
    const line = formatWarningLine(findingAsWarning(finding({})));
    expect(line).toBe(
      'drop-column [data-loss] Drops the column `name` of `User` with its values (3 rows). (migration.sql line 4)',
    );
    expect(parseWarningsFile(`${line}\n`)).toEqual({
      ok: true,
      warnings: [
        { code: 'drop-column', severity: 'data-loss', message: line.slice('drop-column [data-loss] '.length) },
      ],
    });
  });
});
