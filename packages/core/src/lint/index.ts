export * from './lint-migration.js';
export { CORE_LINT_RULES, normalizeSql, sameTable } from './rules/index.js';
export * from './source.js';
export * from './types.js';
