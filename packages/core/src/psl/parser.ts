/**
 * A recovering PSL parser. PSL is line-oriented: a field, an enum value, a block attribute or a
 * `key = value` pair is exactly one line. So recovery is simple and predictable: when a line
 * cannot be parsed, it is reported once and kept verbatim as an `InvalidLine`, and parsing
 * resumes at the next line. One typo never hides the errors after it.
 */
import type {
  Argument,
  ArgumentList,
  Attribute,
  Block,
  Comment,
  ConfigMember,
  EmptyLine,
  EnumMember,
  Expression,
  FieldType,
  Identifier,
  InvalidLine,
  ModelMember,
  SchemaAst,
  SchemaFileAst,
  StringLiteral,
  TopLevelItem,
} from './ast.js';
import type { Diagnostic, SourceFile } from './diagnostic.js';
import { decodeString, LineLexer, type Token, type TokenKind } from './lexer.js';
import { type Position, position, type Span } from './spans.js';
import { SYNTAX } from './syntax-codes.js';

export interface ParseResult {
  readonly ast: SchemaAst;
  readonly diagnostics: readonly Diagnostic[];
}

/** Parse one or more files that together form one schema. Never throws on bad input. */
export function parseSchema(sources: readonly SourceFile[]): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const files = sources.map((s) => new FileParser(s.path, s.text, diagnostics).parseFile());
  return { ast: { files }, diagnostics };
}

const BLOCK_KEYWORDS = new Set(['model', 'view', 'type', 'enum', 'datasource', 'generator']);

/** Positions and span computed for a token, memoized on the token object itself. */
type PositionCache = Token & { startPosition?: Position; endPosition?: Position; span?: Span };

/** Thrown inside a line parser to abandon the line; caught by the line loop. */
class LineError {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly span: Span,
    readonly hint?: string,
  ) {}
}

