/**
 * Counting queries for data-aware warnings. Values whose conversion would fail or change are
 * found by a temporary function that tries the cast per row and compares the round trip.
 */
import type { ColumnType, DataProbe, EmitContext, ExtensionDependent } from '@strata/core';
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

/**
 * What outside an extension depends on its objects (a normal dependency on a member, or on the
 * array type of a member type), and the extensions that require it: what makes DROP EXTENSION
 * (RESTRICT) fail. Each with the table, column or index it belongs to where there is one.
 */
const EXTENSION_DEPENDENTS = `
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = $1),
members AS (
  SELECT m.classid, m.objid FROM pg_depend m JOIN ext ON m.refobjid = ext.oid
   WHERE m.refclassid = 'pg_extension'::regclass AND m.deptype = 'e'
  UNION
  SELECT a.classid, a.objid FROM pg_depend a
    JOIN pg_depend m ON a.refclassid = m.classid AND a.refobjid = m.objid
    JOIN ext ON m.refobjid = ext.oid
   WHERE m.refclassid = 'pg_extension'::regclass AND m.deptype = 'e' AND a.deptype = 'i'
),
dependents AS (
  SELECT DISTINCT d.classid, d.objid, d.objsubid FROM pg_depend d
    JOIN members m ON d.refclassid = m.classid AND d.refobjid = m.objid
   WHERE d.deptype = 'n' AND NOT EXISTS (SELECT 1 FROM members o WHERE o.classid = d.classid AND o.objid = d.objid)
  UNION
  SELECT d.classid, d.objid, 0 FROM pg_depend d JOIN ext ON d.refobjid = ext.oid
   WHERE d.classid = 'pg_extension'::regclass AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'n'
)
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS description,
       COALESCE(tn.nspname, itn.nspname, dn.nspname) AS ns,
       COALESCE(CASE WHEN t.relkind = 'i' THEN it.relname ELSE t.relname END, dt.relname) AS table_name,
       COALESCE(a.attname, da.attname) AS column_name,
       CASE WHEN t.relkind = 'i' THEN t.relname END AS index_name
  FROM dependents d
  LEFT JOIN pg_class t ON d.classid = 'pg_class'::regclass AND t.oid = d.objid
  LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace AND t.relkind <> 'i'
  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.objsubid AND d.objsubid > 0
  LEFT JOIN pg_index ix ON ix.indexrelid = t.oid AND t.relkind = 'i'
  LEFT JOIN pg_class it ON it.oid = ix.indrelid
  LEFT JOIN pg_namespace itn ON itn.oid = it.relnamespace
  LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
  LEFT JOIN pg_class dt ON dt.oid = ad.adrelid
  LEFT JOIN pg_namespace dn ON dn.oid = dt.relnamespace
  LEFT JOIN pg_attribute da ON da.attrelid = ad.adrelid AND da.attnum = ad.adnum
 ORDER BY 1`;

export function createProbe(
  sql: Sql,
  namespaces: readonly string[],
  defaultNamespace: string | undefined = namespaces[0],
): DataProbe {
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
    async extensionDependents(extension: string) {
      const rows = await sql.unsafe(EXTENSION_DEPENDENTS, [extension]);
      return rows.map((row): ExtensionDependent => {
        const table = row.table_name === null ? undefined : String(row.table_name);
        // tables are named as everywhere in the probe: bare in the default namespace
        const qualified = table === undefined || row.ns === defaultNamespace ? table : `${String(row.ns)}.${table}`;
        return {
          description: String(row.description),
          ...(qualified === undefined ? {} : { table: qualified }),
          ...(row.column_name === null ? {} : { column: String(row.column_name) }),
          ...(row.index_name === null ? {} : { index: String(row.index_name) }),
        };
      });
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
