/**
 * Counting queries for data-aware warnings. Values whose conversion would fail or change are
 * found by a temporary function that tries the cast per row and compares the round trip.
 */
import type { ColumnType, DataInspector, EmitContext } from '@strata/core';
import { emptySchema } from '@strata/core';
import { convertsColumnType } from './casts.js';
import type { Sql } from './client.js';
import { convertsImplicitly } from './emit-alter-column.js';
import { createRenderer } from './render.js';
import { quoteIdent } from './sql.js';

/** `ns.table` or `table` -> SQL; the first dot splits only when its prefix is a managed namespace. */
function tableSql(table: string, namespaces: readonly string[]): string {
  const dot = table.indexOf('.');
  if (dot > 0 && namespaces.includes(table.slice(0, dot)))
    return `${quoteIdent(table.slice(0, dot))}.${quoteIdent(table.slice(dot + 1))}`;
  return quoteIdent(table);
}

const FITS_FUNCTION = `
CREATE OR REPLACE FUNCTION pg_temp.strata_fits(value text, source text, target text) RETURNS boolean AS $$
DECLARE same boolean;
BEGIN
  EXECUTE format('SELECT ((%L::%s)::%s)::%s = %L::%s', value, source, target, source, value, source) INTO same;
  RETURN COALESCE(same, false);
EXCEPTION WHEN OTHERS THEN
  RETURN false;
END $$ LANGUAGE plpgsql`;

/** True when converting the value raises: the cast the migration's `USING` clause runs. */
/**
 * True when converting the value succeeds, as the migration converts it: an explicit cast (the
 * `USING` clause) or, for a change without `USING`, an assignment cast (a PL/pgSQL assignment is
 * one), which rejects a value too long for `CHAR(1)` where an explicit cast would cut it.
 */
const CONVERTS_FUNCTION = `
CREATE OR REPLACE FUNCTION pg_temp.strata_converts(value text, source text, target text, assignment boolean) RETURNS boolean AS $$
BEGIN
  IF assignment THEN
    EXECUTE format('DO $strata$ DECLARE converted %s; BEGIN converted := %L::%s; END $strata$', target, value, source);
  ELSE
    EXECUTE format('SELECT (%L::%s)::%s', value, source, target);
  END IF;
  RETURN true;
EXCEPTION WHEN OTHERS THEN
  RETURN false;
END $$ LANGUAGE plpgsql`;

export function createInspector(sql: Sql, namespaces: readonly string[]): DataInspector {
  const count = async (query: string, params: readonly unknown[] = []): Promise<number> => {
    const rows = await sql.unsafe(query, params as never[]);
    return Number(rows[0]?.count ?? 0);
  };
  const context: EmitContext = { from: emptySchema('postgresql'), to: emptySchema('postgresql') };
  const r = createRenderer(context);
  return {
    countRows: (table) => count(`SELECT count(*) AS count FROM ${tableSql(table, namespaces)}`),
    countNonNull: (table, column) =>
      count(`SELECT count(*) AS count FROM ${tableSql(table, namespaces)} WHERE ${quoteIdent(column)} IS NOT NULL`),
    countNull: (table, column) =>
      count(`SELECT count(*) AS count FROM ${tableSql(table, namespaces)} WHERE ${quoteIdent(column)} IS NULL`),
    // a list column holds arrays: a row counts when one of its items is one of the values
    countValues: (table, column, values) => {
      const json = `to_jsonb(${quoteIdent(column)})`;
      return count(
        `SELECT count(*) AS count FROM ${tableSql(table, namespaces)} WHERE EXISTS (
          SELECT 1 FROM jsonb_array_elements_text(CASE jsonb_typeof(${json}) WHEN 'array' THEN ${json} ELSE jsonb_build_array(${json}) END) AS item
          WHERE item = ANY($1::text[]))`,
        [values],
      );
    },
    countDuplicates: (table, columns) => {
      const cols = columns.map(quoteIdent).join(', ');
      const notNull = columns.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' AND ');
      return count(
        `SELECT COALESCE(sum(n), 0) AS count FROM (SELECT count(*) AS n FROM ${tableSql(table, namespaces)}
          WHERE ${notNull} GROUP BY ${cols} HAVING count(*) > 1) AS d`,
      );
    },
    async countNotFitting(table: string, column: string, to: ColumnType) {
      await sql.unsafe(FITS_FUNCTION);
      const t = tableSql(table, namespaces);
      const c = quoteIdent(column);
      return count(
        `SELECT count(*) AS count FROM ${t}
          WHERE ${c} IS NOT NULL AND NOT pg_temp.strata_fits(${c}::text, pg_typeof(${c})::text, $1)`,
        [r.type(to)],
      );
    },
    async countNotConvertible(table: string, column: string, from: ColumnType, to: ColumnType) {
      // not convertible at all: the differ drops and adds the column instead (see casts.ts)
      if (!convertsColumnType(from, to)) return 0;
      await sql.unsafe(CONVERTS_FUNCTION);
      const t = tableSql(table, namespaces);
      const c = quoteIdent(column);
      // the emitted USING clause converts through text when an enum is involved (emit-alter-column.ts)
      const viaText = from.scalar === 'Enum' || to.scalar === 'Enum';
      const source = viaText ? `'text${from.list ? '[]' : ''}'` : `pg_typeof(${c})::text`;
      return count(
        `SELECT count(*) AS count FROM ${t}
          WHERE ${c} IS NOT NULL AND NOT pg_temp.strata_converts(${c}::text, ${source}, $1, $2)`,
        [r.type(to), convertsImplicitly(from, to)],
      );
    },
  };
}
