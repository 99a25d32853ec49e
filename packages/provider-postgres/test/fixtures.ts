/** Hand-built IR used by the tests (independent of the Prisma parser). */
import type { Column, DatabaseSchema, EnumType, Table } from '@strata/core';
import { canonicalize } from '@strata/core';

export const col = (name: string, native: string, extra: Partial<Column> = {}): Column => ({
  name,
  type: { scalar: scalarOf(native), native },
  nullable: false,
  ...extra,
});

function scalarOf(native: string): Column['type']['scalar'] {
  if (/^(TEXT|VARCHAR|CHAR|UUID|CITEXT|XML|INET)/.test(native)) return 'String';
  if (/^(INTEGER|SMALLINT|OID)/.test(native)) return 'Int';
  if (native === 'BIGINT') return 'BigInt';
  if (/^(DOUBLE|REAL)/.test(native)) return 'Float';
  if (/^(DECIMAL|MONEY)/.test(native)) return 'Decimal';
  if (/^(TIMESTAMP|DATE|TIME)/.test(native)) return 'DateTime';
  if (native === 'BOOLEAN') return 'Boolean';
  if (/^JSON/.test(native)) return 'Json';
  if (native === 'BYTEA') return 'Bytes';
  return 'Unsupported';
}

export const enumCol = (name: string, enumName: string, extra: Partial<Column> = {}): Column => ({
  name,
  type: { scalar: 'Enum', native: enumName, enum: { name: enumName } },
  nullable: false,
  ...extra,
});

export const role: EnumType = { name: 'Role', values: ['USER', 'ADMIN'] };

export const user: Table = {
  name: 'User',
  columns: [
    col('id', 'INTEGER', { autoincrement: true }),
    col('email', 'VARCHAR(255)'),
    col('name', 'TEXT', { nullable: true }),
    enumCol('role', 'Role', { default: { kind: 'enum', value: 'USER' } }),
    {
      ...enumCol('roles', 'Role', {
        nullable: true,
        default: { kind: 'list', items: [{ kind: 'enum', value: 'USER' }] },
      }),
      type: { scalar: 'Enum', native: 'Role', enum: { name: 'Role' }, list: true },
    },
    col('createdAt', 'TIMESTAMP(3)', { default: { kind: 'now' } }),
    col('score', 'DECIMAL(65,30)', { default: { kind: 'number', value: '1.5' } }),
    col('age', 'INTEGER', { default: { kind: 'number', value: '-1' } }),
    col('active', 'BOOLEAN', { default: { kind: 'boolean', value: true } }),
    col('meta', 'JSONB', { default: { kind: 'string', value: '{"a": "it\'s"}' } }),
    {
      ...col('tags', 'TEXT', { default: { kind: 'list', items: [] } }),
      type: { scalar: 'String', native: 'TEXT', list: true },
    },
    col('blob', 'BYTEA', { nullable: true, default: { kind: 'bytes', hex: '68656c6c6f' } }),
    col('uid', 'UUID', { default: { kind: 'expression', sql: 'gen_random_uuid()' } }),
  ],
  primaryKey: { name: 'User_pkey', columns: ['id'] },
  indexes: [
    { name: 'User_email_key', unique: true, columns: [{ name: 'email' }] },
    {
      name: 'User_createdAt_email_idx',
      unique: false,
      columns: [{ name: 'createdAt', sort: 'desc' }, { name: 'email' }],
    },
  ],
  foreignKeys: [],
};

export const post: Table = {
  name: 'Post',
  columns: [
    col('id', 'INTEGER', { autoincrement: true }),
    col('title', 'TEXT'),
    col('authorId', 'INTEGER', { nullable: true }),
  ],
  primaryKey: { name: 'Post_pkey', columns: ['id'] },
  indexes: [
    { name: 'Post_title_idx', unique: false, columns: [{ name: 'title', ops: 'text_pattern_ops' }], method: 'hash' },
    { name: 'partial_idx', unique: false, columns: [{ name: 'title' }], where: '"authorId" IS NULL' },
  ],
  foreignKeys: [
    {
      name: 'Post_authorId_fkey',
      columns: ['authorId'],
      referencedTable: 'User',
      referencedColumns: ['id'],
      onDelete: 'SetNull',
      onUpdate: 'Cascade',
    },
  ],
};

export function schema(tables: Table[], enums: EnumType[] = []): DatabaseSchema {
  return canonicalize({ provider: 'postgresql', namespaces: [], tables, enums, unmanaged: [] });
}
