/**
 * Source positions. Every AST node and every diagnostic carries a `Span`, so an error found
 * anywhere later in the pipeline (validation, lowering, planning) can point back at the text
 * the user wrote.
 */

/** A point in a source file. `line` and `column` are 1-based; `offset` is a 0-based UTF-16 index. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open range `[start, end)` in one file. `file` is the path given to the parser. */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

export function position(offset: number, line: number, column: number): Position {
  return { offset, line, column };
}

/** The span from the start of `a` to the end of `b` (both in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: a.start, end: b.end };
}

/** An empty span at the very start of a file, for diagnostics about a whole file or schema. */
export function fileStartSpan(file: string): Span {
  const start = position(0, 1, 1);
  return { file, start, end: start };
}

/** `file:line:column`, the form editors and terminals turn into links. */
export function formatLocation(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}
