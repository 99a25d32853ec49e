/**
 * Introspection from pg_catalog into the IR, with a constant number of queries however many
 * tables there are: one query per kind of object, in two rounds (the namespaces' relations, then
 * what is attached to them), assembled in memory.
 *
 * Objects in the connection's default namespace carry no `namespace` (as `lower()` does); others do.
 * History tables (`_strata_migrations`, `_prisma_migrations`) are left out. Views, triggers,
 * functions, extensions and free-standing sequences are reported as unmanaged, never touched:
 * an extension becomes strata's only when the schema declares it (core's `claimExtensions`).
 * Every extension of the database is listed, wherever it lives (extensions are per database),
 * but plpgsql, which PostgreSQL installs itself.
 */
import type { Column, DatabaseSchema, EnumType, ForeignKey, Table, UnmanagedObject } from '@strata/core';
import { canonicalize, HISTORY_TABLE, PRISMA_HISTORY_TABLE } from '@strata/core';
import type { Sql } from './client.js';
import { parseStoredDefault } from './defaults.js';
import { stripOuterParens } from './render.js';
import { canonicalTypeFromCatalog } from './types.js';

export interface IntrospectTarget {
  readonly namespaces: readonly string[];
  /** The namespace whose objects carry no `namespace` in the IR. */
  readonly defaultNamespace: string;
  readonly provider: string;
}

type Row = Record<string, unknown>;
// derived from Table: core's root export also has model-level types with these names
type Index = Table['indexes'][number];
type IndexColumn = Index['columns'][number];
type PrimaryKey = NonNullable<Table['primaryKey']>;
type ReferentialAction = ForeignKey['onDelete'];

// Two rounds. The first finds the namespaces' relations: pg_class has no index on the namespace
// alone, so this is the one scan of it, however many tenants the database holds. The second reads
// everything attached to them by oid, on the catalogs' per-relation indexes. Looking each kind up
// by namespace instead scanned pg_class (and pg_constraint, pg_trigger) once per kind, a cost that
// grows with every tenant schema of the database when each tenant's status introspects its own.

/** Round 1: the relations of the namespaces (also views, sequences, foreign tables: triggers' hosts). */
const RELATIONS = `
SELECT c.oid::int8 AS oid, c.relkind AS kind, c.relispartition AS partition, n.nspname AS ns, c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`;

const ENUMS = `
SELECT n.nspname AS ns, t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
 WHERE n.nspname = ANY($1::text[])
 GROUP BY n.nspname, t.typname`;

/** Unmanaged objects that are not relations: functions of the namespaces, every extension. */
const ROUTINES = `
SELECT 'function' AS kind, n.nspname AS ns, p.proname AS name, NULL::text AS table_name, NULL::text AS definition,
       NULL::text AS version
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = ANY($1::text[])
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                      AND d.deptype = 'e' OFFSET 0)
UNION ALL
SELECT 'extension', n.nspname, x.extname, NULL, NULL, x.extversion
  FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
 WHERE x.extname <> 'plpgsql'`;

/** Which of the managed namespaces exist. */
const NAMESPACES = `SELECT nspname AS ns FROM pg_namespace WHERE nspname = ANY($1::text[])`;

// Round 2: $1 is the oids of the tables reported (round 1's, without partitions and history tables).

const COLUMNS = `
SELECT a.attrelid::int8 AS table_oid, a.attname AS name, a.attnotnull AS notnull, a.attidentity AS identity,
       a.attgenerated AS generated, pg_get_expr(d.adbin, d.adrelid) AS default_sql,
       et.typname AS typname, et.typtype AS typtype, etn.nspname AS typnamespace,
       (t.typcategory = 'A') AS is_list,
       format_type(CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE a.atttypid END, a.atttypmod) AS formatted,
       -- looked up per column (OFFSET 0 keeps it so) on pg_depend's referenced-object index: left to
       -- the planner, it became one hash of every sequence in the database
       EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_class seq ON seq.oid = dep.objid AND seq.relkind = 'S'
                WHERE dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum
                  AND dep.classid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i') OFFSET 0) AS owns_sequence
  FROM pg_attribute a
  JOIN pg_type t ON t.oid = a.atttypid
  JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
  JOIN pg_namespace etn ON etn.oid = et.typnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum`;

const CONSTRAINTS = `
SELECT con.conrelid::int8 AS table_oid, con.conname AS name, con.contype AS type, con.conindid::int8 AS index_oid,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
       rc.relname AS ref_table, rn.nspname AS ref_ns,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS ref_columns,
       con.confdeltype AS on_delete, con.confupdtype AS on_update
  FROM pg_constraint con
  LEFT JOIN pg_class rc ON rc.oid = con.confrelid
  LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
 WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'u', 'f')
 ORDER BY con.conrelid, con.conname`;

