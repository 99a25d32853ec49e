import { formatLocation, type Span } from './spans.js';

/**
 * A problem found in a schema. Parsing and validation never throw on bad input: they return
 * diagnostics, all of them at once, and the caller decides what to do.
 *
 * `code` is a stable kebab-case identifier (see `docs/schema-diagnostics.md` and
 * `DIAGNOSTIC_CATALOGUE` in `schema/diagnostics.ts`); tools and tests match on it, never on
 * the message text.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly span: Span;
  /** An optional second line telling the user what to change. */
  readonly hint?: string;
}

export type DiagnosticSeverity = 'error' | 'warning';

/** One source file, as given to the parser. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export function isError(d: Diagnostic): boolean {
  return d.severity === 'error';
}

/** Errors first, then by file, line and column: the order a reader wants them in. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      Number(b.severity === 'error') - Number(a.severity === 'error') ||
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start.offset - b.span.start.offset,
  );
}

/**
 * Render a diagnostic with a code frame:
 *
 * ```
 * error[duplicate-model]: The model "User" is defined more than once.
 *   --> schema.prisma:12:7
 *    |
 * 11 |
 * 12 | model User {
 *    |       ^^^^
 *    = hint: rename one of them
 * ```
 *
 * `sources` supplies the text of each file by path; when the file is unknown only the header
 * and location are printed.
 */
export function renderDiagnostic(
  diag: Diagnostic,
  sources: readonly SourceFile[] | ReadonlyMap<string, string>,
): string {
  const text = lookupSource(sources, diag.span.file);
  const header = `${diag.severity}[${diag.code}]: ${escapeControlCharacters(diag.message)}`;
  const { start, end } = diag.span;
  const gutterWidth = String(start.line).length;
  const pad = ' '.repeat(gutterWidth);
  const out = [header, `${pad}--> ${formatLocation(diag.span)}`];
  if (text !== undefined) {
    const lines = text.split(/\r\n|\n|\r/);
    const lineText = lines[start.line - 1];
    if (lineText !== undefined) {
      out.push(`${pad} |`);
      out.push(`${String(start.line).padStart(gutterWidth)} | ${displayLine(lineText)}`);
      const caretStart = visualColumn(lineText, start.column - 1);
      const lastColumn = end.line === start.line ? end.column - 1 : lineText.length;
      const caretLength = Math.max(1, visualColumn(lineText, lastColumn) - caretStart);
      out.push(`${pad} | ${' '.repeat(caretStart)}${'^'.repeat(caretLength)}`);
    }
  }
  if (diag.hint !== undefined) out.push(`${pad} = hint: ${escapeControlCharacters(diag.hint)}`);
  return out.join('\n');
}

/** Render several diagnostics separated by blank lines, errors first. */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  sources: readonly SourceFile[] | ReadonlyMap<string, string>,
): string {
  return sortDiagnostics(diags)
    .map((d) => renderDiagnostic(d, sources))
    .join('\n\n');
}

function lookupSource(sources: readonly SourceFile[] | ReadonlyMap<string, string>, file: string): string | undefined {
  if (sources instanceof Map) return sources.get(file);
  for (const s of sources as readonly SourceFile[]) if (s.path === file) return s.text;
  return undefined;
}

/**
 * Characters a terminal obeys instead of showing: C0 controls (ESC starts colour and cursor
 * sequences, BEL rings), DEL, C1 controls (U+009B is a CSI on some terminals) and the
 * bidirectional overrides that make text read differently from what is stored. A binary file
 * given as the schema is full of them. Tab and newline are layout, not control, here.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `\x1b` for ESC, `\u202e` for RIGHT-TO-LEFT OVERRIDE: visible, and what a JS string would say. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTER, escapeOne);
}

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** How a source line is shown: tabs as two spaces (so the caret stays aligned), controls escaped. */
function displayLine(line: string): string {
  return escapeControlCharacters(line.replace(/\t/g, '  '));
}

/** The column in the displayed line (`displayLine`) of the character at `index`. */
function visualColumn(line: string, index: number): number {
  let col = 0;
  for (let i = 0; i < index && i < line.length; i++) {
    const char = line[i] as string;
    col += char === '\t' ? 2 : escapeControlCharacters(char).length;
  }
  return col + Math.max(0, index - line.length);
}
