import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { StrataError } from '@strata/core';
import { StrataCliError } from './cli-error.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { maskSecrets, rememberSecretsOf, secretsOf, toFailure } from './failure.js';

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

  test('a file-system refusal is a file-error naming the path, for every errno the CLI can meet', () => {
    const refusals: [string, () => unknown][] = [
      ['ENOENT', () => readFileSync('/nonexistent/schema.prisma')],
      ['ENOTDIR', () => readdirSync('/etc/hostname')],
      ['EEXIST', () => mkdirSync('/tmp')],
      ['ELOOP', () => readFileSync(loop())],
    ];
    for (const [code, act] of refusals) {
      let thrown: unknown;
      try {
        act();
      } catch (error) {
        thrown = error;
      }
      const failure = toFailure(thrown);
      expect(failure).toMatchObject({ code: 'file-error', exitCode: 1, details: { errno: code } });
      expect(failure.message).toContain((thrown as NodeJS.ErrnoException).path);
      expect(failure.hint).toBeTruthy();
    }
    rmSync(loop(), { force: true });
    for (const code of ['EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC']) {
      const error = Object.assign(new Error(code), { code, syscall: 'open', path: '/some/file' });
      expect(toFailure(error)).toMatchObject({ code: 'file-error', message: expect.stringContaining('/some/file') });
    }
  });

  test('a socket path refused is not a file error (the database is not reachable)', () => {
    const error = Object.assign(new Error('connect ENOENT /run/postgresql/.s.PGSQL.5432'), {
      code: 'ENOENT',
      syscall: 'connect',
      path: '/run/postgresql/.s.PGSQL.5432',
    });
    expect(toFailure(error).code).not.toBe('file-error');
  });

  test('oclif usage errors are invalid-argument', () => {
    const usage = Object.assign(new Error('Nonexistent flag: --nope\nSee more help with --help'), {
      oclif: { exit: 2 },
    });
    expect(toFailure(usage)).toMatchObject({
      code: 'invalid-argument',
      message: 'Nonexistent flag: --nope',
      exitCode: 1,
    });
  });

  test('unknown codes (a third-party provider) exit 1', () => {
    expect(exitCodeFor('mysql-deadlock')).toBe(1);
    expect(exitCodeFor('database-missing')).toBe(ExitCode.unreachable);
  });
});

describe('maskSecrets', () => {
  test('masks the password of malformed URL shapes too: one slash, none, an @ or : in the password, a query password', () => {
    expect(maskSecrets('at postgresql:/user:secret1@host:5433/db now')).toBe(
      'at postgresql:/user:***@host:5433/db now',
    );
    expect(maskSecrets('postgresql:user:secret1@host/db')).toBe('postgresql:user:***@host/db');
    expect(maskSecrets('postgresql://u:p@ss:w0rd@host/db')).toBe('postgresql://u:***@host/db');
    expect(maskSecrets('postgresql://u@h/db?sslmode=require&password=secret1')).toBe(
      'postgresql://u@h/db?sslmode=require&password=***',
    );
    expect(maskSecrets('Use postgresql://USER:PASSWORD@HOST:PORT/DATABASE')).toBe(
      'Use postgresql://USER:PASSWORD@HOST:PORT/DATABASE',
    );
  });

  test('a remembered URL has its password masked anywhere, even where no URL pattern can find it', () => {
    expect(secretsOf('postgresql://u:my pass@host/db')).toContain('my pass');
    expect(secretsOf('user:pa@ss/word@host')).toEqual(expect.arrayContaining(['pa@ss/word', 'pa%40ss%2Fword']));
    // a password that is also the user and database name is not hidden in them: nothing would be readable
    expect(secretsOf('postgresql://postgres:postgres@localhost/postgres')).toEqual([]);
    rememberSecretsOf('--url=postgresql://u:my pass%21@host/db');
    expect(maskSecrets('the database "my pass!" and my pass%21')).toBe('the database "***" and ***');
  });

  test('details are masked string by string', () => {
    const failure = toFailure(
      new StrataError('connection-refused', 'x', {
        details: { url: 'postgresql://u:secret1@h/db', list: ['postgres://a:secret2@b'] },
      }),
    );
    expect(JSON.stringify(failure.details)).not.toMatch(/secret1|secret2/);
  });
});

/** A symbolic link to itself: reading it is ELOOP. */
function loop(): string {
  const link = path.join(os.tmpdir(), `strata-loop-${process.pid}`);
  try {
    symlinkSync(link, link);
  } catch {
    // left from an earlier run of this process id: still a loop
  }
  return link;
}
