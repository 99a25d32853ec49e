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
