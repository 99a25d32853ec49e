/**
 * The neutral token walk the SQLite and MySQL linters read statements with (each provider's
 * tokenizer makes the tokens; here a minimal one, for words, "quoted" names, 'strings' and
 * symbols).
 */
import { describe, expect, test } from '@jest/globals';
import { findWords, type SqlToken, splitTokens, TokenCursor } from '../../src/lint/tokens.js';

function tokens(text: string): SqlToken[] {
  const out: SqlToken[] = [];
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|(\d+)|([A-Za-z_]\w*)|(\S)/g)) {
    const [raw, quoted, string, number, word] = match;
    const start = match.index;
    const kind =
      quoted !== undefined
        ? 'identifier'
        : string !== undefined
          ? 'string'
          : number !== undefined
            ? 'number'
            : word !== undefined
              ? 'word'
              : 'symbol';
    out.push({ kind, text: raw, value: quoted ?? string ?? raw, start, end: start + raw.length });
  }
  return out;
}

describe('TokenCursor', () => {
  test('words in a row, case-insensitively, consumed only when they all match', () => {
    const cursor = new TokenCursor(tokens('create table if not exists "T" (x int)'));
    expect(cursor.accept('CREATE', 'INDEX')).toBe(false);
    expect(cursor.accept('CREATE', 'TABLE')).toBe(true);
    expect(cursor.acceptOneOf('TEMP', 'IF')).toBe('IF');
    expect(cursor.accept('NOT', 'EXISTS')).toBe(true);
    expect(cursor.name()).toBe('T');
    expect(cursor.group()?.map((t) => t.text)).toEqual(['x', 'int']);
    expect(cursor.done).toBe(true);
  });

  test('qualified names are joined with dots; a string is no name', () => {
    const cursor = new TokenCursor(tokens(`main."User" 'text'`));
    expect(cursor.name()).toBe('main.User');
    expect(cursor.name()).toBeUndefined();
    expect(cursor.next()?.kind).toBe('string');
  });

  test('nested groups, and words that come later outside parentheses only', () => {
    const cursor = new TokenCursor(tokens('(a, (b, c)) d WHERE'));
    expect(
      cursor
        .group()
        ?.map((t) => t.text)
        .join(' '),
    ).toBe('a , ( b , c )');
    const inner = new TokenCursor(tokens(`t (SELECT 1 WHERE x) 'WHERE'`));
    expect(inner.comesLater('WHERE')).toBe(false);
    expect(cursor.comesLater('WHERE')).toBe(true);
  });
});

describe('findWords and splitTokens', () => {
  test('NOT NULL of a column, not of a CHECK; commas of a list, not of a call', () => {
    const definition = tokens('x INT CHECK (x IS NOT NULL) DEFAULT 1');
    expect(findWords(definition, 'NOT', 'NULL')).toBe(-1);
    expect(findWords(definition, 'DEFAULT')).toBe(9);
    expect(splitTokens(tokens('a, f(b, c), d')).map((part) => part.map((t) => t.text).join(''))).toEqual([
      'a',
      'f(b,c)',
      'd',
    ]);
  });
});
