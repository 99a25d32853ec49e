/**
 * Column defaults: rendering the IR's neutral ColumnDefault as PostgreSQL SQL, and reading the
 * text PostgreSQL stores (`pg_get_expr(adbin)`) back into the same neutral form, so that
 * `'x'::text` equals the string `x` and `CURRENT_TIMESTAMP` equals `now`.
 */
import type { Column, ColumnDefault, ColumnType } from '@strata/core';
import { quoteLiteral } from './sql.js';

/** The type text used in casts: `TEXT`, `"Role"`, `"ns"."Role"`. */
export type TypeRenderer = (type: ColumnType) => string;

function renderScalarDefault(value: ColumnDefault): string {
  switch (value.kind) {
    case 'string':
    case 'enum':
      return quoteLiteral(value.value);
    case 'number':
      return value.value;
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'bytes':
      return quoteLiteral(`\\x${value.hex}`);
    case 'now':
      return 'CURRENT_TIMESTAMP';
    case 'expression':
      return value.sql;
    case 'list':
      return `ARRAY[${value.items.map(renderScalarDefault).join(', ')}]`;
  }
}

/** `DEFAULT` clause body for a column (without the keyword). */
export function renderDefault(value: ColumnDefault, type: ColumnType, renderType: TypeRenderer): string {
  if (value.kind === 'list') return `${renderScalarDefault(value)}::${renderType({ ...type, list: false })}[]`;
  return renderScalarDefault(value);
}

// ---------------------------------------------------------------------------------------------
// reading stored defaults

/** Splits `a, b, 'c,d'` at top-level commas (outside quotes and brackets). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === "'" && text[i + 1] === "'") i++;
      else if (ch === "'") quoted = false;
    } else if (ch === "'") quoted = true;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '') parts.push(last);
  return parts;
}

/** `'it''s'::text` -> `it's`; `'x'::"Role"` -> `x`; undefined when the text is not a (cast) literal. */
function stringLiteral(text: string): string | undefined {
  const match = /^'((?:[^']|'')*)'(?:::[\w\s."[\]()]+?)*$/s.exec(text);
  return match === null ? undefined : match[1]!.replace(/''/g, "'");
}

function unwrapParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')') && splitTopLevel(t.slice(1, -1)).length === 1) {
    const inner = t.slice(1, -1);
    // only strip when the parentheses match each other
    let depth = 0;
    let balanced = true;
    for (const ch of inner) {
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      if (depth < 0) balanced = false;
    }
    if (!balanced || depth !== 0) break;
    t = inner.trim();
  }
  return t;
}

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

function classifyScalar(raw: string, scalar: ColumnType['scalar']): ColumnDefault | undefined {
  const text = unwrapParens(raw);
  if (/^(CURRENT_TIMESTAMP|now\(\)|transaction_timestamp\(\))$/i.test(text)) return { kind: 'now' };
  if (/^(true|false)$/i.test(text)) return { kind: 'boolean', value: text.toLowerCase() === 'true' };
  // array items carry the column's cast with its modifiers: `0.4::numeric(65,30)`
  const numeric = text.replace(/::[\w\s]+(?:\(\s*\d+(?:\s*,\s*-?\d+)?\s*\))?$/, '');
  if (NUMBER.test(unwrapParens(numeric))) return { kind: 'number', value: unwrapParens(numeric) };
  const literal = stringLiteral(text);
  if (literal === undefined) return undefined;
  switch (scalar) {
    case 'Enum':
      return { kind: 'enum', value: literal };
    case 'Int':
    case 'BigInt':
    case 'Float':
    case 'Decimal':
      return NUMBER.test(literal) ? { kind: 'number', value: literal } : undefined;
    case 'Boolean':
      return /^(true|false|t|f)$/i.test(literal) ? { kind: 'boolean', value: literal.startsWith('t') } : undefined;
    case 'Bytes':
      return /^\\x[0-9a-f]*$/i.test(literal) ? { kind: 'bytes', hex: literal.slice(2).toLowerCase() } : undefined;
    default:
      return { kind: 'string', value: literal };
  }
}

/** `{a,"b c"}` (array literal text) -> items. */
function arrayLiteralItems(text: string): string[] | undefined {
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const body = text.slice(1, -1);
  if (body === '') return [];
  const items: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/gy;
  let match: RegExpExecArray | null = re.exec(body);
  while (match !== null && re.lastIndex <= body.length) {
    items.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!.trim());
    if (re.lastIndex === body.length) break;
    match = re.exec(body);
  }
  return items;
}

/**
 * The neutral form of a default as PostgreSQL stores it. Literals become their kind; anything
 * else is kept as an expression, verbatim.
 */
export function parseStoredDefault(text: string, type: ColumnType): ColumnDefault {
  const trimmed = text.trim();
  if (type.list) {
    const arrayMatch = /^ARRAY\[(.*?)\](?:::[\w\s."()]+\[\])?$/s.exec(trimmed);
    if (arrayMatch !== null) {
      const items = splitTopLevel(arrayMatch[1]!).map((item) => classifyScalar(item, type.scalar));
      if (items.every((item) => item !== undefined)) return { kind: 'list', items: items as ColumnDefault[] };
    }
    const literal = stringLiteral(trimmed);
    const items = literal === undefined ? undefined : arrayLiteralItems(literal);
    if (items !== undefined) {
      const classified = items.map((item) => classifyScalar(`'${item.replace(/'/g, "''")}'`, type.scalar));
      if (classified.every((item) => item !== undefined)) return { kind: 'list', items: classified as ColumnDefault[] };
    }
    return { kind: 'expression', sql: trimmed };
  }
  return classifyScalar(trimmed, type.scalar) ?? { kind: 'expression', sql: trimmed };
}

function normalizeNumber(value: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(value)) return value.toLowerCase();
  let [int, frac = ''] = value.split('.') as [string, string?];
  frac = frac.replace(/0+$/, '');
  int = int.replace(/^(-?)0+(?=\d)/, '$1');
  const out = frac === '' ? int : `${int}.${frac}`;
  return out === '-0' ? '0' : out;
}

/** A comparable key: expressions are re-read (a `dbgenerated("'x'")` equals the string `x`). */
function defaultKey(value: ColumnDefault, type: ColumnType): string {
  switch (value.kind) {
    case 'expression': {
      const reread = parseStoredDefault(value.sql, type);
      if (reread.kind !== 'expression') return defaultKey(reread, type);
      return `expr:${value.sql.replace(/\s+/g, ' ').trim().toLowerCase()}`;
    }
    case 'number':
      return `number:${normalizeNumber(value.value)}`;
    case 'list':
      return `list:[${value.items.map((item) => defaultKey(item, { ...type, list: false })).join(',')}]`;
    case 'enum':
    case 'string':
      // an enum value and a string literal on an enum column are the same default
      return `text:${value.value}`;
    case 'boolean':
      return `bool:${value.value}`;
    case 'bytes':
      return `bytes:${value.hex.toLowerCase()}`;
    case 'now':
      return 'now';
  }
}

export function defaultsEqual(a: ColumnDefault | undefined, b: ColumnDefault | undefined, column: Column): boolean {
  if (a === undefined || b === undefined) return a === b;
  return defaultKey(a, column.type) === defaultKey(b, column.type);
}
