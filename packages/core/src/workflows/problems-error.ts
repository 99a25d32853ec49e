import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { StatusProblem } from '../migrations/status.js';

/**
 * One error for the problems that stop a workflow: drift gets its own code, the rest `history-problems`.
 * The first problem's fix is the hint (printed after `→`), so the message repeats no fix equal to it.
 */
export function problemsError(problems: readonly StatusProblem[], command: string): StrataError {
  const onlyDrift = problems.every((p) => p.code === 'drift');
  const hint = problems[0]?.fix ?? '';
  const lines = problems.map((p) => {
    const differences = p.differences?.map((d) => `\n      - ${d}`).join('') ?? '';
    const fix = p.fix === hint ? '' : `\n    fix: ${p.fix}`;
    return `  - [${p.code}] ${p.message}${differences}${fix}`;
  });
  return new StrataError(
    onlyDrift ? ErrorCodes.drift : ErrorCodes.historyProblems,
    `${command} cannot continue:\n${lines.join('\n')}`,
    { hint, details: { problems } },
  );
}
