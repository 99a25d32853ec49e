export * from './contract.js';
export * from './native-type-args.js';
export * from './release.js';
export * from './session-shelf.js';
export * from './url-errors.js';
