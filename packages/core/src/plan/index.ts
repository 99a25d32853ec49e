export * from './catalogue.js';
export * from './evaluate.js';
export * from './lint.js';
export * from './plan.js';
export * from './type-narrowing.js';
export * from './warning.js';
