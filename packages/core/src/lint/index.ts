export * from './lint-migration.js';
export { CORE_LINT_RULES, normalizeSql, plannedShape, sameTable } from './rules/index.js';
export { findTable, hasColumn, rowsText } from './rules/tables.js';
export * from './source.js';
export * from './tokens.js';
export * from './types.js';
