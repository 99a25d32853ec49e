export { type Database, databaseOf, openDatabase } from './database.js';
export { type ApplyResult, type MigrationScript, type RunOptions, runScript, runsInTransaction } from './executor.js';
export { createHistoryStore, type HistoryStore, readTime } from './history-store.js';
export { HISTORY_COLUMNS, HISTORY_TABLE, HISTORY_TABLES, historyTable, PRISMA_HISTORY_TABLE } from './history-table.js';
