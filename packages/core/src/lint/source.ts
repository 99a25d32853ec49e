/**
 * Positions and comments in a migration.sql: offsets to 1-based lines and columns, a statement's
 * end, and the `-- strata:lint-ignore CODE reason` lines that silence a rule for the statement
 * that follows them.
 */
import { codeStart, type StatementSpan } from '../migrations/failed-statement.js';
import type { SourceRange } from './types.js';

/** Offsets of the first character of each line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset. */
export function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] as number) + 1 };
}

export function rangeOf(starts: readonly number[], start: number, end: number): SourceRange {
  const from = position(starts, start);
  const to = position(starts, end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/**
 * The end of a splitter's statement: just past its last character of code. `text` may begin with
 * the comments before the statement, `start` is where its code begins (see `StatementSpan`).
 */
export function statementEnd(statement: StatementSpan): number {
  const code = statement.text.slice(codeStart(statement.text, 0));
  return statement.start + code.replace(/[\s;]+$/, '').length;
}

export const LINT_IGNORE = '-- strata:lint-ignore';

export interface LintIgnore {
  readonly code: string;
  /** Required: an ignore without a reason silences nothing and is itself reported. */
  readonly reason: string;
  /** 1-based line of the comment. */
  readonly line: number;
}

/**
 * The ignore comments between `from` and `to` (the gap before a statement): one per line,
 * `-- strata:lint-ignore CODE reason words`.
 */
export function lintIgnores(text: string, starts: readonly number[], from: number, to: number): LintIgnore[] {
  const ignores: LintIgnore[] = [];
  const gap = text.slice(from, to);
  const pattern = /^[ \t]*-- strata:lint-ignore[ \t]+(\S+)[ \t]*(.*)$/gm;
  for (let match = pattern.exec(gap); match !== null; match = pattern.exec(gap)) {
    ignores.push({
      code: match[1] as string,
      reason: (match[2] as string).trim(),
      line: position(starts, from + match.index).line,
    });
  }
  return ignores;
}
