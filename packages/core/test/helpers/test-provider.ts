/**
 * A tiny test-only type system in the PostgreSQL style, so core tests can lower models without
 * importing a provider package (core must not depend on them). Types follow docs/architecture.md#default-column-types.
 */
import type { ColumnType, FieldTypeRequest, LowerTarget, NeutralScalar, TypeSystem } from '../../src/index.js';

const DEFAULTS: Record<Exclude<NeutralScalar, 'Enum' | 'Unsupported'>, string> = {
  String: 'TEXT',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Float: 'DOUBLE PRECISION',
  Decimal: 'DECIMAL(65,30)',
  Boolean: 'BOOLEAN',
  DateTime: 'TIMESTAMP(3)',
  Json: 'JSONB',
  Bytes: 'BYTEA',
};

export const testTypes: TypeSystem = {
  columnType(request: FieldTypeRequest): ColumnType | { error: string } {
    const list = request.list ? { list: true } : {};
    if (request.scalar === 'Enum') {
      if (request.enum === undefined) return { error: 'enum without a name' };
      const { values: _values, ...reference } = request.enum;
      return { scalar: 'Enum', native: request.enum.name, enum: reference, ...list };
    }
    if (request.scalar === 'Unsupported') return { scalar: 'Unsupported', native: request.unsupported ?? '', ...list };
    if (request.nativeType !== undefined) {
      const { name, args } = request.nativeType;
      const native = `${name.toUpperCase()}${args.length > 0 ? `(${args.join(',')})` : ''}`;
      return { scalar: request.scalar, native, ...list };
    }
    return { scalar: request.scalar, native: DEFAULTS[request.scalar], ...list };
  },
  nativeTypes: {},
  checkNativeType: () => undefined,
  fieldType: (type) => ({ scalar: type.scalar }),
};

export const pgLike: LowerTarget = {
  id: 'testpg',
  types: testTypes,
  capabilities: {
    transactionalDdl: true,
    nativeEnums: true,
    scalarLists: true,
    namespaces: true,
    foreignKeys: true,
    partialIndexes: true,
    maxIdentifierLength: 63,
    joinTablePrimaryKey: true,
    extensions: true,
  },
  defaultNamespaces: ['public'],
};

export const sqliteLike: LowerTarget = {
  id: 'testsqlite',
  types: testTypes,
  capabilities: {
    transactionalDdl: true,
    nativeEnums: false,
    scalarLists: false,
    namespaces: false,
    foreignKeys: true,
    partialIndexes: true,
    maxIdentifierLength: 10000,
    namedPrimaryKeys: false,
  },
  defaultNamespaces: [],
};
