/**
 * The PostgreSQL emitter: Change[] -> Statement[], pure (no I/O).
 *
 * Statements are grouped into phases in Prisma's order (its `SqlMigrationStep` order), so a
 * migration reads like one Prisma would write: every foreign key drop first, then index drops,
 * table alterations, table drops and creations, index creations, and every foreign key addition
 * last. Inside a phase the differ's order is kept (a stable sort). Renames run before anything
 * that refers to the new names.
 */
import {
  type Change,
  type EmitContext,
  type Extension,
  forEachChange,
  type Statement,
  type Table,
  type TableChange,
  type TableChangesByKind,
  tableChangesByKind,
} from '@strata/core';

// derived from Table: core's root export also has model-level types named Index
type Index = Table['indexes'][number];

import { alterColumn } from './emit-alter-column.js';
import { alterEnumStatements, createEnumSql } from './emit-enum.js';
import { dependentForeignKeys } from './emit-foreign-keys.js';
import { createRenderer, createTableSql, type Renderer } from './render.js';
import { quoteIdent } from './sql.js';

const PHASES = [
  'CreateSchema',
  'CreateExtension',
  'AlterExtension',
  'Rename',
  'CreateEnum',
  'AlterEnum',
  'DropForeignKey',
  'DropIndex',
  'AlterTable',
  'DropTable',
  'DropEnum',
  'CreateTable',
  'CreateIndex',
  'RenameIndex',
  'AddForeignKey',
  'DropExtension',
  'DropSchema',
] as const;
type Phase = (typeof PHASES)[number];

interface Staged {
  readonly phase: Phase;
  readonly statement: Statement;
}

type TableRef = { readonly name: string; readonly namespace?: string };

