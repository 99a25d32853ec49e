/**
 * Index equality for the differ (`DiffHooks.indexesEqual`). Two spellings of the same index must
 * not produce a drop and a re-create:
 * - a DEFAULT operator class written out (`ops: ArrayOps` lowers to `array_ops`), while
 *   introspection reports only non-default classes (it cannot know whether one was written);
 * - a partial-index predicate or an index expression as the user wrote it
 *   (`status IN ('a') AND "deletedAt" IS NULL`) against what PostgreSQL stores and
 *   `pg_get_expr(..., true)` prints back (`status::text = ANY (ARRAY['a'::text]) AND "deletedAt" IS NULL`).
 */
import type { Table } from '@strata/core';

// derived from Table: core's root export also has model-level types named Index
type Index = Table['indexes'][number];

/**
 * The default operator classes of each access method (`pg_opclass.opcdefault`, PostgreSQL 16/17).
 * An operator class name is unique per access method, so the name alone says whether it is the
 * default for the column's type.
 */
const DEFAULT_OPCLASSES: Readonly<Record<string, ReadonlySet<string>>> = {
  btree: new Set(
    (
      'array_ops bit_ops bool_ops bpchar_ops bytea_ops char_ops date_ops enum_ops float4_ops float8_ops inet_ops ' +
      'int2_ops int4_ops int8_ops interval_ops jsonb_ops macaddr8_ops macaddr_ops money_ops multirange_ops name_ops ' +
      'numeric_ops oid_ops oidvector_ops pg_lsn_ops range_ops record_ops text_ops tid_ops time_ops timestamp_ops ' +
      'timestamptz_ops timetz_ops tsquery_ops tsvector_ops uuid_ops varbit_ops xid8_ops'
    ).split(' '),
  ),
  hash: new Set(
    (
      'aclitem_ops array_ops bool_ops bpchar_ops bytea_ops char_ops cid_ops date_ops enum_ops float4_ops float8_ops ' +
      'inet_ops int2_ops int4_ops int8_ops interval_ops jsonb_ops macaddr8_ops macaddr_ops multirange_ops name_ops ' +
      'numeric_ops oid_ops oidvector_ops pg_lsn_ops range_ops record_ops text_ops tid_ops time_ops timestamp_ops ' +
      'timestamptz_ops timetz_ops uuid_ops xid8_ops xid_ops'
    ).split(' '),
  ),
  gin: new Set(['array_ops', 'jsonb_ops', 'tsvector_ops']),
  gist: new Set([
    'box_ops',
    'circle_ops',
    'multirange_ops',
    'point_ops',
    'poly_ops',
    'range_ops',
    'tsquery_ops',
    'tsvector_ops',
  ]),
  spgist: new Set(['box_ops', 'inet_ops', 'poly_ops', 'quad_point_ops', 'range_ops', 'text_ops']),
  brin: new Set(
    (
      'bit_minmax_ops box_inclusion_ops bpchar_minmax_ops bytea_minmax_ops char_minmax_ops date_minmax_ops ' +
      'float4_minmax_ops float8_minmax_ops inet_inclusion_ops int2_minmax_ops int4_minmax_ops int8_minmax_ops ' +
      'interval_minmax_ops macaddr8_minmax_ops macaddr_minmax_ops name_minmax_ops numeric_minmax_ops oid_minmax_ops ' +
      'pg_lsn_minmax_ops range_inclusion_ops text_minmax_ops tid_minmax_ops time_minmax_ops timestamp_minmax_ops ' +
      'timestamptz_minmax_ops timetz_minmax_ops uuid_minmax_ops varbit_minmax_ops'
    ).split(' '),
  ),
};

/** The operator class as it matters: undefined when it is the access method's default. */
export function effectiveOpclass(method: string | undefined, ops: string | undefined): string | undefined {
  if (ops === undefined) return undefined;
  const name = ops.trim().toLowerCase();
  return DEFAULT_OPCLASSES[(method ?? 'btree').toLowerCase()]?.has(name) ? undefined : name;
}

// ---------------------------------------------------------------------------------------------
// SQL expression canonicalization

type Token =
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'ident'; readonly text: string }
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'op'; readonly text: string };

/** Words PostgreSQL would quote when printing an identifier (enough for predicates). */
const NEEDS_QUOTES = new Set([
  'and',
  'or',
  'not',
  'is',
  'null',
  'true',
  'false',
  'in',
  'like',
  'user',
  'order',
  'group',
]);

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      tokens.push({ kind: 'string', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      const name = sql.slice(i + 1, j).replace(/""/g, '"');
      // an identifier that needs no quotes is printed without them
      tokens.push({
        kind: 'ident',
        text: /^[a-z_][a-z0-9_$]*$/.test(name) && !NEEDS_QUOTES.has(name) ? name : `"${name}"`,
      });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))![0];
      tokens.push({ kind: 'word', text: word.toLowerCase() });
      i += word.length;
    } else if (/\d/.test(ch)) {
      const number = /^\d+(\.\d+)?([eE][-+]?\d+)?/.exec(sql.slice(i))![0];
      tokens.push({ kind: 'number', text: number });
      i += number.length;
    } else if (ch === ':' && sql[i + 1] === ':') {
      tokens.push({ kind: 'op', text: '::' });
      i += 2;
    } else if (/[<>=!~*+\-/%|&^@#]/.test(ch)) {
      const op = /^[<>=!~*+\-/%|&^@#]+/.exec(sql.slice(i))![0];
      tokens.push({ kind: 'op', text: op === '!=' ? '<>' : op });
      i += op.length;
    } else {
      tokens.push({ kind: 'op', text: ch });
      i++;
    }
  }
  return tokens;
}

