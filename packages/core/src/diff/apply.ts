/**
 * `applyChanges(schema, changes)`: what a database would look like after the changes, computed in
 * memory. It follows the database's own semantics (renaming a column renames it inside indexes
 * and in the foreign keys that point at it; renaming an enum value changes defaults that use it),
 * so `applyChanges(a, diff(a, b))` equals `b`, which the property tests check; status and
 * rollback logic use it to compute expected schemas.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { canonicalize } from '../sql/canonical.js';
import type { Column, ColumnDefault, DatabaseSchema, EnumType, Extension, ForeignKey, Table } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import type { Change, TableChange } from './changes.js';

type MutableTable = {
  -readonly [K in keyof Table]: Table[K];
};

function withNamespace<T extends { readonly namespace?: string }>(object: T, namespace: string | undefined): T {
  const { namespace: _, ...rest } = object;
  return (namespace === undefined ? rest : { ...rest, namespace }) as T;
}

export function applyChanges(schema: DatabaseSchema, changes: readonly Change[]): DatabaseSchema {
  const namespaces = new Set(schema.namespaces);
  const extensions = new Map<string, Extension>((schema.extensions ?? []).map((x) => [x.name, x]));
  const enums = new Map<string, EnumType>(schema.enums.map((e) => [qualifiedName(e), e]));
  const tables = new Map<string, MutableTable>(schema.tables.map((t) => [qualifiedName(t), { ...t }]));

  const missing = (what: string, name: string): never => {
    throw new StrataError(ErrorCodes.internal, `Cannot apply the change list: ${what} ${name} does not exist.`, {
      details: { what, name },
    });
  };

  for (const change of changes) {
    switch (change.kind) {
      case 'CreateNamespace':
        namespaces.add(change.name);
        break;
      case 'DropNamespace':
        namespaces.delete(change.name);
        break;
      case 'CreateExtension':
        extensions.set(change.extension.name, change.extension);
        break;
      case 'DropExtension':
        extensions.delete(change.extension.name);
        break;
      case 'AlterExtension':
        extensions.set(change.to.name, change.to);
        break;
      case 'CreateEnum':
        enums.set(qualifiedName(change.enum), change.enum);
        break;
      case 'DropEnum':
        enums.delete(qualifiedName(change.enum));
        break;
      case 'RenameEnum': {
        const oldKey = qualifiedName({ namespace: change.namespace, name: change.from });
        const current = enums.get(oldKey) ?? missing('enum', oldKey);
        enums.delete(oldKey);
        enums.set(qualifiedName({ namespace: change.namespace, name: change.to }), { ...current, name: change.to });
        for (const table of tables.values()) {
          table.columns = table.columns.map((c) =>
            c.type.enum !== undefined && qualifiedName(c.type.enum) === oldKey
              ? { ...c, type: { ...c.type, enum: { ...c.type.enum, name: change.to } } }
              : c,
          );
        }
        break;
      }
      case 'AlterEnum': {
        const key = qualifiedName(change.from.namespace === undefined ? change.to : change.from);
        const current = enums.get(qualifiedName(change.to)) ?? enums.get(key) ?? missing('enum', key);
        enums.set(qualifiedName(change.to), { ...current, values: [...change.to.values] });
        if (change.renameValues.length > 0) {
          const renames = new Map(change.renameValues.map((r) => [r.from, r.to]));
          const enumKey = qualifiedName(change.to);
          for (const table of tables.values()) {
            table.columns = table.columns.map((c) =>
              c.type.enum !== undefined && qualifiedName(c.type.enum) === enumKey && c.default !== undefined
                ? { ...c, default: renameDefault(c.default, renames) }
                : c,
            );
          }
        }
        break;
      }
      case 'CreateTable':
        tables.set(qualifiedName(change.table), { ...change.table });
        break;
      case 'DropTable':
        tables.delete(qualifiedName(change.table));
        break;
      case 'MoveEnum': {
        const oldKey = qualifiedName({ namespace: change.fromNamespace, name: change.name });
        const newKey = qualifiedName({ namespace: change.toNamespace, name: change.name });
        const current = enums.get(oldKey) ?? missing('enum', oldKey);
        enums.delete(oldKey);
        enums.set(newKey, { ...withNamespace(current, change.toNamespace) });
        for (const table of tables.values()) {
          table.columns = table.columns.map((c) =>
            c.type.enum !== undefined && qualifiedName(c.type.enum) === oldKey
              ? { ...c, type: { ...c.type, enum: withNamespace(c.type.enum, change.toNamespace) } }
              : c,
          );
        }
        break;
      }
      case 'MoveTable': {
        const oldKey = qualifiedName({ namespace: change.fromNamespace, name: change.name });
        const current = tables.get(oldKey) ?? missing('table', oldKey);
        tables.delete(oldKey);
        const { namespace: _, ...rest } = current;
        tables.set(qualifiedName({ namespace: change.toNamespace, name: change.name }), {
          ...rest,
          ...(change.toNamespace === undefined ? {} : { namespace: change.toNamespace }),
        });
        for (const table of tables.values()) {
          table.foreignKeys = table.foreignKeys.map((fk) => {
            if (qualifiedName({ namespace: fk.referencedNamespace, name: fk.referencedTable }) !== oldKey) return fk;
            const { referencedNamespace: __, ...other } = fk;
            return change.toNamespace === undefined ? other : { ...other, referencedNamespace: change.toNamespace };
          });
        }
        break;
      }
      case 'RenameTable': {
        const oldKey = qualifiedName({ namespace: change.namespace, name: change.from });
        const current = tables.get(oldKey) ?? missing('table', oldKey);
        tables.delete(oldKey);
        tables.set(qualifiedName({ namespace: change.namespace, name: change.to }), { ...current, name: change.to });
        for (const table of tables.values()) {
          table.foreignKeys = table.foreignKeys.map((fk) =>
            qualifiedName({ namespace: fk.referencedNamespace, name: fk.referencedTable }) === oldKey
              ? { ...fk, referencedTable: change.to }
              : fk,
          );
        }
        break;
      }
      case 'AlterTable': {
        const key = qualifiedName({ namespace: change.namespace, name: change.name });
        const table = tables.get(key) ?? missing('table', key);
        for (const tableChange of change.changes) applyTableChange(table, key, tableChange, tables, missing);
        break;
      }
      default:
        change satisfies never;
    }
  }
  return canonicalize({
    provider: schema.provider,
    namespaces: [...namespaces],
    tables: [...tables.values()],
    enums: [...enums.values()],
    extensions: [...extensions.values()],
    unmanaged: schema.unmanaged,
  });
}

function renameDefault(value: ColumnDefault, renames: ReadonlyMap<string, string>): ColumnDefault {
  if (value.kind === 'enum') return { kind: 'enum', value: renames.get(value.value) ?? value.value };
  if (value.kind === 'list') return { kind: 'list', items: value.items.map((i) => renameDefault(i, renames)) };
  return value;
}

function applyTableChange(
  table: MutableTable,
  key: string,
  change: TableChange,
  tables: ReadonlyMap<string, MutableTable>,
  missing: (what: string, name: string) => never,
): void {
  const rename = (names: readonly string[], from: string, to: string): string[] =>
    names.map((n) => (n === from ? to : n));
  switch (change.kind) {
    case 'AddColumn':
      table.columns = [...table.columns, change.column];
      break;
    case 'DropColumn':
      table.columns = table.columns.filter((c) => c.name !== change.column.name);
      break;
    case 'RenameColumn': {
      if (!table.columns.some((c) => c.name === change.from)) missing('column', `${key}.${change.from}`);
      table.columns = table.columns.map((c): Column => (c.name === change.from ? { ...c, name: change.to } : c));
      table.indexes = table.indexes.map((i) => ({
        ...i,
        columns: i.columns.map((c) => (c.name === change.from ? { ...c, name: change.to } : c)),
      }));
      if (table.primaryKey !== undefined) {
        table.primaryKey = { ...table.primaryKey, columns: rename(table.primaryKey.columns, change.from, change.to) };
      }
      table.foreignKeys = table.foreignKeys.map((fk) => ({
        ...fk,
        columns: rename(fk.columns, change.from, change.to),
      }));
      // Foreign keys of every table (this one included) that point at the renamed column follow it.
      for (const other of tables.values()) {
        other.foreignKeys = other.foreignKeys.map((fk) =>
          qualifiedName({ namespace: fk.referencedNamespace, name: fk.referencedTable }) === key
            ? { ...fk, referencedColumns: rename(fk.referencedColumns, change.from, change.to) }
            : fk,
        );
      }
      break;
    }
    case 'AlterColumn':
      table.columns = table.columns.map((c) => (c.name === change.name ? change.to : c));
      break;
    case 'AddPrimaryKey':
      table.primaryKey = change.primaryKey;
      break;
    case 'DropPrimaryKey':
      table.primaryKey = undefined;
      break;
    case 'RenamePrimaryKey':
      if (table.primaryKey !== undefined) table.primaryKey = { ...table.primaryKey, name: change.to };
      break;
    case 'CreateIndex':
      table.indexes = [...table.indexes, change.index];
      break;
    case 'DropIndex':
      table.indexes = table.indexes.filter((i) => i.name !== change.index.name);
      break;
    case 'RenameIndex':
      table.indexes = table.indexes.map((i) => (i.name === change.from ? { ...i, name: change.to } : i));
      break;
    case 'AddForeignKey':
      table.foreignKeys = [...table.foreignKeys, change.foreignKey];
      break;
    case 'DropForeignKey': {
      const index = table.foreignKeys.findIndex((fk) => sameForeignKey(fk, change.foreignKey));
      if (index >= 0) table.foreignKeys = table.foreignKeys.filter((_, i) => i !== index);
      break;
    }
    case 'RenameForeignKey':
      table.foreignKeys = table.foreignKeys.map((fk) => (fk.name === change.from ? { ...fk, name: change.to } : fk));
      break;
    default:
      change satisfies never;
  }
}

function sameForeignKey(a: ForeignKey, b: ForeignKey): boolean {
  if (a.name !== undefined && b.name !== undefined) return a.name === b.name;
  return a.columns.join(',') === b.columns.join(',') && a.referencedTable === b.referencedTable;
}
