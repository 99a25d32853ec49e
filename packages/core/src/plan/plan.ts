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
  const linted = [
    ...lintChanges(input.changes, input.from, input.to, {
      declinedRenames: input.declinedRenames,
      capabilities: input.provider.capabilities,
    }),
    ...notes.map(noteToWarning),
  ];
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
    ...(note.change === undefined ? {} : { change: note.change }),
  };
}

/** Warnings that stop an apply: would-fail always; data-loss unless allowed or counted at 0 rows. */
export function blockingWarnings(warnings: readonly Warning[], allowDataLoss: boolean): Warning[] {
  // a data-loss warning counted at 0 rows in this database destroys nothing here
  return warnings.filter(
    (w) => w.severity === 'would-fail' || (w.severity === 'data-loss' && !allowDataLoss && w.rows !== 0),
  );
}
