/** The index equality hook: default operator classes and predicate spellings (no database needed). */
import { describe, expect, test } from '@jest/globals';
import type { Table } from '@strata/core';
import { canonicalExpression, effectiveOpclass, indexesEqual } from '../src/index-equality.js';

type Index = Table['indexes'][number];
const ix = (extra: Partial<Index> = {}): Index => ({ name: 'i', unique: false, columns: [{ name: 'a' }], ...extra });

describe('default operator classes', () => {
  test('a default class written out equals no class', () => {
    expect(indexesEqual(ix({ method: 'gin', columns: [{ name: 'a', ops: 'array_ops' }] }), ix({ method: 'gin' }))).toBe(
      true,
    );
    expect(indexesEqual(ix({ columns: [{ name: 'a', ops: 'text_ops' }] }), ix())).toBe(true);
    expect(effectiveOpclass('gin', 'jsonb_ops')).toBeUndefined();
  });
  test('a non-default class is kept, per access method', () => {
    expect(effectiveOpclass('gin', 'jsonb_path_ops')).toBe('jsonb_path_ops');
    expect(effectiveOpclass('gist', 'inet_ops')).toBe('inet_ops');
    expect(effectiveOpclass('spgist', 'inet_ops')).toBeUndefined();
    expect(effectiveOpclass(undefined, 'text_pattern_ops')).toBe('text_pattern_ops');
    expect(indexesEqual(ix({ columns: [{ name: 'a', ops: 'text_pattern_ops' }] }), ix())).toBe(false);
    expect(
      indexesEqual(ix({ method: 'gin', columns: [{ name: 'a', ops: 'gin_trgm_ops' }] }), ix({ method: 'gin' })),
    ).toBe(false);
  });
  test('other differences still count', () => {
    expect(indexesEqual(ix({ method: 'hash' }), ix())).toBe(false);
    expect(indexesEqual(ix({ columns: [{ name: 'a', sort: 'desc' }] }), ix())).toBe(false);
    expect(indexesEqual(ix({ unique: true }), ix())).toBe(false);
    expect(indexesEqual(ix({ name: 'other', constraint: true }), ix())).toBe(true);
  });
});

describe('predicates as written and as PostgreSQL prints them', () => {
  // right-hand sides: pg_get_expr(indpred, indrelid, true) on PostgreSQL 17 for the left-hand side
  const same: [string, string][] = [
    ['"deletedAt" IS NULL', '"deletedAt" IS NULL'],
    ['("deletedAt" is null)', '"deletedAt" IS NULL'],
    ['"status" = \'active\' AND n > 3', "status::text = 'active'::text AND n > 3"],
    ["(status = 'active') and (n > 3)", "status::text = 'active'::text AND n > 3"],
    [
      "(status IN ('a','b') OR flag) and role = 'A'",
      "((status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])) OR flag) AND role = 'A'::\"Role\"",
    ],
    ["name LIKE 'x%' and n != 2", "name ~~ 'x%'::text AND n <> 2"],
    ['NOT flag', 'NOT flag'],
  ];
  test.each(same)('%s', (written, stored) => {
    expect(canonicalExpression(written)).toBe(canonicalExpression(stored));
    expect(indexesEqual(ix({ where: written }), ix({ where: stored }))).toBe(true);
  });
  test('grouping that changes the meaning is kept', () => {
    expect(canonicalExpression('(a OR b) AND c')).not.toBe(canonicalExpression('a OR (b AND c)'));
    expect(canonicalExpression("a = 'x'")).not.toBe(canonicalExpression("a = 'y'"));
    expect(canonicalExpression('"Order" IS NULL')).not.toBe(canonicalExpression('"order" IS NULL'));
  });
});
