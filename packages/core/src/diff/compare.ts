/**
 * Equality of IR objects across a diff: a `from` object is compared with a `to` object after
 * translating its references through the accepted renames (a column renamed in the same diff, an
 * index over it, a foreign key to a renamed table, an enum default whose value was renamed).
 * Dialect equality (type aliases, default spellings) comes from the provider's `DiffHooks`.
 */
import type { DiffHooks } from '../provider/contract.js';
import type { Column, ColumnDefault, ColumnType, ForeignKey, Index, IndexColumn } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import type { ColumnAspect } from './changes.js';
import { type NamespaceMoves, NO_MOVES } from './moves.js';
import type { RenameDecision } from './rename-candidates.js';

export interface DiffContext {
  readonly hooks: DiffHooks;
  /** Qualified `from` key -> qualified `to` key. */
  readonly tableRenames: ReadonlyMap<string, string>;
  readonly enumRenames: ReadonlyMap<string, string>;
  /** Per `to` table key: old column name -> new column name. */
  readonly columnRenames: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Per `to` enum key: old value -> new value. */
  readonly enumValueRenames: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Per `to` table key: old index name -> new index name. */
  readonly indexRenames: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const EMPTY: ReadonlyMap<string, string> = new Map();

/** `moves`: tables and enums that change namespace (see `namespaceMoves`); paired like renames. */
export function createDiffContext(
  decisions: readonly RenameDecision[],
  hooks: DiffHooks = {},
  moves: NamespaceMoves = NO_MOVES,
): DiffContext {
  const tableRenames = new Map<string, string>(moves.tables);
  const enumRenames = new Map<string, string>(moves.enums);
  const columnRenames = new Map<string, Map<string, string>>();
  const enumValueRenames = new Map<string, Map<string, string>>();
  const indexRenames = new Map<string, Map<string, string>>();
  const nested = (maps: Map<string, Map<string, string>>, key: string, from: string, to: string): void => {
    const map = maps.get(key) ?? new Map<string, string>();
    map.set(from, to);
    maps.set(key, map);
  };
  for (const d of decisions) {
    const ns = d.namespace;
    switch (d.kind) {
      case 'table':
        tableRenames.set(qualifiedName({ namespace: ns, name: d.from }), qualifiedName({ namespace: ns, name: d.to }));
        break;
      case 'enum':
        enumRenames.set(qualifiedName({ namespace: ns, name: d.from }), qualifiedName({ namespace: ns, name: d.to }));
        break;
      case 'column':
        nested(columnRenames, qualifiedName({ namespace: ns, name: d.table }), d.from, d.to);
        break;
      case 'enumValue':
        nested(enumValueRenames, qualifiedName({ namespace: ns, name: d.enum }), d.from, d.to);
        break;
      case 'index':
        nested(indexRenames, qualifiedName({ namespace: ns, name: d.table }), d.from, d.to);
        break;
    }
  }
  return { hooks, tableRenames, enumRenames, columnRenames, enumValueRenames, indexRenames };
}

export function renamesOf(
  map: ReadonlyMap<string, ReadonlyMap<string, string>>,
  key: string,
): ReadonlyMap<string, string> {
  return map.get(key) ?? EMPTY;
}

/** A `from` table key as it is known in `to` (after a table rename). */
export function toTableKey(context: DiffContext, fromKey: string): string {
  return context.tableRenames.get(fromKey) ?? fromKey;
}

/** A `from` column name of the table that is `toKey` in `to`, as it is called in `to`. */
export function toColumnName(context: DiffContext, toKey: string, column: string): string {
  return renamesOf(context.columnRenames, toKey).get(column) ?? column;
}

function enumKeyInTo(context: DiffContext, ref: NonNullable<ColumnType['enum']>): string {
  const key = qualifiedName(ref);
  return context.enumRenames.get(key) ?? key;
}

export function columnTypesEqual(context: DiffContext, from: ColumnType, to: ColumnType): boolean {
  // where enums are TEXT columns (SQLite) the reference is planning knowledge, not a database type
  if ((from.enum !== undefined || to.enum !== undefined) && context.hooks.enumsInDatabase !== false) {
    return (
      from.enum !== undefined &&
      to.enum !== undefined &&
      enumKeyInTo(context, from.enum) === qualifiedName(to.enum) &&
      (from.list ?? false) === (to.list ?? false)
    );
  }
  if (context.hooks.columnTypesEqual !== undefined) return context.hooks.columnTypesEqual(from, to);
  return from.native === to.native && (from.list ?? false) === (to.list ?? false);
}

function renameEnumDefault(
  value: ColumnDefault | undefined,
  renames: ReadonlyMap<string, string>,
): ColumnDefault | undefined {
  if (value === undefined || renames.size === 0) return value;
  if (value.kind === 'enum') return { kind: 'enum', value: renames.get(value.value) ?? value.value };
  if (value.kind === 'list') return { kind: 'list', items: value.items.map((i) => renameEnumDefault(i, renames)!) };
  return value;
}

export function defaultsEqual(context: DiffContext, from: Column, to: Column): boolean {
  const enumRef = from.type.enum;
  // a renamed value keeps a database enum's default pointing at it; where values are text (the
  // column's default is the literal), the default changes with the value
  const renamed =
    enumRef === undefined || context.hooks.enumsInDatabase === false
      ? from.default
      : renameEnumDefault(from.default, renamesOf(context.enumValueRenames, enumKeyInTo(context, enumRef)));
  if (context.hooks.defaultsEqual !== undefined) return context.hooks.defaultsEqual(renamed, to.default, to);
  return jsonEqual(renamed, to.default);
}

function autoincrementEqual(context: DiffContext, from: Column, to: Column): boolean {
  if ((from.autoincrement ?? false) === (to.autoincrement ?? false)) return true;
  return context.hooks.autoincrementEqual?.(from, to) ?? false;
}

export function columnAspects(context: DiffContext, from: Column, to: Column): ColumnAspect[] {
  const aspects: ColumnAspect[] = [];
  if (!columnTypesEqual(context, from.type, to.type)) aspects.push('type');
  if (from.nullable !== to.nullable) aspects.push('nullability');
  if (!defaultsEqual(context, from, to)) aspects.push('default');
  if (!autoincrementEqual(context, from, to)) aspects.push('autoincrement');
  if (from.generated !== to.generated) aspects.push('generated');
  return aspects;
}

function indexColumnsEqual(a: readonly IndexColumn[], b: readonly IndexColumn[], map: (c: string) => string): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return (
      (x.name === undefined ? undefined : map(x.name)) === y.name &&
      x.expression === y.expression &&
      (x.sort ?? 'asc') === (y.sort ?? 'asc') &&
      x.length === y.length &&
      x.ops === y.ops
    );
  });
}