/** Removes `::type` casts (PostgreSQL adds them to literals and to varchar/enum operands). */
function dropCasts(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.text !== '::' || tokens[i]!.kind !== 'op') {
      out.push(tokens[i]!);
      continue;
    }
    // the type: a name, maybe qualified (`"ns"."Role"`), or one of the multi-word names
    let j = i + 1;
    const word = (k: number): string | undefined => (tokens[k]?.kind === 'word' ? tokens[k]!.text : undefined);
    if (tokens[j + 1]?.text === '.') j += 2;
    const first = word(j);
    j++;
    if ((first === 'character' || first === 'bit') && word(j) === 'varying') j++;
    else if (first === 'double' && word(j) === 'precision') j++;
    else if ((first === 'timestamp' || first === 'time') && (word(j) === 'with' || word(j) === 'without')) j += 3;
    if (tokens[j]?.text === '(') {
      while (j < tokens.length && tokens[j]!.text !== ')') j++;
      j++;
    }
    while (tokens[j]?.text === '[' && tokens[j + 1]?.text === ']') j += 2;
    i = j - 1;
  }
  return out;
}

/** Operators written as words, in PostgreSQL's stored spelling. */
function operatorWords(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (
      t.kind === 'word' &&
      t.text === 'not' &&
      next?.kind === 'word' &&
      (next.text === 'like' || next.text === 'ilike')
    ) {
      out.push({ kind: 'op', text: next.text === 'like' ? '!~~' : '!~~*' });
      i++;
    } else if (t.kind === 'word' && t.text === 'like') out.push({ kind: 'op', text: '~~' });
    else if (t.kind === 'word' && t.text === 'ilike') out.push({ kind: 'op', text: '~~*' });
    else if (t.kind === 'word' && t.text === 'in' && next?.text === '(') {
      // `x IN (a, b)` is stored as `x = ANY (ARRAY[a, b])`
      let depth = 0;
      let j = i + 1;
      for (; j < tokens.length; j++) {
        if (tokens[j]!.text === '(') depth++;
        else if (tokens[j]!.text === ')' && --depth === 0) break;
      }
      out.push(
        { kind: 'op', text: '=' },
        { kind: 'word', text: 'any' },
        { kind: 'op', text: '(' },
        { kind: 'word', text: 'array' },
        { kind: 'op', text: '[' },
        ...tokens.slice(i + 2, j),
        { kind: 'op', text: ']' },
        { kind: 'op', text: ')' },
      );
      i = j;
    } else out.push(t);
  }
  return out;
}

/**
 * Removes grouping parentheses that cannot change the meaning: around the whole expression and
 * around an operand that has no top-level AND/OR (`(n > 3) AND (x IS NULL)`). Parentheses of a
 * function call or `ANY (...)` stay, and so do those grouping AND/OR, which matter.
 */
function dropRedundantParens(tokens: readonly Token[]): Token[] {
  let current = [...tokens];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < current.length; i++) {
      if (current[i]!.text !== '(' || current[i]!.kind !== 'op') continue;
      const before = current[i - 1];
      if (before !== undefined && (before.kind === 'word' || before.kind === 'ident')) {
        // a call (`lower(`, `any (`) unless the word is an operator keyword
        if (!['and', 'or', 'not'].includes(before.text)) continue;
      }
      let depth = 0;
      let close = -1;
      let logical = false;
      for (let j = i; j < current.length; j++) {
        const t = current[j]!;
        if (t.text === '(' && t.kind === 'op') depth++;
        else if (t.text === ')' && t.kind === 'op' && --depth === 0) {
          close = j;
          break;
        } else if (depth === 1 && t.kind === 'word' && (t.text === 'and' || t.text === 'or')) logical = true;
        else if (depth === 1 && t.text === ',') logical = true; // a row or a list: keep
      }
      if (close < 0) break;
      const whole = i === 0 && close === current.length - 1;
      if (logical && !whole) continue;
      current = [...current.slice(0, i), ...current.slice(i + 1, close), ...current.slice(close + 1)];
      changed = true;
      break;
    }
  }
  return current;
}

/** One spelling of a SQL expression, for comparison only (never executed). */
export function canonicalExpression(sql: string): string {
  const tokens = dropRedundantParens(operatorWords(dropCasts(tokenize(sql))));
  return tokens.map((t) => t.text).join(' ');
}

function canonicalIndex(ix: Index): string {
  const method = (ix.method ?? 'btree').toLowerCase();
  return JSON.stringify({
    method,
    where: ix.where === undefined ? null : canonicalExpression(ix.where),
    columns: ix.columns.map((c) => ({
      name: c.name ?? null,
      expression: c.expression === undefined ? null : canonicalExpression(c.expression),
      sort: c.sort ?? 'asc',
      length: c.length ?? null,
      ops: effectiveOpclass(method, c.ops) ?? null,
    })),
  });
}

/** `DiffHooks.indexesEqual`: same shape once default opclasses and expression spellings are normalized. */
export function indexesEqual(a: Index, b: Index): boolean {
  return a.unique === b.unique && canonicalIndex(a) === canonicalIndex(b);
}
