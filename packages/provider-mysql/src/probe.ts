/**
 * Data-aware warning queries (DataProbe) on MySQL: row counts the planner shows next to a risky
 * change, evaluated against the database the migration will run on. Tables are bare names: a
 * connection works in one database.
 */
import type { ColumnType, DataProbe } from '@strata/core';
import type { Run } from './client.js';
import { enumValues } from './introspect.js';
import { quoteIdent } from './sql.js';

export function createProbe(run: Run): DataProbe {
  const count = async (sql: string, params: readonly unknown[] = []): Promise<number> => {
    const rows = await run<{ n: unknown }>(sql, params);
    return Number(rows[0]?.n ?? 0);
  };
  const from = (table: string): string => `FROM ${quoteIdent(table)}`;
  return {
    countRows: (table) => count(`SELECT count(*) AS n ${from(table)}`),
    countNonNull: (table, column) =>
      count(`SELECT count(*) AS n ${from(table)} WHERE ${quoteIdent(column)} IS NOT NULL`),
    countNull: (table, column) => count(`SELECT count(*) AS n ${from(table)} WHERE ${quoteIdent(column)} IS NULL`),
    // BINARY: the column's collation may fold case and accents, an enum value is exact
    countValues: (table, column, values) =>
      values.length === 0
        ? Promise.resolve(0)
        : count(
            `SELECT count(*) AS n ${from(table)} WHERE BINARY ${quoteIdent(column)} IN (${values.map(() => 'BINARY ?').join(', ')})`,
            values,
          ),
    countDuplicates: (table, columns) => {
      const cols = columns.map(quoteIdent).join(', ');
      const notNull = columns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
      return count(
        `SELECT COALESCE(SUM(d.n), 0) AS n FROM (SELECT count(*) AS n ${from(table)}
          WHERE ${notNull} GROUP BY ${cols} HAVING count(*) > 1) AS d`,
      );
    },
    countNotFitting: (table, column, to) => countWhere(table, column, notFitting(quoteIdent(column), to)),
    // Only strict mode (the default of MySQL 5.7+ and MariaDB 10.2.4+) makes a MODIFY fail on a
    // value; without it MySQL cuts the value and warns, which `narrow-type` already reports.
    countNotConvertible: async (table, column, _from, to) => {
      const [mode] = await run<{ mode: unknown }>('SELECT @@SESSION.sql_mode AS mode');
      if (!/\bSTRICT_(TRANS|ALL)_TABLES\b/.test(String(mode?.mode ?? ''))) return 0;
      return countWhere(table, column, conversion(quoteIdent(column), to)?.fails);
    },
  };
  function countWhere(table: string, column: string, condition: string | undefined): Promise<number> {
    return condition === undefined
      ? Promise.resolve(0)
      : count(`SELECT count(*) AS n ${from(table)} WHERE ${quoteIdent(column)} IS NOT NULL AND (${condition})`);
  }
}

const INTEGER_RANGES: Readonly<Record<string, readonly [string, string]>> = {
  tinyint: ['-128', '127'],
  smallint: ['-32768', '32767'],
  mediumint: ['-8388608', '8388607'],
  int: ['-2147483648', '2147483647'],
  integer: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};

const UNSIGNED_MAX: Readonly<Record<string, string>> = {
  tinyint: '255',
  smallint: '65535',
  mediumint: '16777215',
  int: '4294967295',
  integer: '4294967295',
  bigint: '18446744073709551615',
};

/** Bytes a TEXT or BLOB type holds. */
const LOB_BYTES: Readonly<Record<string, number>> = {
  tinytext: 255,
  text: 65_535,
  mediumtext: 16_777_215,
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
};

// `[.]` rather than a backslash: the pattern reads the same under sql_mode NO_BACKSLASH_ESCAPES
const INTEGER_TEXT = `'^[+-]?[0-9]+([.]0*)?$'`;
const NUMBER_TEXT = `'^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'`;

