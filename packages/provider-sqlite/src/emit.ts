/**
 * The SQLite emitter: Changes -> Statements, pure (no I/O).
 *
 * ALTER TABLE is used where SQLite has it (RENAME TO, RENAME COLUMN, ADD COLUMN with a constant
 * default or a nullable column, DROP COLUMN where SQLite's rules allow); everything else on a table
 * becomes a rebuild (rebuild.ts). Statements run in phases:
 *
 *   DropIndex -> DropTable -> AlterTable (add/drop column) -> RedefineTables -> renames
 *   -> CreateTable -> CreateIndex
 *
 * Renames (tables, columns) run after the rebuilds so that a rebuild, and the trigger and view
 * definitions it restores, see the names they were written with; SQLite's RENAME then rewrites
 * every reference. Enums are TEXT columns on SQLite: enum changes emit nothing but the UPDATE of
 * the rows whose values are renamed, after the renames (under the tables' and columns' new names).
 */

import type { Change, EmitContext, Index, Statement, Table } from '@strata/core';
import { enumValueRenameTargets, StrataError, updateEnumValuesSql } from '@strata/core';
import { carriedChecks } from './checks.js';
import { renderColumn, renderCreateIndex, renderCreateTable, renderDropIndex } from './ddl.js';
import { type AlterTableChange, type NameMap, rebuildReasons, renderRedefineTables, underOldNames } from './rebuild.js';
import { orderRenames, type RenameStep } from './rename-order.js';
import { quoteIdent, quoteString } from './sql.js';

interface Phases {
  dropIndexes: Statement[];
  dropTables: Statement[];
  alters: Statement[];
  rebuilds: { change: AlterTableChange; shape: Table }[];
  /** Collected, then ordered by `orderRenames` (swaps and chains need an order). */
  renameTables: { rename: RenameStep; source: Change }[];
  /** By table (its name after the migration). */
  renameColumns: Map<string, { rename: RenameStep; source: Change }[]>;
  createTables: Statement[];
  createIndexes: Statement[];
}

export function emit(changes: readonly Change[], context: EmitContext): Statement[] {
  const names = nameMap(changes);
  const phases: Phases = {
    dropIndexes: [],
    dropTables: [],
    alters: [],
    rebuilds: [],
    renameTables: [],
    renameColumns: new Map(),
    createTables: [],
    createIndexes: [],
  };
  for (const change of changes) emitChange(change, context, names, phases);

  const statements: Statement[] = [...phases.dropIndexes, ...phases.dropTables, ...phases.alters];
  const first = phases.rebuilds[0];
  if (first !== undefined) {
    statements.push({
      step: 'RedefineTables',
      sql: renderRedefineTables(phases.rebuilds, context.from),
      source: first.change,
    });
  }
  statements.push(
    ...renameStatements(phases),
    ...enumValueUpdates(changes, context),
    ...phases.createTables,
    ...phases.createIndexes,
  );
  return statements;
}

/** Rows holding renamed enum values get the new ones, all at once (a swap of two values is a rename too). */
function enumValueUpdates(changes: readonly Change[], context: EmitContext): Statement[] {
  return enumValueRenameTargets(changes, context.from).map((target) => ({
    step: 'UpdateEnumValues',
    sql: updateEnumValuesSql(target, { identifier: quoteIdent, literal: quoteString }),
    source: target.change,
  }));
}

function renameStatements(phases: Phases): Statement[] {
  const statements: Statement[] = [];
  const source = (list: readonly { rename: RenameStep; source: Change }[], from: string): Change =>
    (list.find((r) => r.rename.from === from) ?? (list[0] as { source: Change })).source;
  for (const step of orderRenames(phases.renameTables.map((r) => r.rename))) {
    statements.push({
      step: 'RenameTable',
      sql: `ALTER TABLE ${quoteIdent(step.from)} RENAME TO ${quoteIdent(step.to)};`,
      source: source(phases.renameTables, step.from),
    });
  }
  for (const [table, renames] of phases.renameColumns) {
    for (const step of orderRenames(renames.map((r) => r.rename))) {
      statements.push({
        step: 'RenameColumn',
        sql: `ALTER TABLE ${quoteIdent(table)} RENAME COLUMN ${quoteIdent(step.from)} TO ${quoteIdent(step.to)};`,
        source: source(renames, step.from),
      });
    }
  }
  return statements;
}

