export * from './make-directory.js';
