/**
 * The SQLite provider's notes on a plan (`Provider.explain`): what a migration does that a
 * reviewer must know, turned into warnings by core.
 */
import type { Change, EmitContext, ProviderNote } from '@strata/core';
import { brokenDependents, rebuildReasons, renamedUnderViews } from './rebuild.js';

/**
 * Every table rebuild, as a note core turns into a warning (`sqlite-table-rebuild`), and every
 * view or trigger that uses a column or table the migration drops (`sqlite-dependent-breaks`).
 */
export function explain(changes: readonly Change[], context: EmitContext): ProviderNote[] {
  const notes: ProviderNote[] = [];
  for (const change of changes) {
    for (const broken of brokenDependents(change, context.from.unmanaged)) {
      const what = broken.column === undefined ? 'table' : `column "${broken.column}" of table`;
      notes.push({
        code: 'sqlite-dependent-breaks',
        severity: 'would-fail',
        message: `${broken.object.kind === 'view' ? 'View' : 'Trigger'} "${broken.object.name}" uses ${what} "${broken.table}", which this migration drops: recreating or running it fails, or (SQLite reads an unknown "identifier" as a string) returns something else. Drop or rewrite it in migration.sql (--create-only).`,
        table: broken.table,
        change,
      });
    }
    if (change.kind !== 'AlterTable') continue;
    for (const renamed of renamedUnderViews(change, context.from.unmanaged)) {
      notes.push({
        code: 'sqlite-view-column-renamed',
        severity: 'review',
        message: `View "${renamed.view}" uses column "${renamed.from}" of table "${change.from.name}", which is renamed to "${renamed.to}": SQLite rewrites the view, and a column it returns without an alias is now named "${renamed.to}" (what reads it by the old name must change).`,
        table: change.name,
        change,
      });
    }
    const reasons = rebuildReasons(change, context.from.unmanaged);
    if (reasons.length === 0) continue;
    notes.push({
      code: 'sqlite-table-rebuild',
      severity: 'data-loss',
      message: `Table "${change.name}"${change.from.name === change.name ? '' : ` (renamed from "${change.from.name}")`} is rebuilt (copied into a new table) because ${reasons.join('; ')}.`,
      table: change.name,
      change,
      rebuild: true,
    });
  }
  return notes;
}