/**
 * A condition true for a non-null value of `c` that a `MODIFY` to `to` would reject (strict mode)
 * or change (truncate, round, clip); undefined when every value fits. Values are compared through
 * their text, so that the check works whatever the column's type is now.
 */
export function notFitting(c: string, to: ColumnType): string | undefined {
  const { fails, changes } = conversion(c, to) ?? {};
  if (fails === undefined || changes === undefined) return fails ?? changes;
  return `${fails} OR ${changes}`;
}

/**
 * What a `MODIFY` to `to` does to a non-null value of `c`, as two conditions: `fails`, true for a
 * value strict mode refuses (the statement fails: text that is no number, a number out of range,
 * a string too long, an enum value not listed, invalid JSON); `changes`, true for a value MySQL
 * converts with a note but alters (decimals and fractional seconds rounded, a date's time cut).
 */
function conversion(c: string, to: ColumnType): { fails?: string; changes?: string } | undefined {
  const native = to.native.trim().toLowerCase();
  const base = /^[a-z]+/.exec(native)?.[0] ?? '';
  const args = (/\(([^)]*)\)/.exec(native)?.[1] ?? '').split(',').map((a) => a.trim());
  const asText = `CAST(${c} AS CHAR)`;
  if (to.scalar === 'Enum' || base === 'enum') {
    const values = enumValues(to.native);
    if (values.length === 0) return { fails: 'TRUE' };
    // hex literals: byte-exact, and no quoting rule (sql_mode) to get wrong
    return {
      fails: `BINARY ${asText} NOT IN (${values.map((v) => `X'${Buffer.from(v, 'utf8').toString('hex')}'`).join(', ')})`,
    };
  }
  if (base in INTEGER_RANGES) {
    const unsigned = /\bunsigned\b/.test(native);
    const [min, max] = unsigned ? ['0', UNSIGNED_MAX[base]!] : INTEGER_RANGES[base]!;
    return {
      fails: `NOT (${asText} REGEXP ${INTEGER_TEXT}) OR CAST(${asText} AS DECIMAL(65, 0)) NOT BETWEEN ${min} AND ${max}`,
    };
  }
  if (base === 'decimal' || base === 'numeric') {
    const precision = Number(args[0] || 10);
    const scale = Number(args[1] || 0);
    const number = `CAST(${asText} AS DECIMAL(65, 30))`;
    return {
      fails: `NOT (${asText} REGEXP ${NUMBER_TEXT}) OR ABS(${number}) >= POW(10, ${precision - scale})`,
      changes: `ROUND(${number}, ${scale}) <> ${number}`,
    };
  }
  if (base === 'float' || base === 'double' || base === 'real')
    return { fails: `NOT (${asText} REGEXP ${NUMBER_TEXT})` };
  if (base === 'char' || base === 'varchar') return { fails: `CHAR_LENGTH(${asText}) > ${Number(args[0] || 1)}` };
  if (base === 'binary' || base === 'varbinary') return { fails: `LENGTH(${c}) > ${Number(args[0] || 1)}` };
  if (base in LOB_BYTES) return { fails: `LENGTH(${c}) > ${LOB_BYTES[base]}` };
  if (base === 'json') return { fails: `JSON_VALID(${c}) = 0` };
  if (base === 'date')
    return {
      fails: `CAST(${asText} AS DATETIME(6)) IS NULL`,
      changes: `TIME(CAST(${asText} AS DATETIME(6))) <> '00:00:00'`,
    };
  if (base === 'datetime' || base === 'timestamp') {
    const precision = Number(args[0] || 0);
    const value = `CAST(${asText} AS DATETIME(6))`;
    // TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC
    const range =
      base === 'timestamp' ? ` OR ${value} NOT BETWEEN '1970-01-01 00:00:01' AND '2038-01-19 03:14:07.999999'` : '';
    return {
      fails: `${value} IS NULL${range}`,
      ...(precision >= 6 ? {} : { changes: `MICROSECOND(${value}) % ${10 ** (6 - precision)} <> 0` }),
    };
  }
  return undefined;
}
