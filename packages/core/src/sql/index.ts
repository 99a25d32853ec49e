export * from './canonical.js';
export * from './ir.js';