export function emitPostgres(changes: readonly Change[], context: EmitContext): Statement[] {
  const r = createRenderer(context);
  const staged: Staged[] = [];
  const add = (phase: Phase, step: string, source: Change, sql: string): void => {
    staged.push({ phase, statement: { sql, step, source } });
  };
  // The schema an extension goes into must exist; one strata does not manage is created once
  // (IF NOT EXISTS) and never dropped. Known to exist: `public` (every database has it; the
  // default namespace is implicit in the IR and the connection creates the URL's), managed
  // namespaces, and the schemas of extensions already there.
  const existingSchemas = new Set([
    'public',
    ...context.to.namespaces,
    ...context.from.namespaces,
    ...(context.from.extensions ?? []).flatMap((x) => (x.schema === undefined ? [] : [x.schema])),
  ]);
  const ensureSchema = (source: Change, schema: string | undefined): void => {
    if (schema === undefined || existingSchemas.has(schema)) return;
    existingSchemas.add(schema);
    add('CreateSchema', 'CreateSchema', source, createSchemaSql(schema));
  };

  forEachChange(changes, {
    CreateNamespace: (c) => add('CreateSchema', 'CreateSchema', c, createSchemaSql(c.name)),
    CreateExtension: (c) => {
      ensureSchema(c, c.extension.schema);
      add('CreateExtension', 'CreateExtension', c, createExtensionSql(c.extension));
    },
    AlterExtension: (c) => {
      const name = quoteIdent(c.to.name);
      if (c.changed.includes('schema') && c.to.schema !== undefined) {
        ensureSchema(c, c.to.schema);
        add('AlterExtension', 'AlterExtension', c, `ALTER EXTENSION ${name} SET SCHEMA ${quoteIdent(c.to.schema)};`);
      }
      if (c.changed.includes('version') && c.to.version !== undefined)
        add('AlterExtension', 'AlterExtension', c, `ALTER EXTENSION ${name} UPDATE TO ${quoteIdent(c.to.version)};`);
    },
    // RESTRICT (the default): what still uses the extension makes the drop fail, never go with it
    DropExtension: (c) => add('DropExtension', 'DropExtension', c, `DROP EXTENSION ${quoteIdent(c.extension.name)};`),
    DropNamespace: (c) => add('DropSchema', 'DropSchema', c, `DROP SCHEMA ${quoteIdent(c.name)};`),
    CreateEnum: (c) => add('CreateEnum', 'CreateEnum', c, createEnumSql(r, c.enum)),
    DropEnum: (c) => add('DropEnum', 'DropEnum', c, `DROP TYPE ${r.name(c.enum.name, c.enum.namespace)};`),
    RenameEnum: (c) =>
      add('Rename', 'AlterEnum', c, `ALTER TYPE ${r.name(c.from, c.namespace)} RENAME TO ${quoteIdent(c.to)};`),
    AlterEnum: (c) => {
      for (const s of alterEnumStatements(r, c, changes)) staged.push({ phase: 'AlterEnum', statement: s });
    },
    CreateTable: (c) => {
      add('CreateTable', 'CreateTable', c, createTableSql(r, c.table));
      for (const ix of c.table.indexes) add('CreateIndex', 'CreateIndex', c, r.index(c.table, ix));
      for (const fk of c.table.foreignKeys) add('AddForeignKey', 'AddForeignKey', c, r.foreignKey(c.table, fk));
    },
    DropTable: (c) => {
      for (const fk of c.table.foreignKeys)
        add('DropForeignKey', 'DropForeignKey', c, dropForeignKeySql(r, c.table, fk));
      add('DropTable', 'DropTable', c, `DROP TABLE ${r.name(c.table.name, c.table.namespace)};`);
    },
    // The default namespace is implicit in the IR: a move into it targets `public`, which is the
    // default namespace whenever there are others (datasource `schemas`, see connection.ts).
    MoveEnum: (c) =>
      add(
        'Rename',
        'AlterEnum',
        c,
        `ALTER TYPE ${r.name(c.name, c.fromNamespace)} SET SCHEMA ${quoteIdent(c.toNamespace ?? 'public')};`,
      ),
    MoveTable: (c) =>
      add(
        'Rename',
        'AlterTable',
        c,
        `ALTER TABLE ${r.name(c.name, c.fromNamespace)} SET SCHEMA ${quoteIdent(c.toNamespace ?? 'public')};`,
      ),
    RenameTable: (c) => {
      add('Rename', 'AlterTable', c, `ALTER TABLE ${r.name(c.from, c.namespace)} RENAME TO ${quoteIdent(c.to)};`);
      const pk = primaryKeyRename(context, changes, c);
      if (pk !== undefined)
        add(
          'Rename',
          'AlterTable',
          c,
          `ALTER TABLE ${r.name(c.to, c.namespace)} RENAME CONSTRAINT ${quoteIdent(pk.from)} TO ${quoteIdent(pk.to)};`,
        );
    },
    AlterTable: (c) => alterTable(r, c, add),
  });
  // foreign keys pointing at a column whose type changes: dropped first, added again last
  for (const dependent of dependentForeignKeys(changes, context)) {
    add('DropForeignKey', 'DropForeignKey', dependent.source, dropForeignKeySql(r, dependent.table, dependent.before));
    if (dependent.after !== undefined)
      add('AddForeignKey', 'AddForeignKey', dependent.source, r.foreignKey(dependent.table, dependent.after));
  }
  return PHASES.flatMap((phase) => staged.filter((s) => s.phase === phase).map((s) => s.statement));
}

