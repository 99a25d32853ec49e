/**
 * `diff(from, to, options)`: the changes that turn schema `from` into schema `to`.
 *
 * Complete for everything in the IR except unmanaged objects (strata never touches those),
 * idempotent (`diff(x, x)` is empty), deterministic (same input, same list), O(n) with maps.
 * Renames are never guessed: pass the decisions of `resolveRenames()` (or `diffWithRenames`,
 * which asks a resolver). Top-level order, which providers may rely on:
 *
 *   CreateNamespace, CreateExtension, AlterExtension, MoveEnum, MoveTable, RenameEnum, CreateEnum,
 *   AlterEnum, RenameTable, DropTable, CreateTable, AlterTable, DropEnum, DropExtension, DropNamespace
 *
 * so an extension and an enum exist before a table uses them, a renamed table is altered under its new name, and an
 * enum is dropped only after the tables that used it are gone or altered. Foreign keys are
 * scheduled by the provider across tables (see `foreignKeyPhases`).
 */
import type { DiffHooks } from '../provider/contract.js';
import type { DatabaseSchema, EnumType, Extension } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import type { Change, ExtensionAspect } from './changes.js';
import { createDiffContext, type DiffContext, renamesOf } from './compare.js';
import { namespaceMoves } from './moves.js';
import { byKey, pairBy } from './pairing.js';
import type { RenameCandidate, RenameDecision, RenameResolver } from './renames.js';
import { resolveRenames } from './renames.js';
import { diffTable } from './table-diff.js';

export interface DiffOptions {
  readonly hooks?: DiffHooks;
  /** Accepted renames (from `resolveRenames`). Absent: nothing is a rename. */
  readonly renames?: readonly RenameDecision[];
}

const ORDER: Record<Change['kind'], number> = {
  CreateNamespace: 0,
  CreateExtension: 1,
  AlterExtension: 2,
  MoveEnum: 3,
  MoveTable: 4,
  RenameEnum: 5,
  CreateEnum: 6,
  AlterEnum: 7,
  RenameTable: 8,
  DropTable: 9,
  CreateTable: 10,
  AlterTable: 11,
  DropEnum: 12,
  DropExtension: 13,
  DropNamespace: 14,
};

export function diff(given: DatabaseSchema, wanted: DatabaseSchema, options: DiffOptions = {}): Change[] {
  // both sides as the database holds them (objects it creates itself, one spelling per thing)
  const normalize = options.hooks?.normalize;
  const from = normalize === undefined ? given : normalize(given);
  const to = normalize === undefined ? wanted : normalize(wanted);
  const context = createDiffContext(options.renames ?? [], options.hooks, namespaceMoves(from, to, options.renames));
  const changes: Change[] = [];

  const fromNamespaces = new Set(from.namespaces);
  const toNamespaces = new Set(to.namespaces);
  for (const name of to.namespaces) if (!fromNamespaces.has(name)) changes.push({ kind: 'CreateNamespace', name });
  for (const name of from.namespaces) if (!toNamespaces.has(name)) changes.push({ kind: 'DropNamespace', name });

  changes.push(...diffExtensions(from.extensions ?? [], to.extensions ?? []));

  const enums = pairBy(from.enums, to.enums, qualifiedName, qualifiedName, context.enumRenames);
  if (options.hooks?.enumsInDatabase === false) {
    // the values live in the rows only (TEXT columns, MySQL's per-column ENUM types): there is no
    // enum object to change, but rows may hold removed values, and renamed values are an UPDATE of
    // the rows (see enumValueRenameTargets)
    for (const [a, b] of enums.pairs) {
      const alter = diffEnum(context, a, b);
      if (alter?.kind === 'AlterEnum' && (alter.removeValues.length > 0 || alter.renameValues.length > 0))
        changes.push(alter);
    }
  } else {
    for (const [a, b] of enums.pairs) {
      if (a.namespace !== b.namespace)
        changes.push({ kind: 'MoveEnum', name: a.name, ...moved(a.namespace, b.namespace) });
      if (a.name !== b.name) changes.push({ kind: 'RenameEnum', ...ns(b.namespace), from: a.name, to: b.name });
      const alter = diffEnum(context, a, b);
      if (alter !== undefined) changes.push(alter);
    }
    for (const e of enums.dropped) changes.push({ kind: 'DropEnum', enum: e });
    for (const e of enums.created) changes.push({ kind: 'CreateEnum', enum: e });
  }

  const tables = pairBy(from.tables, to.tables, qualifiedName, qualifiedName, context.tableRenames);
  // pairs read by index: destructuring each one costs an iterator until the code is optimized
  for (const pair of tables.pairs) {
    const a = pair[0];
    const b = pair[1];
    if (a.namespace !== b.namespace)
      changes.push({ kind: 'MoveTable', name: a.name, ...moved(a.namespace, b.namespace) });
    if (a.name !== b.name) changes.push({ kind: 'RenameTable', ...ns(b.namespace), from: a.name, to: b.name });
    const tableChanges = diffTable(context, a, b);
    if (tableChanges.length > 0) {
      changes.push({ kind: 'AlterTable', ...ns(b.namespace), name: b.name, from: a, to: b, changes: tableChanges });
    }
  }
  for (const table of tables.dropped) changes.push({ kind: 'DropTable', table });
  for (const table of tables.created) changes.push({ kind: 'CreateTable', table });

  return changes
    .map((change) => ({ change, key: changeKey(change) }))
    .sort((x, y) => ORDER[x.change.kind] - ORDER[y.change.kind] || byKey(x.key, y.key))
    .map((x) => x.change);
}

