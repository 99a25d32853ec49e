/**
 * Which statement of a migration failed: the one shape both providers return from `apply()` and
 * write into the history row's logs, and that core and the CLI render. A provider knows where
 * each statement starts (its splitter knows the dialect's quotes and comments); turning that
 * offset into a line of migration.sql is done here, once.
 */

export interface FailedStatement {
  /** 1-based position among the script's statements. */
  readonly index: number;
  /** How many statements the script has. */
  readonly total: number;
  /** 1-based line in the script (migration.sql) where the statement's code starts. */
  readonly line: number;
  /** That first line of code, trimmed (cut at 200 characters). */
  readonly text: string;
}

/** A statement of a script as a provider's splitter finds it: its text and where its code starts. */
export interface StatementSpan {
  readonly text: string;
  /** Offset in the script of the statement's first character of code (after comments and whitespace). */
  readonly start: number;
}

/**
 * The offset of the first character at or after `from` that is neither whitespace nor in a
 * comment: where a statement's code starts. `--` and `/* *\/` are the comments of standard SQL,
 * which every dialect's splitter shares.
 */
export function codeStart(script: string, from: number): number {
  let i = from;
  while (i < script.length) {
    if (/\s/.test(script[i] as string)) i++;
    else if (script.startsWith('--', i)) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
    } else if (script.startsWith('/*', i)) {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? script.length : end + 2;
    } else break;
  }
  return i;
}

const MAX_TEXT = 200;

/**
 * `start` is the offset of the statement's first character of code (after leading comments and
 * whitespace) in `script`, exactly as the provider split it.
 */
export function failedStatement(script: string, index: number, total: number, start: number): FailedStatement {
  const before = script.slice(0, Math.max(0, Math.min(start, script.length)));
  const line = before.split('\n').length;
  const lineEnd = script.indexOf('\n', start);
  const first = script.slice(start, lineEnd === -1 ? script.length : lineEnd).trim();
  return { index, total, line, text: first.length > MAX_TEXT ? `${first.slice(0, MAX_TEXT)}…` : first };
}

/** "statement 2 of 3 (line 7: INSERT INTO ...)": how every message names the failed statement. */
export function describeFailedStatement(statement: FailedStatement, file = 'migration.sql'): string {
  return `statement ${statement.index} of ${statement.total} (${file} line ${statement.line}: ${statement.text})`;
}

/** The history row's logs for a failure: the database's error, then the statement it came from. */
export function failureLogs(error: string, statement: FailedStatement | undefined): string {
  return statement === undefined ? error : `${error}\nFailed at ${describeFailedStatement(statement)}`;
}
