/**
 * Splitting a script into statements, for core's executor, which runs them one by one (so a
 * failure names its statement). Semicolons inside quotes, quoted identifiers, dollar-quoted bodies
 * (`DO $$ ... $$`) and comments do not split. Statements PostgreSQL refuses inside a transaction
 * block are marked, so that core runs such a script statement by statement.
 */
import { codeStart, type ScriptStatement } from '@strata/core';

export function splitStatements(script: string): ScriptStatement[] {
  const out: ScriptStatement[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  while (i < n) {
    const ch = script[i]!;
    const next = script[i + 1];
    if (ch === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === "'" && isEscapeStringPrefix(script, i)) {
      // E'...': a backslash escapes the next character (E'it\'s'), '' is a quote too
      let j = i + 1;
      while (j < n && !(script[j] === "'" && script[j + 1] !== "'"))
        j += script[j] === '\\' || script[j] === "'" ? 2 : 1;
      i = j + 1;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n && !(script[j] === ch && script[j + 1] !== ch)) j += script[j] === ch ? 2 : 1;
      i = j + 1;
    } else if (ch === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i, i + 64));
      if (tag === null) i++;
      else {
        const end = script.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      }
    } else if (ch === ';') {
      const text = script.slice(start, i + 1).trim();
      if (hasCode(text)) out.push(statement(text, codeStart(script, start)));
      start = i + 1;
      i++;
    } else i++;
  }
  const rest = script.slice(start).trim();
  if (hasCode(rest)) out.push(statement(rest, codeStart(script, start)));
  return out;
}

/** `E'` or `e'` not preceded by an identifier character: an escape string constant. */
function isEscapeStringPrefix(script: string, quote: number): boolean {
  const prefix = script[quote - 1];
  return (prefix === 'E' || prefix === 'e') && !/[A-Za-z0-9_$]/.test(script[quote - 2] ?? '');
}

/** True when the text holds more than comments and whitespace. */
function hasCode(text: string): boolean {
  return (
    text
      .replace(/--[^\n]*/g, '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .trim() !== ''
  );
}

const OUTSIDE_TRANSACTION_ONLY =
  /^\s*(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\s+.*CONCURRENTLY|VACUUM|CREATE\s+DATABASE|DROP\s+DATABASE|ALTER\s+SYSTEM)\b/i;

function statement(text: string, start: number): ScriptStatement {
  return OUTSIDE_TRANSACTION_ONLY.test(stripLeadingComments(text))
    ? { text, start, transactional: false }
    : { text, start };
}

function stripLeadingComments(statement: string): string {
  return statement.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, '');
}
