/**
 * CREATE TABLE / CREATE INDEX text in Prisma's SQLite layout: four-space indented column lines,
 * a single-column primary key inline (`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`), a
 * composite one unnamed as `PRIMARY KEY ("a", "b")` after an empty line, foreign keys inline as
 * `CONSTRAINT "name" FOREIGN KEY ("c") REFERENCES "T" ("id") ON DELETE ... ON UPDATE ...`.
 */
import type { Column, ForeignKey, Index, ReferentialAction, Table } from '@strata/core';
import { quoteIdent, renderColumnDefault } from './sql.js';

const ACTION_SQL: Readonly<Record<ReferentialAction, string>> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** True when the primary key is written on the column itself (Prisma does so for one column). */
function inlinePrimaryKeyColumn(table: Table): string | undefined {
  const pk = table.primaryKey;
  return pk !== undefined && pk.columns.length === 1 ? pk.columns[0] : undefined;
}

export function renderColumn(column: Column, inlinePk: boolean): string {
  const parts = [quoteIdent(column.name), column.type.native];
  if (column.generated !== undefined) {
    parts.push(`GENERATED ALWAYS AS (${column.generated})`);
    if (!column.nullable) parts.push('NOT NULL');
    return parts.join(' ');
  }
  if (!column.nullable) parts.push('NOT NULL');
  if (inlinePk) {
    parts.push('PRIMARY KEY');
    if (column.autoincrement) parts.push('AUTOINCREMENT');
  }
  if (column.default !== undefined) parts.push(`DEFAULT ${renderColumnDefault(column, column.default)}`);
  return parts.join(' ');
}

export function renderForeignKey(fk: ForeignKey): string {
  const name = fk.name === undefined ? '' : `CONSTRAINT ${quoteIdent(fk.name)} `;
  return (
    `${name}FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) ` +
    `REFERENCES ${quoteIdent(fk.referencedTable)} (${fk.referencedColumns.map(quoteIdent).join(', ')}) ` +
    `ON DELETE ${ACTION_SQL[fk.onDelete]} ON UPDATE ${ACTION_SQL[fk.onUpdate]}`
  );
}

/** `CREATE TABLE "name" (...)` for `table`'s columns, primary key, unique constraints and foreign keys. */
export function renderCreateTable(table: Table, name: string = table.name): string {
  const inlinePk = inlinePrimaryKeyColumn(table);
  const lines = table.columns.map((c) => renderColumn(c, c.name === inlinePk));
  const pk = table.primaryKey;
  if (pk !== undefined && inlinePk === undefined) {
    // Prisma writes a composite key unnamed, after an empty line (SQLite has no key names to keep).
    lines.push(`\n    PRIMARY KEY (${pk.columns.map(quoteIdent).join(', ')})`);
  }
  // Unique constraints (as opposed to unique indexes) only come from introspected tables; keep them.
  for (const index of table.indexes.filter((i) => i.constraint === true)) {
    const named = index.name.startsWith('sqlite_autoindex_') ? '' : `CONSTRAINT ${quoteIdent(index.name)} `;
    lines.push(`${named}UNIQUE (${index.columns.map(renderIndexColumn).join(', ')})`);
  }
  for (const fk of table.foreignKeys) lines.push(renderForeignKey(fk));
  // Introspected CHECK clauses, verbatim (only a rebuilt table has them; see checks.ts).
  for (const check of table.checks ?? []) lines.push(check);
  return `CREATE TABLE ${quoteIdent(name)} (\n${lines.map((l) => (l.startsWith('\n') ? l : `    ${l}`)).join(',\n')}\n);`;
}

function renderIndexColumn(part: Index['columns'][number]): string {
  const target = part.name !== undefined ? quoteIdent(part.name) : (part.expression ?? '');
  return part.sort === 'desc'
    ? `${target} DESC`
    : part.sort === 'asc' && part.name === undefined
      ? `${target} ASC`
      : target;
}

/** `CREATE [UNIQUE] INDEX "name" ON "table"("col" ...) [WHERE ...]`, spaced like Prisma. */
export function renderCreateIndex(tableName: string, index: Index): string {
  const unique = index.unique ? 'UNIQUE ' : '';
  const where = index.where === undefined ? '' : ` WHERE ${index.where}`;
  return `CREATE ${unique}INDEX ${quoteIdent(index.name)} ON ${quoteIdent(tableName)}(${index.columns.map(renderIndexColumn).join(', ')})${where};`;
}

export function renderDropIndex(index: Index): string {
  return `DROP INDEX ${quoteIdent(index.name)};`;
}
