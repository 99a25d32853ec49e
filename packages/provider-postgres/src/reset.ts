/**
 * `migrate reset` on PostgreSQL: drops the tables and enums of the managed schemas and the history
 * tables, and nothing else but what PostgreSQL cannot keep without them.
 *
 * The plan is computed from pg_depend before anything is dropped, inside the same transaction as
 * the drop, so the list a user is shown is the list of what `DROP ... CASCADE` takes: the managed
 * objects, then every object that depends on one of them (views and materialized views reading a
 * table, user triggers on it, functions whose signature uses an enum, foreign keys of tables in
 * other schemas, columns of such tables typed with a dropped enum), and recursively what depends
 * on those. A function or view that depends on nothing dropped survives, and so do the schemas.
 */
import type { ResetObject } from '@strata/core';
import { HISTORY_TABLE, PRISMA_HISTORY_TABLE } from '@strata/core';
import type { Sql } from './client.js';
import { quoteIdent } from './sql.js';

export interface ResetScope {
  /** The schemas whose tables and enums are dropped. */
  readonly managed: readonly string[];
  /** The schema of the history tables. */
  readonly history: string;
  /** The schema whose objects are listed without their schema's name. */
  readonly implicit: string;
}

type Row = Record<string, unknown>;

/** Tables and enums of the managed schemas (not an extension's), and the history tables. */
const MANAGED = `
SELECT * FROM (
SELECT 'pg_class'::regclass::oid::int8 AS classid, c.oid::int8 AS objid, n.nspname AS ns, c.relname AS name,
       CASE WHEN c.relname IN ('${HISTORY_TABLE}', '${PRISMA_HISTORY_TABLE}') AND n.nspname = $2 THEN 'history-table'
            ELSE 'table' END AS kind, NULL::int8 AS array_type
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND (n.nspname = ANY($1::text[]) OR (n.nspname = $2 AND c.relname IN ('${HISTORY_TABLE}', '${PRISMA_HISTORY_TABLE}')))
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT 'pg_type'::regclass::oid::int8, t.oid::int8, n.nspname, t.typname, 'enum', NULLIF(t.typarray, 0)::int8
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE t.typtype = 'e' AND n.nspname = ANY($1::text[])
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
) managed
 ORDER BY CASE kind WHEN 'table' THEN 0 WHEN 'enum' THEN 1 ELSE 2 END, ns, name`;

/**
 * What depends on the given objects and goes with them under CASCADE. A view's dependency is
 * recorded on its rewrite rule: reported (and followed) as the view. Parts of a dropped table
 * (its indexes, constraints, defaults, owned sequences) go with it and are not listed; user
 * triggers and row security policies are listed.
 */
const DEPENDENTS = `
SELECT DISTINCT
       CASE WHEN r.oid IS NOT NULL THEN 'pg_class'::regclass::oid ELSE d.classid END::int8 AS classid,
       COALESCE(r.ev_class, d.objid)::int8 AS objid,
       CASE WHEN r.oid IS NOT NULL THEN 0 ELSE d.objsubid END AS objsubid,
       COALESCE(con.conrelid, ad.adrelid, tg.tgrelid, pol.polrelid,
                CASE WHEN d.classid = 'pg_class'::regclass AND d.objsubid > 0 THEN d.objid END)::int8 AS of_table,
       (pg_identify_object(CASE WHEN r.oid IS NOT NULL THEN 'pg_class'::regclass::oid ELSE d.classid END,
                           COALESCE(r.ev_class, d.objid), CASE WHEN r.oid IS NOT NULL THEN 0 ELSE d.objsubid END)).*,
       f.classid::int8 AS depends_class, f.objid::int8 AS depends_on
  FROM pg_depend d
  JOIN unnest($1::oid[], $2::oid[]) AS f(classid, objid) ON d.refclassid = f.classid AND d.refobjid = f.objid
  LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
  LEFT JOIN pg_constraint con ON d.classid = 'pg_constraint'::regclass AND con.oid = d.objid
  LEFT JOIN pg_attrdef ad ON d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
  LEFT JOIN pg_trigger tg ON d.classid = 'pg_trigger'::regclass AND tg.oid = d.objid
  LEFT JOIN pg_policy pol ON d.classid = 'pg_policy'::regclass AND pol.oid = d.objid
 WHERE (d.deptype = 'n' AND (r.oid IS NULL OR r.ev_class <> f.objid))
    OR (d.deptype = 'a' AND ((tg.oid IS NOT NULL AND NOT tg.tgisinternal) OR pol.oid IS NOT NULL))`;

const KINDS: Readonly<Record<string, ResetObject['kind']>> = {
  view: 'view',
  'materialized view': 'materialized-view',
  trigger: 'trigger',
  function: 'function',
  procedure: 'function',
  'table constraint': 'constraint',
};

interface Planned {
  readonly object: ResetObject;
  readonly classid: string;
  readonly objid: string;
  /** For a part of a relation (a column, a constraint): the relation. */
  readonly ofTable?: string;
  /** A column (`objsubid` > 0), not a whole object. */
  readonly column?: boolean;
}

const PG_CLASS = '1259'; // 'pg_class'::regclass
const PG_TYPE = '1247'; // 'pg_type'::regclass

export async function planReset(sql: Sql, scope: ResetScope): Promise<ResetObject[]> {
  return (await plan(sql, scope)).map((p) => p.object);
}

