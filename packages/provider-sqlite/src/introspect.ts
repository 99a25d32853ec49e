/**
 * Reads a SQLite database into the IR in a constant number of queries: `sqlite_schema` joined
 * with the pragma table functions (`pragma_table_xinfo`, `pragma_index_list`,
 * `pragma_index_xinfo`, `pragma_foreign_key_list`), never one query per table.
 *
 * What the pragmas do not say is read from the CREATE statements in `sqlite_schema.sql`:
 * AUTOINCREMENT, foreign key and unique constraint names, index expressions and WHERE clauses,
 * CHECK constraints (kept as unmanaged `Table.checks`).
 */
import type {
  Column,
  ColumnDefault,
  DatabaseSchema,
  ForeignKey,
  Index,
  IndexColumn,
  ReferentialAction,
  Table,
  UnmanagedObject,
} from '@strata/core';
import { canonicalize, HISTORY_TABLES } from '@strata/core';
import { checkClauses } from './checks.js';
import { parseDateTime, rfc3339Text } from './datetime.js';
import { parenthesizedAfter, quoteString, splitTopLevel, stripComments, unquoteIdent } from './sql.js';
import { normalizeDeclaredType, scalarForDeclaredType } from './types.js';

export type QueryFn = <T = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

/** Tables strata never reports: its own history and lock, Prisma's history, SQLite's internals. */
export const IGNORED_TABLES: readonly string[] = [...HISTORY_TABLES, 'sqlite_sequence'];

const TABLE_FILTER = `m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name NOT IN (${HISTORY_TABLES.map(quoteString).join(', ')})`;

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}
interface ColumnRow {
  tbl: string;
  cid: number;
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexRow {
  tbl: string;
  name: string;
  is_unique: number;
  origin: string;
  partial: number;
  seqno: number;
  cid: number;
  col: string | null;
  desc: number;
}
interface ForeignKeyRow {
  tbl: string;
  id: number;
  seq: number;
  ref: string;
  from_col: string;
  to_col: string | null;
  on_update: string;
  on_delete: string;
}

export async function introspect(query: QueryFn): Promise<DatabaseSchema> {
  const [objects, columns, indexes, foreignKeys] = await Promise.all([
    query<SchemaRow>(`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid`),
    query<ColumnRow>(
      `SELECT m.name AS tbl, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden
       FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name) AS p
       WHERE ${TABLE_FILTER} ORDER BY m.name, p.cid`,
    ),
    query<IndexRow>(
      `SELECT m.name AS tbl, il.name, il."unique" AS is_unique, il.origin, il.partial, ix.seqno, ix.cid, ix.name AS col, ix."desc"
       FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS il JOIN pragma_index_xinfo(il.name) AS ix
       WHERE ${TABLE_FILTER} AND ix."key" = 1 ORDER BY m.name, il.name, ix.seqno`,
    ),
    query<ForeignKeyRow>(
      `SELECT m.name AS tbl, f.id, f.seq, f."table" AS ref, f."from" AS from_col, f."to" AS to_col, f.on_update, f.on_delete
       FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
       WHERE ${TABLE_FILTER} ORDER BY m.name, f.id, f.seq`,
    ),
  ]);

  const sqlOf = new Map<string, string>();
  for (const o of objects) if (o.sql !== null) sqlOf.set(`${o.type}:${o.name}`, o.sql);

  const tableNames = objects
    .filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_') && !IGNORED_TABLES.includes(o.name))
    .map((o) => o.name);
  const tables: Table[] = tableNames.map((name) => {
    const createSql = sqlOf.get(`table:${name}`) ?? '';
    const tableColumns = columns.filter((c) => c.tbl === name);
    const table: Table = {
      name,
      ...tableShape(
        createSql,
        tableColumns,
        indexes.some((i) => i.tbl === name && i.origin === 'pk'),
      ),
      indexes: readIndexes(
        indexes.filter((i) => i.tbl === name),
        createSql,
        sqlOf,
      ),
      foreignKeys: readForeignKeys(
        foreignKeys.filter((f) => f.tbl === name),
        createSql,
        columns,
      ),
    };
    // Kept only when present, so tables without CHECKs compare equal to lowered ones.
    const checks = checkClauses(createSql);
    return checks.length === 0 ? table : { ...table, checks };
  });

  const unmanaged: UnmanagedObject[] = objects
    .filter((o) => o.type === 'view' || o.type === 'trigger')
    .map((o) => ({
      kind: o.type === 'view' ? 'view' : 'trigger',
      name: o.name,
      ...(o.type === 'trigger' ? { table: o.tbl_name } : {}),
      ...(o.sql === null ? {} : { definition: o.sql }),
    }));

  return canonicalize({ provider: 'sqlite', namespaces: [], tables, enums: [], unmanaged });
}

/**
 * Columns and primary key. The rowid alias (a single-column primary key declared exactly
 * `INTEGER`, with no separate key index: not `INT`, not `INTEGER PRIMARY KEY DESC`, not WITHOUT
 * ROWID) is never NULL; it is `autoincrement` when AUTOINCREMENT is written (SQLite allows the
 * keyword nowhere else). Without the keyword SQLite numbers it all the same: the differ treats
 * the two alike (`sqliteDiffHooks.autoincrementEqual`), so a table made without the keyword is
 * not rebuilt to add it, and `db pull` does not claim a keyword the table lacks.
 */
function tableShape(
  createSql: string,
  rows: readonly ColumnRow[],
  hasKeyIndex: boolean,
): Pick<Table, 'columns' | 'primaryKey'> {
  const pkRows = rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk);
  const rowid =
    pkRows.length === 1 && !hasKeyIndex && normalizeDeclaredType((pkRows[0] as ColumnRow).type) === 'INTEGER'
      ? (pkRows[0] as ColumnRow).name
      : undefined;
  const autoincrement = rowid !== undefined && /\bAUTOINCREMENT\b/i.test(stripComments(createSql));
  const columns: Column[] = rows
    // hidden 1 = a virtual table's hidden column; 2 and 3 are generated columns, which we keep.
    .filter((r) => r.hidden !== 1)
    .map((r) => {
      const generated = r.hidden === 2 || r.hidden === 3 ? generatedExpression(createSql, r.name) : undefined;
      const column: Column = {
        name: r.name,
        type: { scalar: scalarForDeclaredType(r.type), native: normalizeDeclaredType(r.type) },
        // The rowid is never NULL, even when NOT NULL was not written.
        nullable: r.notnull === 0 && r.name !== rowid,
        ...(r.dflt_value === null ? {} : { default: columnDefault(r.dflt_value, r.type) }),
        ...(r.name === rowid && autoincrement ? { autoincrement: true } : {}),
        ...(generated === undefined ? {} : { generated }),
      };
      return column;
    });
  const pkName = /CONSTRAINT\s+("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\w+)\s+PRIMARY\s+KEY/i.exec(
    stripComments(createSql),
  )?.[1];
  return {
    columns,
    ...(pkRows.length === 0
      ? {}
      : {
          primaryKey: {
            ...(pkName === undefined ? {} : { name: unquoteIdent(pkName) }),
            columns: pkRows.map((r) => r.name),
          },
        }),
  };
}

