/**
 * The type system: every `@db.*` native type lowers to a column type and `db pull` reads that
 * column type back to the same field (forward/reverse round trip), from strata's spelling and
 * from the server's (`information_schema.COLUMNS.COLUMN_TYPE` on MySQL 8 and MariaDB 10.11);
 * argument checks; enums inline; aliases equal.
 */
import { describe, expect, test } from '@jest/globals';
import type { ColumnType, FieldTypeRequest, NeutralScalar } from '@strata/core';
import { canonicalNative, columnTypesEqual, typeSystem } from '../src/types.js';

const request = (
  scalar: NeutralScalar,
  nativeType?: { readonly name: string; readonly args: readonly string[] },
  extra: Partial<FieldTypeRequest> = {},
): FieldTypeRequest => ({
  scalar,
  list: false,
  autoincrement: false,
  ...(nativeType === undefined ? {} : { nativeType }),
  ...extra,
});

function lowered(r: FieldTypeRequest): ColumnType {
  const type = typeSystem.columnType(r);
  if ('error' in type) throw new Error(type.error);
  return type;
}

/** name, scalar, args, strata's SQL, what the server reports (MySQL 8 / MariaDB spelling). */
const NATIVE: readonly (readonly [string, NeutralScalar, string[], string, string])[] = [
  ['Int', 'Int', [], 'INTEGER', 'int(11)'],
  ['UnsignedInt', 'Int', [], 'INTEGER UNSIGNED', 'int(10) unsigned'],
  ['SmallInt', 'Int', [], 'SMALLINT', 'smallint(6)'],
  ['UnsignedSmallInt', 'Int', [], 'SMALLINT UNSIGNED', 'smallint unsigned'],
  ['TinyInt', 'Int', [], 'TINYINT', 'tinyint(4)'],
  ['UnsignedTinyInt', 'Int', [], 'TINYINT UNSIGNED', 'tinyint(3) unsigned'],
  ['MediumInt', 'Int', [], 'MEDIUMINT', 'mediumint(9)'],
  ['UnsignedMediumInt', 'Int', [], 'MEDIUMINT UNSIGNED', 'mediumint unsigned'],
  ['BigInt', 'BigInt', [], 'BIGINT', 'bigint(20)'],
  ['UnsignedBigInt', 'BigInt', [], 'BIGINT UNSIGNED', 'bigint(20) unsigned'],
  ['Year', 'Int', [], 'YEAR', 'year(4)'],
  ['Decimal', 'Decimal', ['19', '4'], 'DECIMAL(19, 4)', 'decimal(19,4)'],
  ['Float', 'Float', [], 'FLOAT', 'float'],
  ['Double', 'Float', [], 'DOUBLE', 'double'],
  ['Bit', 'Bytes', ['8'], 'BIT(8)', 'bit(8)'],
  ['Bit', 'Boolean', ['1'], 'BIT(1)', 'bit(1)'],
  ['Char', 'String', ['2'], 'CHAR(2)', 'char(2)'],
  ['VarChar', 'String', ['255'], 'VARCHAR(255)', 'varchar(255)'],
  ['TinyText', 'String', [], 'TINYTEXT', 'tinytext'],
  ['Text', 'String', [], 'TEXT', 'text'],
  ['MediumText', 'String', [], 'MEDIUMTEXT', 'mediumtext'],
  ['LongText', 'String', [], 'LONGTEXT', 'longtext'],
  ['Binary', 'Bytes', ['16'], 'BINARY(16)', 'binary(16)'],
  ['VarBinary', 'Bytes', ['200'], 'VARBINARY(200)', 'varbinary(200)'],
  ['TinyBlob', 'Bytes', [], 'TINYBLOB', 'tinyblob'],
  ['Blob', 'Bytes', [], 'BLOB', 'blob'],
  ['MediumBlob', 'Bytes', [], 'MEDIUMBLOB', 'mediumblob'],
  ['LongBlob', 'Bytes', [], 'LONGBLOB', 'longblob'],
  ['Date', 'DateTime', [], 'DATE', 'date'],
  ['Time', 'DateTime', ['3'], 'TIME(3)', 'time(3)'],
  ['DateTime', 'DateTime', ['6'], 'DATETIME(6)', 'datetime(6)'],
  ['Timestamp', 'DateTime', ['0'], 'TIMESTAMP(0)', 'timestamp'],
  ['Json', 'Json', [], 'JSON', 'json'],
];

