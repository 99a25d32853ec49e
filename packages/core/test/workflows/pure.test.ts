import { describe, expect, test } from '@jest/globals';
import type { Warning } from '../../src/plan/warning.js';
import { rollbackTargets } from '../../src/workflows/rollback.js';
import { gateWarnings } from '../../src/workflows/warnings-gate.js';

const dataLoss: Warning = { code: 'drop-column', severity: 'data-loss', message: 'Column x is dropped.', rows: 3 };
const wouldFail: Warning = {
  code: 'add-required-column',
  severity: 'would-fail',
  message: 'Column y is required.',
  rows: 2,
};
const review: Warning = { code: 'possible-rename', severity: 'review', message: 'Was it renamed?' };

describe('gateWarnings', () => {
  const options = { allowWarnings: false, subject: 'The migration', waysOn: ['or run with --create-only'] };

  test('review warnings never block', () => {
    expect(() => gateWarnings([review], options)).not.toThrow();
  });

  test('data-loss blocks unless allowed, with the warnings and the ways on', () => {
    expect(() => gateWarnings([dataLoss], options)).toThrow(
      expect.objectContaining({ code: 'warnings-block', hint: expect.stringContaining('--allow-warnings') }),
    );
    expect(() => gateWarnings([dataLoss], { ...options, allowWarnings: true })).not.toThrow();
  });

  test('the hint is one next step without alternatives chained in; every way on is in details.nextSteps', () => {
    const withChange: Warning = { ...dataLoss, table: 'User', column: 'x' };
    let thrown: unknown;
    try {
      gateWarnings([withChange, review], options);
    } catch (error) {
      thrown = error;
    }
    const { hint, details } = thrown as { hint: string; details: { nextSteps: string[]; warnings: unknown[] } };
    expect(hint).not.toMatch(/;|\n/);
    expect(details.nextSteps[0]).toBe(hint);
    expect(details.nextSteps).toContain('or run with --create-only');
    expect(details.warnings).toEqual([
      {
        code: 'drop-column',
        severity: 'data-loss',
        message: 'Column x is dropped.',
        rows: 3,
        table: 'User',
        column: 'x',
      },
      { code: 'possible-rename', severity: 'review', message: 'Was it renamed?' },
    ]);
  });

  test('would-fail: a required column is fixed with a default, other failures by changing the data the warnings name', () => {
    const required: Warning = { ...wouldFail, code: 'add-required-column-no-default' };
    const duplicates: Warning = { ...wouldFail, code: 'add-unique-over-duplicates' };
    expect(() => gateWarnings([required], options)).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/@default/) }),
    );
    expect(() => gateWarnings([duplicates], options)).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/^Change the data each warning names/) }),
    );
  });

  test('would-fail blocks even when warnings are allowed', () => {
    expect(() => gateWarnings([wouldFail], { ...options, allowWarnings: true })).toThrow(
      expect.objectContaining({
        code: 'would-fail',
        message: expect.stringContaining('add-required-column [would-fail]'),
      }),
    );
  });

  test('onlyWithRows ignores warnings that touch no rows in the target', () => {
    expect(() =>
      gateWarnings(
        [
          { ...dataLoss, rows: 0 },
          { ...wouldFail, rows: undefined },
        ],
        { ...options, onlyWithRows: true },
      ),
    ).not.toThrow();
  });
});

describe('rollbackTargets', () => {
  const applied = ['a', 'b', 'c'];
  test('the last one by default, everything after `to` newest first', () => {
    expect(rollbackTargets(applied, undefined)).toEqual(['c']);
    expect(rollbackTargets(applied, 'a')).toEqual(['c', 'b']);
    expect(rollbackTargets(applied, 'c')).toEqual([]);
  });
  test('nothing applied, or an unknown `to`, is an error', () => {
    expect(() => rollbackTargets([], undefined)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => rollbackTargets(applied, 'zzz')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