function emitChange(change: Change, context: EmitContext, names: NameMap, phases: Phases): void {
  switch (change.kind) {
    case 'CreateExtension':
    case 'DropExtension':
    case 'AlterExtension':
      throw new StrataError('unsupported-change', 'SQLite has no extensions.', {
        hint: 'Remove the datasource `extensions` list for SQLite.',
      });
    case 'CreateNamespace':
    case 'DropNamespace':
    case 'MoveEnum':
    case 'MoveTable':
      throw new StrataError(
        'unsupported-change',
        `SQLite has no schemas (namespaces): cannot ${
          change.kind === 'CreateNamespace'
            ? `create "${change.name}"`
            : change.kind === 'DropNamespace'
              ? `drop "${change.name}"`
              : `move "${change.name}" to another schema`
        }.`,
        {
          hint: 'Remove @@schema attributes and the datasource `schemas` list for SQLite.',
        },
      );
    case 'CreateEnum':
    case 'DropEnum':
    case 'RenameEnum':
    case 'AlterEnum':
      // Enums are stored as TEXT: the database has nothing to change.
      return;
    case 'CreateTable': {
      const table = change.table;
      phases.createTables.push({ step: 'CreateTable', sql: renderCreateTable(table), source: change });
      for (const index of table.indexes) {
        if (index.constraint !== true)
          phases.createIndexes.push({ step: 'CreateIndex', sql: renderCreateIndex(table.name, index), source: change });
      }
      return;
    }
    case 'DropTable':
      // foreign_keys=off: dropping a parent must not cascade into (or be refused by) its children.
      phases.dropTables.push({
        step: 'DropTable',
        sql: `PRAGMA foreign_keys=off;\nDROP TABLE ${quoteIdent(change.table.name)};\nPRAGMA foreign_keys=on;`,
        source: change,
      });
      return;
    case 'RenameTable':
      phases.renameTables.push({ rename: { from: change.from, to: change.to }, source: change });
      return;
    case 'AlterTable':
      emitAlterTable(change, context, names, phases);
      return;
    default:
      change satisfies never;
  }
}

function emitAlterTable(change: AlterTableChange, context: EmitContext, names: NameMap, phases: Phases): void {
  const oldName = change.from.name;
  const rebuild = rebuildReasons(change, context.from.unmanaged).length > 0;
  for (const c of change.changes) {
    if (c.kind === 'RenameColumn') {
      const list = phases.renameColumns.get(change.name) ?? [];
      list.push({ rename: { from: c.from, to: c.to }, source: change });
      phases.renameColumns.set(change.name, list);
    }
  }
  if (rebuild) {
    // Indexes go away with the old table; the rebuild creates the final ones.
    // CHECK constraints are not in the schema strata manages: carry the live table's over.
    const { checks: _unmanaged, ...shape } = underOldNames(change.to, names);
    const checks = carriedChecks(change);
    phases.rebuilds.push({ change, shape: checks === undefined ? shape : { ...shape, checks } });
    return;
  }
  for (const c of change.changes) {
    switch (c.kind) {
      case 'AddColumn':
        phases.alters.push({
          step: 'AlterTable',
          sql: `ALTER TABLE ${quoteIdent(oldName)} ADD COLUMN ${renderColumn(c.column, false)};`,
          source: change,
        });
        break;
      case 'DropColumn':
        phases.alters.push({
          step: 'AlterTable',
          sql: `ALTER TABLE ${quoteIdent(oldName)} DROP COLUMN ${quoteIdent(c.column.name)};`,
          source: change,
        });
        break;
      case 'CreateIndex':
        phases.createIndexes.push({
          step: 'CreateIndex',
          sql: renderCreateIndex(change.name, c.index),
          source: change,
        });
        break;
      case 'DropIndex':
        phases.dropIndexes.push({ step: 'DropIndex', sql: renderDropIndex(c.index), source: change });
        break;
      case 'RenameIndex': {
        // SQLite cannot rename an index: drop it and create it again under its new name.
        const before = change.from.indexes.find((i) => i.name === c.from);
        const after = change.to.indexes.find((i) => i.name === c.to);
        if (before === undefined || after === undefined) {
          throw new StrataError(
            'internal',
            `RenameIndex ${c.from} -> ${c.to}: index not found on table "${change.name}".`,
          );
        }
        phases.dropIndexes.push({ step: 'DropIndex', sql: renderDropIndex(before as Index), source: change });
        phases.createIndexes.push({ step: 'CreateIndex', sql: renderCreateIndex(change.name, after), source: change });
        break;
      }
      case 'RenamePrimaryKey':
      case 'RenameColumn':
        // SQLite primary keys carry no name we manage; column renames were queued above.
        break;
      case 'AlterColumn':
      case 'AddPrimaryKey':
      case 'DropPrimaryKey':
      case 'AddForeignKey':
      case 'DropForeignKey':
      case 'RenameForeignKey':
        throw new StrataError('internal', `SQLite emitter: ${c.kind} on "${change.name}" should have been a rebuild.`);
      default:
        c satisfies never;
    }
  }
}

/** Names after the migration -> names before it, from the RenameTable and RenameColumn changes. */
function nameMap(changes: readonly Change[]): NameMap {
  const tables = new Map<string, string>();
  const columns = new Map<string, Map<string, string>>();
  for (const change of changes) {
    if (change.kind === 'RenameTable') tables.set(change.to, change.from);
    if (change.kind === 'AlterTable') {
      for (const c of change.changes) {
        if (c.kind !== 'RenameColumn') continue;
        const map = columns.get(change.name) ?? new Map<string, string>();
        map.set(c.to, c.from);
        columns.set(change.name, map);
      }
    }
  }
  return {
    table: (name) => tables.get(name) ?? name,
    column: (table, column) => columns.get(table)?.get(column) ?? column,
  };
}