describe('native types', () => {
  test('the table covers every native type of the dialect', () => {
    expect([...new Set(NATIVE.map((n) => n[0]))].sort()).toEqual(Object.keys(typeSystem.nativeTypes).sort());
  });

  test.each(NATIVE)(
    '@db.%s on %s(%j): forward, reverse, and the server spelling',
    (name, scalar, args, sql, server) => {
      const type = lowered(request(scalar, { name, args }));
      expect(type).toEqual({ scalar, native: sql });
      // db pull of the lowered type, and of the server's spelling, gives the field back; a type that
      // is the scalar's default (`Int @db.Int`) pulls without the attribute, which lowers the same
      const isDefault = lowered(request(scalar)).native === sql;
      const expected = isDefault ? { scalar } : { scalar, nativeType: { name, args } };
      expect(isDefault).toBe(['Int', 'BigInt', 'Double', 'LongBlob', 'Json'].includes(name));
      expect(typeSystem.fieldType(type)).toEqual(expected);
      expect(typeSystem.fieldType({ scalar, native: server })).toEqual(expected);
      expect(columnTypesEqual(type, { scalar, native: server })).toBe(true);
    },
  );

  test('arguments MySQL implies are read back written out, and lower to the same column', () => {
    for (const [name, scalar] of [
      ['Timestamp', 'DateTime'],
      ['Char', 'String'],
      ['Decimal', 'Decimal'],
      ['Time', 'DateTime'],
    ] as const) {
      const bare = lowered(request(scalar, { name, args: [] }));
      const pulled = typeSystem.fieldType(bare);
      expect(pulled?.nativeType?.name).toBe(name);
      expect(columnTypesEqual(lowered(request(scalar, pulled?.nativeType)), bare)).toBe(true);
    }
  });
});

describe('scalar defaults (no @db attribute)', () => {
  test.each([
    ['String', 'VARCHAR(191)', 'varchar(191)'],
    ['Int', 'INTEGER', 'int'],
    ['BigInt', 'BIGINT', 'bigint'],
    ['Float', 'DOUBLE', 'double'],
    ['Decimal', 'DECIMAL(65, 30)', 'decimal(65,30)'],
    ['Boolean', 'BOOLEAN', 'tinyint(1)'],
    ['DateTime', 'DATETIME(3)', 'datetime(3)'],
    ['Json', 'JSON', 'json'],
    ['Bytes', 'LONGBLOB', 'longblob'],
  ] as const)('%s -> %s, read back from %s without an attribute', (scalar, sql, server) => {
    const type = lowered(request(scalar));
    expect(type.native).toBe(sql);
    expect(typeSystem.fieldType(type)).toEqual({ scalar });
    expect(typeSystem.fieldType({ scalar: 'Int', native: server })).toEqual({ scalar });
    expect(columnTypesEqual(type, { scalar, native: server })).toBe(true);
  });

  test('Boolean @db.TinyInt is BOOLEAN, as Prisma writes it; tinyint(1) pulls as Boolean', () => {
    expect(lowered(request('Boolean', { name: 'TinyInt', args: ['1'] })).native).toBe('BOOLEAN');
    expect(typeSystem.fieldType({ scalar: 'Int', native: 'tinyint(1)' })).toEqual({ scalar: 'Boolean' });
    // but an unsigned tinyint(1) is a number
    expect(typeSystem.fieldType({ scalar: 'Int', native: 'tinyint(1) unsigned' })).toEqual({
      scalar: 'Int',
      nativeType: { name: 'UnsignedTinyInt', args: [] },
    });
  });

  test("MariaDB's JSON is a LONGTEXT: equal for a Json column, pulled as Json", () => {
    expect(columnTypesEqual({ scalar: 'Json', native: 'JSON' }, { scalar: 'Json', native: 'longtext' })).toBe(true);
    expect(typeSystem.fieldType({ scalar: 'Json', native: 'longtext' })).toEqual({ scalar: 'Json' });
    expect(columnTypesEqual({ scalar: 'String', native: 'LONGTEXT' }, { scalar: 'String', native: 'JSON' })).toBe(
      false,
    );
  });
});

