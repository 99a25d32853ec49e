/**
 * The Change union: everything the differ can ask a provider to do, as plain readonly JSON data,
 * tagged by `kind`. A table's own changes are nested in one `AlterTable` so that a provider sees
 * everything that happens to a table at once (SQLite decides there between ALTER and a rebuild).
 *
 * Providers never extend this union. A new kind is added here, and every provider's exhaustive
 * dispatch (`forEachChange` or `match(change).exhaustive()`) stops compiling until it handles it.
 *
 * Order: `diff()` returns changes in dependency order for the top level (schemas, extensions and
 * enums before the tables that use them, renames before alterations, drops of tables before drops of enums).
 * Foreign keys are the one cross-table dependency a provider must schedule itself: a provider
 * emits every DropForeignKey (and the foreign keys of dropped tables) first and every
 * AddForeignKey (and the foreign keys of created tables) last, which is what Prisma does too;
 * `@strata/core`'s `foreignKeyPhases()` helps.
 */
import type { Column, EnumType, Extension, ForeignKey, Index, PrimaryKey, Table } from '../sql/ir.js';

export type ColumnAspect = 'type' | 'nullability' | 'default' | 'autoincrement' | 'generated';

export type TableChange =
  | { readonly kind: 'AddColumn'; readonly column: Column }
  | { readonly kind: 'DropColumn'; readonly column: Column }
  | { readonly kind: 'RenameColumn'; readonly from: string; readonly to: string }
  | {
      readonly kind: 'AlterColumn';
      /** The column's name (after any RenameColumn in the same AlterTable). */
      readonly name: string;
      readonly from: Column;
      readonly to: Column;
      readonly changed: readonly ColumnAspect[];
    }
  | { readonly kind: 'AddPrimaryKey'; readonly primaryKey: PrimaryKey }
  | { readonly kind: 'DropPrimaryKey'; readonly primaryKey: PrimaryKey }
  | { readonly kind: 'RenamePrimaryKey'; readonly from: string; readonly to: string }
  | { readonly kind: 'CreateIndex'; readonly index: Index }
  | { readonly kind: 'DropIndex'; readonly index: Index }
  | { readonly kind: 'RenameIndex'; readonly from: string; readonly to: string }
  | { readonly kind: 'AddForeignKey'; readonly foreignKey: ForeignKey }
  | { readonly kind: 'DropForeignKey'; readonly foreignKey: ForeignKey }
  | { readonly kind: 'RenameForeignKey'; readonly from: string; readonly to: string };

export interface EnumValueRename {
  readonly from: string;
  readonly to: string;
}

export type ExtensionAspect = 'schema' | 'version';

export type Change =
  | { readonly kind: 'CreateNamespace'; readonly name: string }
  | { readonly kind: 'DropNamespace'; readonly name: string }
  | { readonly kind: 'CreateExtension'; readonly extension: Extension }
  /** Dropped only when a declared extension leaves the list; never cascading to what uses it. */
  | { readonly kind: 'DropExtension'; readonly extension: Extension }
  | {
      readonly kind: 'AlterExtension';
      readonly from: Extension;
      readonly to: Extension;
      /** Moved to another schema and/or updated to another version (both sides pin the aspect). */
      readonly changed: readonly ExtensionAspect[];
    }
  | { readonly kind: 'CreateEnum'; readonly enum: EnumType }
  | { readonly kind: 'DropEnum'; readonly enum: EnumType }
  | { readonly kind: 'RenameEnum'; readonly namespace?: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'AlterEnum';
      readonly from: EnumType;
      readonly to: EnumType;
      readonly addValues: readonly string[];
      readonly removeValues: readonly string[];
      readonly renameValues: readonly EnumValueRename[];
    }
  /**
   * An enum that moves to another namespace under the same name (`@@schema` changed): PostgreSQL
   * `ALTER TYPE ... SET SCHEMA`. Absent namespace = the default one.
   */
  | { readonly kind: 'MoveEnum'; readonly name: string; readonly fromNamespace?: string; readonly toNamespace?: string }
  /** A table that moves to another namespace under the same name, rows kept (`ALTER TABLE ... SET SCHEMA`). */
  | {
      readonly kind: 'MoveTable';
      readonly name: string;
      readonly fromNamespace?: string;
      readonly toNamespace?: string;
    }
  | { readonly kind: 'CreateTable'; readonly table: Table }
  | { readonly kind: 'DropTable'; readonly table: Table }
  | { readonly kind: 'RenameTable'; readonly namespace?: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'AlterTable';
      readonly namespace?: string;
      /** The table's name after any RenameTable earlier in the list. */
      readonly name: string;
      /** The table before (under its old name) and after this change: providers that rebuild need both. */
      readonly from: Table;
      readonly to: Table;
      readonly changes: readonly TableChange[];
    };

export type ChangeKind = Change['kind'];
export type TableChangeKind = TableChange['kind'];

/** One handler per kind of change; the type names every kind, so a new kind does not compile until each emitter handles it. */
export type ChangeHandlers = { readonly [K in ChangeKind]: (change: Extract<Change, { kind: K }>) => void };

/**
 * Calls each change's handler, in order: exhaustive like `match(change).exhaustive()`, without
 * building a matcher for every change. An emitter's loop runs once per table of a schema, mostly
 * in code V8 has not optimized yet (a CLI process is short): there, a ts-pattern chain per change
 * was most of the time `migrate diff` spent emitting a large schema.
 */
export function forEachChange(changes: readonly Change[], handlers: ChangeHandlers): void {
  for (const change of changes) (handlers[change.kind] as (change: Change) => void)(change);
}

/** A table's changes grouped by kind, each list in the differ's order. */
export type TableChangesByKind = { [K in TableChangeKind]: Extract<TableChange, { kind: K }>[] };

/**
 * Groups an `AlterTable`'s changes by kind, for emitters that write them phase by phase (drops,
 * renames, column changes, additions). The empty lists name every kind (the type requires each),
 * so a new kind does not compile here until it is added, and then every emitter's phases must say
 * where it goes.
 */
export function tableChangesByKind(changes: readonly TableChange[]): TableChangesByKind {
  const of: TableChangesByKind = {
    AddColumn: [],
    DropColumn: [],
    RenameColumn: [],
    AlterColumn: [],
    AddPrimaryKey: [],
    DropPrimaryKey: [],
    RenamePrimaryKey: [],
    CreateIndex: [],
    DropIndex: [],
    RenameIndex: [],
    AddForeignKey: [],
    DropForeignKey: [],
    RenameForeignKey: [],
  };
  for (const change of changes) (of[change.kind] as TableChange[]).push(change);
  return of;
}
