/**
 * A statement the planner would not write for this schema change: migration.sql was edited by
 * hand (or written for a schema other than after.prisma). Often right (a data backfill), always
 * worth a look.
 */
import type { LintRule } from '../types.js';

/** SQL compared for sameness: comments and the trailing `;` dropped, whitespace runs as one space. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*;\s*$/, '')
    .trim();
}

export const unplannedStatement: LintRule = {
  code: 'unplanned-statement',
  family: 'hand-edit',
  severity: 'review',
  summary: 'A statement the planner would not write for the change from before.prisma to after.prisma.',
  safer: 'Check that it does what the schema change needs; `strata migrate diff` shows the SQL the planner writes.',
  check(statement, context) {
    if (context.plan === undefined || context.plan.statements.has(normalizeSql(statement.text))) return [];
    return [{ message: 'This statement is not what the planner writes for the schema change (edited by hand?).' }];
  },
};
