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

/**
 * The safer spellings the linter itself recommends for a planned statement (`CONCURRENTLY`,
 * `NOT VALID`, `IF [NOT] EXISTS`) compare as that statement.
 */
export function plannedShape(sql: string): string {
  return normalizeSql(sql)
    .replace(/\s+(CONCURRENTLY|NOT VALID|IF NOT EXISTS|IF EXISTS)\b/gi, '')
    .replace(/\s+/g, ' ');
}

export const unplannedStatement: LintRule = {
  code: 'unplanned-statement',
  family: 'hand-edit',
  severity: 'review',
  summary:
    'A statement the planner would not write for the change from before.prisma to after.prisma (its safer spellings, CONCURRENTLY, NOT VALID, IF [NOT] EXISTS, and timeout settings count as written).',
  safer: 'Check that it does what the schema change needs; `strata migrate diff` shows the SQL the planner writes.',
  check(statement, context) {
    // no schema change: the file was written by hand on purpose (a data migration)
    if (context.plan === undefined || context.plan.statements.size === 0) return [];
    // session settings (`SET lock_timeout`) are not part of any plan
    if (statement.effects.length > 0 && statement.effects.every((e) => e.kind === 'set-timeout')) return [];
    if (context.plan.statements.has(plannedShape(statement.text))) return [];
    return [{ message: 'This statement is not what the planner writes for the schema change (edited by hand?).' }];
  },
};
