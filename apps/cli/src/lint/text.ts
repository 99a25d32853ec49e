/**
 * `--format text` (the default): each finding as a code frame into migration.sql, as a reviewer
 * reads it: the level and code, where (`path:line:column`, clickable in a terminal), the
 * statement's lines numbered with the statement underlined, why it is risky and the safer way.
 * Suppressed findings follow, each with its reason; then the counts.
 */
import { escapeControlCharacters as visible } from '@strata/core';
import { paint, type Terminal } from '../ui/terminal.js';
import { allFindings, type LintFindingJson, type LintJson, type LintRangeJson } from './json.js';

/** Statements longer than this show their first and last lines only. */
const MAX_FRAME_LINES = 8;

export interface TextInput {
  readonly json: LintJson;
  /** migration.sql's text by its `file`, to frame. */
  readonly sources: ReadonlyMap<string, string>;
  /** A `file` as the user reaches it from where they run the command. */
  readonly shown: (file: string) => string;
  /** What was selected, for the "nothing to lint" line. */
  readonly nothingSelected: string;
}

export function lintText(t: Pick<Terminal, 'colors'>, input: TextInput): string[] {
  const { json } = input;
  const lines: string[] = [];
  const findings = allFindings(json);
  const open = findings.filter((f) => f.suppressed === undefined);
  for (const f of open) {
    const colour = f.level === 'error' ? 'red' : 'yellow';
    lines.push(`${paint(t, colour, `${f.level}[${f.code}]`)} ${paint(t, 'dim', f.severity)}`);
    lines.push(`  --> ${location(input.shown(f.file), f.statement?.range)}`);
    const source = input.sources.get(f.file);
    if (f.statement !== undefined && source !== undefined) lines.push(...frame(t, source, f.statement.range));
    lines.push(`   = why: ${visible(f.message)}`);
    lines.push(`   = safer: ${visible(f.safer)}`);
    lines.push('');
  }
  const suppressed = findings.filter((f) => f.suppressed !== undefined);
  if (suppressed.length > 0) {
    lines.push(paint(t, 'dim', `Suppressed (${suppressed.length}):`));
    for (const f of suppressed)
      lines.push(
        `  ${location(input.shown(f.file), f.statement?.range)} ${f.code}: ${visible(f.suppressed?.reason ?? '')}`,
      );
    lines.push('');
  }
  lines.push(summaryLine(json, input.nothingSelected));
  return lines;
}

function location(file: string, range: LintRangeJson | undefined): string {
  return range === undefined ? file : `${file}:${range.line}:${range.column}`;
}

/**
 * The statement's lines with their numbers, each underlined where the statement covers it. Tabs
 * show as one space, so a column is one character wide on the screen too.
 */
export function frame(t: Pick<Terminal, 'colors'>, source: string, range: LintRangeJson): string[] {
  const all = source.split('\n');
  // an end at column 1 stops before that line: the statement ended with the line before
  const last = range.endColumn === 1 && range.endLine > range.line ? range.endLine - 1 : range.endLine;
  const numbers: number[] = [];
  for (let n = range.line; n <= last; n++) numbers.push(n);
  const shown =
    numbers.length <= MAX_FRAME_LINES ? numbers : [...numbers.slice(0, MAX_FRAME_LINES - 2), -1, ...numbers.slice(-1)];
  const width = String(last).length;
  const gutter = (label: string) => paint(t, 'dim', `${label.padStart(width)} |`);
  const out = [gutter('')];
  for (const n of shown) {
    if (n === -1) {
      out.push(paint(t, 'dim', `${'.'.repeat(width)} | … ${numbers.length - (MAX_FRAME_LINES - 1)} more lines`));
      continue;
    }
    const text = visible((all[n - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' '));
    const from = n === range.line ? range.column : firstCode(text);
    const to = Math.min(n === range.endLine ? range.endColumn : text.trimEnd().length + 1, text.length + 1);
    out.push(`${gutter(String(n))} ${text}`);
    if (to > from) out.push(`${gutter('')} ${' '.repeat(from - 1)}${paint(t, 'red', '^'.repeat(to - from))}`);
  }
  return out;
}

/** 1-based column of a line's first character that is not blank. */
function firstCode(text: string): number {
  const match = /\S/.exec(text);
  return match === null ? 1 : match.index + 1;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(json: LintJson, nothingSelected: string): string {
  const { summary } = json;
  if (summary.migrations === 0) return nothingSelected;
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.suppressed > 0) counts.push(`${summary.suppressed} suppressed`);
  const verdict =
    json.failOn === 'never'
      ? ''
      : json.failed
        ? ` Fails at --fail-on ${json.failOn}.`
        : ` Passes at --fail-on ${json.failOn}.`;
  return `Linted ${plural(summary.migrations, 'migration')}: ${counts.join(', ')}.${verdict}`;
}

/** One line per finding, for `migrate dev` beside its warnings. */
export function findingLines(t: Pick<Terminal, 'colors'>, findings: readonly LintFindingJson[]): string[] {
  return findings.map((f) => {
    const colour = f.level === 'error' ? 'red' : 'yellow';
    const at = f.statement === undefined ? '' : ` (${f.file}:${f.statement.range.line})`;
    return `${paint(t, colour, `lint[${f.code}]`)} ${visible(f.message)}${at}`;
  });
}
