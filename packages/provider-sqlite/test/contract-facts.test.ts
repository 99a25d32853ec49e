/**
 * Facts of the SQLite provider that core reads from the contract: enums are TEXT columns (derived
 * from `nativeEnums: false`), the type system's reverse for `db pull`, and the index kinds it refuses.
 */
import { describe, expect, test } from '@jest/globals';
import { provider } from '../src/index.js';

describe('SQLite contract facts', () => {
  test('enums are not database objects: derived from nativeEnums, not set by hand', () => {
    expect(provider.capabilities.nativeEnums).toBe(false);
    expect(provider.diffHooks.enumsInDatabase).toBe(false);
  });

  test('fieldType: a pulled column is its scalar alone (SQLite has no @db attributes)', () => {
    expect(provider.types.fieldType({ scalar: 'String', native: 'TEXT' })).toEqual({ scalar: 'String' });
    expect(provider.types.fieldType({ scalar: 'Decimal', native: 'DECIMAL' })).toEqual({ scalar: 'Decimal' });
  });

  test('the enum values reach the type system, the column keeps only its reference', () => {
    expect(
      provider.types.columnType({
        scalar: 'Enum',
        list: false,
        autoincrement: false,
        enum: { name: 'Role', values: ['A', 'B'] },
      }),
    ).toEqual({ scalar: 'Enum', native: 'TEXT', enum: { name: 'Role' } });
  });
});
