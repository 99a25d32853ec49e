/**
 * SQLite text read the way SQLite reads it: `tokenize` knows its quotes ('', "", ``, []) and
 * comments, and `splitStatements` (core's executor runs the statements one by one, so a failure
 * names its statement) and the linter (lint.ts) both read statements through it.
 */
import { codeStart, plainToken, type ScriptStatement, type SqlLexis, type SqlToken } from '@strata/core';

const LEXIS: SqlLexis = {
  wordStart: /[A-Za-z_\u0080-\uffff]/,
  wordPart: /[A-Za-z0-9_$\u0080-\uffff]/,
  number: /^(?:0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/,
};

/**
 * The tokens of SQLite text, comments left out. A quote runs to its closing quote (doubled inside
 * '', "" and ``; `[x]` has no escape), or to the end of the text when it is never closed.
 */
export function tokenize(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      let value = '';
      while (j < text.length) {
        if (text[j] === close) {
          if (close !== ']' && text[j + 1] === close) {
            value += close;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      const end = Math.min(j + 1, text.length);
      tokens.push({ kind: ch === "'" ? 'string' : 'identifier', text: text.slice(i, end), value, start: i, end });
      i = end;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
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
 * Splits SQL text into statements, each without its trailing `;`. A `;` inside a quote or a
 * comment, or inside a `CREATE TRIGGER ... BEGIN ... END` body, does not end the statement.
 * Comment-only pieces are dropped.
 */
export function splitStatements(script: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let start = 0;
  let hasCode = false;
  let inTriggerBody = false;
  const words: string[] = [];
  const push = (end: number): void => {
    if (hasCode) statements.push({ text: script.slice(start, end).trim(), start: codeStart(script, start) });
    start = end + 1;
    hasCode = false;
    words.length = 0;
    inTriggerBody = false;
  };
  for (const token of tokenize(script)) {
    if (token.kind === 'symbol' && token.text === ';' && !inTriggerBody) {
      push(token.start);
      continue;
    }
    hasCode = true;
    if (token.kind !== 'word') continue;
    const word = token.text.toUpperCase();
    words.push(word);
    if (word === 'BEGIN' && words.includes('TRIGGER') && words[0] === 'CREATE') inTriggerBody = true;
    if (word === 'END' && inTriggerBody) inTriggerBody = false;
  }
  push(script.length);
  return statements;
}