/**
 * Same index apart from its name (`constraint` is ignored: a unique constraint and a unique index
 * are equivalent). The kind is compared before any hook: a full-text index is never an ordinary one.
 */
export function indexShapesEqual(context: DiffContext, toKey: string, from: Index, to: Index): boolean {
  if (context.hooks.indexesEqual !== undefined) {
    const renamed: Index = {
      ...from,
      columns: from.columns.map((c) =>
        c.name === undefined ? c : { ...c, name: toColumnName(context, toKey, c.name) },
      ),
    };
    return from.unique === to.unique && from.kind === to.kind && context.hooks.indexesEqual(renamed, to);
  }
  return (
    from.unique === to.unique &&
    from.kind === to.kind &&
    from.where === to.where &&
    (from.method ?? 'btree') === (to.method ?? 'btree') &&
    indexColumnsEqual(from.columns, to.columns, (c) => toColumnName(context, toKey, c))
  );
}

/** What a foreign key connects, in `to` terms: two keys with the same signature are the same link. */
export function foreignKeySignature(context: DiffContext, ownKey: string, fk: ForeignKey, side: 'from' | 'to'): string {
  const referencedKey = qualifiedName({ namespace: fk.referencedNamespace, name: fk.referencedTable });
  if (side === 'to') return JSON.stringify([fk.columns, referencedKey, fk.referencedColumns]);
  const referenced = toTableKey(context, referencedKey);
  return JSON.stringify([
    fk.columns.map((c) => toColumnName(context, ownKey, c)),
    referenced,
    fk.referencedColumns.map((c) => toColumnName(context, referenced, c)),
  ]);
}

/** Structural equality of plain JSON data, independent of property order; `undefined` properties count as absent. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => jsonEqual(x, other[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!jsonEqual(ra[key], rb[key])) return false;
  return true;
}

/** Same referential actions, through the provider's equivalences (`DiffHooks.foreignKeyActionsEqual`). */
export function foreignKeyActionsEqual(context: DiffContext, from: ForeignKey, to: ForeignKey): boolean {
  const same = (a: ForeignKey['onDelete'], b: ForeignKey['onDelete']): boolean =>
    a === b || (context.hooks.foreignKeyActionsEqual?.(a, b) ?? false);
  return same(from.onDelete, to.onDelete) && same(from.onUpdate, to.onUpdate);
}
