/**
 * SQLite connection strings as Prisma reads them: `file:./dev.db` (relative to the schema file's
 * folder), `file:/abs/path.db`, `file:///abs/path.db`, optionally with `?query` parameters.
 */
import path from 'node:path';
import { StrataError } from '@strata/core';

export function databaseFile(url: string, baseDir: string = process.cwd()): string {
  const match = /^(?:file|sqlite):(.*)$/i.exec(url.trim());
  if (match === null) {
    throw new StrataError('invalid-argument', `Not a SQLite URL: ${url}`, {
      hint: 'Use a file URL such as file:./dev.db (relative to the folder of schema.prisma).',
    });
  }
  let location = (match[1] as string).replace(/\?.*$/, '');
  if (location.startsWith('//')) location = location.replace(/^\/\/(localhost)?/, '');
  location = decodeURIComponent(location);
  if (location === '') throw new StrataError('invalid-argument', `The SQLite URL ${url} names no file.`);
  return path.resolve(baseDir, location);
}
