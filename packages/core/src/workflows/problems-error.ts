import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { StatusProblem } from '../migrations/status.js';

/** One error for the problems that stop a workflow: drift gets its own code, the rest `history-problems`. */
export function problemsError(problems: readonly StatusProblem[], command: string): StrataError {
  const onlyDrift = problems.every((p) => p.code === 'drift');
  const lines = problems.map((p) => {
    const differences = p.differences?.map((d) => `\n      - ${d}`).join('') ?? '';
    return `  - [${p.code}] ${p.message}${differences}\n    fix: ${p.fix}`;
  });
  return new StrataError(
    onlyDrift ? ErrorCodes.drift : ErrorCodes.historyProblems,
    `${command} cannot continue:\n${lines.join('\n')}`,
    { hint: problems[0]?.fix ?? '', details: { problems } },
  );
}
