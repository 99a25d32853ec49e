/**
 * @strata/core/testing: the provider kit (`describeProviderKit`: conformance, the reviewed flow,
 * the executor scenarios and the invariants), the battery it runs, and generators of synthetic
 * schemas for property tests and benchmarks.
 * Imported only by tests; it needs `@jest/globals`.
 */

export * from './arbitraries.js';
export * from './battery.js';
export * from './conformance.js';
export * from './enum-values-scenario.js';
export * from './execution-scenarios.js';
export * from './generate.js';
export * from './golden.js';
export * from './invariants.js';
export * from './kit.js';
export * from './large-schema.js';
export * from './lint-fixture.js';
export * from './lint-scenario.js';
export * from './psl-battery.js';
export * from './workflow-scenarios.js';
