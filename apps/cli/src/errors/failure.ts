/**
 * Turns anything a command throws into one `Failure`: a code, a one-line message, a hint saying
 * what to do, details for `--json`, and the exit code. Secrets are masked here, once, so no
 * rendering path can leak a password.
 */
import { exitCodeFor } from './exit-codes.js';

export interface Failure {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly exitCode: number;
  /** The original stack, for `--verbose` only. */
  readonly stack?: string;
}

/**
 * Passwords this process was given in URLs (`rememberSecretsOf`). A URL-shaped pattern cannot
 * find the password of a malformed URL (`postgresql:/user:pw@host`, a space in the password, ...)
 * in free text, but the exact strings can be replaced wherever they appear.
 */
const knownSecrets = new Set<string>();

/** Shorter candidates would blank out ordinary text; a URL's pattern still masks them. */
const MIN_SECRET_LENGTH = 4;

/**
 * Everything in a URL-ish string that may be its password, however malformed: whatever follows
 * the first `:` of the user part up to each later `@` (a password may contain `@`), and
 * `password=`/`sslpassword=` query values, each also percent-decoded and encoded.
 */
export function secretsOf(text: string): string[] {
  const candidates = new Set<string>();
  // after the scheme; without slashes (`user:pw@host`) the "scheme" may be the user, so also from the start
  const afterScheme = text.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '');
  const starts = /^[a-z][a-z0-9+.-]*:\//i.test(text) ? [afterScheme] : [afterScheme, text];
  for (const rest of starts) {
    const colon = rest.indexOf(':');
    if (colon >= 0)
      for (let at = rest.indexOf('@', colon); at >= 0; at = rest.indexOf('@', at + 1))
        candidates.add(rest.slice(colon + 1, at));
  }
  for (const match of text.matchAll(/[?&](?:ssl)?password=([^&#]*)/gi)) candidates.add(match[1]!);
  for (const candidate of [...candidates]) {
    candidates.add(encodeURIComponent(candidate));
    try {
      candidates.add(decodeURIComponent(candidate));
    } catch {
      // a lone % is not an encoding: the raw candidate is already there
    }
  }
  // A candidate found more than once in the URL is also its user, host or database name (as in
  // postgres:postgres@host/postgres), printed as such anyway; the URL pattern masks its password.
  return [...candidates].filter((c) => c.length >= MIN_SECRET_LENGTH && text.split(c).length <= 2);
}

/** Remembers the secrets of a URL (or of a `--flag=url` argument) so that every later output masks them. */
export function rememberSecretsOf(text: string): void {
  const value = /^--[^=\s]+=(.*)$/s.exec(text)?.[1] ?? text;
  for (const secret of secretsOf(value)) knownSecrets.add(secret);
}

/** Same URL rule as core's `maskSecrets` (duplicated so the error path never has to load core), plus the remembered secrets. */
export function maskSecrets(text: string): string {
  let masked = text;
  // longest first, so that a password containing a shorter candidate goes whole
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) masked = masked.split(secret).join('***');
  return (
    masked
      // scheme, up to three slashes, user, then everything up to the last @ of the word
      .replace(/([a-z][a-z0-9+.-]*:\/{0,3}[^:/@\s]*:)(\S*)@/gi, (all, head: string, password: string) =>
        // A hint's URL template ("USER:PASSWORD@HOST") holds no secret and must stay readable.
        password === 'PASSWORD' ? all : `${head}***@`,
      )
      .replace(/([?&](?:ssl)?password=)[^&#\s"]*/gi, '$1***')
  );
}

interface ErrorShape {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly hint?: unknown;
  readonly details?: unknown;
  readonly stack?: unknown;
  readonly isStrataError?: unknown;
  readonly oclif?: { readonly exit?: unknown };
  readonly exitCode?: unknown;
}

/** A StrataError from any copy of core (plugins may carry their own): checked by shape, never `instanceof`. */
function isStrataErrorShape(value: ErrorShape): boolean {
  return value.isStrataError === true && typeof value.code === 'string';
}

export function toFailure(error: unknown): Failure {
  const shape: ErrorShape =
    typeof error === 'object' && error !== null ? (error as ErrorShape) : { message: String(error) };
  const stack = typeof shape.stack === 'string' ? maskSecrets(shape.stack) : undefined;
  const rawMessage = typeof shape.message === 'string' ? shape.message.trim() : String(error);
  const message = maskSecrets(rawMessage);
  if (isStrataErrorShape(shape)) {
    const code = shape.code as string;
    const hint = typeof shape.hint === 'string' ? maskSecrets(shape.hint) : undefined;
    const details = isRecord(shape.details) ? maskDetails(shape.details) : {};
    return {
      code,
      message,
      ...(hint === undefined ? {} : { hint }),
      details,
      exitCode: exitCodeFor(code),
      ...(stack ? { stack } : {}),
    };
  }
  const fileFailure = fileSystemFailure(shape);
  if (fileFailure !== undefined) return { ...fileFailure, ...(stack ? { stack } : {}) };
  if (shape.oclif !== undefined) {
    // oclif's own errors: unknown flags, missing arguments, invalid flag values.
    return {
      code: 'invalid-argument',
      message: oneLine(message),
      hint: 'Run the command with --help to see its flags.',
      details: {},
      exitCode: exitCodeFor('invalid-argument'),
      ...(stack ? { stack } : {}),
    };
  }
  return {
    code: 'internal',
    message: message || 'Unexpected error.',
    hint: 'This is a bug in strata or a provider; run again with --verbose and report the stack trace.',
    details: {},
    exitCode: exitCodeFor('internal'),
    ...(stack ? { stack } : {}),
  };
}

/**
 * THE mapping of the file system's refusals (a path given by a flag, a schema's generator output,
 * a migrations folder, a SQLite file...) to one error: what strata tried, the path, why, and what
 * to do. Wherever it is thrown (CLI, core or a provider), the user never sees `internal`.
 */
const FILE_SYSTEM_REASONS: Readonly<Record<string, { readonly reason: string; readonly hint: string }>> = {
  ENOENT: {
    reason: 'no such file or folder',
    hint: 'Check the path; its folder must exist (under /proc and /sys nothing can be created).',
  },
  ENOTDIR: {
    reason: 'a part of the path is a file, not a folder',
    hint: 'Pass a path whose every part but the last is a folder.',
  },
  EISDIR: { reason: 'it is a folder, not a file', hint: 'Pass the path of a file, not of a folder.' },
  EACCES: { reason: 'permission denied', hint: 'Pass a path you may read and write, or change its permissions.' },
  EPERM: { reason: 'operation not permitted', hint: 'Pass a path you may read and write, or change its permissions.' },
  EEXIST: { reason: 'a file is in the way', hint: 'Remove that file, or pass another path.' },
  EROFS: { reason: 'the file system is read-only', hint: 'Pass a path on a writable file system.' },
  ELOOP: { reason: 'too many symbolic links (a link loop?)', hint: 'Fix the symbolic link, or pass the real path.' },
  ENAMETOOLONG: { reason: 'the name is too long', hint: 'Pass a shorter path.' },
  ENOSPC: { reason: 'no space left on the device', hint: 'Free some disk space, or pass a path on another disk.' },
  EIO: { reason: 'input/output error', hint: 'Check the disk, or pass a path on another one.' },
  EINVAL: { reason: 'invalid argument', hint: 'Pass the path of an ordinary file or folder.' },
};

const SYSCALL_ACTIONS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  scandir: 'list the folder',
  opendir: 'list the folder',
  rename: 'rename',
  unlink: 'delete',
  rmdir: 'delete the folder',
  rm: 'delete',
  stat: 'read',
  lstat: 'read',
  access: 'access',
  copyfile: 'copy',
};

export const FILE_ERROR_CODE = 'file-error';

function fileSystemFailure(shape: ErrorShape): Omit<Failure, 'stack'> | undefined {
  const errno = shape as ErrorShape & { syscall?: unknown; path?: unknown };
  if (typeof errno.code !== 'string' || typeof errno.syscall !== 'string' || typeof errno.path !== 'string') {
    return undefined;
  }
  // a socket path (PostgreSQL over a Unix socket) is the database's business, not a file's
  if (errno.syscall === 'connect') return undefined;
  const known = FILE_SYSTEM_REASONS[errno.code];
  if (known === undefined) return undefined;
  const action = SYSCALL_ACTIONS[errno.syscall] ?? errno.syscall;
  const file = maskSecrets(errno.path);
  return {
    code: FILE_ERROR_CODE,
    message: `Cannot ${action} ${file}: ${known.reason} (${errno.code}).`,
    hint: known.hint,
    details: { path: file, errno: errno.code, syscall: errno.syscall },
    exitCode: exitCodeFor(FILE_ERROR_CODE),
  };
}

/**
 * oclif's parse errors span several lines: a heading ("The following error occurred:", "Parsing
 * --flag"), indented reasons, and "See more help with --help" (the hint already says so). Each
 * line is trimmed (a tab or two spaces would run the lines together) and joined into one sentence.
 */
function oneLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '' && !/^See more help with --help\.?$/i.test(line))
    .filter((line) => !/^The following errors? occurred:?$/i.test(line));
  const sentences: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const parsing = /^Parsing (--?\S+)$/.exec(lines[i]!);
    if (parsing && i + 1 < lines.length) {
      sentences.push(`Invalid value for ${parsing[1]}: ${lines[++i]}`);
    } else sentences.push(lines[i]!);
  }
  return sentences.join('; ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maskDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return maskValue(JSON.parse(JSON.stringify(details))) as Record<string, unknown>;
}

/** Each string on its own: a URL pattern run over the JSON text could run across string boundaries. */
function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (Array.isArray(value)) return value.map(maskValue);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskSecrets(k), maskValue(v)]));
  return value;
}
