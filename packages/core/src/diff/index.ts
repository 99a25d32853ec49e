export * from './changes.js';
export * from './statement.js';
