/**
 * Enum changes. Removing values uses the type-swap procedure: create `{name}_new`, switch EVERY
 * column of every table that uses the type (array columns too) with an explicit cast through
 * text, rename, drop the old type, restore the defaults. Prisma switches only some columns when
 * several tables use the enum, and its `DROP TYPE` then fails; we collect them from the whole
 * schema. Prisma wraps the swap in BEGIN/COMMIT; we do not, because `apply()` already runs the
 * migration in a transaction and a COMMIT inside it would end that transaction early.
 */
import type { Change, Column, EnumType, Statement } from '@strata/core';
import { renderDefault } from './defaults.js';
import type { Renderer } from './render.js';
import { quoteIdent, quoteLiteral } from './sql.js';

type AlterEnum = Extract<Change, { kind: 'AlterEnum' }>;

export function createEnumSql(r: Renderer, e: EnumType): string {
  return `CREATE TYPE ${r.name(e.name, e.namespace)} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`;
}

interface EnumColumn {
  readonly table: string;
  readonly namespace?: string;
  readonly column: Column;
}

function sameEnum(column: Column, e: EnumType): boolean {
  return column.type.enum?.name === e.name && (column.type.enum.namespace ?? '') === (e.namespace ?? '');
}

/** The columns that use the enum when the swap runs: the old schema, under table names after renames. */
function columnsUsing(r: Renderer, e: EnumType, changes: readonly Change[]): EnumColumn[] {
  const renamed = new Map<string, string>();
  for (const c of changes) if (c.kind === 'RenameTable') renamed.set(`${c.namespace ?? ''}.${c.from}`, c.to);
  return r.context.from.tables.flatMap((t) =>
    t.columns
      .filter((column) => sameEnum(column, e))
      .map((column) => ({
        table: renamed.get(`${t.namespace ?? ''}.${t.name}`) ?? t.name,
        namespace: t.namespace,
        column,
      })),
  );
}

/** Values added to an enum and used by a default in the same migration need a committed type first. */
function addedValueUsed(change: AlterEnum, changes: readonly Change[]): boolean {
  const added = new Set(change.addValues);
  const usesAdded = (column: Column): boolean =>
    sameEnum(column, change.to) &&
    column.default !== undefined &&
    (column.default.kind === 'enum' || column.default.kind === 'string'
      ? added.has(column.default.value)
      : column.default.kind === 'list' &&
        column.default.items.some((i) => (i.kind === 'enum' || i.kind === 'string') && added.has(i.value)));
  return changes.some((c) => {
    if (c.kind === 'CreateTable') return c.table.columns.some(usesAdded);
    if (c.kind !== 'AlterTable') return false;
    return c.changes.some(
      (tc) => (tc.kind === 'AddColumn' && usesAdded(tc.column)) || (tc.kind === 'AlterColumn' && usesAdded(tc.to)),
    );
  });
}

export function alterEnumStatements(r: Renderer, change: AlterEnum, changes: readonly Change[]): Statement[] {
  const current = r.name(change.to.name, change.to.namespace);
  const out: Statement[] = [];
  const step = 'AlterEnum';
  for (const rename of change.renameValues)
    out.push({
      sql: `ALTER TYPE ${current} RENAME VALUE ${quoteLiteral(rename.from)} TO ${quoteLiteral(rename.to)};`,
      step,
      source: change,
    });
  if (change.removeValues.length === 0) {
    const transactional = !addedValueUsed(change, changes);
    // values are appended unless the target order puts them before an existing one
    const present = new Set(change.from.values.filter((v) => !change.removeValues.includes(v)));
    for (const [i, v] of change.renameValues.entries())
      if (present.delete(v.from)) present.add(change.renameValues[i]!.to);
    const added = change.to.values.filter((v) => change.addValues.includes(v));
    for (const value of added) {
      const after = change.to.values.slice(change.to.values.indexOf(value) + 1).find((v) => present.has(v));
      present.add(value);
      out.push({
        sql: `ALTER TYPE ${current} ADD VALUE ${quoteLiteral(value)}${after === undefined ? '' : ` BEFORE ${quoteLiteral(after)}`};`,
        step,
        source: change,
        ...(transactional ? {} : { transactional: false }),
      });
    }
    return out;
  }
  out.push({ sql: swapSql(r, change, changes), step, source: change });
  return out;
}

function swapSql(r: Renderer, change: AlterEnum, changes: readonly Change[]): string {
  const e = change.to;
  const fresh = r.name(`${e.name}_new`, e.namespace);
  const old = r.name(`${e.name}_old`, e.namespace);
  const current = r.name(e.name, e.namespace);
  // the columns were recorded under the enum's old name; a RenameEnum ran before this change
  const columns = columnsUsing(r, change.from, changes);
  const lines = [`CREATE TYPE ${fresh} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`];
  const alter = (c: EnumColumn, clause: string): string =>
    `ALTER TABLE ${r.name(c.table, c.namespace)} ALTER COLUMN ${quoteIdent(c.column.name)} ${clause};`;
  const withDefault = columns.filter((c) => c.column.default !== undefined);
  for (const c of withDefault) lines.push(alter(c, 'DROP DEFAULT'));
  for (const c of columns) {
    const suffix = c.column.type.list ? '[]' : '';
    lines.push(
      alter(c, `TYPE ${fresh}${suffix} USING (${quoteIdent(c.column.name)}::text${suffix}::${fresh}${suffix})`),
    );
  }
  lines.push(`ALTER TYPE ${current} RENAME TO ${quoteIdent(`${e.name}_old`)};`);
  lines.push(`ALTER TYPE ${fresh} RENAME TO ${quoteIdent(e.name)};`);
  lines.push(`DROP TYPE ${old};`);
  // a default that names a removed value cannot come back; the differ replaces it in this migration
  const survives = (d: Column['default']): boolean =>
    d === undefined ||
    (d.kind === 'list' ? d.items.every(survives) : d.kind !== 'enum' && d.kind !== 'string') ||
    ((d.kind === 'enum' || d.kind === 'string') && e.values.includes(d.value));
  for (const c of withDefault.filter((w) => survives(w.column.default))) {
    const type = {
      ...c.column.type,
      enum: { name: e.name, ...(e.namespace === undefined ? {} : { namespace: e.namespace }) },
    };
    lines.push(alter(c, `SET DEFAULT ${renderDefault(c.column.default!, type, r.type)}`));
  }
  return lines.join('\n');
}
