export * from './history-row.js';
