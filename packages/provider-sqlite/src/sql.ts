/**
 * Small pieces of SQLite SQL text shared by the emitter, the rebuild, introspection and the
 * splitter: identifier and literal quoting, default rendering, comments and top-level lists.
 */
import type { Column, ColumnDefault } from '@strata/core';
import { parseDateTime, prismaDateTimeText } from './datetime.js';

export function quoteIdent(name: string): string {
  // the regular expression only for the rare name that holds a quote (this runs for every identifier)
  return `"${name.includes('"') ? name.replace(/"/g, '""') : name}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The DEFAULT clause value. Every literal that is not a plain number is quoted, so a Json
 * `@default("{}")` becomes `'{}'` (Prisma emits `{}` unquoted, a syntax error).
 */
export function renderDefault(value: ColumnDefault): string {
  switch (value.kind) {
    case 'string':
    case 'enum':
      return quoteString(value.value);
    case 'number':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.value) ? value.value : quoteString(value.value);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'bytes':
      return `X${quoteString(value.hex)}`;
    case 'now':
      return 'CURRENT_TIMESTAMP';
    case 'expression':
      return needsParentheses(value.sql) ? `(${value.sql})` : value.sql;
    case 'list':
      // SQLite has no arrays; a list default can only come from a Json-encoded value.
      return quoteString(JSON.stringify(value.items.map(listItemValue)));
  }
}

/**
 * The DEFAULT clause value for a column: `renderDefault`, except that a DateTime literal is
 * written in Prisma's spelling (`'2018-01-27 08:00:00 +00:00'`, see datetime.ts).
 */
export function renderColumnDefault(column: Column, value: ColumnDefault): string {
  if (column.type.scalar === 'DateTime' && value.kind === 'string') {
    const parsed = parseDateTime(value.value);
    if (parsed !== undefined) return quoteString(prismaDateTimeText(parsed));
  }
  return renderDefault(value);
}

function listItemValue(item: ColumnDefault): unknown {
  switch (item.kind) {
    case 'number':
      return Number(item.value);
    case 'boolean':
      return item.value;
    case 'string':
    case 'enum':
      return item.value;
    default:
      return null;
  }
}

/** SQLite accepts a literal, a signed number, CURRENT_* or a parenthesized expression after DEFAULT. */
function needsParentheses(sql: string): boolean {
  const text = sql.trim();
  if (/^\(.*\)$/s.test(text) && balancedOuterParentheses(text)) return false;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return false;
  if (/^'(?:[^']|'')*'$/.test(text)) return false;
  if (/^[xX]'[0-9a-fA-F]*'$/.test(text)) return false;
  if (/^(null|true|false|current_timestamp|current_date|current_time)$/i.test(text)) return false;
  return true;
}

function balancedOuterParentheses(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0 && i < text.length - 1) return false;
    }
  }
  return depth === 0;
}

/** A constant default: one `ALTER TABLE ... ADD COLUMN` accepts (no CURRENT_TIMESTAMP, no expression). */
export function isConstantDefault(value: ColumnDefault | undefined): boolean {
  if (value === undefined) return true;
  if (value.kind === 'now') return false;
  if (value.kind === 'expression')
    return !needsParentheses(value.sql) && !/^\(/.test(value.sql.trim()) && !/^current_/i.test(value.sql.trim());
  return true;
}

export function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/**
 * Splits a parenthesized list at its top-level commas: `a, f(b, c), "d,e"` -> three parts.
 * Used to read column lists out of CREATE TABLE / CREATE INDEX text.
 */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === close) {
          if (close !== ']' && text[j + 1] === close) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      current += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** The text between the first `(` at or after `from` and its matching `)`, or undefined. */
export function parenthesizedAfter(text: string, from: number): { inner: string; end: number } | undefined {
  const open = text.indexOf('(', from);
  if (open === -1) return undefined;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const close = text.indexOf(ch, i + 1);
      if (close === -1) return undefined;
      i = close;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') {
      depth--;
      if (depth === 0) return { inner: text.slice(open + 1, i), end: i + 1 };
    }
  }
  return undefined;
}

/** `"a""b"` -> `a"b`, `[x]` -> `x`, `` `x` `` -> `x`, `'x'` -> `x`, bare words unchanged. */
export function unquoteIdent(text: string): string {
  const t = text.trim();
  const first = t[0];
  if ((first === '"' || first === '`' || first === "'") && t.endsWith(first as string)) {
    return t
      .slice(1, -1)
      .split(`${first}${first}`)
      .join(first as string);
  }
  if (first === '[' && t.endsWith(']')) return t.slice(1, -1);
  return t;
}
