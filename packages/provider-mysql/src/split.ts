/**
 * Splitting a script into statements, for core's executor, which runs them one by one (MySQL
 * commits each DDL statement by itself, so a failure must name its statement and how many ran).
 */
import { codeStart, type ScriptStatement } from '@strata/core';

/**
 * Splits MySQL text into statements, each without its trailing `;`. Knows MySQL's quotes ('' and
 * "" with backslash escapes, `` ` `` identifiers), its comments (`-- ` with a space or control
 * character after the dashes, `#` to the end of the line, `/* *\/`), and keeps executable
 * comments (`/*! ... *\/`) in the statement, whose `;` they never end. No `DELIMITER` command:
 * that is a client command of the mysql shell, not SQL, and strata never writes routines.
 * Comment-only pieces are dropped.
 */
export function splitStatements(script: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let start = 0;
  let hasCode = false;
  let i = 0;
  const push = (end: number): void => {
    const text = script.slice(start, end).trim();
    if (hasCode) statements.push({ text, start: firstCode(script, start) });
    start = end + 1;
    hasCode = false;
  };
  while (i < script.length) {
    const ch = script[i] as string;
    if (ch === "'" || ch === '"' || ch === '`') {
      hasCode = true;
      i++;
      while (i < script.length) {
        const c = script[i];
        if (c === '\\' && ch !== '`') {
          i += 2;
          continue;
        }
        if (c === ch) {
          if (script[i + 1] === ch) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (isLineComment(script, i)) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
      continue;
    }
    if (ch === '/' && script[i + 1] === '*') {
      if (script[i + 2] === '!') hasCode = true;
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? script.length : end + 2;
      continue;
    }
    if (ch === ';') push(i);
    else if (!/\s/.test(ch)) hasCode = true;
    i++;
  }
  push(script.length);
  return statements;
}

/** `#...` or `-- ...` (MySQL needs whitespace or a control character after `--`, or the line's end). */
function isLineComment(script: string, i: number): boolean {
  if (script[i] === '#') return true;
  if (script[i] !== '-' || script[i + 1] !== '-') return false;
  const after = script.charCodeAt(i + 2);
  return Number.isNaN(after) || after <= 0x20;
}

/** Where a statement's code starts: core's rule, plus MySQL's `#` comments. */
function firstCode(script: string, from: number): number {
  let i = codeStart(script, from);
  while (script[i] === '#') {
    const end = script.indexOf('\n', i);
    i = codeStart(script, end === -1 ? script.length : end + 1);
  }
  return i;
}
