/**
 * @strata/core: the provider-neutral heart of strata. No SQL dialect, no terminal, no oclif.
 */

export * from './database/index.js';
export * from './diff/index.js';
export * from './errors/index.js';
export * from './files/index.js';
export * from './fleet/index.js';
export * from './lint/index.js';
export * from './migrations/index.js';
export * from './plan/index.js';
export * from './project/index.js';
export * from './provider/index.js';
export * from './psl/index.js';
export * from './schema/index.js';
export * from './sql/index.js';
export { CORE_VERSION } from './version.js';
export * from './workflows/index.js';
