/**
 * Tokens of one SQL statement, for the providers that read statement effects without a parser of
 * their own (SQLite, MySQL): each provider's tokenizer knows its dialect's quotes and comments
 * (its splitter uses the same one), and reads the statement into these neutral tokens, comments
 * left out; `TokenCursor` walks them. A keyword inside a string literal is a `string` token, so
 * it can never be mistaken for code.
 */

export type SqlTokenKind =
  /** A bare word: a keyword or an unquoted name. */
  | 'word'
  /** A quoted identifier (`"x"`, `` `x` ``, `[x]`). */
  | 'identifier'
  | 'string'
  | 'number'
  /** One character of punctuation or an operator: `(`, `)`, `,`, `;`, `.`, `=`, ... */
  | 'symbol'
  /** Code the dialect keeps but the linter does not read (MySQL's `/*! ... *\/`). */
  | 'opaque';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** As written. */
  readonly text: string;
  /** An identifier or a string without its quotes and escapes; otherwise as written. */
  readonly value: string;
  /** Offsets in the text that was tokenized; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
}

/** True when the token is one of these bare words (case-insensitive; pass them in upper case). */
export function isWord(token: SqlToken | undefined, ...words: readonly string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text.toUpperCase());
}

export function isSymbol(token: SqlToken | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.text === symbol;
}

/** Splits tokens at the separators outside parentheses (`a, f(b, c), d` -> three parts). */
export function splitTokens(tokens: readonly SqlToken[], separator = ','): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (isSymbol(token, '(')) depth++;
    else if (isSymbol(token, ')')) depth--;
    else if (depth === 0 && isSymbol(token, separator)) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1]?.push(token);
  }
  return parts.filter((part) => part.length > 0);
}

/** Where these words come in a row outside parentheses (`NOT NULL` of a column, not of a CHECK), or -1. */
export function findWords(tokens: readonly SqlToken[], ...words: readonly string[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (isSymbol(token, '(')) depth++;
    else if (isSymbol(token, ')')) depth--;
    else if (depth === 0 && words.every((word, k) => isWord(tokens[i + k], word))) return i;
  }
  return -1;
}

/** Reads a statement's tokens front to back. */
export class TokenCursor {
  private position = 0;

  constructor(readonly tokens: readonly SqlToken[]) {}

  get done(): boolean {
    return this.position >= this.tokens.length;
  }

  peek(ahead = 0): SqlToken | undefined {
    return this.tokens[this.position + ahead];
  }

  next(): SqlToken | undefined {
    const token = this.tokens[this.position];
    if (token !== undefined) this.position++;
    return token;
  }

  /** The tokens not read yet. */
  rest(): readonly SqlToken[] {
    return this.tokens.slice(this.position);
  }

  /** True when the next tokens are these words, in order (not consumed). */
  at(...words: readonly string[]): boolean {
    return words.every((word, i) => isWord(this.peek(i), word));
  }

  /** Consumes the words and returns true when the next tokens are exactly them, in order. */
  accept(...words: readonly string[]): boolean {
    if (!this.at(...words)) return false;
    this.position += words.length;
    return true;
  }

  /** Consumes the next token when it is one of these words; returns it in upper case. */
  acceptOneOf(...words: readonly string[]): string | undefined {
    const token = this.peek();
    if (!isWord(token, ...words)) return undefined;
    this.position++;
    return (token as SqlToken).text.toUpperCase();
  }

  acceptSymbol(symbol: string): boolean {
    if (!isSymbol(this.peek(), symbol)) return false;
    this.position++;
    return true;
  }

  /**
   * A name: a bare word or a quoted identifier, its qualifiers joined with dots (`main."User"` is
   * `main.User`); undefined, consuming nothing, when the next token is not one.
   */
  name(): string | undefined {
    const parts: string[] = [];
    while (true) {
      const token = this.peek();
      if (token?.kind !== 'word' && token?.kind !== 'identifier') break;
      parts.push(token.value);
      this.position++;
      if (!isSymbol(this.peek(), '.')) break;
      this.position++;
    }
    return parts.length === 0 ? undefined : parts.join('.');
  }

  /** A parenthesized group when it comes next: its tokens without the outer parentheses. */
  group(): SqlToken[] | undefined {
    if (!isSymbol(this.peek(), '(')) return undefined;
    let depth = 0;
    const start = this.position;
    for (let i = start; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (isSymbol(token, '(')) depth++;
      else if (isSymbol(token, ')') && --depth === 0) {
        this.position = i + 1;
        return this.tokens.slice(start + 1, i);
      }
    }
    this.position = this.tokens.length;
    return this.tokens.slice(start + 1);
  }

  /** Whether one of these words comes later outside parentheses (a `WHERE` of the statement itself, not of a subquery). */
  comesLater(...words: readonly string[]): boolean {
    const rest = this.rest();
    return words.some((word) => findWords(rest, word) !== -1);
  }
}

/** What makes a word and a number in a dialect (MySQL's words may start with `$`, its numbers be `0b1`). */
export interface SqlLexis {
  readonly wordStart: RegExp;
  readonly wordPart: RegExp;
  /** Anchored at the start (`^...`). */
  readonly number: RegExp;
}

/**
 * The token at `i` once a tokenizer has handled its dialect's quotes, comments and whitespace:
 * a word, a number, or one character of punctuation, the same in every dialect.
 */
export function plainToken(text: string, i: number, lexis: SqlLexis): SqlToken {
  const ch = text[i] as string;
  if (lexis.wordStart.test(ch)) {
    let j = i + 1;
    while (j < text.length && lexis.wordPart.test(text[j] as string)) j++;
    const word = text.slice(i, j);
    return { kind: 'word', text: word, value: word, start: i, end: j };
  }
  const number = /\d|\./.test(ch) ? lexis.number.exec(text.slice(i, i + 64)) : null;
  if (number !== null)
    return { kind: 'number', text: number[0], value: number[0], start: i, end: i + number[0].length };
  return { kind: 'symbol', text: ch, value: ch, start: i, end: i + 1 };
}
