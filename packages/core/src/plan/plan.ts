/**
 * `planMigration(...)`: everything a migration is made of, assembled in one place: the changes,
 * the provider's statements, warnings (static lint, the provider's own notes, and row counts when
 * a database is connected) and the migration.sql text.
 */
import type { Change } from '../diff/changes.js';
import type { RenameCandidate } from '../diff/renames.js';
import type { Statement } from '../diff/statement.js';
import type { DataInspector, Provider, ProviderNote } from '../provider/contract.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { evaluateWarnings } from './evaluate.js';
import { lintChanges } from './lint.js';
import { renderMigrationScript } from './render.js';
import type { Warning } from './warning.js';

export interface PlanInput {
  readonly from: DatabaseSchema;
  readonly to: DatabaseSchema;
  readonly changes: readonly Change[];
  readonly provider: Pick<Provider, 'emit' | 'explain' | 'capabilities'>;
  /** Declined rename candidates (from `diffWithRenames`): `possible-rename` warnings. */
  readonly declinedRenames?: readonly RenameCandidate[];
  /** When given, warnings are evaluated against this database (which must be at `from`). */
  readonly inspector?: DataInspector;
  readonly bigTableRows?: number;
}

export interface MigrationPlan {
  readonly changes: readonly Change[];
  readonly statements: readonly Statement[];
  readonly warnings: readonly Warning[];
  readonly notes: readonly ProviderNote[];
  /** A provider note said a table is rebuilt (`rebuild_required` in metadata.txt). */
  readonly rebuildRequired: boolean;
  /** False when a statement cannot run inside a transaction. */
  readonly transactional: boolean;
  /** The migration.sql text. */
  readonly script: string;
}

export async function planMigration(input: PlanInput): Promise<MigrationPlan> {
  const context = { from: input.from, to: input.to };
  const statements = input.provider.emit(input.changes, context);
  const notes = input.provider.explain?.(input.changes, context) ?? [];
  const linted = withProviderNotes(
    lintChanges(input.changes, input.from, input.to, {
      declinedRenames: input.declinedRenames,
      capabilities: input.provider.capabilities,
    }),
    notes,
    input.changes,
  );
  const warnings =
    input.inspector === undefined
      ? linted
      : await evaluateWarnings(linted, {
          inspector: input.inspector,
          from: input.from,
          to: input.to,
          changes: input.changes,
          bigTableRows: input.bigTableRows,
        });
  return {
    changes: input.changes,
    statements,
    warnings,
    notes,
    rebuildRequired: notes.some((n) => n.rebuild === true),
    transactional: statements.every((s) => s.transactional !== false),
    script: renderMigrationScript(statements, warnings),
  };
}

export function noteToWarning(note: ProviderNote): Warning {
  return {
    code: note.code,
    severity: note.severity,
    message: note.message,
    ...(note.table === undefined ? {} : { table: note.table }),
    ...(note.column === undefined ? {} : { column: note.column }),
    ...(note.change === undefined ? {} : { change: note.change }),
    ...(note.tableChange === undefined ? {} : { tableChange: note.tableChange }),
  };
}

/**
 * Core's lint warnings with the provider's notes, in the order of the changes they are about: a
 * note naming a table change goes right after core's warnings of that table change (so a
 * provider's locking note reads next to the warnings of the same index or column); any other
 * note follows every warning, in the provider's order.
 */
export function withProviderNotes(
  linted: readonly Warning[],
  notes: readonly ProviderNote[],
  changes: readonly Change[],
): Warning[] {
  const changeAt = new Map<Change, number>(changes.map((c, i) => [c, i]));
  // (change, table change) positions; -1 for the change itself, Infinity for what names no change
  const position = (w: Pick<Warning, 'change' | 'tableChange'>): readonly [number, number] => {
    const at = w.change === undefined ? undefined : changeAt.get(w.change);
    if (at === undefined) return [Number.POSITIVE_INFINITY, 0];
    const nested = w.change?.kind === 'AlterTable' && w.tableChange !== undefined;
    return [at, nested ? (w.change as Extract<Change, { kind: 'AlterTable' }>).changes.indexOf(w.tableChange!) : -1];
  };
  const before = (a: readonly [number, number], b: readonly [number, number]): boolean =>
    a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const placed = notes
    .filter((n) => n.tableChange !== undefined && n.change !== undefined && changeAt.has(n.change))
    .map((note, order) => ({ warning: noteToWarning(note), key: position(note), order }))
    .sort((x, y) => (before(x.key, y.key) ? -1 : before(y.key, x.key) ? 1 : x.order - y.order));
  const trailing = notes
    .filter((n) => n.tableChange === undefined || n.change === undefined || !changeAt.has(n.change))
    .map(noteToWarning);
  // core's warnings come in change order: a note goes before the first one about a later change
  const out: Warning[] = [];
  let next = 0;
  for (const warning of linted) {
    const key = position(warning);
    while (next < placed.length && before(placed[next]!.key, key)) out.push(placed[next++]!.warning);
    out.push(warning);
  }
  while (next < placed.length) out.push(placed[next++]!.warning);
  return [...out, ...trailing];
}

/** Warnings that stop an apply: would-fail always; data-loss unless allowed or counted at 0 rows. */
export function blockingWarnings(warnings: readonly Warning[], allowDataLoss: boolean): Warning[] {
  // a data-loss warning counted at 0 rows in this database destroys nothing here
  return warnings.filter(
    (w) => w.severity === 'would-fail' || (w.severity === 'data-loss' && !allowDataLoss && w.rows !== 0),
  );
}
