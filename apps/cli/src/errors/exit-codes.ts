/**
 * THE table from error code to process exit code. Scripts rely on these numbers, so they are
 * few and stable (docs/cli.md lists them):
 * - 0: success (and "in sync" for `migrate status`, "no difference" for `migrate diff --exit-code`,
 *      no finding at `--fail-on` for `migrate lint`);
 * - 1: the command failed (invalid schema or migrations, failed migration, blocking warnings,
 *      history problems, drift, bad arguments, ...): something in the project needs a fix;
 *      `migrate lint`: findings at or above `--fail-on`;
 * - 2: `migrate diff --exit-code` found differences (not an error); `migrate lint` could not
 *      lint (bad arguments or configuration, unreadable migrations: what exits 1 elsewhere), so
 *      that 1 always means findings;
 * - 3: the database could not be reached (refused, authentication, missing database);
 * - 4: the database is busy (lock timeout, locked file): retrying later may succeed;
 * - 130: interrupted (Ctrl-C).
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  differences: 2,
  /** `migrate lint`: the lint did not run (what other commands exit 1 for). */
  lintNotRun: 2,
  unreachable: 3,
  busy: 4,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

const EXIT_CODE_BY_ERROR_CODE: Readonly<Record<string, ExitCodeValue>> = {
  'connection-refused': ExitCode.unreachable,
  'authentication-failed': ExitCode.unreachable,
  'database-missing': ExitCode.unreachable,
  'lock-timeout': ExitCode.busy,
  'database-locked': ExitCode.busy,
  interrupted: ExitCode.interrupted,
};

/** Every code not in the table (including codes a third-party provider invents) exits with 1. */
export function exitCodeFor(errorCode: string): ExitCodeValue {
  return EXIT_CODE_BY_ERROR_CODE[errorCode] ?? ExitCode.failure;
}