/** Shared by managed namespaces and the schema an extension is put into. */
export function createSchemaSql(name: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(name)};`;
}

/** Prisma's shape: `CREATE EXTENSION IF NOT EXISTS "x" WITH SCHEMA "s" VERSION "v";` */
function createExtensionSql(extension: Extension): string {
  const schema = extension.schema === undefined ? '' : ` SCHEMA ${quoteIdent(extension.schema)}`;
  const version = extension.version === undefined ? '' : ` VERSION ${quoteIdent(extension.version)}`;
  const options = schema === '' && version === '' ? '' : ` WITH${schema}${version}`;
  return `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(extension.name)}${options};`;
}

function dropForeignKeySql(r: Renderer, table: TableRef, fk: Table['foreignKeys'][number]): string {
  return `ALTER TABLE ${r.name(table.name, table.namespace)} DROP CONSTRAINT ${quoteIdent(r.foreignKeyName(table.name, fk))};`;
}

function dropIndexSql(r: Renderer, table: TableRef, ix: Index): string {
  return ix.constraint
    ? `ALTER TABLE ${r.name(table.name, table.namespace)} DROP CONSTRAINT ${quoteIdent(ix.name)};`
    : `DROP INDEX ${r.name(ix.name, table.namespace)};`;
}

/**
 * Prisma renames a table's primary key with it (`{table}_pkey`). When the differ did not ask for
 * that rename itself (no primary key change on the table), the old and new schemas tell us.
 */
function primaryKeyRename(
  context: EmitContext,
  changes: readonly Change[],
  rename: Extract<Change, { kind: 'RenameTable' }>,
): { from: string; to: string } | undefined {
  const sameNs = (t: Table): boolean => (t.namespace ?? '') === (rename.namespace ?? '');
  const before = context.from.tables.find((t) => t.name === rename.from && sameNs(t))?.primaryKey?.name;
  const after = context.to.tables.find((t) => t.name === rename.to && sameNs(t))?.primaryKey?.name;
  if (before === undefined || after === undefined || before === after) return undefined;
  const handled = changes.some(
    (c) =>
      c.kind === 'AlterTable' &&
      c.name === rename.to &&
      (c.namespace ?? '') === (rename.namespace ?? '') &&
      c.changes.some((tc) => tc.kind === 'RenamePrimaryKey' || tc.kind === 'DropPrimaryKey'),
  );
  return handled ? undefined : { from: before, to: after };
}

type Add = (phase: Phase, step: string, source: Change, sql: string) => void;

function alterTable(r: Renderer, change: Extract<Change, { kind: 'AlterTable' }>, add: Add): void {
  const table: TableRef = { name: change.name, namespace: change.namespace };
  const tableSql = r.name(table.name, table.namespace);
  const changes = tableChangesByKind(change.changes);
  const of = <K extends TableChange['kind']>(kind: K): TableChangesByKind[K] => changes[kind];

  for (const c of of('DropForeignKey'))
    add('DropForeignKey', 'DropForeignKey', change, dropForeignKeySql(r, table, c.foreignKey));
  for (const c of of('DropIndex')) add('DropIndex', 'DropIndex', change, dropIndexSql(r, table, c.index));

  for (const c of of('RenameColumn'))
    add(
      'AlterTable',
      'AlterTable',
      change,
      `ALTER TABLE ${tableSql} RENAME COLUMN ${quoteIdent(c.from)} TO ${quoteIdent(c.to)};`,
    );
  for (const c of [...of('RenamePrimaryKey'), ...of('RenameForeignKey')])
    add(
      'AlterTable',
      c.kind === 'RenamePrimaryKey' ? 'AlterTable' : 'RenameForeignKey',
      change,
      `ALTER TABLE ${tableSql} RENAME CONSTRAINT ${quoteIdent(c.from)} TO ${quoteIdent(c.to)};`,
    );

  // Prisma's combined statement: drop pkey, drop columns, add columns, alter columns, add pkey
  const clauses: string[] = [];
  const before: string[] = [];
  const after: string[] = [];
  for (const c of of('DropPrimaryKey'))
    clauses.push(`DROP CONSTRAINT ${quoteIdent(c.primaryKey.name ?? `${change.from.name}_pkey`)}`);
  for (const c of of('DropColumn')) clauses.push(`DROP COLUMN ${quoteIdent(c.column.name)}`);
  for (const c of of('AddColumn')) clauses.push(`ADD COLUMN     ${r.column(c.column)}`);
  for (const c of of('AlterColumn')) {
    const altered = alterColumn(r, table, c);
    before.push(...altered.before);
    clauses.push(...altered.clauses);
    after.push(...altered.after);
  }
  for (const c of of('AddPrimaryKey'))
    clauses.push(
      `ADD CONSTRAINT ${quoteIdent(c.primaryKey.name ?? `${change.name}_pkey`)} PRIMARY KEY (${c.primaryKey.columns.map(quoteIdent).join(',')})`,
    );
  for (const sql of before) add('AlterTable', 'AlterTable', change, sql);
  if (clauses.length > 0) add('AlterTable', 'AlterTable', change, `ALTER TABLE ${tableSql} ${clauses.join(',\n')};`);
  for (const sql of after) add('AlterTable', 'AlterTable', change, sql);

  for (const c of of('CreateIndex')) add('CreateIndex', 'CreateIndex', change, r.index(table, c.index));
  for (const c of of('RenameIndex'))
    add(
      'RenameIndex',
      'RenameIndex',
      change,
      `ALTER INDEX ${r.name(c.from, table.namespace)} RENAME TO ${quoteIdent(c.to)};`,
    );
  for (const c of of('AddForeignKey')) add('AddForeignKey', 'AddForeignKey', change, r.foreignKey(table, c.foreignKey));
}
