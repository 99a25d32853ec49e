/**
 * Destructive statements: what a DROP or TRUNCATE takes with it. Counted against the database
 * with `--url`: a table that holds no rows loses nothing, and the finding is only for review.
 */
import { WARNINGS } from '../../plan/catalogue.js';
import type { LintRule } from '../types.js';
import { rowsText } from './tables.js';

export const dropTable: LintRule = {
  code: WARNINGS.dropTable.code,
  family: 'destructive',
  severity: WARNINGS.dropTable.severity,
  summary: WARNINGS.dropTable.summary,
  safer: WARNINGS.dropTable.action,
  check(statement, context) {
    return statement.effects.flatMap((effect) => {
      if (effect.kind !== 'drop-table' || !context.existedBefore(effect.table, statement)) return [];
      const rows = context.rows?.get(effect.table);
      return [
        {
          message: `Drops the table \`${effect.table}\` with every row it holds${rowsText(rows)}.`,
          table: effect.table,
          ...(rows === undefined ? {} : { rows, ...(rows === 0 ? { severity: 'review' as const } : {}) }),
        },
      ];
    });
  },
};

export const dropColumn: LintRule = {
  code: WARNINGS.dropColumn.code,
  family: 'destructive',
  severity: WARNINGS.dropColumn.severity,
  summary: WARNINGS.dropColumn.summary,
  safer: WARNINGS.dropColumn.action,
  check(statement, context) {
    return statement.effects.flatMap((effect) => {
      if (effect.kind !== 'drop-column' || !context.existedBefore(effect.table, statement)) return [];
      const rows = context.rows?.get(effect.table);
      return [
        {
          message: `Drops the column \`${effect.column}\` of \`${effect.table}\` with its values${rowsText(rows)}.`,
          table: effect.table,
          column: effect.column,
          ...(rows === undefined ? {} : { rows, ...(rows === 0 ? { severity: 'review' as const } : {}) }),
        },
      ];
    });
  },
};

export const truncateTable: LintRule = {
  code: 'truncate-table',
  family: 'destructive',
  severity: 'data-loss',
  summary: 'A table is emptied (TRUNCATE): every row is deleted, without a trace in the schema.',
  safer: 'Delete the rows you mean to delete with a WHERE clause, or back the table up first.',
  check(statement, context) {
    return statement.effects.flatMap((effect) => {
      if (effect.kind !== 'truncate') return [];
      const rows = context.rows?.get(effect.table);
      return [
        {
          message: `Deletes every row of \`${effect.table}\`${rowsText(rows)}.`,
          table: effect.table,
          ...(rows === undefined ? {} : { rows, ...(rows === 0 ? { severity: 'review' as const } : {}) }),
        },
      ];
    });
  },
};
