/**
 * `planMigration(...)`: the one planning path. Every workflow that turns two schemas into SQL
 * (dev, deploy's re-count of warnings, rollback, diff, push) calls it, so a migration is made the
 * same way everywhere: the diff (the provider's equality hooks and the rename decisions), the
 * provider's statements (emitted once), its notes (explained once), static lint, row counts when
 * a database is connected, the transaction decision and the migration.sql text.
 */
import type { Change } from '../diff/changes.js';
import { diff, diffWithRenames } from '../diff/differ.js';
import type { RenameCandidate, RenameDecision, RenameResolver } from '../diff/renames.js';
import { allTransactional, type Statement } from '../diff/statement.js';
import { renderMigrationScript } from '../migrations/migration-sql.js';
import type { DataProbe, DiffHooks, Provider, ProviderNote } from '../provider/contract.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { evaluateWarnings } from './evaluate.js';
import { lintChanges } from './lint.js';
import type { Warning } from './warning.js';

/** What planning needs of a provider (a whole `Provider` fits). */
export type PlanningProvider = Pick<Provider, 'emit' | 'explain' | 'capabilities'> & {
  readonly diffHooks?: DiffHooks;
};

/**
 * How renames are decided: `renames` replays decisions already made (a migration's recorded
 * ones; `[]` for none), `resolver` is asked about each candidate (it may prompt). With neither,
 * nothing is a rename and every candidate is declined.
 */
export type RenameInput =
  | { readonly renames: readonly RenameDecision[]; readonly resolver?: never }
  | { readonly resolver?: RenameResolver; readonly renames?: never };

export type PlanInput = RenameInput & {
  /** The schema the database is at; its unmanaged objects (views, triggers) are what a rebuild must keep. */
  readonly from: DatabaseSchema;
  readonly to: DatabaseSchema;
  readonly provider: PlanningProvider;
  /**
   * Turn declined rename candidates into `possible-rename` warnings (default true): advice for
   * whoever reviews the migration.sql `migrate dev` writes. `diff`, `push` and `rollback` have no
   * such file and keep their output without it.
   */
  readonly warnDeclinedRenames?: boolean;
  /** When given, warnings are evaluated against this database (which must be at `from`). */
  readonly probe?: DataProbe;
  readonly bigTableRows?: number;
};

export interface MigrationPlan {
  readonly changes: readonly Change[];
  /** The renames the plan made (recorded in metadata.txt, replayed by rollback and deploy). */
  readonly renames: readonly RenameDecision[];
  /** Rename candidates that were not taken (a drop and a create instead). */
  readonly declinedRenames: readonly RenameCandidate[];
  readonly statements: readonly Statement[];
  readonly warnings: readonly Warning[];
  readonly notes: readonly ProviderNote[];
  /** A provider note said a table is rebuilt (`rebuild_required` in metadata.txt). */
  readonly rebuildRequired: boolean;
  /** False when a statement cannot run inside a transaction: the script then runs without one. */
  readonly transactional: boolean;
  /** The migration.sql text. */
  readonly script: string;
}

export async function planMigration(input: PlanInput): Promise<MigrationPlan> {
  const { from, to, provider } = input;
  const { changes, renames, declined } = await diffOf(input);
  const context = { from, to };
  const statements = provider.emit(changes, context);
  const notes = provider.explain?.(changes, context) ?? [];
  const linted = withProviderNotes(
    lintChanges(changes, from, to, {
      ...(input.warnDeclinedRenames === false ? {} : { declinedRenames: declined }),
      capabilities: provider.capabilities,
    }),
    notes,
    changes,
  );
  const warnings =
    input.probe === undefined
      ? linted
      : await evaluateWarnings(linted, {
          probe: input.probe,
          from,
          to,
          changes,
          ...(input.bigTableRows === undefined ? {} : { bigTableRows: input.bigTableRows }),
        });
  return {
    changes,
    renames,
    declinedRenames: declined,
    statements,
    warnings,
    notes,
    rebuildRequired: notes.some((n) => n.rebuild === true),
    transactional: allTransactional(statements),
    script: renderMigrationScript(statements, warnings),
  };
}

async function diffOf(
  input: PlanInput,
): Promise<{ changes: Change[]; renames: readonly RenameDecision[]; declined: readonly RenameCandidate[] }> {
  const hooks = input.provider.diffHooks;
  if (input.renames !== undefined) {
    return {
      changes: diff(input.from, input.to, { hooks, renames: input.renames }),
      renames: input.renames,
      declined: [],
    };
  }
  return diffWithRenames(input.from, input.to, { hooks, resolver: input.resolver ?? (() => false) });
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