const INDEXES = `
SELECT i.indrelid::int8 AS table_oid, i.indexrelid::int8 AS oid, ic.relname AS name, i.indisunique AS is_unique,
       i.indisprimary AS is_primary, am.amname AS method,
       pg_get_expr(i.indpred, i.indrelid, true) AS predicate
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam
 WHERE i.indrelid = ANY($1::oid[])
 ORDER BY i.indrelid, ic.relname`;

const INDEX_PARTS = `
SELECT i.indexrelid::int8 AS index_oid, k.ord, k.attnum, a.attname AS column_name,
       pg_get_indexdef(i.indexrelid, k.ord::int, true) AS definition,
       opc.opcname AS opclass, opc.opcdefault AS opclass_default, k.option
  FROM pg_index i
  CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[], i.indoption::int2[])
       WITH ORDINALITY AS k(attnum, opclass, option, ord)
  LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
  LEFT JOIN pg_opclass opc ON opc.oid = k.opclass
 WHERE i.indrelid = ANY($1::oid[]) AND k.ord <= i.indnkeyatts
 ORDER BY i.indexrelid, k.ord`;

/**
 * Unmanaged relations and triggers, by round 1's oids: $1 views, materialized views and
 * sequences (a sequence a column owns is the column's: SERIAL), $2 every relation (triggers).
 * Members of an extension are the extension's.
 */
const UNMANAGED_RELATIONS = `
SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized-view' ELSE 'sequence' END AS kind,
       n.nspname AS ns, c.relname AS name, NULL::text AS table_name,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition,
       NULL::text AS version
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.oid = ANY($1::oid[])
   AND (c.relkind IN ('v', 'm') OR NOT EXISTS (
       SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
          AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') OFFSET 0))
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype = 'e' OFFSET 0)
UNION ALL
SELECT 'trigger', n.nspname, tg.tgname, c.relname, pg_get_triggerdef(tg.oid), NULL
  FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE tg.tgrelid = ANY($2::oid[]) AND NOT tg.tgisinternal`;

/** The number of queries `introspect` runs, whatever the size of the database (the bench checks it). */
export const INTROSPECTION_QUERY_COUNT = 9;

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list === undefined) out.set(k, [row]);
    else list.push(row);
  }
  return out;
}

