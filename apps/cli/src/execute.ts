/**
 * What bin/run.js starts: oclif's `execute`, from the same bundle as the commands, so oclif's
 * code is loaded once and shared with them (see scripts/bundle.mjs).
 */
export { execute } from '@oclif/core/execute';
