/**
 * SQLite connection strings as Prisma reads them: `file:./dev.db` (relative to `baseDir`, which
 * strata sets to the schema's folder for every URL source: --url, DATABASE_URL, migrate diff's), `file:/abs/path.db`, `file:///abs/path.db`, optionally with `?query` parameters.
 */
import path from 'node:path';
import { StrataError } from '@strata/core';

export function databaseFile(url: string, baseDir: string = process.cwd()): string {
  const match = /^(?:file|sqlite):(.*)$/i.exec(url.trim());
  if (match === null) {
    // Not echoed: it may be another database's URL, with a password where no pattern finds it.
    throw new StrataError('invalid-argument', 'Not a SQLite URL: it does not start with file:.', {
      hint: 'Use a file URL such as file:./dev.db (relative to the folder of the schema).',
    });
  }
  let location = (match[1] as string).replace(/\?.*$/, '');
  if (location.startsWith('//')) location = location.replace(/^\/\/(localhost)?/, '');
  try {
    location = decodeURIComponent(location);
  } catch {
    throw new StrataError('invalid-argument', 'The SQLite URL has a % that is not followed by two hex digits.', {
      hint: 'Write a literal % in the file name as %25, e.g. file:./100%25.db.',
    });
  }
  if (location === '')
    throw new StrataError('invalid-argument', 'The SQLite URL names no file.', {
      hint: 'Use a file URL such as file:./dev.db (relative to the folder of the schema).',
    });
  return path.resolve(baseDir, location);
}
