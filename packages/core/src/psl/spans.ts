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

/**
 * Line starts of one file, computed on first use, to turn offsets into line and column.
 * Line ends are LF, CRLF or a lone CR, as in the lexer.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  /** The line of the last lookup: spans are mostly read in source order, so look there first. */
  private lastLine = 0;

  position(offset: number): Position {
    const starts = this.starts ?? this.computeStarts();
    const last = this.lastLine;
    if ((starts[last] as number) <= offset && (last + 1 >= starts.length || (starts[last + 1] as number) > offset)) {
      return { offset, line: last + 1, column: offset - (starts[last] as number) + 1 };
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return { offset, line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  private computeStarts(): number[] {
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
    return starts;
  }
}

/**
 * A range of one file's text: the file's line index and two offsets. Syntax tree nodes (see
 * `nodes.ts`) and `SourceSpan`s are ranges. The properties are plain, `declare`d and assigned
 * in the constructor, so TypeScript emits no field definitions: private fields or field
 * definitions cost an extra initializer call per object, and a large schema makes hundreds of
 * thousands of them.
 */
export abstract class TextRange {
  declare readonly lines: LineIndex;
  declare readonly startOffset: number;
  declare readonly endOffset: number;

  constructor(lines: LineIndex, startOffset: number, endOffset: number) {
    this.lines = lines;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
  }
}

/**
 * A span as a range: `start` and `end` positions are computed when read. A large schema has
 * hundreds of thousands of spans, and three objects per span (span, start, end) made the
 * garbage collector the slowest part of parsing. It reads like any `Span`; `plainSpan()` (and
 * `JSON.stringify`) turn it into plain data, which is what diagnostics hold. The semantic model
 * keeps these spans as they are.
 */
export class SourceSpan extends TextRange implements Span {
  get file(): string {
    return this.lines.file;
  }

  get start(): Position {
    return this.lines.position(this.startOffset);
  }

  get end(): Position {
    return this.lines.position(this.endOffset);
  }

  toJSON(): Span {
    return plainSpan(this);
  }
}

/**
 * A span as plain data (`{ file, start, end }`), whatever its representation: read by shape, not
 * `instanceof`, since a span may come from a provider's own copy of core.
 */
export function plainSpan(span: Span): Span {
  return { file: span.file, start: span.start, end: span.end };
}

/** `file:line:column`, the form editors and terminals turn into links. */
export function formatLocation(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}
