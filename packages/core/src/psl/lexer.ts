/**
 * The PSL lexer. The language is line-oriented (a field ends at the end of its line), so
 * newlines are tokens. No token spans two lines, which keeps position bookkeeping trivial:
 * a token's end is on its start line.
 *
 * The lexer never fails: characters it does not understand become `unknown` tokens and the
 * parser reports them with the rest of the line.
 *
 * The parser reads tokens from a `TokenStream` (columns of kinds and offsets, no object per
 * token); `tokenize()` gives the same tokens as `Token` objects for tools and tests.
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

/**
 * Character codes. An enum: the build (esbuild) inlines every use as a number literal, so the
 * lexer's loops read no variable per comparison (a cold CLI process runs them unoptimized, where
 * each module-level constant is a load with a check that it is initialized).
 */
enum Ch {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  Quote = 34,
  Slash = 47,
  Minus = 45,
  Dot = 46,
  At = 64,
  Backslash = 92,
  Underscore = 95,
}

/**
 * The word table's hash: h * 31 + c, kept to 24 bits. Every intermediate value stays a small
 * integer (no heap number in unoptimized code, no `Math.imul` call per character).
 */
enum Hash {
  Seed = 5381,
  Mask = 0xffffff,
}

/**
 * ASCII character classes, one table lookup per character (the lexer's inner loops run once
 * per character of the schema). Identifiers are letters, digits, `_` and `-`; like Prisma, one
 * cannot start with `_` or `-` (names starting with a digit are lexed as identifiers and
 * rejected by the validator with a clearer message).
 */
enum Class {
  IdentChar = 1,
  IdentStart = 2,
}
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letterOrDigit = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (letterOrDigit) ASCII_CLASS[c] = Class.IdentChar | Class.IdentStart;
  else if (c === Ch.Underscore || c === Ch.Minus) ASCII_CLASS[c] = Class.IdentChar;
}

