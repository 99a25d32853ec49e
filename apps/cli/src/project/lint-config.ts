/**
 * The project's linter settings: package.json `"strata": { "lint": { "disabled": [codes],
 * "failOn": "error" | "warning" | "never" } }`, read next to the project as `strata.schema` is.
 * Strict: a misspelt key or code would otherwise turn a rule off, or on, without a word.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StrataCliError } from '../errors/cli-error.js';

export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface LintConfig {
  readonly disabled: readonly string[];
  readonly failOn?: FailOn;
}

const KEYS = ['disabled', 'failOn'];

export function readLintConfig(projectDir: string): LintConfig {
  const file = path.join(projectDir, 'package.json');
  if (!existsSync(file)) return { disabled: [] };
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw invalid(file, `is not valid JSON (${(error as Error).message})`, 'Fix the syntax of package.json.');
  }
  const lint = (pkg as { strata?: { lint?: unknown } } | null)?.strata?.lint;
  if (lint === undefined) return { disabled: [] };
  if (typeof lint !== 'object' || lint === null || Array.isArray(lint))
    throw invalid(file, '"strata.lint" is not an object', EXAMPLE);
  const unknown = Object.keys(lint).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0)
    throw invalid(file, `"strata.lint" has unknown key${unknown.length === 1 ? '' : 's'} ${quoted(unknown)}`, EXAMPLE);
  const { disabled = [], failOn } = lint as { disabled?: unknown; failOn?: unknown };
  if (!Array.isArray(disabled) || disabled.some((code) => typeof code !== 'string'))
    throw invalid(file, '"strata.lint.disabled" is not a list of lint codes', EXAMPLE);
  if (failOn !== undefined && !FAIL_ON.includes(failOn as FailOn))
    throw invalid(file, `"strata.lint.failOn" is ${JSON.stringify(failOn)}, not one of ${quoted(FAIL_ON)}`, EXAMPLE);
  return { disabled, ...(failOn === undefined ? {} : { failOn: failOn as FailOn }) };
}

/** Every disabled code must be a rule of the provider: a typo would leave the rule running. */
export function checkDisabledCodes(config: LintConfig, projectDir: string, knownCodes: readonly string[]): void {
  const unknown = config.disabled.filter((code) => !knownCodes.includes(code));
  if (unknown.length === 0) return;
  throw invalid(
    path.join(projectDir, 'package.json'),
    `"strata.lint.disabled" names no rule ${quoted(unknown)}`,
    "Use the codes docs/lint.md lists for this provider (`strata migrate lint --format json` shows each finding's code).",
    { unknown },
  );
}

const EXAMPLE = 'Write it as "strata": { "lint": { "disabled": ["rule-code"], "failOn": "error" } }.';

function quoted(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function invalid(file: string, what: string, hint: string, details: Record<string, unknown> = {}): StrataCliError {
  return new StrataCliError('invalid-argument', `${file}: ${what}.`, { hint, details: { path: file, ...details } });
}