/** A column's default in neutral form: a DateTime literal as RFC 3339 (datetime.ts), whatever its spelling. */
function columnDefault(text: string, declaredType: string): ColumnDefault {
  const value = parseDefault(text);
  if (value.kind !== 'string' || scalarForDeclaredType(declaredType) !== 'DateTime') return value;
  const parsed = parseDateTime(value.value);
  return parsed === undefined ? value : { kind: 'string', value: rfc3339Text(parsed) };
}

/** A default as written in CREATE TABLE, in neutral form. */
export function parseDefault(text: string): ColumnDefault {
  const t = text.trim();
  const quoted = /^'((?:[^']|'')*)'$/s.exec(t);
  if (quoted !== null) return { kind: 'string', value: (quoted[1] as string).replace(/''/g, "'") };
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { kind: 'number', value: t.replace(/^\+/, '') };
  if (/^(true|false)$/i.test(t)) return { kind: 'boolean', value: t.toLowerCase() === 'true' };
  if (/^current_timestamp$/i.test(t)) return { kind: 'now' };
  const blob = /^[xX]'([0-9a-fA-F]*)'$/.exec(t);
  if (blob !== null) return { kind: 'bytes', hex: (blob[1] as string).toLowerCase() };
  // A parenthesized expression is stored with its parentheses; the expression is what is inside.
  const inner = /^\((.*)\)$/s.exec(t);
  return { kind: 'expression', sql: inner !== null && balanced(inner[1] as string) ? (inner[1] as string).trim() : t };
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The top-level definitions inside CREATE TABLE's parentheses. */
function tableDefinitions(createSql: string): string[] {
  const body = parenthesizedAfter(stripComments(createSql), 0);
  return body === undefined ? [] : splitTopLevel(body.inner);
}

