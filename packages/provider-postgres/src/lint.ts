/**
 * The PostgreSQL part of `strata migrate lint`: each statement of a migration.sql parsed by
 * PostgreSQL's own parser (libpg-query, WASM) into what it does (core's `StatementEffect`s), with
 * its parse tree kept for the dialect rules (lint-rules.ts). A statement the parser rejects is
 * reported by a rule (`pg-parse-error`), never thrown.
 *
 * The parser is loaded on the first `analyze()` only: a command that lints nothing does not pay
 * for it (about 0.1-0.2 s, see the README).
 */
import { type AnalyzedStatement, codeStart, type ProviderLint, statementEnd } from '@strata/core';
import type { RawStmt } from 'libpg-query';
import { effectsOf, type PgTree } from './lint-effects.js';
import { PG_LINT_RULES } from './lint-rules.js';
import { splitStatements } from './split.js';

type Parser = typeof import('libpg-query');

let parser: Promise<Parser> | undefined;
let loaded = false;

/** PostgreSQL's parser, loaded once per process on first use. */
export function loadPostgresParser(): Promise<Parser> {
  parser ??= compileBaselineOnly(async () => {
    const module = await import('libpg-query');
    await module.loadModule();
    loaded = true;
    return module;
  });
  return parser;
}

/** Whether this process has loaded the parser (only linting does). */
export function postgresParserLoaded(): boolean {
  return loaded;
}

/**
 * Runs `load` with V8 compiling WebAssembly with its baseline compiler (Liftoff) only. Tiering the
 * parser's large grammar function up to the optimizing compiler costs more than it saves here:
 * measured on documenso's 163 migrations (806 statements), 0.3-0.8 s of compiling, part of it
 * blocking the main thread, against under 0.1 s to parse them all with baseline code. V8 reads
 * the flag when it compiles a module, so it is set around this one only (and left set if the
 * process was started with it).
 */
async function compileBaselineOnly<T>(load: () => Promise<T>): Promise<T> {
  const flag = '--liftoff-only';
  const setByUser = process.execArgv.includes(flag) || (process.env.NODE_OPTIONS ?? '').includes(flag);
  // node:v8 when the parser loads, not with the provider: most commands never lint
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString(flag);
  try {
    return await load();
  } finally {
    if (!setByUser) setFlagsFromString('--no-liftoff-only');
  }
}

export async function analyzePostgres(script: string): Promise<AnalyzedStatement[]> {
  const spans = splitStatements(script);
  if (spans.length === 0) return [];
  const { parseSync } = await loadPostgresParser();
  return spans.map((span, index) => {
    const tree = parse(parseSync, span.text.slice(codeStart(span.text, 0)), span.start);
    return {
      ...span,
      index,
      end: statementEnd(span),
      effects: 'error' in tree ? [{ kind: 'other' }] : effectsOf(tree.stmts),
      tree,
    };
  });
}

/** `code` is the statement from its first character of code, which is at `start` in migration.sql. */
function parse(parseSync: Parser['parseSync'], code: string, start: number): PgTree {
  try {
    const stmts = (parseSync(code).stmts ?? []).flatMap((raw: RawStmt) => (raw.stmt === undefined ? [] : [raw.stmt]));
    return { stmts };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const cursor = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
    // the parser's cursor is 0-based in what it was given
    return { error: { message, ...(cursor === undefined || cursor < 0 ? {} : { offset: start + cursor }) } };
  }
}

export const postgresLint: ProviderLint = { analyze: analyzePostgres, rules: PG_LINT_RULES };
