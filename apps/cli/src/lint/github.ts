/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding on its
 * statement (`::error file=...,line=...::message`), errors for data-loss and would-fail, warnings
 * for review; a suppressed finding is a notice that shows the reason. Data and properties are
 * escaped as the Actions runner reads them: `%`, CR and LF everywhere, and `:` and `,` in
 * properties, which would otherwise end a property.
 */
import { allFindings, type LintFindingJson, type LintJson } from './json.js';

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `file` must be the path GitHub knows the file by: relative to the repository's root (the
 * project root prefixed by `prefix` when the project is a folder of the repository).
 */
export function githubAnnotations(json: LintJson, prefix = ''): string[] {
  return allFindings(json).map((f) => annotation(f, prefix));
}

function annotation(f: LintFindingJson, prefix: string): string {
  const command = f.suppressed !== undefined ? 'notice' : f.level;
  const range = f.statement?.range;
  const properties: [string, string | number][] = [['file', `${prefix}${f.file}`]];
  if (range !== undefined) {
    properties.push(['line', range.line], ['endLine', range.endLine]);
    // columns mean something on one line only; GitHub's endColumn is the last character's
    if (range.line === range.endLine)
      properties.push(['col', range.column], ['endColumn', Math.max(range.column, range.endColumn - 1)]);
  }
  properties.push(['title', f.suppressed === undefined ? f.code : `${f.code} (suppressed)`]);
  const text =
    f.suppressed === undefined ? `${f.message}\nSafer: ${f.safer}` : `${f.message}\nSuppressed: ${f.suppressed.reason}`;
  return `::${command} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(text)}`;
}
