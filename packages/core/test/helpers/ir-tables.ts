/** Small IR fixtures for plan tests: a table with an `id` key, and a schema of tables (and enums). */
import type { DatabaseSchema, Table } from '../../src/index.js';

export const int = { scalar: 'Int', native: 'INTEGER' } as const;
export const text = { scalar: 'String', native: 'TEXT' } as const;

export const table = (name: string, columns: Table['columns'], extra: Partial<Table> = {}): Table => ({
  name,
  columns: [{ name: 'id', type: int, nullable: false }, ...columns],
  primaryKey: { name: `${name}_pkey`, columns: ['id'] },
  indexes: [],
  foreignKeys: [],
  ...extra,
});

export const schema = (tables: Table[], enums: DatabaseSchema['enums'] = []): DatabaseSchema => ({
  provider: 'test',
  namespaces: [],
  tables,
  enums,
  unmanaged: [],
});
