export * from './apply.js';
export * from './changes.js';
export * from './describe.js';
export * from './differ.js';
export * from './foreign-key-phases.js';
export * from './rename-hints.js';
export * from './renames.js';
export * from './statement.js';
