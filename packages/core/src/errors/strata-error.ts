/**
 * Every expected failure in strata is a StrataError: a stable string code, a message that says
 * what went wrong, a hint that says what to do next, and JSON-serializable details.
 * The CLI maps it once to an exit code and to `--json` output; a stack trace is never shown for it.
 *
 * Plugins may carry their own copy of core, so never test with `instanceof` across that
 * boundary: use `isStrataError`, which checks the shape.
 */
export interface StrataErrorOptions {
  readonly hint?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class StrataError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  readonly isStrataError = true as const;

  constructor(code: string, message: string, options: StrataErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrataError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  toJSON(): { code: string; message: string; hint?: string; details: Readonly<Record<string, unknown>> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      details: this.details,
    };
  }
}

export function isStrataError(value: unknown): value is StrataError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { isStrataError?: unknown }).isStrataError === true &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/**
 * Replaces the password of any URL-looking substring with `***`: after a scheme and up to three
 * slashes (`postgresql:/u:pw@h` is malformed but still carries a password), everything up to the
 * word's last `@` (passwords may contain `@`), and `password=`/`sslpassword=` query values.
 * `USER:PASSWORD@` is a template in hints, not a secret.
 */
export function maskSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/{0,3}[^:/@\s]*:)(\S*)@/gi, (all, head: string, password: string) =>
      password === 'PASSWORD' ? all : `${head}***@`,
    )
    .replace(/([?&](?:ssl)?password=)[^&#\s"]*/gi, '$1***');
}
