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

/** Same rule as core's `maskSecrets`, duplicated so the error path never has to load core. */
export function maskSecrets(text: string): string {
  // A hint's URL template ("USER:PASSWORD@HOST") holds no secret and must stay readable.
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]*)@/gi, (all, head: string, password: string) =>
    password === 'PASSWORD' ? all : `${head}***@`,
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

function oneLine(text: string): string {
  // oclif's parse errors span several lines ("See more help with --help"); one line is enough.
  return text.trim().split(/\r?\n/).filter(Boolean).join(' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function maskDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(maskSecrets(JSON.stringify(details))) as Record<string, unknown>;
}
