import { describe, expect, test } from '@jest/globals';
import {
  byteLength,
  foreignKeyName,
  indexName,
  joinTableNames,
  primaryKeyName,
  truncateToBytes,
  uniqueIndexName,
} from '../src/index.js';

// Expected values are the names Prisma 7 printed for the same schema (peers/prisma-diff.sh),
// copied here as literal goldens.
const longModel = 'AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEverMoreXYZ';

describe('Prisma name truncation at PostgreSQL limit 63 (bytes)', () => {
  test('primary key keeps 58 bytes of the table name', () => {
    expect(primaryKeyName(longModel, 63)).toBe('AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEve_pkey');
  });
  test('index and unique cut table_columns to 59 bytes', () => {
    const cols = ['someVeryLongFieldNameNumberOneThatIsLong', 'someVeryLongFieldNameNumberTwoThatIsLong'];
    expect(indexName(longModel, [cols[1]!], 63)).toBe(
      'AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEver_idx',
    );
    expect(uniqueIndexName(longModel, cols, 63)).toBe(
      'AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEver_key',
    );
  });
  test('multi-byte characters are never split', () => {
    const column = 'émojiésàààààààààààààààààààààààààààààààààààààààààààààààààààààààà';
    const name = uniqueIndexName('Tag', [column], 63);
    expect(name).toBe('Tag_émojiésààààààààààààààààààààààà_key');
    expect(byteLength(name)).toBeLessThanOrEqual(63);
    expect(byteLength(name.slice(0, -4))).toBe(59);
    // With a 4-byte table name, 59 bytes would end in the middle of an `à`: the cut stops one byte earlier.
    const odd = uniqueIndexName('Tags', [column], 63);
    expect(byteLength(odd.slice(0, -4))).toBe(58);
    expect(odd.endsWith('à_key')).toBe(true);
  });
  test('4-byte characters (surrogate pairs) stay whole', () => {
    const cut = truncateToBytes('ab😀😀', 7);
    expect(cut).toBe('ab😀');
    expect(foreignKeyName('T😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀', ['c'], 63)).toMatch(/^T(😀)+_fkey$/u);
    expect(byteLength(foreignKeyName('T😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀', ['c'], 63))).toBeLessThanOrEqual(63);
  });
  test('short names are not touched', () => {
    expect(primaryKeyName('User', 63)).toBe('User_pkey');
    expect(foreignKeyName('Post', ['authorId'], 63)).toBe('Post_authorId_fkey');
    expect(indexName('Post', ['a', 'b'], 63)).toBe('Post_a_b_idx');
  });
  test('implicit many-to-many names', () => {
    const names = joinTableNames('AVeryLongRelationNameThatGoesOnAndOnAndOnForeverAndEverAndEverMoreXYZ', 63);
    expect(names.table).toBe('_AVeryLongRelationNameThatGoesOnAndOnAndOnForeverAndEverAndEver');
    expect(names.primaryKey).toBe('_AVeryLongRelationNameThatGoesOnAndOnAndOnForeverAndEve_AB_pkey');
    expect(names.bIndex).toBe('_AVeryLongRelationNameThatGoesOnAndOnAndOnForeverAndEve_B_index');
    expect(names.aForeignKey).toBe('_AVeryLongRelationNameThatGoesOnAndOnAndOnForeverAndEver_A_fkey');
    expect(names.bForeignKey).toBe('_AVeryLongRelationNameThatGoesOnAndOnAndOnForeverAndEver_B_fkey');
    const other = joinTableNames(`${longModel}ToTag`, 63);
    expect(other.table).toBe('_AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEverMor');
    expect(other.primaryKey).toBe('_AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAn_AB_pkey');
  });
  test('SQLite limit never truncates in practice', () => {
    expect(primaryKeyName(longModel, 10000)).toBe(`${longModel}_pkey`);
  });
});