async function plan(sql: Sql, scope: ResetScope): Promise<Planned[]> {
  const nsOf = (ns: string): { namespace?: string } => (ns === scope.implicit ? {} : { namespace: ns });
  const managed = (await sql.unsafe(MANAGED, [[...scope.managed], scope.history] as never[])) as Row[];
  const planned: Planned[] = managed.map((r) => ({
    classid: String(r.classid),
    objid: String(r.objid),
    object: { kind: r.kind as ResetObject['kind'], ...nsOf(String(r.ns)), name: String(r.name) },
  }));
  const labels = new Map(planned.map((p) => [`${p.classid}/${p.objid}`, label(p.object)]));
  const droppedTables = new Set(planned.filter((p) => p.object.kind !== 'enum').map((p) => p.objid));
  const seen = new Set(labels.keys());
  // an enum's array type goes with it: what uses `Plan[]` depends on the array type, not the enum
  const arrays: Planned[] = managed.flatMap((r, i) =>
    r.array_type === null ? [] : [{ classid: PG_TYPE, objid: String(r.array_type), object: planned[i]!.object }],
  );
  for (const a of arrays) labels.set(`${a.classid}/${a.objid}`, label(a.object));
  let frontier = [...planned, ...arrays];
  while (frontier.length > 0) {
    const rows = (await sql.unsafe(DEPENDENTS, [
      frontier.map((p) => p.classid),
      frontier.map((p) => p.objid),
    ] as never[])) as Row[];
    const next: Planned[] = [];
    // deterministic: by kind and identity, then by what they depend on (the first one is named)
    const dependsOnLabel = (row: Row): string =>
      labels.get(`${String(row.depends_class)}/${String(row.depends_on)}`) ?? String(row.depends_on);
    const sortKey = (row: Row): string =>
      `${String(row.type)}\u0000${String(row.identity)}\u0000${dependsOnLabel(row)}`;
    rows.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    for (const row of rows) {
      const classid = String(row.classid);
      const objid = String(row.objid);
      const subid = Number(row.objsubid);
      const ofTable = row.of_table === null ? undefined : String(row.of_table);
      // a part of a table that is dropped anyway (its own foreign key to another dropped table,
      // a column typed with a dropped enum) goes with the table
      if (ofTable !== undefined && droppedTables.has(ofTable) && row.type !== 'trigger' && row.type !== 'policy')
        continue;
      const key = subid === 0 ? `${classid}/${objid}` : `${classid}/${objid}/${subid}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const kind = KINDS[String(row.type)] ?? 'other';
      const schema = row.schema === null ? undefined : String(row.schema);
      const identity = String(row.identity);
      // views and functions are named in their schema; triggers, constraints and the rest by
      // PostgreSQL's own identity (`trg on public."User"`, `table column other."T".role`)
      const named =
        kind === 'view' || kind === 'materialized-view'
          ? { ...(schema === undefined ? {} : nsOf(schema)), name: String(row.name) }
          : kind === 'function'
            ? { ...(schema === undefined ? {} : nsOf(schema)), name: stripSchema(identity, schema) }
            : { name: kind === 'other' ? `${String(row.type)} ${identity}` : identity };
      const object: ResetObject = {
        kind,
        ...named,
        dependsOn: dependsOnLabel(row),
      };
      const entry: Planned = {
        classid,
        objid,
        object,
        ...(ofTable === undefined ? {} : { ofTable }),
        ...(subid === 0 ? {} : { column: true }),
      };
      if (subid === 0) labels.set(`${classid}/${objid}`, label(object));
      planned.push(entry);
      // a column of a surviving table goes alone; anything else may carry dependents of its own
      if (subid === 0) next.push(entry);
    }
    frontier = next;
  }
  // a column or constraint of a view or table that turned out to be dropped as a whole goes with it
  const relations = new Set(planned.filter((p) => p.classid === PG_CLASS && !p.column).map((p) => p.objid));
  return planned.filter(
    (p) =>
      !(p.object.kind === 'other' || p.object.kind === 'constraint') ||
      p.ofTable === undefined ||
      !relations.has(p.ofTable),
  );
}

function stripSchema(identity: string, schema: string | undefined): string {
  if (schema === undefined) return identity;
  const prefix = `${quoteIdentIfNeeded(schema)}.`;
  return identity.startsWith(prefix) ? identity.slice(prefix.length) : identity;
}

function quoteIdentIfNeeded(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}

function label(object: ResetObject): string {
  return object.namespace === undefined ? object.name : `${object.namespace}.${object.name}`;
}

/** Drops what `planReset` lists, in one transaction; returns that list. */
export async function reset(sql: Sql, scope: ResetScope): Promise<ResetObject[]> {
  return (await sql.begin(async (tx) => {
    const planned = await plan(tx as unknown as Sql, scope);
    const qualified = (p: Planned, ns: string | undefined): string =>
      `${quoteIdent(ns ?? scope.implicit)}.${quoteIdent(p.object.name)}`;
    const tables = planned.filter((p) => p.object.kind === 'table' || p.object.kind === 'history-table');
    const enums = planned.filter((p) => p.object.kind === 'enum');
    // CASCADE takes exactly the dependents listed in the plan (computed in this transaction)
    if (tables.length > 0)
      await tx.unsafe(`DROP TABLE ${tables.map((p) => qualified(p, p.object.namespace)).join(', ')} CASCADE`);
    if (enums.length > 0)
      await tx.unsafe(`DROP TYPE ${enums.map((p) => qualified(p, p.object.namespace)).join(', ')} CASCADE`);
    return planned.map((p) => p.object);
  })) as ResetObject[];
}
