/**
 * The PSL lexer. The language is line-oriented (a field ends at the end of its line), so
 * newlines are tokens. No token spans two lines, which keeps position bookkeeping trivial:
 * a token's end is on its start line.
 *
 * The lexer never fails: characters it does not understand become `unknown` tokens and the
 * parser reports them with the rest of the line.
 */

export type TokenKind =
  | 'ident' // model, String, db, VarChar, my_field, 2fa (identifiers may start with a digit)
  | 'string' // "..." (text holds the raw source, quotes included)
  | 'number' // 42, -1, 3.14
  | 'lbrace'
  | 'rbrace'
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'comma'
  | 'colon'
  | 'equals'
  | 'question'
  | 'bang'
  | 'at' // @
  | 'atat' // @@
  | 'dot'
  | 'comment' // `// ...` up to the end of the line
  | 'doc-comment' // `/// ...` up to the end of the line
  | 'newline'
  | 'unknown'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** For `string` tokens: true when the closing quote is missing (the token ends at the line end). */
  readonly unterminated: boolean;
}

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_QUOTE = 34;
const CH_BACKSLASH = 92;
const CH_SLASH = 47;
const CH_MINUS = 45;
const CH_DOT = 46;
const CH_UNDERSCORE = 95;

function isIdentChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    c === CH_UNDERSCORE ||
    c === CH_MINUS
  );
}

// Like Prisma, an identifier cannot start with `_` or `-` (names starting with a digit are lexed
// as identifiers and rejected by the validator with a clearer message).
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// Unicode space separators other than space and tab (U+00A0, U+2000..U+200A, ...) count as
// whitespace, as in Prisma's grammar; a byte-order mark at the start of a file is skipped too.
function isOtherSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff ||
    c === 0x0b ||
    c === 0x0c
  );
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = {
  '{': 'lbrace',
  '}': 'rbrace',
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
  ',': 'comma',
  ':': 'colon',
  '=': 'equals',
  '?': 'question',
  '!': 'bang',
  '.': 'dot',
};

const NUMBER_RE = /^-?\d+(\.\d+)?$/;

/** Every token of a text, ending with `eof`. */
export function tokenize(text: string): Token[] {
  const lexer = new LineLexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const line = lexer.nextLine();
    tokens.push(...line);
    if (line[line.length - 1]?.kind === 'eof') return tokens;
  }
}

/**
 * Lexes one line at a time: each call returns the tokens of the next line, the last one being
 * its `newline` (or `eof`). The parser keeps only the current line, so tokens die young and
 * never burden the garbage collector on large schemas.
 */
export class LineLexer {
  private i = 0;
  private line = 1;
  /**
   * Identifiers seen so far. The same names come back on every model (`id`, `createdAt`,
   * `default`, `db`, `VarChar`, ...); handing out one string per name keeps a large schema's
   * syntax tree from holding tens of thousands of copies.
   */
  private readonly names = new Map<string, string>();

  constructor(private readonly text: string) {}

