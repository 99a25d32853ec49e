/** Schema comparison through the provider's own equality hooks (aliases, default spellings). */
import { expect } from '@jest/globals';
import { canonicalize, type DatabaseSchema } from '@strata/core';
import { defaultsEqual } from '../src/defaults.js';
import { columnTypesEqual } from '../src/types.js';

export function expectSameSchema(actual: DatabaseSchema, expected: DatabaseSchema): void {
  const a = canonicalize(actual);
  const e = canonicalize(expected);
  expect(a.tables.map((t) => t.name)).toEqual(e.tables.map((t) => t.name));
  expect(a.enums).toEqual(e.enums);
  for (const [i, table] of e.tables.entries()) {
    const got = a.tables[i]!;
    expect({ table: got.name, columns: got.columns.map((c) => c.name) }).toEqual({
      table: table.name,
      columns: table.columns.map((c) => c.name),
    });
    for (const [j, column] of table.columns.entries()) {
      const g = got.columns[j]!;
      const where = `${table.name}.${column.name}`;
      expect({ where, typeEqual: columnTypesEqual(g.type, column.type) }).toEqual({ where, typeEqual: true });
      expect({ where, nullable: g.nullable, autoincrement: g.autoincrement ?? false }).toEqual({
        where,
        nullable: column.nullable,
        autoincrement: column.autoincrement ?? false,
      });
      expect({ where, default: defaultsEqual(g.default, column.default, column) ? 'same' : g.default }).toEqual({
        where,
        default: 'same',
      });
    }
    expect(got.primaryKey).toEqual(table.primaryKey);
    expect(got.indexes).toEqual(table.indexes);
    expect(got.foreignKeys).toEqual(table.foreignKeys);
  }
}