function isIdentStart(c: number): boolean {
  return c < 128 && ((ASCII_CLASS[c] as number) & Class.IdentStart) !== 0;
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

/**
 * Token kinds as small integers: the token stream stores them in a byte array. `TOKEN_KINDS`
 * gives the name of each code; the parser compares names (interned strings, so comparisons are
 * pointer comparisons).
 */
export const TOKEN_KINDS: readonly TokenKind[] = [
  'ident',
  'string',
  'number',
  'lbrace',
  'rbrace',
  'lparen',
  'rparen',
  'lbracket',
  'rbracket',
  'comma',
  'colon',
  'equals',
  'question',
  'bang',
  'at',
  'atat',
  'dot',
  'comment',
  'doc-comment',
  'newline',
  'unknown',
  'eof',
];

/** The codes of `TOKEN_KINDS` the lexer and the parser name (inlined by the build, as `Ch`). */
export enum K {
  Ident = 0,
  String = 1,
  Number = 2,
  At = 14,
  AtAt = 15,
  Comment = 17,
  DocComment = 18,
  Newline = 19,
  Unknown = 20,
  Eof = 21,
}

/** Punctuation character code -> kind code (0 = not punctuation; `ident` is never punctuation). */
const PUNCTUATION = new Uint8Array(128);
PUNCTUATION[123] = 3; // {
PUNCTUATION[125] = 4; // }
PUNCTUATION[40] = 5; // (
PUNCTUATION[41] = 6; // )
PUNCTUATION[91] = 7; // [
PUNCTUATION[93] = 8; // ]
PUNCTUATION[44] = 9; // ,
PUNCTUATION[58] = 10; // :
PUNCTUATION[61] = 11; // =
PUNCTUATION[63] = 12; // ?
PUNCTUATION[33] = 13; // !
PUNCTUATION[46] = 16; // .

const NUMBER_RE = /^-?\d+(\.\d+)?$/;

interface Columns {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly wordIds: Int32Array;
}

/** The columns of the last released stream (parsing is synchronous: one spare set is enough). */
let spareColumns: Columns | undefined;

function takeColumns(capacity: number): Columns {
  const spare = spareColumns;
  if (spare !== undefined && spare.kinds.length >= capacity) {
    spareColumns = undefined;
    return spare;
  }
  return {
    kinds: new Uint8Array(capacity),
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    wordIds: new Int32Array(capacity),
  };
}

function releaseColumns(columns: Columns): void {
  if (spareColumns === undefined || spareColumns.kinds.length < columns.kinds.length) spareColumns = columns;
}

/**
 * Every token of one text, stored column-wise: a kind byte, a start and an end offset per token,
 * and for identifiers and numbers the index of their (interned) text. A token is its index in
 * the stream.
 *
 * Why not one object per token: a large schema has hundreds of thousands of tokens, and token
 * objects were half of everything the parser allocated (and most of its garbage-collection
 * time). Here the whole file costs four typed arrays, which the garbage collector never scans,
 * and an index stays valid for the whole parse (the parser can hold a token from an earlier line).
 */
export class TokenStream {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** For identifier and number tokens: the index of their text in `words`; -1 for the others. */
  wordIds: Int32Array;
  /** `string` tokens whose closing quote is missing (rare: a set, not a column). */
  readonly unterminated = new Set<number>();
  private readonly words: WordTable;
  /** Where the next line to lex starts. */
  private offset = 0;
  private finished = false;

  constructor(readonly text: string) {
    // Real schemas have about one token per 4 characters: room for twice that means the
    // columns almost never grow (and the spare set is reused from one parse to the next).
    const columns = takeColumns(64 + (text.length >> 1));
    // About one distinct word per 100 characters in real schemas: the table rarely grows.
    this.words = new WordTable(text.length / 100);
    this.kinds = columns.kinds;
    this.starts = columns.starts;
    this.ends = columns.ends;
    this.wordIds = columns.wordIds;
    this.scanNextLine();
  }

  /**
   * Hands the columns back for the next stream to reuse; the stream must not be read after
   * this. Large typed arrays live outside the JavaScript heap, and allocating megabytes of them
   * on every parse makes V8 run extra full garbage collections to reclaim them.
   */
  release(): void {
    releaseColumns({ kinds: this.kinds, starts: this.starts, ends: this.ends, wordIds: this.wordIds });
    this.count = 0;
  }

  kind(t: number): TokenKind {
    return TOKEN_KINDS[this.kinds[t] as number] as TokenKind;
  }

  /**
   * The token's source text (`''` for `eof`). Identifiers and numbers come from the word table:
   * the same name is always the same string, so a large syntax tree does not hold thousands
   * of copies of `id` or `createdAt`. Other tokens are cut from the text when asked for.
   */
  textOf(t: number): string {
    const word = this.wordIds[t] as number;
    return word >= 0 ? this.words.word(word) : this.text.slice(this.starts[t], this.ends[t]);
  }

  /** The source text from `start` to `end` as an interned word (for dotted names such as `db.VarChar`). */
  wordAt(start: number, end: number): string {
    return this.words.word(this.words.intern(this.text, start, end));
  }

  private push(kind: number, start: number, end: number, word: number): void {
    const i = this.count;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.wordIds[i] = word;
    this.count = i + 1;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const wordIds = new Int32Array(size);
    wordIds.set(this.wordIds);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
    this.wordIds = wordIds;
  }

  /**
   * Lexes the next line (its tokens up to and including its newline, or up to `eof` on the last
   * line); the parser calls this when it reaches the end of what was lexed. Lexing on demand,
   * one line per call, keeps `scanLine` small and called often, so V8 optimizes it early and
   * keeps it optimized (one call looping over a whole file would run in the interpreter until
   * on-stack replacement kicks in, on every parse). Every line ends with a `newline` or `eof`
   * token, so the parser can look along the current line without checking what was lexed.
   */
  scanNextLine(): void {
    if (this.finished) return;
    this.offset = this.scanLine(this.offset);
    if (this.offset >= this.text.length) this.pushEof();
  }

  /** Lexes what is left: the whole text has tokens afterwards. */
  scanAll(): void {
    while (!this.finished) this.scanNextLine();
  }

  private pushEof(): void {
    const n = this.text.length;
    this.push(K.Eof, n, n, -1);
    this.finished = true;
  }

  /** The tokens from offset `i` to the end of its line (its newline included); returns where the next line starts. */
  private scanLine(from: number): number {
    const text = this.text;
    const n = text.length;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === Ch.Space || c === Ch.Tab || ((c < 32 || c > 127) && isOtherSpace(c))) {
        i++;
        continue;
      }
      if (c === Ch.Lf || c === Ch.Cr) {
        const len = c === Ch.Cr && text.charCodeAt(i + 1) === Ch.Lf ? 2 : 1;
        this.push(K.Newline, i, i + len, -1);
        return i + len;
      }
      if (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Slash) {
        const start = i;
        while (i < n && text.charCodeAt(i) !== Ch.Lf && text.charCodeAt(i) !== Ch.Cr) i++;
        this.push(text.charCodeAt(start + 2) === Ch.Slash ? K.DocComment : K.Comment, start, i, -1);
        continue;
      }
      if (c === Ch.Quote) {
        const start = i;
        i++;
        let closed = false;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === Ch.Lf || d === Ch.Cr) break;
          if (d === Ch.Backslash) {
            // An escaped character never ends the string (but a line end still does).
            const next = text.charCodeAt(i + 1);
            i += next === Ch.Lf || next === Ch.Cr || Number.isNaN(next) ? 1 : 2;
            continue;
          }
          i++;
          if (d === Ch.Quote) {
            closed = true;
            break;
          }
        }
        if (!closed) this.unterminated.add(this.count);
        this.push(K.String, start, i, -1);
        continue;
      }
      if (c === Ch.Minus && isDigit(text.charCodeAt(i + 1))) {
        // A negative number: `-` never starts an identifier.
        const start = i;
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
        if (text.charCodeAt(i) === Ch.Dot && isDigit(text.charCodeAt(i + 1))) {
          i++;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
        this.push(K.Number, start, i, this.words.intern(text, start, i));
        continue;
      }
      if (isIdentStart(c)) {
        const start = i;
        // The word table's hash, computed in the same pass that finds the end of the word (the
        // character class test is written out: a call per character is the cost in cold code).
        let hash = (Hash.Seed * 31 + c) & Hash.Mask;
        i++;
        for (; i < n; i++) {
          const d = text.charCodeAt(i);
          if (d >= 128 || ((ASCII_CLASS[d] as number) & Class.IdentChar) === 0) break;
          hash = (hash * 31 + d) & Hash.Mask;
        }
        const wordEnd = i;
        let kind = K.Ident;
        if (isDigit(c)) {
          // `3.14`: a run of digits followed by `.digits` is one number, not `3` `.` `14`.
          if (text.charCodeAt(i) === Ch.Dot && isDigit(text.charCodeAt(i + 1))) {
            const save = i;
            i++;
            while (i < n && isDigit(text.charCodeAt(i))) i++;
            if (!NUMBER_RE.test(text.slice(start, i))) i = save;
          }
          if (NUMBER_RE.test(text.slice(start, i))) kind = K.Number;
        }
        const word = i === wordEnd ? this.words.internHashed(text, start, i, hash) : this.words.intern(text, start, i);
        this.push(kind, start, i, word);
        continue;
      }
      if (c === Ch.At) {
        const len = text.charCodeAt(i + 1) === 64 ? 2 : 1;
        this.push(len === 2 ? K.AtAt : K.At, i, i + len, -1);
        i += len;
        continue;
      }
      const punct = c < 128 ? (PUNCTUATION[c] as number) : 0;
      if (punct !== 0) {
        this.push(punct, i, i + 1, -1);
        i++;
        continue;
      }
      // Keep a surrogate pair together so the unknown token is one visible character.
      const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      this.push(K.Unknown, i, i + width, -1);
      i += width;
    }
    return i;
  }
}