function diffEnum(context: DiffContext, a: EnumType, b: EnumType): Change | undefined {
  const renames = renamesOf(context.enumValueRenames, qualifiedName(b));
  const values = pairBy(
    a.values,
    b.values,
    (v) => v,
    (v) => v,
    renames,
  );
  const renameValues = values.pairs.filter(([x, y]) => x !== y).map(([x, y]) => ({ from: x, to: y }));
  if (values.dropped.length === 0 && values.created.length === 0 && renameValues.length === 0) return undefined;
  return {
    kind: 'AlterEnum',
    from: a,
    to: b,
    addValues: values.created,
    removeValues: values.dropped,
    renameValues,
  };
}

/**
 * Extensions pair by name. A schema or version counts only where both sides pin it (Prisma's
 * rule): a list that says `citext` accepts citext wherever and in whichever version it is.
 */
function diffExtensions(from: readonly Extension[], to: readonly Extension[]): Change[] {
  const before = new Map(from.map((x) => [x.name, x]));
  const after = new Set(to.map((x) => x.name));
  const changes: Change[] = [];
  for (const extension of to) {
    const previous = before.get(extension.name);
    if (previous === undefined) {
      changes.push({ kind: 'CreateExtension', extension });
      continue;
    }
    const changed: ExtensionAspect[] = [];
    if (pinnedApart(previous.schema, extension.schema)) changed.push('schema');
    if (pinnedApart(previous.version, extension.version)) changed.push('version');
    if (changed.length > 0) changes.push({ kind: 'AlterExtension', from: previous, to: extension, changed });
  }
  for (const extension of from) if (!after.has(extension.name)) changes.push({ kind: 'DropExtension', extension });
  return changes;
}

function pinnedApart(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

/** The sort key of a top-level change: its object's qualified name. */
function changeKey(change: Change): string {
  switch (change.kind) {
    case 'CreateNamespace':
    case 'DropNamespace':
      return change.name;
    case 'CreateExtension':
    case 'DropExtension':
      return change.extension.name;
    case 'AlterExtension':
      return change.to.name;
    case 'CreateEnum':
    case 'DropEnum':
      return qualifiedName(change.enum);
    case 'AlterEnum':
      return qualifiedName(change.to);
    case 'MoveEnum':
    case 'MoveTable':
      return qualifiedName({ namespace: change.toNamespace, name: change.name });
    case 'RenameEnum':
    case 'RenameTable':
      return qualifiedName({ namespace: change.namespace, name: change.to });
    case 'CreateTable':
    case 'DropTable':
      return qualifiedName(change.table);
    case 'AlterTable':
      return qualifiedName({ namespace: change.namespace, name: change.name });
    default:
      return change satisfies never;
  }
}

function moved(
  fromNamespace: string | undefined,
  toNamespace: string | undefined,
): { fromNamespace?: string; toNamespace?: string } {
  return {
    ...(fromNamespace === undefined ? {} : { fromNamespace }),
    ...(toNamespace === undefined ? {} : { toNamespace }),
  };
}

function ns(namespace: string | undefined): { namespace?: string } {
  return namespace === undefined ? {} : { namespace };
}

export interface DiffWithRenamesResult {
  readonly changes: Change[];
  readonly renames: readonly RenameDecision[];
  /** Declined candidates: report them as `possible-rename` (pass to `lintChanges`). */
  readonly declined: readonly RenameCandidate[];
}

/** Resolves renames with `resolver` (which may prompt), then diffs. */
export async function diffWithRenames(
  from: DatabaseSchema,
  to: DatabaseSchema,
  options: { readonly hooks?: DiffHooks; readonly resolver: RenameResolver },
): Promise<DiffWithRenamesResult> {
  const resolution = await resolveRenames(from, to, options.resolver, { hooks: options.hooks });
  return {
    changes: diff(from, to, { hooks: options.hooks, renames: resolution.decisions }),
    renames: resolution.decisions,
    declined: resolution.declined,
  };
}
