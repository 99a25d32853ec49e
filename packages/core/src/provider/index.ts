export * from './contract.js';
export * from './native-type-args.js';
