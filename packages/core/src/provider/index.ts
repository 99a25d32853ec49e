export * from './contract.js';
export * from './native-type-args.js';
export * from './release.js';
export * from './url-errors.js';
