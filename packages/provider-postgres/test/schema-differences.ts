/**
 * Strict, readable differences between two introspected schemas: no dialect equality hooks,
 * because both sides were read by the same introspection and must match to the letter
 * (names, types, defaults). Column order is not compared: Prisma appends added columns, while a
 * schema created in one go follows the model's order.
 */
import type { DatabaseSchema, Table } from '@strata/core';
import { qualifiedName } from '@strata/core';

type Named = { readonly name: string; readonly namespace?: string };

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item] as const));
}

const show = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value));

function compareSets<T>(
  what: string,
  a: readonly T[],
  b: readonly T[],
  key: (item: T) => string,
  each: (key: string, x: T, y: T) => string[],
): string[] {
  const left = byKey(a, key);
  const right = byKey(b, key);
  const out: string[] = [];
  for (const [k, x] of left) {
    const y = right.get(k);
    if (y === undefined) out.push(`${what} ${k} only in A`);
    else out.push(...each(k, x, y));
  }
  for (const k of right.keys()) if (!left.has(k)) out.push(`${what} ${k} only in B`);
  return out;
}

function fieldDiffs(where: string, x: object, y: object, fields: readonly string[]): string[] {
  const rx = x as Record<string, unknown>;
  const ry = y as Record<string, unknown>;
  return fields
    .filter((f) => show(rx[f]) !== show(ry[f]))
    .map((f) => `${where} ${f}: ${show(rx[f])} vs ${show(ry[f])}`);
}

function tableDiffs(key: string, a: Table, b: Table): string[] {
  return [
    ...compareSets(
      'column',
      a.columns,
      b.columns,
      (c) => `${key}.${c.name}`,
      (k, x, y) =>
        fieldDiffs(`column ${k}`, x, y, ['type', 'nullable', 'default', 'autoincrement', 'identity', 'generated']),
    ),
    ...fieldDiffs(`table ${key}`, a, b, ['primaryKey']),
    ...compareSets(
      'index',
      a.indexes,
      b.indexes,
      (i) => `${key}.${i.name}`,
      (k, x, y) => fieldDiffs(`index ${k}`, x, y, ['unique', 'columns', 'where', 'method', 'constraint']),
    ),
    ...compareSets(
      'foreign key',
      a.foreignKeys,
      b.foreignKeys,
      (f) => `${key}.${f.name ?? f.columns.join('_')}`,
      (k, x, y) =>
        fieldDiffs(`foreign key ${k}`, x, y, [
          'columns',
          'referencedNamespace',
          'referencedTable',
          'referencedColumns',
          'onDelete',
          'onUpdate',
        ]),
    ),
  ];
}

export interface DifferenceOptions {
  /** Compare enum values as sets (a Prisma history appends added values; a fresh schema lists them in model order). */
  readonly enumValueOrder?: boolean;
}

/** Every difference between `a` and `b`, one line each ("... only in A", "... x vs y"). */
export function schemaDifferences(a: DatabaseSchema, b: DatabaseSchema, options: DifferenceOptions = {}): string[] {
  const key = (n: Named): string => qualifiedName(n);
  const values = (values: readonly string[]): readonly string[] =>
    options.enumValueOrder === false ? [...values].sort() : values;
  return [
    ...compareSets('enum', a.enums, b.enums, key, (k, x, y) =>
      fieldDiffs(`enum ${k}`, { values: values(x.values) }, { values: values(y.values) }, ['values']),
    ),
    ...compareSets('table', a.tables, b.tables, key, tableDiffs),
    ...compareSets(
      'unmanaged',
      a.unmanaged,
      b.unmanaged,
      (u) => `${u.kind} ${key(u)}`,
      () => [],
    ),
  ];
}
