export * from './canonical.js';
export * from './extensions.js';
export * from './ir.js';
export * from './lower.js';
export * from './naming.js';