function generatedExpression(createSql: string, column: string): string | undefined {
  for (const part of tableDefinitions(createSql)) {
    const name = /^("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\S+)/.exec(part)?.[1];
    if (name === undefined || unquoteIdent(name) !== column) continue;
    const at = part.search(/\bAS\s*\(/i);
    if (at === -1) return undefined;
    return parenthesizedAfter(part, at)?.inner.trim();
  }
  return undefined;
}

function identList(text: string): string[] {
  return splitTopLevel(text).map((p) =>
    unquoteIdent(p.replace(/\s+(ASC|DESC)$/i, '').replace(/\s+COLLATE\s+\S+$/i, '')),
  );
}

function readIndexes(rows: readonly IndexRow[], createSql: string, sqlOf: ReadonlyMap<string, string>): Index[] {
  const byName = new Map<string, IndexRow[]>();
  for (const r of rows) {
    if (r.origin === 'pk') continue;
    byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  }
  const uniqueConstraints = namedUniqueConstraints(createSql);
  const result: Index[] = [];
  for (const [name, parts] of byName) {
    const first = parts[0] as IndexRow;
    if (first.origin === 'u') {
      const columns = parts.map((p) => p.col ?? '');
      const constraintName = uniqueConstraints.find((u) => u.columns.join('\0') === columns.join('\0'))?.name;
      result.push({
        name: constraintName ?? name,
        unique: true,
        constraint: true,
        columns: parts.map((p) => indexColumn(p, undefined)),
      });
      continue;
    }
    const sql = sqlOf.get(`index:${name}`) ?? '';
    const { expressions, where } = parseCreateIndex(sql);
    result.push({
      name,
      unique: first.is_unique === 1,
      columns: parts.map((p, i) => indexColumn(p, expressions[i])),
      ...(first.partial === 1 && where !== undefined ? { where } : {}),
    });
  }
  return result;
}

function indexColumn(row: IndexRow, written: string | undefined): IndexColumn {
  const sort = row.desc === 1 ? { sort: 'desc' as const } : {};
  if (row.cid === -2) {
    const expression = (written ?? '').replace(/\s+(ASC|DESC)$/i, '').trim();
    return { expression, ...sort };
  }
  return { name: row.col ?? '', ...sort };
}

/** The parts of an index's column list as written, and its WHERE clause. */
function parseCreateIndex(sql: string): { expressions: string[]; where?: string } {
  const text = stripComments(sql);
  const on = /\bON\s+("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[\w$]+)\s*/i.exec(text);
  if (on === null) return { expressions: [] };
  const list = parenthesizedAfter(text, on.index + on[0].length - 1);
  if (list === undefined) return { expressions: [] };
  const rest = text.slice(list.end);
  const where = /^\s*WHERE\s+([\s\S]*?)\s*;?\s*$/i.exec(rest)?.[1];
  return { expressions: splitTopLevel(list.inner), ...(where === undefined ? {} : { where }) };
}

/** `CONSTRAINT "name" UNIQUE (cols)` definitions in CREATE TABLE. */
function namedUniqueConstraints(createSql: string): { name: string; columns: string[] }[] {
  const out: { name: string; columns: string[] }[] = [];
  for (const part of tableDefinitions(createSql)) {
    const m = /^CONSTRAINT\s+("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[\w$]+)\s+UNIQUE\s*\(/i.exec(part);
    if (m === null) continue;
    const list = parenthesizedAfter(part, m[0].length - 1);
    if (list !== undefined) out.push({ name: unquoteIdent(m[1] as string), columns: identList(list.inner) });
  }
  return out;
}

/** `CONSTRAINT "name" FOREIGN KEY (cols) REFERENCES "T"` definitions, to recover names. */
function namedForeignKeys(createSql: string): { name: string; columns: string[]; table: string }[] {
  const out: { name: string; columns: string[]; table: string }[] = [];
  for (const part of tableDefinitions(createSql)) {
    const m = /^CONSTRAINT\s+("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[\w$]+)\s+FOREIGN\s+KEY\s*\(/i.exec(part);
    if (m === null) continue;
    const list = parenthesizedAfter(part, m[0].length - 1);
    if (list === undefined) continue;
    const ref = /^\s*REFERENCES\s+("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[\w$]+)/i.exec(part.slice(list.end));
    out.push({
      name: unquoteIdent(m[1] as string),
      columns: identList(list.inner),
      table: ref === null ? '' : unquoteIdent(ref[1] as string),
    });
  }
  return out;
}

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  CASCADE: 'Cascade',
  RESTRICT: 'Restrict',
  'NO ACTION': 'NoAction',
  'SET NULL': 'SetNull',
  'SET DEFAULT': 'SetDefault',
};

function readForeignKeys(
  rows: readonly ForeignKeyRow[],
  createSql: string,
  allColumns: readonly ColumnRow[],
): ForeignKey[] {
  const byId = new Map<number, ForeignKeyRow[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const named = namedForeignKeys(createSql);
  const result: ForeignKey[] = [];
  // pragma_foreign_key_list numbers constraints from the last one written: read them back in source order.
  for (const id of [...byId.keys()].sort((a, b) => b - a)) {
    const parts = (byId.get(id) as ForeignKeyRow[]).sort((a, b) => a.seq - b.seq);
    const first = parts[0] as ForeignKeyRow;
    const columns = parts.map((p) => p.from_col);
    // `REFERENCES "T"` without columns means T's primary key.
    const referencedColumns = parts.every((p) => p.to_col !== null)
      ? parts.map((p) => p.to_col as string)
      : allColumns
          .filter((c) => c.tbl === first.ref && c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
    const nameIndex = named.findIndex(
      (n) => n.columns.join('\0') === columns.join('\0') && n.table.toLowerCase() === first.ref.toLowerCase(),
    );
    const name = nameIndex === -1 ? undefined : named.splice(nameIndex, 1)[0]?.name;
    result.push({
      ...(name === undefined ? {} : { name }),
      columns,
      referencedTable: first.ref,
      referencedColumns,
      onDelete: ACTIONS[first.on_delete.toUpperCase()] ?? 'NoAction',
      onUpdate: ACTIONS[first.on_update.toUpperCase()] ?? 'NoAction',
    });
  }
  return result;
}
