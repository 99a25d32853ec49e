/**
 * The catalogue of StrataError codes. Codes are stable: scripts match on them.
 * docs/cli.md#errors says how they reach the user; docs/status-codes.md#errors-of-the-workflows
 * lists the workflows' codes with what each means.
 */
export const ErrorCodes = {
  schemaInvalid: 'schema-invalid',
  schemaNotFound: 'schema-not-found',
  providerUnknown: 'provider-unknown',
  providerIncompatible: 'provider-incompatible',
  providerMismatch: 'provider-mismatch',
  connectionRefused: 'connection-refused',
  authenticationFailed: 'authentication-failed',
  databaseMissing: 'database-missing',
  databaseReadOnly: 'database-read-only',
  databaseLocked: 'database-locked',
  lockTimeout: 'lock-timeout',
  migrationsInvalid: 'migrations-invalid',
  migrationFailed: 'migration-failed',
  /** A script run by `db execute` (or a test fixture) failed; nothing is recorded. */
  executeFailed: 'execute-failed',
  historyProblems: 'history-problems',
  drift: 'drift',
  warningsBlock: 'warnings-block',
  wouldFail: 'would-fail',
  renameUnresolved: 'rename-unresolved',
  unsupportedChange: 'unsupported-change',
  needsInput: 'needs-input',
  notFound: 'not-found',
  invalidArgument: 'invalid-argument',
  internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