describe('enums', () => {
  const e = (values: string[]) => request('Enum', undefined, { enum: { name: 'Role', values } });

  test("an enum column is ENUM('A', 'B') with the values in declaration order", () => {
    expect(lowered(e(['USER', 'ADMIN']))).toEqual({
      scalar: 'Enum',
      native: "ENUM('USER', 'ADMIN')",
      enum: { name: 'Role' },
    });
    expect(lowered(e(["it's", 'a\\b'])).native).toBe("ENUM('it''s', 'a\\\\b')");
  });

  test("values decide equality, as the server reports them (enum('USER','ADMIN'))", () => {
    const type = lowered(e(['USER', 'ADMIN']));
    expect(columnTypesEqual(type, { scalar: 'Enum', native: "enum('USER','ADMIN')" })).toBe(true);
    expect(columnTypesEqual(type, { scalar: 'Enum', native: "enum('ADMIN','USER')" })).toBe(false);
    expect(columnTypesEqual(type, { scalar: 'Enum', native: "enum('USER','ADMIN','GUEST')" })).toBe(false);
    expect(columnTypesEqual(type, { scalar: 'Enum', native: "enum('user','admin')" })).toBe(false);
    expect(typeSystem.fieldType({ scalar: 'Enum', native: "enum('USER','ADMIN')" })).toEqual({ scalar: 'Enum' });
  });
});

describe('argument checks and refusals', () => {
  test.each([
    ['Int', 'VarChar', [], 'cannot be used with Int'],
    ['String', 'VarChar', [], 'expected @db.VarChar(length)'],
    ['String', 'VarChar', ['70000'], 'between 1 and 65535'],
    ['String', 'Char', ['256'], 'between 1 and 255'],
    ['Decimal', 'Decimal', ['66', '2'], 'between 1 and 65'],
    ['Decimal', 'Decimal', ['10', '31'], 'scale'],
    ['Decimal', 'Decimal', ['5', '6'], 'must not exceed'],
    ['DateTime', 'Timestamp', ['7'], 'between 0 and 6'],
    ['String', 'Uuid', [], 'not a MySQL native type'],
    ['Int', 'Int', ['11'], 'takes no arguments'],
  ] as const)('%s @db.%s(%j) is refused', (scalar, name, args, message) => {
    expect(typeSystem.checkNativeType(scalar, name, args)).toContain(message);
  });

  test('lists and autoincrement on a non-integer are refused', () => {
    expect(typeSystem.columnType(request('String', undefined, { list: true }))).toHaveProperty('error');
    expect(
      typeSystem.columnType(request('String', { name: 'VarChar', args: ['10'] }, { autoincrement: true })),
    ).toHaveProperty('error');
    expect(
      typeSystem.columnType(request('BigInt', { name: 'UnsignedBigInt', args: [] }, { autoincrement: true })),
    ).toEqual({
      scalar: 'BigInt',
      native: 'BIGINT UNSIGNED',
    });
  });

  test('Unsupported types are kept verbatim and never pulled as a field', () => {
    expect(lowered(request('Unsupported', undefined, { unsupported: 'POINT' }))).toEqual({
      scalar: 'Unsupported',
      native: 'POINT',
    });
    expect(typeSystem.fieldType({ scalar: 'Unsupported', native: 'POINT' })).toBeUndefined();
    expect(typeSystem.fieldType({ scalar: 'String', native: 'geometry' })).toBeUndefined();
  });
});

describe('canonical spelling', () => {
  test.each([
    ['INT(11)', 'INTEGER'],
    ['integer', 'INTEGER'],
    ['int unsigned', 'INTEGER UNSIGNED'],
    ['INTEGER UNSIGNED', 'INTEGER UNSIGNED'],
    ['bool', 'BOOLEAN'],
    ['tinyint(1)', 'BOOLEAN'],
    ['numeric(10, 2)', 'DECIMAL(10,2)'],
    ['DECIMAL', 'DECIMAL(10,0)'],
    ['timestamp', 'TIMESTAMP(0)'],
    ['datetime', 'DATETIME(0)'],
    ['char', 'CHAR(1)'],
    ['double precision', 'DOUBLE'],
    ['character varying(20)', 'VARCHAR(20)'],
  ])('%s -> %s', (from, to) => {
    expect(canonicalNative(from)).toBe(to);
  });

  // the spellings are remembered (a diff compares every column pair), up to a bound
  test('a schema with more spellings than are remembered still reads each one as itself', () => {
    const spellings = Array.from({ length: 25_000 }, (_, i) => `enum('v${i}', 'it''s ${i}')`);
    for (const round of [1, 2]) {
      const misread = spellings.filter((spelling, i) => canonicalNative(spelling) !== `ENUM('v${i}','it''s ${i}')`);
      expect([round, misread]).toEqual([round, []]);
      expect([round, canonicalNative('INT(11)'), canonicalNative('tinyint(1)')]).toEqual([round, 'INTEGER', 'BOOLEAN']);
    }
  });
});
