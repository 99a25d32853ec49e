/**
 * Changes in words, for `status` (drift) and `diff --summary`. One line per change; an AlterTable
 * gives one line per table change. Pure, no dialect: column types are shown as the IR spells them.
 */

import type { Column, ColumnDefault, Extension, ForeignKey, Index } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import type { Change, TableChange } from './changes.js';

function describeExtension(x: Extension): string {
  const pins = [
    x.schema === undefined ? '' : `schema ${x.schema}`,
    x.version === undefined ? '' : `version ${x.version}`,
  ]
    .filter((p) => p !== '')
    .join(', ');
  return pins === '' ? x.name : `${x.name} (${pins})`;
}

export function describeChange(change: Change): string[] {
  switch (change.kind) {
    case 'CreateNamespace':
      return [`create schema ${change.name}`];
    case 'DropNamespace':
      return [`drop schema ${change.name}`];
    case 'CreateExtension':
      return [`create extension ${describeExtension(change.extension)}`];
    case 'DropExtension':
      return [`drop extension ${change.extension.name}`];
    case 'AlterExtension':
      return [
        ...(change.changed.includes('schema')
          ? [`move extension ${change.to.name} from schema ${change.from.schema} to ${change.to.schema}`]
          : []),
        ...(change.changed.includes('version')
          ? [`update extension ${change.to.name} from version ${change.from.version} to ${change.to.version}`]
          : []),
      ];
    case 'CreateEnum':
      return [`create enum ${qualifiedName(change.enum)} (${change.enum.values.join(', ')})`];
    case 'DropEnum':
      return [`drop enum ${qualifiedName(change.enum)}`];
    case 'RenameEnum':
      return [`rename enum ${qualifiedName({ namespace: change.namespace, name: change.from })} to ${change.to}`];
    case 'AlterEnum': {
      const name = qualifiedName(change.to);
      return [
        ...change.renameValues.map((r) => `rename value ${r.from} of enum ${name} to ${r.to}`),
        ...(change.addValues.length > 0
          ? [`add value${plural(change.addValues)} ${change.addValues.join(', ')} to enum ${name}`]
          : []),
        ...(change.removeValues.length > 0
          ? [`remove value${plural(change.removeValues)} ${change.removeValues.join(', ')} from enum ${name}`]
          : []),
      ];
    }
    case 'CreateTable':
      return [`create table ${qualifiedName(change.table)} (${change.table.columns.map((c) => c.name).join(', ')})`];
    case 'DropTable':
      return [`drop table ${qualifiedName(change.table)}`];
    case 'MoveEnum':
    case 'MoveTable': {
      const what = change.kind === 'MoveEnum' ? 'enum' : 'table';
      const from = qualifiedName({ namespace: change.fromNamespace, name: change.name });
      return [
        `move ${what} ${from} to ${change.toNamespace === undefined ? 'the default schema' : `schema ${change.toNamespace}`}`,
      ];
    }
    case 'RenameTable':
      return [`rename table ${qualifiedName({ namespace: change.namespace, name: change.from })} to ${change.to}`];
    case 'AlterTable': {
      const table = qualifiedName({ namespace: change.namespace, name: change.name });
      return change.changes.map((tableChange) => describeTableChange(table, tableChange));
    }
    default:
      return change satisfies never;
  }
}

/** Every change's lines, flattened. */
export function describeChanges(changes: readonly Change[]): string[] {
  return changes.flatMap(describeChange);
}

function describeTableChange(table: string, change: TableChange): string {
  switch (change.kind) {
    case 'AddColumn':
      return `add column ${table}.${change.column.name} ${columnSummary(change.column)}`;
    case 'DropColumn':
      return `drop column ${table}.${change.column.name}`;
    case 'RenameColumn':
      return `rename column ${table}.${change.from} to ${change.to}`;
    case 'AlterColumn': {
      const parts = change.changed.map((aspect) => {
        switch (aspect) {
          case 'type': {
            const [from, to] = [typeText(change.from), typeText(change.to)];
            // the same enum whose values the column's type lists (MySQL's ENUM): show the lists
            return from === to
              ? `type ${change.from.type.native} -> ${change.to.type.native}`
              : `type ${from} -> ${to}`;
          }
          case 'nullability':
            return change.to.nullable ? 'now optional' : 'now required';
          case 'default':
            return `default ${defaultText(change.from.default)} -> ${defaultText(change.to.default)}`;
          case 'autoincrement':
            return change.to.autoincrement ? 'now autoincrement' : 'no longer autoincrement';
          case 'generated':
            return 'generated expression changed';
        }
        return aspect;
      });
      return `alter column ${table}.${change.name}: ${parts.join(', ')}`;
    }
    case 'AddPrimaryKey':
      return `add primary key on ${table} (${change.primaryKey.columns.join(', ')})`;
    case 'DropPrimaryKey':
      return `drop primary key of ${table}`;
    case 'RenamePrimaryKey':
      return `rename primary key ${change.from} of ${table} to ${change.to}`;
    case 'CreateIndex':
      return `create ${indexText(change.index)} on ${table}`;
    case 'DropIndex':
      return `drop ${change.index.unique ? 'unique index' : 'index'} ${change.index.name} on ${table}`;
    case 'RenameIndex':
      return `rename index ${change.from} on ${table} to ${change.to}`;
    case 'AddForeignKey':
      return `add foreign key ${foreignKeyText(table, change.foreignKey)}`;
    case 'DropForeignKey':
      return `drop foreign key ${foreignKeyText(table, change.foreignKey)}`;
    case 'RenameForeignKey':
      return `rename foreign key ${change.from} on ${table} to ${change.to}`;
    default:
      return change satisfies never;
  }
}

function plural(items: readonly unknown[]): string {
  return items.length === 1 ? '' : 's';
}

function typeText(column: Column): string {
  return `${column.type.enum ? column.type.enum.name : column.type.native}${column.type.list ? '[]' : ''}`;
}

function columnSummary(column: Column): string {
  const extras = [column.nullable ? 'optional' : 'required'];
  if (column.default !== undefined) extras.push(`default ${defaultText(column.default)}`);
  if (column.autoincrement) extras.push('autoincrement');
  return `${typeText(column)} (${extras.join(', ')})`;
}

function defaultText(value: ColumnDefault | undefined): string {
  if (value === undefined) return 'none';
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
    case 'enum':
      return value.value;
    case 'boolean':
      return String(value.value);
    case 'bytes':
      return `0x${value.hex}`;
    case 'list':
      return `[${value.items.map(defaultText).join(', ')}]`;
    case 'now':
      return 'now()';
    case 'expression':
      return value.sql;
  }
}

function indexText(index: Index): string {
  const columns = index.columns.map((c) => c.name ?? c.expression ?? '?').join(', ');
  return `${index.unique ? 'unique index' : 'index'} ${index.name} (${columns})${index.where ? ` where ${index.where}` : ''}`;
}

function foreignKeyText(table: string, fk: ForeignKey): string {
  const target = qualifiedName({ namespace: fk.referencedNamespace, name: fk.referencedTable });
  const name = fk.name === undefined ? '' : `${fk.name} `;
  return `${name}${table}(${fk.columns.join(', ')}) -> ${target}(${fk.referencedColumns.join(', ')})`;
}
