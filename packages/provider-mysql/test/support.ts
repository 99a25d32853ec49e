/**
 * Test support: the corpus location, a Prisma schema lowered for MySQL through core's public API
 * only (as a third party's tests would), the provider, and the MySQL server check.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe } from '@jest/globals';
import { analyzeSchema, type DatabaseSchema, diff, lower, type RenameDecision, validateOptionsFor } from '@strata/core';
import { testMysqlAvailable } from '@strata/testkit';
import provider from '../src/index.js';

export { provider };

let announced = false;

/** `shared/corpus` next to the repository (`STRATA_CORPUS` overrides), or undefined with one printed line. */
export function corpusDir(): string | undefined {
  const dir = process.env.STRATA_CORPUS ?? path.resolve(import.meta.dirname, '../../..', '../shared/corpus');
  if (existsSync(dir)) return dir;
  if (!announced) {
    announced = true;
    console.log(`corpus not found at ${dir} (set STRATA_CORPUS): skipping the corpus tests`);
  }
  return undefined;
}

export function lowerMysql(text: string, file = 'schema.prisma'): DatabaseSchema {
  const analysis = analyzeSchema([{ path: file, text }], validateOptionsFor(provider));
  if (analysis.model === undefined)
    throw new Error(`${file}: ${analysis.errors.map((e) => e.message).join('; ') || 'not accepted'}`);
  return lower(analysis.model, provider);
}

/** strata's migration.sql body from one schema to the next: `-- Step` headers and statements. */
export function migrationScript(
  from: DatabaseSchema,
  to: DatabaseSchema,
  renames: readonly RenameDecision[] = [],
): string {
  const statements = provider.emit(diff(from, to, { hooks: provider.diffHooks, renames }), { from, to });
  return statements.map((s) => `-- ${s.step}\n${s.sql}`).join('\n\n');
}

/** `describe` when a MySQL server answers at STRATA_TEST_MYSQL_URL, else `describe.skip` (said once per run). */
export const describeMysql: typeof describe.skip = (await testMysqlAvailable()) ? describe : describe.skip;

/** The statements of a hand-written script without strings holding `;` (the corpus' migrations). */
export function statementsOf(script: string): string[] {
  return script
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s !== '');
}
