export * from './child-process.js';
export * from './corpus.js';
export * from './mysql.js';
export * from './postgres.js';
export * from './sqlite.js';
