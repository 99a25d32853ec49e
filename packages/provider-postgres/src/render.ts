/**
 * SQL fragments for one emission: names (qualified only outside the default namespace), column types, column definitions, indexes and
 * foreign keys in Prisma's exact layout.
 */
import type { Column, ColumnType, EmitContext, ForeignKey, Table } from '@strata/core';
import { renderDefault } from './defaults.js';
import { quoteIdent } from './sql.js';
import { serialFor } from './types.js';

export interface Renderer {
  readonly context: EmitContext;
  /** A table, enum or sequence name as it appears in SQL. */
  name(name: string, namespace: string | undefined): string;
  type(type: ColumnType): string;
  column(column: Column): string;
  index(table: { readonly name: string; readonly namespace?: string }, index: Index): string;
  foreignKey(table: { readonly name: string; readonly namespace?: string }, fk: ForeignKey): string;
  foreignKeyName(table: string, fk: ForeignKey): string;
}

// derived from Table: core's root export also has model-level types with these names
type Index = Table['indexes'][number];
type ReferentialAction = ForeignKey['onDelete'];

const ACTIONS: Record<ReferentialAction, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

export function createRenderer(context: EmitContext): Renderer {
  // An absent namespace is the connection's default one (first on the search_path): unqualified,
  // so that migration.sql runs unchanged against `?schema=other`, as Prisma's does.
  const name = (n: string, namespace: string | undefined): string =>
    namespace !== undefined ? `${quoteIdent(namespace)}.${quoteIdent(n)}` : quoteIdent(n);

  const type = (t: ColumnType): string => {
    const base = t.scalar === 'Enum' && t.enum !== undefined ? name(t.enum.name, t.enum.namespace) : t.native;
    return t.list ? `${base}[]` : base;
  };

  const column = (c: Column): string => {
    const serial = c.autoincrement && !c.type.list ? serialFor(c.type.native) : undefined;
    const parts = [quoteIdent(c.name), serial ?? type(c.type)];
    if (c.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
    if (!c.nullable) parts.push('NOT NULL');
    if (c.default !== undefined && serial === undefined)
      parts.push(`DEFAULT ${renderDefault(c.default, c.type, type)}`);
    return parts.join(' ');
  };

  const index = (table: { name: string; namespace?: string }, ix: Index): string => {
    const parts = ix.columns.map((part) => {
      let text = part.name !== undefined ? quoteIdent(part.name) : `(${part.expression ?? ''})`;
      if (part.ops !== undefined) text += ` ${part.ops}`;
      if (part.sort === 'desc') text += ' DESC';
      return text;
    });
    const method = ix.method !== undefined && ix.method !== 'btree' ? ` USING ${ix.method.toUpperCase()} ` : '';
    const where = ix.where === undefined ? '' : ` WHERE (${stripOuterParens(ix.where)})`;
    return (
      `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(ix.name)} ` +
      `ON ${name(table.name, table.namespace)}${method}(${parts.join(', ')})${where};`
    );
  };

  const foreignKeyName = (table: string, fk: ForeignKey): string => fk.name ?? `${table}_${fk.columns.join('_')}_fkey`;

  const foreignKey = (table: { name: string; namespace?: string }, fk: ForeignKey): string => {
    // no referencedNamespace: the default namespace (as lower() and introspection say), even
    // from a table in another namespace
    const target = name(fk.referencedTable, fk.referencedNamespace);
    return (
      `ALTER TABLE ${name(table.name, table.namespace)} ADD CONSTRAINT ${quoteIdent(foreignKeyName(table.name, fk))} ` +
      `FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${target}(${fk.referencedColumns.map(quoteIdent).join(', ')}) ` +
      `ON DELETE ${ACTIONS[fk.onDelete]} ON UPDATE ${ACTIONS[fk.onUpdate]};`
    );
  };

  return { context, name, type, column, index, foreignKey, foreignKeyName };
}

/** `(a IS NULL)` -> `a IS NULL`, so that a predicate is wrapped exactly once. */
export function stripOuterParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')')) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '(') depth++;
      else if (t[i] === ')') depth--;
      if (depth === 0 && i < t.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) break;
    t = t.slice(1, -1).trim();
  }
  return t;
}

export function createTableSql(r: Renderer, table: Table): string {
  const columnLines = table.columns.map((c) => `    ${r.column(c)}`);
  const head = `CREATE TABLE ${r.name(table.name, table.namespace)} (\n`;
  if (table.primaryKey === undefined) return `${head}${columnLines.join(',\n')}\n);`;
  // Prisma's layout: every column ends with a comma, then a blank line, then the constraint.
  const pkName = table.primaryKey.name ?? `${table.name}_pkey`;
  const constraint = `    CONSTRAINT ${quoteIdent(pkName)} PRIMARY KEY (${table.primaryKey.columns.map(quoteIdent).join(',')})`;
  const columns = columnLines.map((l) => `${l},\n`).join('');
  return `${head}${columns}\n${constraint}\n);`;
}
