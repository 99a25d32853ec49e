/**
 * Statements that break the application still running while the migration deploys (it was
 * built against the schema before), or the one built against after.prisma.
 */
import type { LintRule, RuleHit } from '../types.js';
import { findTable, hasColumn } from './tables.js';

export const dropInUse: LintRule = {
  code: 'drop-in-use',
  family: 'backward-incompatible',
  severity: 'would-fail',
  summary:
    'A table or column is dropped that the schema after this migration (after.prisma) still has: the application reads it.',
  safer: 'Remove the model or field from the schema first; drop it in the migration that follows.',
  check(statement, context) {
    if (context.after === undefined) return [];
    return statement.effects.flatMap((effect) => {
      if (effect.kind === 'drop-table' && findTable(context.after, effect.table) !== undefined)
        return [{ message: `Drops \`${effect.table}\`, which after.prisma still has.`, table: effect.table }];
      if (effect.kind === 'drop-column' && hasColumn(context.after, effect.table, effect.column))
        return [
          {
            message: `Drops \`${effect.table}\`.\`${effect.column}\`, which after.prisma still has.`,
            table: effect.table,
            column: effect.column,
          },
        ];
      return [];
    });
  },
};

export const renameBreaksReaders: LintRule = {
  code: 'rename-breaks-readers',
  family: 'backward-incompatible',
  severity: 'review',
  summary:
    'A table or column is renamed: the application deployed before the migration still uses the old name until it is replaced.',
  safer:
    'Add the new name, write both, move the readers, then drop the old one; or deploy the migration and the application together, at a quiet time.',
  check(statement, context) {
    // with after.prisma, a rename is real when the schema has the new name and not the old one;
    // a schema that still reads the old name breaks the application built on it as well
    const stale = (hasOld: boolean, hasNew: boolean): Pick<RuleHit, 'severity'> =>
      context.after !== undefined && hasOld && !hasNew ? { severity: 'would-fail' } : {};
    return statement.effects.flatMap((effect): RuleHit[] => {
      if (effect.kind === 'rename-table' && context.existedBefore(effect.from, statement)) {
        const hit = stale(
          findTable(context.after, effect.from) !== undefined,
          findTable(context.after, effect.to) !== undefined,
        );
        return [
          {
            message: `Renames the table \`${effect.from}\` to \`${effect.to}\`${hit.severity === undefined ? '' : ', but after.prisma still has the old name and not the new one'}.`,
            table: effect.from,
            ...hit,
          },
        ];
      }
      if (effect.kind === 'rename-column' && context.existedBefore(effect.table, statement)) {
        const hit = stale(
          hasColumn(context.after, effect.table, effect.from),
          hasColumn(context.after, effect.table, effect.to),
        );
        return [
          {
            message: `Renames the column \`${effect.from}\` of \`${effect.table}\` to \`${effect.to}\`${hit.severity === undefined ? '' : ', but after.prisma still has the old name and not the new one'}.`,
            table: effect.table,
            column: effect.from,
            ...hit,
          },
        ];
      }
      return [];
    });
  },
};
