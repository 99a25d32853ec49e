/**
 * The CLI's own expected failures (bad flags, missing files, no TTY), with the same shape as
 * core's StrataError so one code path renders both. A class of its own so that the start-up
 * path (init, check, format) never has to load core just to fail.
 */
export class StrataCliError extends Error {
  readonly isStrataError = true as const;
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrataCliError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }
}
