/**
 * PostgreSQL's locking rules are its own notes (`explain`), not core capabilities: the same codes,
 * severities and messages the core lint used to raise, in the same place among the warnings of
 * migration.sql; and the type system's reverse for `db pull`.
 */
import { describe, expect, test } from '@jest/globals';
import { diff, planMigration } from '@strata/core';
import { provider } from '../src/index.js';
import { typeSystem } from '../src/types.js';
import { col, schema } from './fixtures.js';

const item = (columns = [col('id', 'INTEGER'), col('n', 'INTEGER', { nullable: true })]) => ({
  name: 'Item',
  columns,
  primaryKey: { name: 'Item_pkey', columns: ['id'] },
  indexes: [],
  foreignKeys: [],
});

describe('explain: PostgreSQL locking notes', () => {
  test('a type change and an index on an existing table, between core warnings, in change order', async () => {
    const from = schema([item(), { ...item(), name: 'Zone' }]);
    const to = schema([
      {
        ...item([col('id', 'INTEGER'), col('n', 'BIGINT', { nullable: true })]),
        indexes: [{ name: 'Item_n_key', unique: true, columns: [{ name: 'n' }] }],
      },
      { ...item([col('id', 'INTEGER')]), name: 'Zone' },
    ]);
    const plan = await planMigration({ from, to, renames: [], provider });
    expect(plan.warnings.map((w) => [w.code, w.severity, w.table, w.column ?? null])).toEqual([
      ['type-change-rewrites-table', 'review', 'Item', 'n'],
      ['add-unique-over-duplicates', 'would-fail', 'Item', null],
      ['index-without-concurrently', 'review', 'Item', null],
      ['drop-column', 'data-loss', 'Zone', 'n'],
    ]);
    expect(plan.script).toContain(
      '  - Changing the type of `n` on `Item` may rewrite the table while holding an exclusive lock. For a big table, add a new column, backfill it in batches, then switch over.\n',
    );
    expect(plan.script).toContain(
      '  - The index `Item_n_key` is built on the existing table `Item` without CONCURRENTLY. For a big table, create the index CONCURRENTLY in its own migration (`-- strata:no-transaction`).\n',
    );
    // the notes point at their table change, so a connected plan counts the rows they touch
    expect(plan.warnings[0]?.tableChange?.kind).toBe('AlterColumn');
    expect(plan.warnings[2]?.tableChange?.kind).toBe('CreateIndex');
  });

  test('a narrowing type change is a data-loss warning only, and new tables get no locking note', () => {
    const from = schema([item([col('id', 'INTEGER'), col('n', 'BIGINT')])]);
    const to = schema([item([col('id', 'INTEGER'), col('n', 'INTEGER')]), { ...item(), name: 'Fresh' }]);
    const notes = provider.explain?.(diff(from, to, { hooks: provider.diffHooks }), { from, to }) ?? [];
    expect(notes).toEqual([]);
  });
});

describe('typeSystem.fieldType: the reverse of columnType for db pull', () => {
  test('a default type has no @db attribute; others map back to their native type and arguments', () => {
    expect(typeSystem.fieldType({ scalar: 'String', native: 'TEXT' })).toEqual({ scalar: 'String' });
    expect(typeSystem.fieldType({ scalar: 'String', native: 'VARCHAR(255)' })).toEqual({
      scalar: 'String',
      nativeType: { name: 'VarChar', args: ['255'] },
    });
    expect(typeSystem.fieldType({ scalar: 'Float', native: 'REAL' })).toEqual({
      scalar: 'Float',
      nativeType: { name: 'Real', args: [] },
    });
    expect(typeSystem.fieldType({ scalar: 'DateTime', native: 'TIMESTAMPTZ(6)' })).toEqual({
      scalar: 'DateTime',
      nativeType: { name: 'Timestamptz', args: ['6'] },
    });
    expect(typeSystem.fieldType({ scalar: 'Decimal', native: 'DECIMAL(10,2)' })).toEqual({
      scalar: 'Decimal',
      nativeType: { name: 'Decimal', args: ['10', '2'] },
    });
  });

  test('enum values reach the type system; the column still refers to its type by name only', () => {
    expect(
      typeSystem.columnType({
        scalar: 'Enum',
        list: false,
        autoincrement: false,
        enum: { name: 'Role', namespace: 'auth', values: ['A', 'B'] },
      }),
    ).toEqual({ scalar: 'Enum', native: 'Role', enum: { name: 'Role', namespace: 'auth' } });
  });

  test('round trip: what columnType renders for a native type reads back as that native type', () => {
    for (const [name, spec] of Object.entries(typeSystem.nativeTypes)) {
      const scalar = spec.scalars[0]!;
      const type = typeSystem.columnType({ scalar, list: false, autoincrement: false, nativeType: { name, args: [] } });
      if ('error' in type) continue;
      const back = typeSystem.fieldType(type);
      expect([name, back?.nativeType?.name ?? name]).toEqual([name, name]);
    }
  });
});
