/**
 * The parser's view of the token stream: a position in a `TokenStream`, the spans of tokens, and
 * the line-level helpers that recovery is built on. `ExpressionParser` and `FileParser` build
 * on it.
 *
 * A token is a number (its index in the stream), never an object: see `TokenStream` for why.
 * `kindOf`, `textOf`, `startOf` and `endOf` read its columns.
 */
import type { Comment, EmptyLine, InvalidLine } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { K, TOKEN_KINDS, type TokenKind, TokenStream } from './lexer.js';
import { CommentNode, EmptyLineNode, IdentifierNode, InvalidLineNode } from './nodes.js';
import { LineIndex, plainSpan, SourceSpan, type Span } from './spans.js';
import { SYNTAX } from './syntax-codes.js';

/** The items of every empty list (frozen: nothing may add to a list of the tree). */
const EMPTY_LIST: readonly unknown[] = Object.freeze([]);

/** A token: its index in the file's `TokenStream`. */
export type Tok = number;

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
  protected readonly stream: TokenStream;
  protected readonly lines: LineIndex;
  /** The current token. */
  protected pos = 0;
  /** The last token consumed, possibly on an earlier line. */
  protected last: Tok | undefined;
  /**
   * The items of every list being parsed, innermost list last. A list (a block's members, a
   * field's attributes, arguments, array items) is collected here and copied out at its exact
   * size when it ends: growing a fresh array per list would allocate room for 16 items and then
   * a trimmed copy, for hundreds of thousands of lists in a large schema.
   */
  private readonly listItems: unknown[] = [];
  private listTop = 0;

  constructor(
    protected readonly file: string,
    protected readonly text: string,
    protected readonly diagnostics: Diagnostic[],
  ) {
    this.stream = new TokenStream(text);
    this.lines = new LineIndex(file, text);
  }

  // ------------------------------------------------------------------------------------------
  // Reading tokens

  // The stream's columns are read here directly, not through its methods: the parser's helpers
  // run once per token, mostly unoptimized in a short-lived process, where every call counts.
  protected kindOf(t: Tok): TokenKind {
    return TOKEN_KINDS[this.stream.kinds[t] as number] as TokenKind;
  }

  protected textOf(t: Tok): string {
    return this.stream.textOf(t);
  }

  protected startOf(t: Tok): number {
    return this.stream.starts[t] as number;
  }

  protected endOf(t: Tok): number {
    return this.stream.ends[t] as number;
  }

  /** The source text from the start of `a` to the end of `b`, one string per distinct text. */
  protected wordBetween(a: Tok, b: Tok): string {
    return this.stream.wordAt(this.startOf(a), this.endOf(b));
  }

  /** The identifiers among the tokens from `a` to `b` (the parts of a dotted name). */
  protected identifierParts(a: Tok, b: Tok): string[] {
    const parts: string[] = [];
    for (let t = a; t <= b; t++) if (this.kindOf(t) === 'ident') parts.push(this.textOf(t));
    return parts;
  }

  protected isUnterminated(t: Tok): boolean {
    return this.stream.unterminated.has(t);
  }

  protected peek(): Tok {
    return this.pos;
  }

  /** The current kind (shorthand for `kindOf(peek())`). */
  protected peekKind(): TokenKind {
    return TOKEN_KINDS[this.stream.kinds[this.pos] as number] as TokenKind;
  }

  /** The token `n` ahead, never past the end of the current line (its newline or `eof` is returned instead). */
  protected peekAt(n: number): Tok {
    let t = this.pos;
    for (let i = 0; i < n; i++) {
      const k = this.stream.kind(t);
      if (k === 'newline' || k === 'eof') return t;
      t++;
    }
    return t;
  }

  protected next(): Tok {
    const t = this.pos;
    const stream = this.stream;
    if (stream.kinds[t] !== K.Eof) {
      this.pos = t + 1;
      // Past the last token lexed (a newline): lex the next line.
      if (t + 1 === stream.count) stream.scanNextLine();
    }
    this.last = t;
    return t;
  }

  // ------------------------------------------------------------------------------------------
  // Lists

  /** Starts a list; pass the result to `endList`. */
  protected startList(): number {
    return this.listTop;
  }

  protected addToList(item: unknown): void {
    this.listItems[this.listTop++] = item;
  }

  /** The items added since `start`, as an array of exactly their number. */
  protected endList<T>(start: number): T[] {
    // Most fields have no attributes and most attributes one argument: empty lists share one array.
    const items = (start === this.listTop ? EMPTY_LIST : this.listItems.slice(start, this.listTop)) as T[];
    this.listTop = start;
    return items;
  }

  /** Drops the lists a failed line left open (they started at or after `start`). */
  protected abandonLists(start: number): void {
    this.listTop = start;
  }

  // ------------------------------------------------------------------------------------------
  // Lines

  protected identifier(t: Tok): IdentifierNode {
    return new IdentifierNode(this.textOf(t), this.lines, this.startOf(t), this.endOf(t));
  }

  protected emptyLine(): EmptyLine {
    const t = this.next();
    return new EmptyLineNode(this.lines, this.startOf(t), this.endOf(t));
  }

  protected comment(): Comment {
    const t = this.next();
    // Kept byte for byte (trailing spaces included), as Prisma's formatter keeps it.
    return new CommentNode(
      this.textOf(t),
      this.kindOf(t) === 'doc-comment',
      this.lines,
      this.startOf(t),
      this.endOf(t),
    );
  }

  protected trailingComment(): Comment | undefined {
    const k = this.peekKind();
    return k === 'comment' || k === 'doc-comment' ? this.comment() : undefined;
  }

  /** After a comment nothing can follow on the line; consume the line end. */
  protected expectLineEnd(): void {
    this.consumeNewline();
  }

  protected requireLineEnd(context: string): void {
    if (!this.atLineEnd()) throw this.unexpected(this.peek(), context);
  }

  protected consumeNewline(): void {
    if (this.peekKind() === 'newline') this.next();
  }

  protected atLineEnd(): boolean {
    const k = this.peekKind();
    return k === 'newline' || k === 'eof' || k === 'comment' || k === 'doc-comment';
  }

  protected skipLine(): void {
    while (this.peekKind() !== 'newline' && this.peekKind() !== 'eof') this.next();
    this.consumeNewline();
  }

  /** Consume the current line (from `this.pos`) as an invalid line. */
  protected invalidLine(): InvalidLine {
    const first = this.peek();
    let last = first;
    while (this.peekKind() !== 'newline' && this.peekKind() !== 'eof') last = this.next();
    this.consumeNewline();
    const start = this.startOf(first);
    const end = this.endOf(last);
    return new InvalidLineNode(this.text.slice(start, end).trimEnd(), this.lines, start, end);
  }

  protected lineHasOpenBrace(): boolean {
    for (let t = this.pos; t < this.stream.count; t++) {
      const k = this.stream.kind(t);
      if (k === 'newline' || k === 'eof') return false;
      if (k === 'lbrace') return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------
  // Errors

  protected unexpected(t: Tok, context: string): LineError {
    const kind = this.kindOf(t);
    if (kind === 'newline' || kind === 'eof' || kind === 'comment' || kind === 'doc-comment') {
      return new LineError(
        SYNTAX.unexpectedLineEnd.code,
        `Unexpected end of line${sep(context)}.`,
        this.tokenSpan(t),
        'arguments and lists must be written on one line',
      );
    }
    if (kind === 'unknown') {
      return new LineError(
        SYNTAX.unexpectedCharacter.code,
        `Unexpected character \`${this.textOf(t)}\`${sep(context)}.`,
        this.tokenSpan(t),
      );
    }
    return new LineError(
      SYNTAX.unexpectedToken.code,
      `Unexpected \`${this.textOf(t)}\`${sep(context)}.`,
      this.tokenSpan(t),
    );
  }

  protected expect(kind: TokenKind, context: string): Tok {
    const t = this.peek();
    if (this.kindOf(t) !== kind) throw this.unexpected(t, context);
    return this.next();
  }

  protected report(code: string, message: string, span: Span, hint?: string): void {
    this.diagnostics.push(
      hint === undefined
        ? { code, severity: 'error', message, span: plainSpan(span) }
        : { code, severity: 'error', message, span: plainSpan(span), hint },
    );
  }

  // ------------------------------------------------------------------------------------------
  // Spans

  protected adjacent(a: Tok, b: Tok): boolean {
    return this.endOf(a) === this.startOf(b);
  }

  /** Spans are made for diagnostics only: nodes keep offsets (see `nodes.ts`). */
  protected tokenSpan(t: Tok): SourceSpan {
    return new SourceSpan(this.lines, this.startOf(t), this.endOf(t));
  }

  /** From the start of `a` to the end of `b`. */
  protected span(a: Tok, b: Tok): SourceSpan {
    return new SourceSpan(this.lines, this.startOf(a), this.endOf(b));
  }

  protected offsetSpan(start: number, end: number): SourceSpan {
    return new SourceSpan(this.lines, start, end);
  }

  /** From the current token to the last token of the line (for whole-line errors). */
  protected restOfLineSpan(): Span {
    const first = this.peek();
    let last = first;
    for (let t = this.pos; t < this.stream.count; t++) {
      const k = this.stream.kind(t);
      if (k === 'newline' || k === 'eof') break;
      last = t;
    }
    return this.span(first, last);
  }
}

/** Joins a message and its context: `: expected a value` attaches directly, `in a list` after a space. */
function sep(context: string): string {
  return context.startsWith(':') ? context : ` ${context}`;
}
