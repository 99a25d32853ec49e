/**
 * @strata/core/testing: the provider conformance suite (`describeProviderConformance`).
 * Imported only by tests; it needs `@jest/globals`.
 */
export {};
