/**
 * One column's alteration as clauses of the table's combined `ALTER TABLE` (Prisma's shape),
 * plus the statements that must run before or after it (sequences).
 *
 * Type changes carry an explicit `USING` cast unless PostgreSQL converts implicitly (same type
 * family). A pair PostgreSQL has no cast for never gets here: the differ drops and adds such a
 * column (`convertsColumnType` in casts.ts). A changed autoincrement integer keeps its sequence and changes the sequence's type
 * with `ALTER SEQUENCE ... AS` (Prisma's `SET DATA TYPE BIGSERIAL` does not run).
 */
import {
  backfillsFromDefault,
  type Column,
  type ColumnType,
  ErrorCodes,
  StrataError,
  type TableChange,
} from '@strata/core';
import { renderDefault } from './defaults.js';
import type { Renderer } from './render.js';
import { implicitObjectName, quoteIdent, quoteLiteral } from './sql.js';
import { normalizeNative } from './types.js';

type AlterColumn = Extract<TableChange, { kind: 'AlterColumn' }>;

export interface ColumnAlteration {
  readonly before: string[];
  readonly clauses: string[];
  readonly after: string[];
}

const FAMILIES: readonly (readonly string[])[] = [
  ['TEXT', 'VARCHAR', 'CHAR', 'CITEXT'],
  ['SMALLINT', 'INTEGER', 'BIGINT', 'REAL', 'DOUBLE PRECISION', 'DECIMAL'],
  ['TIMESTAMP', 'TIMESTAMPTZ'],
  ['TIME', 'TIMETZ'],
  ['BIT', 'VARBIT'],
];

function baseName(type: ColumnType): string {
  return normalizeNative(type.native).replace(/\(.*$/, '');
}

/** True when PostgreSQL converts the values without a USING clause (an implicit or assignment cast). */
export function convertsImplicitly(from: ColumnType, to: ColumnType): boolean {
  if ((from.list ?? false) !== (to.list ?? false)) return false;
  if (from.scalar === 'Enum' || to.scalar === 'Enum' || from.scalar === 'Unsupported' || to.scalar === 'Unsupported')
    return false;
  const a = baseName(from);
  const b = baseName(to);
  return a === b || FAMILIES.some((family) => family.includes(a) && family.includes(b));
}

function castExpression(r: Renderer, column: string, from: ColumnType, to: ColumnType): string {
  const suffix = to.list ? '[]' : '';
  const viaText = from.scalar === 'Enum' || to.scalar === 'Enum' ? `::text${from.list ? '[]' : ''}` : '';
  return `${quoteIdent(column)}${viaText}::${r.type({ ...to, list: false })}${suffix}`;
}

/** The serial sequence of a column, found at run time: its name may predate table renames. */
function onSerialSequence(tableSql: string, column: string, action: (sequence: string) => string): string {
  const lookup = `pg_get_serial_sequence(${quoteLiteral(tableSql)}, ${quoteLiteral(column)})`;
  return `DO $$ BEGIN EXECUTE ${action(`' || ${lookup} || '`)}; END $$;`;
}

export function alterColumn(
  r: Renderer,
  table: { readonly name: string; readonly namespace?: string },
  change: AlterColumn,
): ColumnAlteration {
  const { from, to } = change;
  const tableSql = r.name(table.name, table.namespace);
  const col = quoteIdent(change.name);
  const changed = new Set(change.changed);
  const before: string[] = [];
  const clauses: string[] = [];
  const after: string[] = [];
  const setDefault = (c: Column): string =>
    `ALTER COLUMN ${col} SET DEFAULT ${renderDefault(c.default!, c.type, r.type)}`;
  let defaultHandled = false;

  if (changed.has('generated')) {
    if (to.generated !== undefined)
      throw new StrataError(
        ErrorCodes.unsupportedChange,
        `Column ${table.name}.${change.name}: PostgreSQL cannot turn an existing column into a generated column.`,
        { hint: 'Drop and re-create the column in a hand-edited migration.' },
      );
    clauses.push(`ALTER COLUMN ${col} DROP EXPRESSION`);
  }

  if (changed.has('type')) {
    const implicit = convertsImplicitly(from.type, to.type);
    const setType = `ALTER COLUMN ${col} SET DATA TYPE ${r.type(to.type)}${
      implicit ? '' : ` USING (${castExpression(r, change.name, from.type, to.type)})`
    }`;
    // a default of the old type may not cast to the new one: drop it first, set the new one after
    if (from.default !== undefined && !implicit) {
      clauses.push(`ALTER COLUMN ${col} DROP DEFAULT`, setType);
      if (to.default !== undefined && !to.autoincrement) clauses.push(setDefault(to));
      defaultHandled = true;
    } else clauses.push(setType);
    // an identity column's sequence follows its column's type by itself
    if (from.autoincrement && to.autoincrement && !changed.has('autoincrement') && from.identity === undefined)
      after.push(onSerialSequence(tableSql, change.name, (seq) => `'ALTER SEQUENCE ${seq} AS ${to.type.native}'`));
  }

  if (changed.has('nullability')) {
    // core's backfill rule: NULL rows get the default before the column becomes required
    if (backfillsFromDefault(change))
      before.push(
        `UPDATE ${tableSql} SET ${col} = ${renderDefault(to.default!, to.type, r.type)} WHERE ${col} IS NULL;`,
      );
    clauses.push(`ALTER COLUMN ${col} ${to.nullable ? 'DROP' : 'SET'} NOT NULL`);
  }

  if (changed.has('autoincrement')) {
    if (to.autoincrement) {
      const sequence = implicitObjectName(table.name, change.name, 'seq');
      const sequenceSql = r.name(sequence, table.namespace);
      before.push(`CREATE SEQUENCE ${sequenceSql} AS ${to.type.native};`);
      clauses.push(`ALTER COLUMN ${col} SET DEFAULT nextval(${quoteLiteral(sequenceSql)})`);
      after.push(`ALTER SEQUENCE ${sequenceSql} OWNED BY ${tableSql}.${col};`);
      // rows already there keep their values: start after the largest one
      after.push(
        `SELECT setval(${quoteLiteral(sequenceSql)}, COALESCE((SELECT MAX(${col}) FROM ${tableSql}), 0) + 1, false);`,
      );
      defaultHandled = true;
    } else if (from.identity !== undefined) {
      // an identity column owns its sequence internally: DROP IDENTITY removes both
      clauses.push(`ALTER COLUMN ${col} DROP IDENTITY`);
      if (to.default !== undefined) clauses.push(setDefault(to));
      defaultHandled = true;
    } else {
      clauses.push(`ALTER COLUMN ${col} DROP DEFAULT`);
      after.push(onSerialSequence(tableSql, change.name, (seq) => `'DROP SEQUENCE ${seq}'`));
      if (to.default !== undefined) clauses.push(setDefault(to));
      defaultHandled = true;
    }
  }

  if (changed.has('default') && !defaultHandled) {
    clauses.push(to.default === undefined ? `ALTER COLUMN ${col} DROP DEFAULT` : setDefault(to));
  }
  return { before, clauses, after };
}
