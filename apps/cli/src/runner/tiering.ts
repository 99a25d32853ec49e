/**
 * How soon V8 optimizes code, for a command working through a large schema.
 *
 * V8 starts optimizing a function after little use (its interrupt budget). A strata command
 * lasts a fraction of a second, and on a large schema V8 then compiles dozens of functions at
 * once, on a 2-core machine competing with the command itself, many of them too late to pay off.
 * Waiting about four times longer measured faster from about 150 models up and the same below
 * (`migrate diff --from-empty --script`, medians of whole processes: 200 models 197 -> 186 ms, 300
 * 250 -> 210, 1,000 400 -> 358, 2,000 598 -> 529; 30 to 120 models unchanged; `check` alike).
 * Small schemas are left alone: loading node:v8 costs a few milliseconds there, and so did the
 * later optimization in `migrate status`, which mostly reads files and a database.
 *
 * Only the CLI does this: the flag is the process's, and a program using @strata/api owns its own.
 */
import { createRequire } from 'node:module';

/** About 150 models of a typical schema (UTF-16 code units, all files together). */
export const LARGE_SCHEMA_LENGTH = 100_000;

/** V8's own default is 67,584 (Node 20). */
const INTERRUPT_BUDGET = 300_000;

let tuned = false;

export function tuneForLargeSchema(length: number): void {
  if (tuned || length < LARGE_SCHEMA_LENGTH) return;
  tuned = true;
  // node started with a budget of its own (`node --interrupt-budget=... strata`) keeps it
  if (process.execArgv.some((arg) => arg.startsWith('--interrupt-budget'))) return;
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