class FileParser {
  private readonly lexer: LineLexer;
  /** The tokens of the current line only (see `LineLexer`); `pos` indexes into it. */
  private tokens: Token[];
  private pos = 0;
  /** The last token consumed, possibly on an earlier line. */
  private last: Token | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.lexer = new LineLexer(text);
    this.tokens = this.lexer.nextLine();
  }

  parseFile(): SchemaFileAst {
    const items: TopLevelItem[] = [];
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'newline') {
        items.push(this.emptyLine());
      } else if (t.kind === 'comment' || t.kind === 'doc-comment') {
        items.push(this.comment());
        this.expectLineEnd();
      } else if (t.kind === 'ident' && BLOCK_KEYWORDS.has(t.text) && this.peekAt(1).kind === 'ident') {
        items.push(...this.block());
      } else {
        items.push(...this.invalidTopLevel());
      }
    }
    const eof = this.peek();
    return {
      path: this.file,
      items,
      span: { file: this.file, start: position(0, 1, 1), end: this.tokenEnd(eof) },
    };
  }

  // ------------------------------------------------------------------------------------------
  // Blocks

  /** A block, or (when its header is broken) the lines it covers as invalid lines. */
  private block(): TopLevelItem[] {
    const keyword = this.next();
    const kind = keyword.text as Block['kind'];
    const nameTok = this.next();
    const name: Identifier = { name: nameTok.text, span: this.tokenSpan(nameTok) };
    if (this.peek().kind !== 'lbrace') {
      // `type Alias = String` (Prisma 2 type aliases) and other non-blocks.
      this.pos -= 2;
      const lineStart = this.peek();
      const isAlias = kind === 'type' && this.peekAt(2).kind === 'equals';
      return this.invalidTopLevel(
        isAlias
          ? new LineError(
              SYNTAX.typeAlias.code,
              'Type aliases (`type X = Y`) are not supported any more.',
              this.tokenSpan(lineStart),
              'use the type directly, or a composite `type X { ... }` block on MongoDB',
            )
          : new LineError(
              SYNTAX.expectedBlockOpen.code,
              `Expected \`{\` after \`${keyword.text} ${nameTok.text}\`.`,
              this.tokenSpan(this.peekAt(2)),
            ),
      );
    }
    this.next(); // {
    const openComment = this.trailingComment();
    let afterOpen = true;
    const members: (ModelMember | EnumMember | ConfigMember)[] = [];
    let closeComment: Comment | undefined;
    let end: Token = keyword;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        this.report(
          SYNTAX.unclosedBlock.code,
          `The ${kind} \`${name.name}\` is missing its closing \`}\`.`,
          this.tokenSpan(keyword),
          'add a line with `}` at the end of the block',
        );
        end = this.last ?? keyword;
        break;
      }
      if (afterOpen) {
        // The rest of the opening line: normally nothing, but Prisma accepts a first member there.
        afterOpen = false;
        if (t.kind === 'newline') {
          this.next();
          continue;
        }
      }
      if (t.kind === 'newline') {
        members.push(this.emptyLine());
        continue;
      }
      if (t.kind === 'comment' || t.kind === 'doc-comment') {
        members.push(this.comment());
        this.expectLineEnd();
        continue;
      }
      if (t.kind === 'rbrace') {
        end = this.next();
        closeComment = this.trailingComment();
        if (!this.atLineEnd()) {
          const junk = this.peek();
          this.report(
            SYNTAX.unexpectedToken.code,
            `Unexpected \`${junk.text}\` after the closing \`}\`: a block must end on a line of its own.`,
            this.tokenSpan(junk),
          );
          this.skipLine();
        } else {
          this.consumeNewline();
        }
        break;
      }
      if (t.kind === 'ident' && BLOCK_KEYWORDS.has(t.text) && this.lineHasOpenBrace()) {
        // A new block starts before this one was closed: report the missing `}` here and let the
        // top level parse the new block, instead of turning the rest of the file into errors.
        this.report(
          SYNTAX.unclosedBlock.code,
          `The ${kind} \`${name.name}\` is missing its closing \`}\`.`,
          this.tokenSpan(keyword),
          'add a line with `}` at the end of the block',
        );
        end = this.last ?? keyword;
        break;
      }
      members.push(this.memberLine(kind));
    }
    const span = this.span(keyword, end);
    const base = {
      name,
      keywordSpan: this.tokenSpan(keyword),
      span,
      ...(openComment ? { openComment } : {}),
      ...(closeComment ? { closeComment } : {}),
    };
    if (kind === 'enum') return [{ ...base, kind, members: members as EnumMember[] }];
    if (kind === 'datasource' || kind === 'generator') return [{ ...base, kind, members: members as ConfigMember[] }];
    return [{ ...base, kind, members: members as ModelMember[] }];
  }

  /** One member line of a block; an `InvalidLine` (with a diagnostic) if it does not parse. */
  private memberLine(kind: Block['kind']): ModelMember | EnumMember | ConfigMember {
    const start = this.pos;
    try {
      if (this.peek().kind === 'atat') return this.blockAttributeLine();
      if (kind === 'enum') return this.enumValueLine();
      if (kind === 'datasource' || kind === 'generator') return this.keyValueLine();
      return this.fieldLine();
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      this.report(e.code, e.message, e.span, e.hint);
      this.pos = start;
      return this.invalidLine();
    }
  }

  private blockAttributeLine(): ModelMember & EnumMember {
    const attribute = this.attribute();
    const trailingComment = this.trailingComment();
    this.requireLineEnd('after the attribute');
    this.consumeNewline();
    return {
      kind: 'block-attribute',
      attribute,
      span: attribute.span,
      ...(trailingComment ? { trailingComment } : {}),
    };
  }

  private enumValueLine(): EnumMember {
    const nameTok = this.peek();
    if (nameTok.kind !== 'ident') {
      throw new LineError(
        SYNTAX.invalidLine.code,
        'This line is not a valid enum value definition.',
        this.restOfLineSpan(),
      );
    }
    this.next();
    const attributes = this.fieldAttributes('enum value');
    const lastBeforeComment = this.last as Token;
    const trailingComment = this.trailingComment();
    this.requireLineEnd('in an enum value definition');
    this.consumeNewline();
    return {
      kind: 'enum-value',
      name: { name: nameTok.text, span: this.tokenSpan(nameTok) },
      attributes,
      span: this.span(nameTok, lastBeforeComment),
      ...(trailingComment ? { trailingComment } : {}),
    };
  }

  private keyValueLine(): ConfigMember {
    const keyTok = this.peek();
    if (keyTok.kind !== 'ident') {
      throw new LineError(
        SYNTAX.invalidLine.code,
        'This line is not a valid `key = value` definition.',
        this.restOfLineSpan(),
      );
    }
    this.next();
    if (this.peek().kind !== 'equals') {
      throw new LineError(
        SYNTAX.expectedEquals.code,
        `Expected \`=\` after \`${keyTok.text}\`.`,
        this.atLineEnd() ? this.tokenSpan(keyTok) : this.tokenSpan(this.peek()),
        `write \`${keyTok.text} = <value>\``,
      );
    }
    this.next();
    if (this.atLineEnd()) {
      throw new LineError(
        SYNTAX.expectedValue.code,
        `Expected a value for \`${keyTok.text}\`.`,
        this.tokenSpan(keyTok),
      );
    }
    const value = this.expression();
    const trailingComment = this.trailingComment();
    this.requireLineEnd(`after the value of \`${keyTok.text}\``);
    this.consumeNewline();
    return {
      kind: 'key-value',
      key: { name: keyTok.text, span: this.tokenSpan(keyTok) },
      value,
      span: { file: this.file, start: this.tokenStart(keyTok), end: value.span.end },
      ...(trailingComment ? { trailingComment } : {}),
    };
  }

  private fieldLine(): ModelMember {
    const nameTok = this.peek();
    if (nameTok.kind !== 'ident') {
      throw new LineError(
        SYNTAX.invalidLine.code,
        'This line is not a valid field or attribute definition.',
        this.restOfLineSpan(),
      );
    }
    this.next();
    if (this.peek().kind === 'colon') {
      throw new LineError(
        SYNTAX.legacyColon.code,
        "Field declarations don't take a `:` between the name and the type.",
        this.tokenSpan(this.peek()),
        `write \`${nameTok.text} Type\``,
      );
    }
    if (this.atLineEnd()) {
      throw new LineError(
        SYNTAX.missingFieldType.code,
        `The field \`${nameTok.text}\` has no type.`,
        this.tokenSpan(nameTok),
        `write \`${nameTok.text} String\` (or another type)`,
      );
    }
    const type = this.fieldType();
    const attributes = this.fieldAttributes('field');
    const lastBeforeComment = this.last as Token;
    const trailingComment = this.trailingComment();
    this.requireLineEnd('in a field definition');
    this.consumeNewline();
    return {
      kind: 'field',
      name: { name: nameTok.text, span: this.tokenSpan(nameTok) },
      type,
      attributes,
      span: this.span(nameTok, lastBeforeComment),
      ...(trailingComment ? { trailingComment } : {}),
    };
  }

  private fieldType(): FieldType {
    const first = this.peek();
    if (first.kind === 'lbracket') {
      throw new LineError(
        SYNTAX.legacyListType.code,
        'List types are written `Type[]`, not `[Type]`.',
        this.tokenSpan(first),
      );
    }
    if (first.kind !== 'ident') {
      throw new LineError(
        SYNTAX.missingFieldType.code,
        `Expected a field type, found \`${first.text}\`.`,
        this.tokenSpan(first),
      );
    }
    this.next();
    let unsupported: StringLiteral | undefined;
    let last: Token = first;
    if (first.text === 'Unsupported' && this.peek().kind === 'lparen') {
      this.next();
      const str = this.peek();
      if (str.kind !== 'string') {
        throw new LineError(
          SYNTAX.invalidUnsupported.code,
          '`Unsupported` takes one string argument: the database type, e.g. `Unsupported("tsvector")`.',
          this.tokenSpan(str),
        );
      }
      unsupported = this.stringLiteral(this.next());
      last = this.expect('rparen', 'to close `Unsupported(`');
    }
    let optional = false;
    let list = false;
    const after = this.peek();
    if (after.kind === 'question') {
      optional = true;
      last = this.next();
    } else if (after.kind === 'lbracket' && this.peekAt(1).kind === 'rbracket') {
      this.next();
      last = this.next();
      list = true;
      if (this.peek().kind === 'question') {
        throw new LineError(
          SYNTAX.optionalList.code,
          'Optional lists are not supported: a list is never null, it is empty.',
          this.tokenSpan(this.peek()),
          `use either \`${first.text}[]\` or \`${first.text}?\``,
        );
      }
    } else if (after.kind === 'bang') {
      throw new LineError(
        SYNTAX.legacyRequired.code,
        'Fields are required by default: `!` is not needed (and no longer accepted).',
        this.tokenSpan(after),
      );
    }
    return {
      name: first.text,
      nameSpan: this.tokenSpan(first),
      optional,
      list,
      span: this.span(first, last),
      ...(unsupported ? { unsupported } : {}),
    };
  }

  private fieldAttributes(where: string): Attribute[] {
    const attributes: Attribute[] = [];
    while (this.peek().kind === 'at') attributes.push(this.attribute());
    const t = this.peek();
    if (t.kind === 'atat') {
      throw new LineError(
        SYNTAX.blockAttributeOnField.code,
        `Block attributes (\`@@\`) go on a line of their own, not in a ${where} definition.`,
        this.tokenSpan(t),
      );
    }
    return exactSize(attributes);
  }

  private attribute(): Attribute {
    const at = this.next(); // @ or @@
    const nameStart = this.peek();
    if (nameStart.kind !== 'ident') {
      throw new LineError(
        SYNTAX.expectedAttributeName.code,
        `Expected an attribute name after \`${at.text}\`.`,
        this.tokenSpan(at),
      );
    }
    let nameEnd = this.next();
    let name = nameStart.text;
    while (
      this.peek().kind === 'dot' &&
      this.peekAt(1).kind === 'ident' &&
      this.adjacent(this.peek(), this.peekAt(1))
    ) {
      this.next();
      nameEnd = this.next();
      name += `.${nameEnd.text}`;
    }
    const nameSpan = this.span(nameStart, nameEnd);
    if (this.peek().kind === 'lparen') {
      const args = this.argumentList();
      return {
        scope: at.kind === 'atat' ? 'block' : 'field',
        name,
        nameSpan,
        args,
        span: { file: this.file, start: this.tokenStart(at), end: args.span.end },
      };
    }
    return { scope: at.kind === 'atat' ? 'block' : 'field', name, nameSpan, span: this.span(at, nameEnd) };
  }

  // ------------------------------------------------------------------------------------------
  // Expressions

  private argumentList(): ArgumentList {
    const open = this.next(); // (
    const args: Argument[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'rparen') break;
      const arg = this.argument();
      args.push(arg);
      const sep = this.peek();
      if (sep.kind === 'comma') {
        this.next();
        continue;
      }
      if (sep.kind === 'rparen') break;
      throw this.unexpected(sep, 'in an argument list: expected `,` or `)`');
    }
    const close = this.next();
    return { args: exactSize(args), span: this.span(open, close) };
  }

  private argument(): Argument {
    const t = this.peek();
    if (t.kind === 'ident' && this.peekAt(1).kind === 'colon') {
      this.next();
      const colon = this.next();
      const name: Identifier = { name: t.text, span: this.tokenSpan(t) };
      const after = this.peek();
      if (after.kind === 'comma' || after.kind === 'rparen') {
        // `references: )`: keep the argument so the validator can say what is missing.
        return { name, span: this.span(t, colon) };
      }
      const value = this.expression();
      return { name, value, span: { file: this.file, start: this.tokenStart(t), end: value.span.end } };
    }
    const value = this.expression();
    return { value, span: value.span };
  }

  private expression(): Expression {
    const t = this.peek();
    switch (t.kind) {
      case 'string':
        return this.stringLiteral(this.next());
      case 'number':
        this.next();
        return { kind: 'number', value: t.text, span: this.tokenSpan(t) };
      case 'lbracket': {
        this.next();
        const items: Expression[] = [];
        for (;;) {
          if (this.peek().kind === 'rbracket') break;
          items.push(this.expression());
          const sep = this.peek();
          if (sep.kind === 'comma') {
            this.next();
            continue;
          }
          if (sep.kind === 'rbracket') break;
          throw this.unexpected(sep, 'in a list: expected `,` or `]`');
        }
        const close = this.next();
        return { kind: 'array', items: exactSize(items), span: this.span(t, close) };
      }
      case 'ident': {
        this.next();
        let name = t.text;
        let last = t;
        while (this.peek().kind === 'dot' && this.peekAt(1).kind === 'ident') {
          this.next();
          last = this.next();
          name += `.${last.text}`;
        }
        if (this.peek().kind === 'lparen') {
          const args = this.argumentList();
          return {
            kind: 'call',
            name,
            nameSpan: this.span(t, last),
            args,
            span: { file: this.file, start: this.tokenStart(t), end: args.span.end },
          };
        }
        return { kind: 'path', name, span: this.span(t, last) };
      }
      default:
        throw this.unexpected(t, ': expected a value');
    }
  }

  private stringLiteral(tok: Token): StringLiteral {
    const unterminated = tok.unterminated === true;
    const { value, badEscapes } = decodeString(tok.text, unterminated);
    if (unterminated) {
      throw new LineError(
        SYNTAX.unterminatedString.code,
        'This string is missing its closing `"`.',
        this.tokenSpan(tok),
      );
    }
    for (const rel of badEscapes) {
      const start = position(tok.offset + rel, tok.line, tok.column + rel);
      // Reported but not fatal: the value is still usable, and Prisma also rejects it.
      this.report(
        SYNTAX.invalidEscape.code,
        'Unknown escape sequence in a string.',
        { file: this.file, start, end: position(start.offset + 2, start.line, start.column + 2) },
        'a literal backslash is written `\\\\` (for example in Windows paths)',
      );
    }
    return { kind: 'string', value, raw: tok.text, span: this.tokenSpan(tok) };
  }

  // ------------------------------------------------------------------------------------------
  // Lines, comments, recovery

  private emptyLine(): EmptyLine {
    const t = this.next();
    return { kind: 'empty', span: this.tokenSpan(t) };
  }

  private comment(): Comment {
    const t = this.next();
    // Kept byte for byte (trailing spaces included), as Prisma's formatter keeps it.
    const text = t.text;
    return {
      kind: 'comment',
      text,
      doc: t.kind === 'doc-comment',
      span: {
        file: this.file,
        start: this.tokenStart(t),
        end: position(t.offset + text.length, t.line, t.column + text.length),
      },
    };
  }

  private trailingComment(): Comment | undefined {
    const t = this.peek();
    return t.kind === 'comment' || t.kind === 'doc-comment' ? this.comment() : undefined;
  }

  /** After a comment nothing can follow on the line; consume the line end. */
  private expectLineEnd(): void {
    this.consumeNewline();
  }

  private requireLineEnd(context: string): void {
    if (!this.atLineEnd()) throw this.unexpected(this.peek(), context);
  }

  private consumeNewline(): void {
    if (this.peek().kind === 'newline') this.next();
  }

  private atLineEnd(): boolean {
    const k = this.peek().kind;
    return k === 'newline' || k === 'eof' || k === 'comment' || k === 'doc-comment';
  }

  private skipLine(): void {
    while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') this.next();
    this.consumeNewline();
  }

  /** Consume the current line (from `this.pos`) as an invalid line. */
  private invalidLine(): InvalidLine {
    const first = this.peek();
    let last = first;
    while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') last = this.next();
    this.consumeNewline();
    const end = last.offset + last.text.length;
    return {
      kind: 'invalid',
      text: this.text.slice(first.offset, end).trimEnd(),
      span: {
        file: this.file,
        start: this.tokenStart(first),
        end: position(end, last.line, last.column + last.text.length),
      },
    };
  }

  /**
   * A top-level line that is not a block, a comment or empty. If it opens a `{`, the lines up to
   * the matching `}` line are swallowed too (kept as invalid lines) so that the members of an
   * unknown block do not produce one error each.
   */
  private invalidTopLevel(error?: LineError): InvalidLine[] {
    const opensBlock = this.lineHasOpenBrace();
    const first = this.peek();
    const e =
      error ??
      new LineError(
        first.kind === 'unknown' ? SYNTAX.unexpectedCharacter.code : SYNTAX.invalidTopLevel.code,
        first.kind === 'unknown'
          ? `Unexpected character \`${first.text}\`.`
          : 'This line is invalid: it does not start with a known block keyword (model, enum, view, type, datasource, generator).',
        first.kind === 'unknown' ? this.tokenSpan(first) : this.restOfLineSpan(),
      );
    this.report(e.code, e.message, e.span, e.hint);
    const lines = [this.invalidLine()];
    if (opensBlock) {
      while (this.peek().kind !== 'eof') {
        const t = this.peek();
        if (t.kind === 'newline') {
          this.next();
          continue;
        }
        const isClose = t.kind === 'rbrace';
        lines.push(this.invalidLine());
        if (isClose) break;
      }
    }
    return lines;
  }

  private lineHasOpenBrace(): boolean {
    for (let i = this.pos; i < this.tokens.length; i++) {
      const k = (this.tokens[i] as Token).kind;
      if (k === 'newline' || k === 'eof') return false;
      if (k === 'lbrace') return true;
    }
    return false;
  }

  private unexpected(t: Token, context: string): LineError {
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

  private expect(kind: TokenKind, context: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw this.unexpected(t, context);
    return this.next();
  }

  private report(code: string, message: string, span: Span, hint?: string): void {
    this.diagnostics.push(
      hint === undefined
        ? { code, severity: 'error', message, span }
        : { code, severity: 'error', message, span, hint },
    );
  }

  // ------------------------------------------------------------------------------------------
  // Token access and spans

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }

  private peekAt(n: number): Token {
    return (this.tokens[this.pos + n] ?? this.tokens[this.tokens.length - 1]) as Token;
  }

  private next(): Token {
    const t = this.tokens[this.pos] as Token;
    if (t.kind === 'newline') {
      this.tokens = this.lexer.nextLine();
      this.pos = 0;
    } else if (t.kind !== 'eof') this.pos++;
    this.last = t;
    return t;
  }

  private adjacent(a: Token, b: Token): boolean {
    return a.offset + a.text.length === b.offset;
  }

  // Positions are created once per token and shared by every span that starts or ends there:
  // on a large schema most AST allocations are positions, and sharing them (they are
  // immutable) keeps the garbage collector out of the way.
  private tokenStart(t: Token): Span['start'] {
    const cache = t as PositionCache;
    if (cache.startPosition === undefined) cache.startPosition = position(t.offset, t.line, t.column);
    return cache.startPosition;
  }

  private tokenEnd(t: Token): Span['end'] {
    const cache = t as PositionCache;
    if (cache.endPosition === undefined)
      cache.endPosition = position(t.offset + t.text.length, t.line, t.column + t.text.length);
    return cache.endPosition;
  }

  private tokenSpan(t: Token): Span {
    const cache = t as PositionCache;
    if (cache.span === undefined) cache.span = { file: this.file, start: this.tokenStart(t), end: this.tokenEnd(t) };
    return cache.span;
  }

  private span(a: Token, b: Token): Span {
    return a === b ? this.tokenSpan(a) : { file: this.file, start: this.tokenStart(a), end: this.tokenEnd(b) };
  }

  /** From the current token to the last token of the line (for whole-line errors). */
  private restOfLineSpan(): Span {
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

/**
 * A copy without spare capacity. Arrays grown with `push` keep room for 16 elements; the AST
 * holds hundreds of thousands of small arrays on a large schema, so trimming them matters.
 */
function exactSize<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice();
}
