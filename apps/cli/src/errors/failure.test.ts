import { describe, expect, test } from '@jest/globals';
import { StrataError } from '@strata/core';
import { StrataCliError } from './cli-error.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { toFailure } from './failure.js';

describe('toFailure', () => {
  test('a StrataError keeps its code, message, hint and details, and gets its exit code from the table', () => {
    const failure = toFailure(
      new StrataError('lock-timeout', 'Another deploy holds the lock.', { hint: 'Wait.', details: { waitedMs: 10 } }),
    );
    expect(failure).toMatchObject({
      code: 'lock-timeout',
      message: 'Another deploy holds the lock.',
      hint: 'Wait.',
      details: { waitedMs: 10 },
      exitCode: ExitCode.busy,
    });
  });

  test('errors from another copy of core are recognised by shape, not by class', () => {
    const foreign = Object.assign(new Error('refused'), {
      isStrataError: true,
      code: 'connection-refused',
      hint: 'Start the database.',
      details: {},
    });
    expect(toFailure(foreign)).toMatchObject({
      code: 'connection-refused',
      exitCode: ExitCode.unreachable,
      hint: 'Start the database.',
    });
    expect(toFailure(new StrataCliError('needs-input', 'No TTY.', { hint: 'Pass --force.' }))).toMatchObject({
      code: 'needs-input',
      exitCode: 1,
    });
  });

  test('passwords are masked in messages, hints and details', () => {
    const failure = toFailure(
      new StrataError('connection-refused', 'Cannot reach postgresql://app:hunter2@db:5432/app', {
        hint: 'Check postgres://app:hunter2@db/app',
        details: { url: 'postgresql://app:hunter2@db:5432/app' },
      }),
    );
    expect(JSON.stringify(failure)).not.toContain('hunter2');
    expect(failure.message).toBe('Cannot reach postgresql://app:***@db:5432/app');
  });

  test('a URL template in a hint stays readable: USER:PASSWORD is a placeholder, not a secret', () => {
    const failure = toFailure(
      new StrataError('invalid-argument', 'Not a PostgreSQL URL: postgres//bad', {
        hint: 'Use postgresql://USER:PASSWORD@HOST:PORT/DATABASE?schema=SCHEMA',
      }),
    );
    expect(failure.hint).toBe('Use postgresql://USER:PASSWORD@HOST:PORT/DATABASE?schema=SCHEMA');
  });

  test('anything else is an internal error that asks for a report', () => {
    expect(toFailure(new TypeError('x is undefined'))).toMatchObject({
      code: 'internal',
      exitCode: 1,
      hint: expect.stringContaining('--verbose'),
    });
    expect(toFailure('a string')).toMatchObject({ code: 'internal', message: 'a string' });
  });

  test('oclif usage errors are invalid-argument', () => {
    const usage = Object.assign(new Error('Nonexistent flag: --nope\nSee more help with --help'), {
      oclif: { exit: 2 },
    });
    expect(toFailure(usage)).toMatchObject({
      code: 'invalid-argument',
      message: 'Nonexistent flag: --nope See more help with --help',
      exitCode: 1,
    });
  });

  test('unknown codes (a third-party provider) exit 1', () => {
    expect(exitCodeFor('mysql-deadlock')).toBe(1);
    expect(exitCodeFor('database-missing')).toBe(ExitCode.unreachable);
  });
});