  nextLine(): Token[] {
    const text = this.text;
    const n = text.length;
    const tokens: Token[] = [];
    const line = this.line;
    const lineStart = this.i;
    let i = this.i;
    const push = (kind: TokenKind, start: number, tokenText: string, unterminated = false): void => {
      // The span slot is filled by the parser on demand; declaring it here keeps every token
      // the same shape.
      tokens.push({
        kind,
        text: tokenText,
        offset: start,
        line,
        column: start - lineStart + 1,
        unterminated,
        startPosition: undefined,
        endPosition: undefined,
        span: undefined,
      } as Token);
    };
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === CH_SPACE || c === CH_TAB || isOtherSpace(c)) {
        i++;
        continue;
      }
      if (c === CH_LF || c === CH_CR) {
        const len = c === CH_CR && text.charCodeAt(i + 1) === CH_LF ? 2 : 1;
        push('newline', i, len === 2 ? '\r\n' : c === CH_LF ? '\n' : '\r');
        this.i = i + len;
        this.line = line + 1;
        return tokens;
      }
      if (c === CH_SLASH && text.charCodeAt(i + 1) === CH_SLASH) {
        const start = i;
        while (i < n && text.charCodeAt(i) !== CH_LF && text.charCodeAt(i) !== CH_CR) i++;
        push(text.charCodeAt(start + 2) === CH_SLASH ? 'doc-comment' : 'comment', start, text.slice(start, i));
        continue;
      }
      if (c === CH_QUOTE) {
        const start = i;
        i++;
        let closed = false;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === CH_LF || d === CH_CR) break;
          if (d === CH_BACKSLASH) {
            // An escaped character never ends the string (but a line end still does).
            const next = text.charCodeAt(i + 1);
            i += next === CH_LF || next === CH_CR || Number.isNaN(next) ? 1 : 2;
            continue;
          }
          i++;
          if (d === CH_QUOTE) {
            closed = true;
            break;
          }
        }
        push('string', start, text.slice(start, i), !closed);
        continue;
      }
      if (c === CH_MINUS && isDigit(text.charCodeAt(i + 1))) {
        // A negative number: `-` never starts an identifier.
        const start = i;
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) === CH_DOT && isDigit(text.charCodeAt(i + 1))) {
          i++;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
        push('number', start, text.slice(start, i));
        continue;
      }
      if (isIdentStart(c)) {
        const start = i;
        i++;
        while (i < n && isIdentChar(text.charCodeAt(i))) i++;
        // `3.14`: a run of digits followed by `.digits` is one number, not `3` `.` `14`.
        if (isDigit(c) && text.charCodeAt(i) === CH_DOT && isDigit(text.charCodeAt(i + 1))) {
          const save = i;
          i++;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
          if (!NUMBER_RE.test(text.slice(start, i))) i = save;
        }
        const sliced = text.slice(start, i);
        let word = this.names.get(sliced);
        if (word === undefined) {
          word = sliced;
          this.names.set(word, word);
        }
        push(isDigit(c) && NUMBER_RE.test(word) ? 'number' : 'ident', start, word);
        continue;
      }
      if (c === 64 /* @ */) {
        if (text.charCodeAt(i + 1) === 64) {
          push('atat', i, '@@');
          i += 2;
        } else {
          push('at', i, '@');
          i++;
        }
        continue;
      }
      const ch = text[i] as string;
      const punct = PUNCTUATION[ch];
      if (punct !== undefined) {
        push(punct, i, ch);
        i++;
        continue;
      }
      // Keep a surrogate pair together so the unknown token is one visible character.
      const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      push('unknown', i, text.slice(i, i + width));
      i += width;
    }
    push('eof', n, '');
    this.i = n;
    return tokens;
  }
}

/** Escapes Prisma accepts inside string literals. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  "'": "'",
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '0': '\0',
};

export interface DecodedString {
  readonly value: string;
  /** Offsets (relative to the token start) of escapes that are not valid. */
  readonly badEscapes: readonly number[];
}

/** The value of a `string` token (its raw text, quotes included). */
export function decodeString(raw: string, unterminated = false): DecodedString {
  const body = raw.slice(1, unterminated ? raw.length : raw.length - 1);
  if (!body.includes('\\')) return { value: body, badEscapes: [] };
  let value = '';
  const badEscapes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) {
      badEscapes.push(i + 1);
      break;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i++;
      continue;
    }
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    badEscapes.push(i + 1);
    value += next;
    i++;
  }
  return { value, badEscapes };
}

/** The PSL source text for a string value: quoted, with `"`, `\` and control characters escaped. */
export function encodeString(value: string): string {
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\0':
        out += '\\0';
        break;
      default: {
        const code = ch.charCodeAt(0);
        out += code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
      }
    }
  }
  return `${out}"`;
}
