export * from './codes.js';
export * from './strata-error.js';
