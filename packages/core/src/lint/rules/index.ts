/** Core's neutral rules, by family: every provider gets them, before its own. */
import type { LintRule } from '../types.js';
import { dropInUse, renameBreaksReaders } from './backward-incompatible.js';
import { addRequiredColumn, addUnique, fromPlan, makeRequired } from './data-dependent.js';
import { dropColumn, dropTable, truncateTable } from './destructive.js';
import { unplannedStatement } from './hand-edit.js';

export { PLAN_ONLY_CODES, sameTable } from './data-dependent.js';
export { normalizeSql, plannedShape } from './hand-edit.js';

export const CORE_LINT_RULES: readonly LintRule[] = [
  dropTable,
  dropColumn,
  truncateTable,
  dropInUse,
  renameBreaksReaders,
  makeRequired,
  addRequiredColumn,
  addUnique,
  ...fromPlan,
  unplannedStatement,
];
