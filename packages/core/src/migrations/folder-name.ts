/**
 * Migration folder names: `YYYYMMDDHHMMSS_<slug>` in UTC, as Prisma writes them. Folders sort by
 * name, which is the order migrations run in.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';

/** Prisma refuses longer names (its history column is VARCHAR(255) and paths get long). */
export const MAX_MIGRATION_NAME_LENGTH = 200;

const TIMESTAMP_PREFIX = /^\d{14}_/;

export function hasTimestampPrefix(name: string): boolean {
  return TIMESTAMP_PREFIX.test(name);
}

export function migrationTimestamp(date: Date): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds())
  );
}

/** Lower case, runs of anything but letters and digits become one `_`. */
export function slugifyMigrationName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The folder name for a new migration. A name that already starts with a timestamp is kept as
 * given (a user re-creating a folder by hand); otherwise the UTC timestamp of `now` is prefixed.
 * `existing` lets two migrations created in the same second still sort in creation order.
 */
export function migrationFolderName(name: string, now: Date, existing: readonly string[] = []): string {
  let folder: string;
  if (hasTimestampPrefix(name)) folder = name;
  else {
    const slug = slugifyMigrationName(name);
    let stamp = now;
    const latest = [...existing].sort().at(-1);
    // Never sort before a folder that already exists (clock skew, or two runs in one second).
    while (latest !== undefined && `${migrationTimestamp(stamp)}_${slug}` <= latest && hasTimestampPrefix(latest)) {
      stamp = new Date(stamp.getTime() + 1000);
    }
    folder = slug === '' ? migrationTimestamp(stamp) : `${migrationTimestamp(stamp)}_${slug}`;
  }
  validateMigrationName(folder);
  return folder;
}

/** Refuses names Prisma would refuse, and names that cannot be a single folder. */
export function validateMigrationName(folder: string): void {
  if (folder.length > MAX_MIGRATION_NAME_LENGTH) {
    throw new StrataError(
      ErrorCodes.invalidArgument,
      `The migration name is ${folder.length} characters long; the limit is ${MAX_MIGRATION_NAME_LENGTH}.`,
      { hint: 'Choose a shorter --name.', details: { name: folder, length: folder.length } },
    );
  }
  if (folder === '' || folder === '.' || folder === '..' || /[/\\\0]/.test(folder)) {
    throw new StrataError(ErrorCodes.invalidArgument, `"${folder}" cannot be a migration folder name.`, {
      hint: 'Use letters, digits and underscores.',
      details: { name: folder },
    });
  }
}
