/**
 * PostgreSQL's own review notes on a plan: the locking behaviour of this database, which core's
 * neutral lint cannot know. Both are `review` notes (they never block) and are counted like
 * core's warnings: the rewrite against the table's rows, the index build kept only for big tables.
 */
import {
  type Change,
  type EmitContext,
  isNarrowingChange,
  type ProviderNote,
  qualifiedName,
  WARNINGS,
} from '@strata/core';
import { match } from 'ts-pattern';

export function explainPostgres(changes: readonly Change[], _context: EmitContext): ProviderNote[] {
  const notes: ProviderNote[] = [];
  for (const change of changes) {
    if (change.kind !== 'AlterTable') continue;
    const table = qualifiedName({ namespace: change.namespace, name: change.name });
    for (const tableChange of change.changes) {
      const note = (definition: (typeof WARNINGS)[keyof typeof WARNINGS], message: string, column?: string): void => {
        notes.push({
          code: definition.code,
          severity: definition.severity,
          message: `${message} ${definition.action}`,
          table,
          ...(column === undefined ? {} : { column }),
          change,
          tableChange,
        });
      };
      match(tableChange)
        // ALTER COLUMN ... TYPE rewrites the table under ACCESS EXCLUSIVE (a narrowing has its own data-loss warning)
        .with({ kind: 'AlterColumn' }, (c) => {
          if (c.changed.includes('type') && !isNarrowingChange(c.from.type, c.to.type))
            note(
              WARNINGS.typeChangeRewritesTable,
              `Changing the type of \`${c.name}\` on \`${table}\` may rewrite the table while holding an exclusive lock.`,
              c.name,
            );
        })
        // a plain CREATE INDEX blocks writes to the table until it is built
        .with({ kind: 'CreateIndex' }, (c) =>
          note(
            WARNINGS.indexWithoutConcurrently,
            `The index \`${c.index.name}\` is built on the existing table \`${table}\` without CONCURRENTLY.`,
          ),
        )
        .otherwise(() => undefined);
    }
  }
  return notes;
}
