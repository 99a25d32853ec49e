import type { ApplyResult } from '../database/executor.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { describeFailedStatement } from '../migrations/failed-statement.js';

/** A script without a history row (`db push`) that failed, as the error the user reads. */
export function scriptFailed(what: string, result: Extract<ApplyResult, { ok: false }>): StrataError {
  if ((result.cause as { isStrataError?: unknown } | null)?.isStrataError === true && result.statement === undefined)
    return result.cause as StrataError;
  const where = result.statement === undefined ? '' : ` at ${describeFailedStatement(result.statement, 'the script')}`;
  return new StrataError(ErrorCodes.migrationFailed, `${what} failed${where}: ${result.error}`, {
    hint: result.transactional
      ? 'Nothing was changed: it ran in one transaction. Fix what the error names and run it again.'
      : `It ran outside a transaction: ${result.appliedSteps} statement(s) were applied before the error. Fix what the error names and run it again.`,
    details: {
      error: result.error,
      transactional: result.transactional,
      appliedSteps: result.appliedSteps,
      ...(result.statement === undefined ? {} : { statement: result.statement }),
    },
    cause: result.cause,
  });
}
