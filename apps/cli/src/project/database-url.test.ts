import { describe, expect, test } from '@jest/globals';
import { displayUrl, resolveDatabaseUrl } from './database-url.js';

describe('resolveDatabaseUrl', () => {
  test('--url wins over everything', () => {
    expect(
      resolveDatabaseUrl('file:./a.db', { kind: 'string', value: 'file:./b.db' }, { DATABASE_URL: 'file:./c.db' }),
    ).toEqual({ url: 'file:./a.db', origin: '--url' });
  });

  test('a literal url in the schema', () => {
    expect(resolveDatabaseUrl(undefined, { kind: 'string', value: 'file:./b.db' }, {})).toEqual({
      url: 'file:./b.db',
      origin: 'the schema',
    });
  });

  test('env("VAR") reads that variable; no url at all reads DATABASE_URL', () => {
    expect(resolveDatabaseUrl(undefined, { kind: 'env', variable: 'MY_DB' }, { MY_DB: 'postgresql://x' }).origin).toBe(
      'env("MY_DB")',
    );
    expect(resolveDatabaseUrl(undefined, undefined, { DATABASE_URL: 'file:./c.db' })).toEqual({
      url: 'file:./c.db',
      origin: 'env("DATABASE_URL")',
    });
  });

  test('a missing variable names it and the flag', () => {
    expect(() => resolveDatabaseUrl(undefined, { kind: 'env', variable: 'MY_DB' }, {})).toThrow(
      expect.objectContaining({
        code: 'invalid-argument',
        message: 'No database URL: MY_DB is not set.',
        hint: expect.stringContaining('--url'),
      }),
    );
  });

  test('passwords are masked for display', () => {
    expect(displayUrl('postgresql://app:p%40ss@localhost:5432/db')).toBe('postgresql://app:***@localhost:5432/db');
  });
});
