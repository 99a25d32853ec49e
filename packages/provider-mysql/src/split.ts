/**
 * MySQL text read the way MySQL reads it: `tokenize` knows its quotes and comments, and
 * `splitStatements` (core's executor runs the statements one by one: MySQL commits each DDL
 * statement by itself, so a failure must name its statement and how many ran) and the linter
 * (lint.ts) both read statements through it.
 */
import { codeStart, plainToken, type ScriptStatement, type SqlLexis, type SqlToken } from '@strata/core';

const LEXIS: SqlLexis = {
  wordStart: /[A-Za-z_$\u0080-\uffff]/,
  wordPart: /[A-Za-z0-9_$\u0080-\uffff]/,
  number: /^(?:0[xX][0-9a-fA-F]+|0[bB][01]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/,
};

/**
 * The tokens of MySQL text, comments left out: MySQL's quotes ('' and "" strings with backslash
 * escapes, `` ` `` identifiers, a quote doubled inside), its comments (`-- ` with a space or
 * control character after the dashes, `#` to the end of the line, `/* *\/`), and executable
 * comments (`/*! ... *\/`), which are code and come as one `opaque` token. A quote never closed
 * runs to the end of the text.
 */
export function tokenize(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      let value = '';
      while (j < text.length) {
        const c = text[j] as string;
        if (c === '\\' && ch !== '`') {
          value += text[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (c === ch) {
          if (text[j + 1] === ch) {
            value += ch;
            j += 2;
            continue;
          }
          break;
        }
        value += c;
        j++;
      }
      const end = Math.min(j + 1, text.length);
      tokens.push({ kind: ch === '`' ? 'identifier' : 'string', text: text.slice(i, end), value, start: i, end });
      i = end;
      continue;
    }
    if (isLineComment(text, i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? text.length : close + 2;
      if (text[i + 2] === '!') {
        const code = text.slice(i, end);
        tokens.push({ kind: 'opaque', text: code, value: code, start: i, end });
      }
      i = end;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const token = plainToken(text, i, LEXIS);
    tokens.push(token);
    i = token.end;
  }
  return tokens;
}

/**
 * Splits MySQL text into statements, each without its trailing `;` (one outside quotes and
 * comments ends a statement; executable comments are code, whose `;` never do). No `DELIMITER`
 * command: that is a client command of the mysql shell, not SQL, and strata never writes
 * routines. Comment-only pieces are dropped.
 */
export function splitStatements(script: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let start = 0;
  let hasCode = false;
  const push = (end: number): void => {
    if (hasCode) statements.push({ text: script.slice(start, end).trim(), start: firstCode(script, start) });
    start = end + 1;
    hasCode = false;
  };
  for (const token of tokenize(script)) {
    if (token.kind === 'symbol' && token.text === ';') push(token.start);
    else hasCode = true;
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
