/**
 * Data-aware warning queries (DataProbe): row counts the planner shows next to a risky
 * change, evaluated against the database the migration will run on.
 */
import type { ColumnType, DataProbe } from '@strata/core';
import type { SqliteDatabase } from './client.js';
import { quoteIdent } from './sql.js';
import { affinityOf } from './types.js';

export function createProbe(db: SqliteDatabase): DataProbe {
  const count = async (sql: string, params: readonly unknown[] = []): Promise<number> => {
    const rows = await db.all<{ n: number }>(sql, params);
    return Number(rows[0]?.n ?? 0);
  };
  return {
    countRows: (table) => count(`SELECT count(*) AS n FROM ${quoteIdent(table)}`),
    countNonNull: (table, column) =>
      count(`SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL`),
    countNull: (table, column) =>
      count(`SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NULL`),
    countValues: (table, column, values) =>
      values.length === 0
        ? Promise.resolve(0)
        : count(
            `SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IN (${values.map(() => '?').join(', ')})`,
            values,
          ),
    countDuplicates: (table, columns) => {
      const cols = columns.map(quoteIdent).join(', ');
      const notNull = columns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
      return count(
        `SELECT coalesce(sum(n), 0) AS n FROM (SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${notNull} GROUP BY ${cols} HAVING count(*) > 1)`,
      );
    },
    countNotFitting: (table, column, to) => count(notFittingQuery(table, column, to)),
  };
}

/**
 * Rows whose value would not survive the rebuild's conversion to `to` (see rebuild.ts: TEXT,
 * INTEGER and REAL targets are CAST; NUMERIC targets convert losslessly by affinity).
 */
function notFittingQuery(table: string, column: string, to: ColumnType): string {
  const c = quoteIdent(column);
  const from = `FROM ${quoteIdent(table)} WHERE ${c} IS NOT NULL`;
  const affinity = affinityOf(to.native);
  if (to.scalar === 'Boolean') return `SELECT count(*) AS n ${from} AND ${c} NOT IN (0, 1)`;
  if (affinity === 'TEXT') return `SELECT count(*) AS n ${from} AND typeof(${c}) = 'blob'`;
  if (affinity === 'INTEGER' || affinity === 'REAL') {
    // The CAST must give back the same value, compared as stored (1.0 = 1, '12' = 12, 'abc' <> 0).
    return `SELECT count(*) AS n ${from} AND NOT (CAST(${c} AS ${affinity}) = ${c} AND typeof(${c}) <> 'blob')`;
  }
  return 'SELECT 0 AS n';
}
