/**
 * When warnings stop a workflow. `would-fail` always stops (the statement cannot succeed against
 * the data); `data-loss` stops unless the user allowed warnings or the database was counted and
 * holds nothing it would destroy.
 *
 * The error keeps to one line for what went wrong (then the warnings) and ONE hint: the most
 * relevant next step. Every way on, that one first, is in `details.nextSteps` (for `--json` and
 * `--verbose`): a hint that chains five alternatives is read by nobody.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { formatWarningLine } from '../migrations/warnings-file.js';
import type { Warning } from '../plan/warning.js';

export interface GateOptions {
  readonly allowWarnings: boolean;
  /** What is being gated, for the message ("The migration", "Migration 2026..._x"). */
  readonly subject: string;
  /**
   * Extra ways on specific to the workflow (e.g. `--create-only` for dev), each a sentence of its
   * own; they follow the generic next step in `details.nextSteps`.
   */
  readonly waysOn: readonly string[];
  /** Only count warnings that touch rows (deploy re-evaluation against the target). */
  readonly onlyWithRows?: boolean;
}

/** The fields of a warning worth showing a script; the planned change it points at is IR, not output. */
export interface GateWarningDetail {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly table?: string;
  readonly column?: string;
  readonly rows?: number;
}

export function gateWarnings(warnings: readonly Warning[], options: GateOptions): void {
  const relevant = options.onlyWithRows ? warnings.filter((w) => (w.rows ?? 0) > 0) : warnings;
  const wouldFail = relevant.filter((w) => w.severity === 'would-fail');
  // a data-loss warning counted at 0 rows in this database destroys nothing here (it stays in the artifacts)
  const dataLoss = relevant.filter((w) => w.severity === 'data-loss' && w.rows !== 0);
  if (wouldFail.length > 0) {
    const nextSteps = [wouldFailStep(wouldFail), ...options.waysOn];
    throw new StrataError(
      ErrorCodes.wouldFail,
      `${options.subject} cannot succeed against the current data:\n${wouldFail.map((w) => `  - ${formatWarningLine(w)}`).join('\n')}`,
      { hint: nextSteps[0] as string, details: { warnings: relevant.map(warningDetail), nextSteps } },
    );
  }
  if (dataLoss.length > 0 && !options.allowWarnings) {
    const nextSteps = ['Review the warnings, then run again with --allow-warnings to accept them.', ...options.waysOn];
    throw new StrataError(
      ErrorCodes.warningsBlock,
      `${options.subject} can lose data:\n${dataLoss.map((w) => `  - ${formatWarningLine(w)}`).join('\n')}`,
      { hint: nextSteps[0] as string, details: { warnings: relevant.map(warningDetail), nextSteps } },
    );
  }
}

/** The usual fix depends on what fails: a new required column wants a default, anything else the rows out of the way. */
function wouldFailStep(wouldFail: readonly Warning[]): string {
  const requiredColumn = wouldFail.every(
    (w) => w.code === 'add-required-column-no-default' || w.code === 'make-required-with-nulls',
  );
  if (requiredColumn)
    return 'Give the required column a @default, or make it optional, backfill it, then make it required.';
  // No row count: what is in the way is not data (e.g. a view over a dropped column), and the SQL must change.
  if (wouldFail.every((w) => w.rows === undefined))
    return 'Change the schema, or write the migration by hand: `strata migrate dev --create-only`, edit migration.sql as the warning says, then `strata migrate dev`.';
  return 'Change the data each warning names, as it says (update or remove those rows, NULLs, duplicates or values), then run again.';
}

function warningDetail(w: Warning): GateWarningDetail {
  return {
    code: w.code,
    severity: w.severity,
    message: w.message,
    ...(w.table === undefined ? {} : { table: w.table }),
    ...(w.column === undefined ? {} : { column: w.column }),
    ...(w.rows === undefined ? {} : { rows: w.rows }),
  };
}
