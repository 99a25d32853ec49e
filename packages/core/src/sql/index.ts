export * from './canonical.js';
export * from './extensions.js';
export * from './ir.js';
export { databaseToModel } from './lift.js';
export * from './lower.js';
export * from './naming.js';
