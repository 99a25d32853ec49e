/**
 * The parser's view of the token stream: one line of tokens at a time (see `LineLexer`), the
 * spans of tokens, and the line-level helpers that recovery is built on. `ExpressionParser`
 * and `FileParser` build on it.
 */
import type { Comment, EmptyLine, InvalidLine } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { LineLexer, type Token, type TokenKind } from './lexer.js';
import { LineIndex, plainSpan, SourceSpan, type Span } from './spans.js';
import { SYNTAX } from './syntax-codes.js';

/** The span of a token, memoized on the token object itself (several nodes share it). */
type SpanCache = Token & { span?: SourceSpan };

/** Thrown inside a line parser to abandon the line; caught by the line loop. */
export class LineError {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly span: Span,
    readonly hint?: string,
  ) {}
}

export abstract class TokenCursor {
  private readonly lexer: LineLexer;
  protected readonly lines: LineIndex;
  /** The tokens of the current line only; `pos` indexes into it. */
  protected tokens: Token[];
  protected pos = 0;
  /** The last token consumed, possibly on an earlier line. */
  protected last: Token | undefined;

  constructor(
    protected readonly file: string,
    protected readonly text: string,
    protected readonly diagnostics: Diagnostic[],
  ) {
    this.lexer = new LineLexer(text);
    this.lines = new LineIndex(file, text);
    this.tokens = this.lexer.nextLine();
  }

  protected emptyLine(): EmptyLine {
    const t = this.next();
    return { kind: 'empty', span: this.tokenSpan(t) };
  }

  protected comment(): Comment {
    const t = this.next();
    // Kept byte for byte (trailing spaces included), as Prisma's formatter keeps it.
    const text = t.text;
    return {
      kind: 'comment',
      text,
      doc: t.kind === 'doc-comment',
      span: this.tokenSpan(t),
    };
  }

  protected trailingComment(): Comment | undefined {
    const t = this.peek();
    return t.kind === 'comment' || t.kind === 'doc-comment' ? this.comment() : undefined;
  }

  /** After a comment nothing can follow on the line; consume the line end. */
  protected expectLineEnd(): void {
    this.consumeNewline();
  }

  protected requireLineEnd(context: string): void {
    if (!this.atLineEnd()) throw this.unexpected(this.peek(), context);
  }

  protected consumeNewline(): void {
    if (this.peek().kind === 'newline') this.next();
  }

  protected atLineEnd(): boolean {
    const k = this.peek().kind;
    return k === 'newline' || k === 'eof' || k === 'comment' || k === 'doc-comment';
  }

  protected skipLine(): void {
    while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') this.next();
    this.consumeNewline();
  }

  /** Consume the current line (from `this.pos`) as an invalid line. */
  protected invalidLine(): InvalidLine {
    const first = this.peek();
    let last = first;
    while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') last = this.next();
    this.consumeNewline();
    const end = last.offset + last.text.length;
    return {
      kind: 'invalid',
      text: this.text.slice(first.offset, end).trimEnd(),
      span: this.offsetSpan(first.offset, end),
    };
  }

  protected lineHasOpenBrace(): boolean {
    for (let i = this.pos; i < this.tokens.length; i++) {
      const k = (this.tokens[i] as Token).kind;
      if (k === 'newline' || k === 'eof') return false;
      if (k === 'lbrace') return true;
    }
    return false;
  }

  protected unexpected(t: Token, context: string): LineError {
    if (t.kind === 'newline' || t.kind === 'eof' || t.kind === 'comment' || t.kind === 'doc-comment') {
      return new LineError(
        SYNTAX.unexpectedLineEnd.code,
        `Unexpected end of line${sep(context)}.`,
        this.tokenSpan(t),
        'arguments and lists must be written on one line',
      );
    }
    if (t.kind === 'unknown') {
      return new LineError(
        SYNTAX.unexpectedCharacter.code,
        `Unexpected character \`${t.text}\`${sep(context)}.`,
        this.tokenSpan(t),
      );
    }
    return new LineError(SYNTAX.unexpectedToken.code, `Unexpected \`${t.text}\`${sep(context)}.`, this.tokenSpan(t));
  }

  protected expect(kind: TokenKind, context: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw this.unexpected(t, context);
    return this.next();
  }

  protected report(code: string, message: string, span: Span, hint?: string): void {
    this.diagnostics.push(
      hint === undefined
        ? { code, severity: 'error', message, span: plainSpan(span) }
        : { code, severity: 'error', message, span: plainSpan(span), hint },
    );
  }

  protected peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  protected peekAt(n: number): Token {
    return (this.tokens[this.pos + n] ?? this.tokens[this.tokens.length - 1]) as Token;
  }

  protected next(): Token {
    const t = this.tokens[this.pos] as Token;
    if (t.kind === 'newline') {
      this.tokens = this.lexer.nextLine();
      this.pos = 0;
    } else if (t.kind !== 'eof') this.pos++;
    this.last = t;
    return t;
  }

  protected adjacent(a: Token, b: Token): boolean {
    return a.offset + a.text.length === b.offset;
  }

  protected tokenSpan(t: Token): SourceSpan {
    const cache = t as SpanCache;
    if (cache.span === undefined) cache.span = new SourceSpan(this.lines, t.offset, t.offset + t.text.length);
    return cache.span;
  }

  /** From the start of `a` to the end of `b`. */
  protected span(a: Token, b: Token): SourceSpan {
    return a === b ? this.tokenSpan(a) : new SourceSpan(this.lines, a.offset, b.offset + b.text.length);
  }

  /** From the start of token `a` to the end of an already built node. */
  protected spanTo(a: Token, end: Span): SourceSpan {
    return new SourceSpan(this.lines, a.offset, end instanceof SourceSpan ? end.endOffset : end.end.offset);
  }

  protected offsetSpan(start: number, end: number): SourceSpan {
    return new SourceSpan(this.lines, start, end);
  }

  /** From the current token to the last token of the line (for whole-line errors). */
  protected restOfLineSpan(): Span {
    const first = this.peek();
    let last = first;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i] as Token;
      if (t.kind === 'newline' || t.kind === 'eof') break;
      last = t;
    }
    return this.span(first, last);
  }
}

/** Joins a message and its context: `: expected a value` attaches directly, `in a list` after a space. */
function sep(context: string): string {
  return context.startsWith(':') ? context : ` ${context}`;
}