/**
 * Interned words (identifiers, numbers): an open-addressing hash table over the source text.
 * A lookup hashes and compares the characters in place, so a word that was seen before costs
 * no string at all; only new words are cut from the text.
 */
class WordTable {
  private readonly words: string[] = [];
  /** Word index + 1 per slot (0 = empty); the length is a power of two, at most half full. */
  private slots: Int32Array;

  constructor(expectedWords: number) {
    let size = 1024;
    while (size < expectedWords * 2) size *= 2;
    this.slots = new Int32Array(size);
  }

  word(id: number): string {
    return this.words[id] as string;
  }

  intern(text: string, start: number, end: number): number {
    let hash = Hash.Seed;
    for (let i = start; i < end; i++) hash = (hash * 31 + text.charCodeAt(i)) & Hash.Mask;
    return this.internHashed(text, start, end, hash);
  }

  /** `intern` when the caller has already hashed the word (`Hash.Seed`, then h * 31 + c over its UTF-16 units). */
  internHashed(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const mask = this.slots.length - 1;
    // The probe starts one slot early and steps on every lookup, not only after a collision:
    // collisions are rare at first, and a step V8 has never run would throw the lexer's
    // optimized code away at the first collision (then recompile it, slowly, mid-parse).
    let slot = (hash - 1) & mask;
    for (;;) {
      slot = (slot + 1) & mask;
      const entry = this.slots[slot] as number;
      if (entry === 0) break;
      const word = this.words[entry - 1] as string;
      if (word.length === length && text.startsWith(word, start)) return entry - 1;
    }
    const id = this.words.length;
    this.words.push(text.slice(start, end));
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      const word = this.words[id] as string;
      let hash = Hash.Seed;
      for (let i = 0; i < word.length; i++) hash = (hash * 31 + word.charCodeAt(i)) & Hash.Mask;
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

/** Every token of a text, ending with `eof`, as objects (for tools and tests; the parser reads a `TokenStream`). */
export function tokenize(text: string): Token[] {
  const stream = new TokenStream(text);
  stream.scanAll();
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  for (let t = 0; t < stream.count; t++) {
    const offset = stream.starts[t] as number;
    const kind = stream.kind(t);
    tokens.push({
      kind,
      text: stream.textOf(t),
      offset,
      line,
      column: offset - lineStart + 1,
      unterminated: stream.unterminated.has(t),
    });
    if (kind === 'newline') {
      line++;
      lineStart = stream.ends[t] as number;
    }
  }
  stream.release();
  return tokens;
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
