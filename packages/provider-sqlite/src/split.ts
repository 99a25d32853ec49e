/**
 * Splitting a script into statements, for core's executor, which runs them one by one (so a
 * failure names its statement).
 */
import { codeStart, type ScriptStatement } from '@strata/core';
import { stripComments } from './sql.js';

/**
 * Splits SQL text into statements, each without its trailing `;`. Knows quotes ('', "", ``, []),
 * comments, and `CREATE TRIGGER ... BEGIN ... END` bodies, whose inner `;` do not end the statement.
 * Comment-only pieces are dropped.
 */
export function splitStatements(script: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let start = 0;
  let i = 0;
  let inTriggerBody = false;
  const words: string[] = [];
  const push = (end: number): void => {
    const text = script.slice(start, end).trim();
    if (stripComments(text).trim() !== '') statements.push({ text, start: codeStart(script, start) });
    start = end + 1;
    words.length = 0;
    inTriggerBody = false;
  };
  while (i < script.length) {
    const ch = script[i] as string;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      i++;
      while (i < script.length) {
        if (script[i] === close) {
          if (close !== ']' && script[i + 1] === close) {
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
    if (ch === '-' && script[i + 1] === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
      continue;
    }
    if (ch === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? script.length : end + 2;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < script.length && /[A-Za-z0-9_$]/.test(script[j] as string)) j++;
      const word = script.slice(i, j).toUpperCase();
      words.push(word);
      if (word === 'BEGIN' && words.includes('TRIGGER') && words[0] === 'CREATE') inTriggerBody = true;
      if (word === 'END' && inTriggerBody) inTriggerBody = false;
      i = j;
      continue;
    }
    if (ch === ';' && !inTriggerBody) {
      push(i);
    }
    i++;
  }
  push(script.length);
  return statements;
}