export async function introspect(sql: Sql, target: IntrospectTarget): Promise<DatabaseSchema> {
  // prepared: a session kept for the next target of a fleet run plans each query once
  const run = (query: string, parameters: unknown[]) =>
    sql.unsafe(query, parameters as never[], { prepare: true }) as Promise<Row[]>;
  const ns = [...target.namespaces];
  const [relations = [], enums, routines, existing] = await Promise.all(
    [RELATIONS, ENUMS, ROUTINES, NAMESPACES].map((query) => run(query, [ns])),
  );
  const tables = relations.filter(
    (r) =>
      (r.kind === 'r' || r.kind === 'p') &&
      r.partition !== true &&
      r.name !== HISTORY_TABLE &&
      r.name !== PRISMA_HISTORY_TABLE,
  );
  const tableOids = tables.map((t) => String(t.oid));
  const unmanagedOids = relations
    .filter((r) => r.kind === 'v' || r.kind === 'm' || r.kind === 'S')
    .map((r) => String(r.oid));
  const [columns, constraints, indexes, parts, unmanagedRelations = []] = await Promise.all([
    run(COLUMNS, [tableOids]),
    run(CONSTRAINTS, [tableOids]),
    run(INDEXES, [tableOids]),
    run(INDEX_PARTS, [tableOids]),
    run(UNMANAGED_RELATIONS, [unmanagedOids, relations.map((r) => String(r.oid))]),
  ]);
  const unmanaged = [...unmanagedRelations, ...(routines ?? [])];
  const namespaceOf = (name: string): { namespace?: string } =>
    name === target.defaultNamespace ? {} : { namespace: name };
  const byTable = (rows: Row[] | undefined) => groupBy(rows ?? [], (r) => String(r.table_oid));
  const columnsOf = byTable(columns);
  const constraintsOf = byTable(constraints);
  const indexesOf = byTable(indexes);
  const partsOf = groupBy(parts ?? [], (r) => String(r.index_oid));

  const result: Table[] = tables.map((t) => {
    const oid = String(t.oid);
    const tableConstraints = constraintsOf.get(oid) ?? [];
    const pk = tableConstraints.find((c) => c.type === 'p');
    const constraintIndexes = new Map(
      tableConstraints.filter((c) => c.type === 'u').map((c) => [String(c.index_oid), c] as const),
    );
    const primaryKey: PrimaryKey | undefined =
      pk === undefined ? undefined : { name: String(pk.name), columns: pk.columns as string[] };
    return {
      ...namespaceOf(String(t.ns)),
      name: String(t.name),
      columns: (columnsOf.get(oid) ?? []).map((c) => readColumn(c, target.defaultNamespace)),
      ...(primaryKey === undefined ? {} : { primaryKey }),
      indexes: (indexesOf.get(oid) ?? [])
        .filter((i) => i.is_primary !== true)
        .map((i) => readIndex(i, partsOf.get(String(i.oid)) ?? [], constraintIndexes.has(String(i.oid)))),
      foreignKeys: tableConstraints
        .filter((c) => c.type === 'f')
        .map(
          (c): ForeignKey => ({
            name: String(c.name),
            columns: c.columns as string[],
            ...(c.ref_ns === target.defaultNamespace ? {} : { referencedNamespace: String(c.ref_ns) }),
            referencedTable: String(c.ref_table),
            referencedColumns: c.ref_columns as string[],
            onDelete: ACTIONS[String(c.on_delete)] ?? 'NoAction',
            onUpdate: ACTIONS[String(c.on_update)] ?? 'NoAction',
          }),
        ),
    };
  });

  return canonicalize({
    provider: target.provider,
    // the default namespace is implicit in the IR; a managed one that does not exist yet is not reported
    namespaces: (existing ?? []).map((r) => String(r.ns)).filter((n) => n !== target.defaultNamespace),
    tables: result,
    enums: (enums ?? []).map(
      (e): EnumType => ({ ...namespaceOf(String(e.ns)), name: String(e.name), values: e.values as string[] }),
    ),
    unmanaged: unmanaged.map(
      (u): UnmanagedObject => ({
        kind: u.kind as UnmanagedObject['kind'],
        ...namespaceOf(String(u.ns)),
        name: String(u.name),
        ...(u.table_name === null ? {} : { table: String(u.table_name) }),
        ...(u.definition === null ? {} : { definition: String(u.definition) }),
        ...(u.kind === 'extension'
          ? { extension: { name: String(u.name), schema: String(u.ns), version: String(u.version) } }
          : {}),
      }),
    ),
  });
}

function readColumn(c: Row, defaultNamespace: string): Column {
  const type = canonicalTypeFromCatalog(
    {
      typname: String(c.typname),
      formatted: String(c.formatted),
      typtype: String(c.typtype),
      typnamespace: String(c.typnamespace),
      list: c.is_list === true,
    },
    defaultNamespace,
  );
  const defaultSql = c.default_sql === null ? undefined : String(c.default_sql);
  // SERIAL: a nextval() default on a sequence the column owns; identity columns count too
  const serial = defaultSql !== undefined && /^nextval\(/i.test(defaultSql) && c.owns_sequence === true;
  const identity = c.identity === 'a' || c.identity === 'd';
  const generated = c.generated === 's';
  return {
    name: String(c.name),
    type,
    nullable: c.notnull !== true,
    ...(defaultSql === undefined || serial || generated ? {} : { default: parseStoredDefault(defaultSql, type) }),
    ...(serial || identity ? { autoincrement: true } : {}),
    ...(identity ? { identity: c.identity === 'a' ? ('always' as const) : ('byDefault' as const) } : {}),
    ...(generated && defaultSql !== undefined ? { generated: defaultSql } : {}),
  };
}

function readIndex(i: Row, parts: readonly Row[], constraint: boolean): Index {
  const columns = parts.map((p): IndexColumn => {
    const option = Number(p.option);
    const part: IndexColumn =
      Number(p.attnum) === 0 ? { expression: String(p.definition) } : { name: String(p.column_name) };
    return {
      ...part,
      // indoption bit 0: DESC
      ...((option & 1) === 1 ? { sort: 'desc' as const } : {}),
      ...(p.opclass_default === false && p.opclass !== null ? { ops: String(p.opclass) } : {}),
    };
  });
  const method = String(i.method);
  return {
    name: String(i.name),
    unique: i.is_unique === true,
    columns,
    ...(i.predicate === null ? {} : { where: stripOuterParens(String(i.predicate)) }),
    ...(method === 'btree' ? {} : { method }),
    ...(constraint ? { constraint: true } : {}),
  };
}
