/**
 * When warnings stop a workflow. `would-fail` always stops (the statement cannot succeed against
 * the data); `data-loss` stops unless the user allowed warnings or the database was counted and
 * holds nothing it would destroy. The error says what to do next.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { formatWarningLine } from '../migrations/warnings-file.js';
import type { Warning } from '../plan/warning.js';

export interface GateOptions {
  readonly allowWarnings: boolean;
  /** What is being gated, for the message ("The migration", "Migration 2026..._x"). */
  readonly subject: string;
  /** Extra ways on specific to the workflow (e.g. `--create-only` for dev). */
  readonly waysOn: readonly string[];
  /** Only count warnings that touch rows (deploy re-evaluation against the target). */
  readonly onlyWithRows?: boolean;
}

export function gateWarnings(warnings: readonly Warning[], options: GateOptions): void {
  const relevant = options.onlyWithRows ? warnings.filter((w) => (w.rows ?? 0) > 0) : warnings;
  const wouldFail = relevant.filter((w) => w.severity === 'would-fail');
  // a data-loss warning counted at 0 rows in this database destroys nothing here (it stays in the artifacts)
  const dataLoss = relevant.filter((w) => w.severity === 'data-loss' && w.rows !== 0);
  if (wouldFail.length > 0) {
    throw new StrataError(
      ErrorCodes.wouldFail,
      `${options.subject} cannot succeed against the current data:\n${wouldFail.map((w) => `  - ${formatWarningLine(w)}`).join('\n')}`,
      {
        hint: [
          'Give the new required column a @default, or make it optional first and backfill it',
          'or remove the rows (or NULLs, or duplicates) that are in the way',
          ...options.waysOn,
        ].join('; '),
        details: { warnings: relevant },
      },
    );
  }
  if (dataLoss.length > 0 && !options.allowWarnings) {
    throw new StrataError(
      ErrorCodes.warningsBlock,
      `${options.subject} can lose data:\n${dataLoss.map((w) => `  - ${formatWarningLine(w)}`).join('\n')}`,
      {
        hint: ['Review the warnings, then run again with --allow-warnings to accept them', ...options.waysOn].join(
          '; ',
        ),
        details: { warnings: relevant },
      },
    );
  }
}
