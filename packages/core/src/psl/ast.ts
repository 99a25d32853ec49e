/**
 * The PSL syntax tree. It is concrete enough to reprint a file with every comment and blank
 * line in place (the formatter works on it), and every node has a span.
 *
 * The tree says nothing about meaning: `@relation` is just an attribute named `relation`,
 * `String` just a type name. `schema/build.ts` turns it into the semantic model.
 *
 * The parser builds these shapes as the classes of `nodes.ts`, which keep offsets and make a
 * `SourceSpan` (see `spans.ts`) each time `span` is read: it reads like any `Span`
 * (`span.start.line`) and computes its positions on access; `plainSpan(span)` gives plain data.
 */
import type { Span } from './spans.js';

export interface Identifier {
  readonly name: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions: attribute arguments, defaults and datasource/generator values.

export interface StringLiteral {
  readonly kind: 'string';
  /** The decoded value (escapes resolved). */
  readonly value: string;
  /** The source text, quotes included, as written. */
  readonly raw: string;
  readonly span: Span;
}

export interface NumberLiteral {
  readonly kind: 'number';
  /** The literal as written (`-1`, `3.50`): kept as text so no precision is lost. */
  readonly value: string;
  readonly span: Span;
}

/** `[a, b, c]` */
export interface ArrayExpression {
  readonly kind: 'array';
  readonly items: readonly Expression[];
  readonly span: Span;
}

/** `now()`, `env("DATABASE_URL")`, `raw("gin_trgm_ops")`, `uuid(7)`: a name followed by arguments. */
export interface FunctionCall {
  readonly kind: 'call';
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: ArgumentList;
  readonly span: Span;
}

/** A bare identifier or dotted path: `true`, `Cascade`, `ADMIN`, `Desc`, `BTree`. */
export interface PathExpression {
  readonly kind: 'path';
  readonly name: string;
  readonly span: Span;
}

/**
 * A field reference with its own arguments inside an index list: `email(ops: raw("..."))`,
 * `title(sort: Desc, length: 10)`. Syntactically a function call; kept as one.
 */
export type Expression = StringLiteral | NumberLiteral | ArrayExpression | FunctionCall | PathExpression;

/** One argument: positional (`[id]`) or named (`fields: [id]`). */
export interface Argument {
  readonly name?: Identifier;
  /** Missing only in the incomplete form `name:` with no value, which is reported as an error. */
  readonly value?: Expression;
  readonly span: Span;
}

export interface ArgumentList {
  readonly args: readonly Argument[];
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Attributes

/** `@id`, `@db.VarChar(255)`, `@@index([a, b], map: "x")`. */
export interface Attribute {
  /** `field` for `@name`, `block` for `@@name`. */
  readonly scope: 'field' | 'block';
  /** The name without the `@`s, dotted for native types: `id`, `db.VarChar`. */
  readonly name: string;
  readonly nameSpan: Span;
  /** Undefined when written without parentheses (`@id`), an empty list for `@id()`. */
  readonly args?: ArgumentList;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Lines inside blocks

export interface Comment {
  readonly kind: 'comment';
  /** The text including the leading `//` or `///`, up to (not including) the line end. */
  readonly text: string;
  /** True for `///` documentation comments. */
  readonly doc: boolean;
  readonly span: Span;
}

/** One empty line (only whitespace). Runs of empty lines are kept as they are in the tree. */
export interface EmptyLine {
  readonly kind: 'empty';
  readonly span: Span;
}

/** A line the parser could not make sense of; kept verbatim so the formatter does not drop it. */
export interface InvalidLine {
  readonly kind: 'invalid';
  readonly text: string;
  readonly span: Span;
}

/** `String`, `Post[]`, `Int?`, `Unsupported("tsvector")?`. */
export interface FieldType {
  readonly name: string;
  readonly nameSpan: Span;
  /** For `Unsupported("...")`: the string argument. */
  readonly unsupported?: StringLiteral;
  readonly optional: boolean;
  readonly list: boolean;
  readonly span: Span;
}

export interface FieldDeclaration {
  readonly kind: 'field';
  readonly name: Identifier;
  readonly type: FieldType;
  readonly attributes: readonly Attribute[];
  /** A comment after the declaration on the same line. */
  readonly trailingComment?: Comment;
  readonly span: Span;
}

/** `@@id(...)`, `@@map("x")`, ... inside a model, view, type or enum. */
export interface BlockAttributeLine {
  readonly kind: 'block-attribute';
  readonly attribute: Attribute;
  readonly trailingComment?: Comment;
  readonly span: Span;
}

/** A value inside an `enum` block: `ADMIN @map("admin")`. */
export interface EnumValueDeclaration {
  readonly kind: 'enum-value';
  readonly name: Identifier;
  readonly attributes: readonly Attribute[];
  readonly trailingComment?: Comment;
  readonly span: Span;
}

/** `provider = "postgresql"` inside a `datasource` or `generator` block. */
export interface KeyValue {
  readonly kind: 'key-value';
  readonly key: Identifier;
  readonly value: Expression;
  readonly trailingComment?: Comment;
  readonly span: Span;
}

export type Trivia = Comment | EmptyLine | InvalidLine;
export type ModelMember = FieldDeclaration | BlockAttributeLine | Trivia;
export type EnumMember = EnumValueDeclaration | BlockAttributeLine | Trivia;
export type ConfigMember = KeyValue | Trivia;

// ---------------------------------------------------------------------------------------------
// Blocks

interface BlockBase {
  readonly name: Identifier;
  /** The keyword token (`model`, `enum`, ...). */
  readonly keywordSpan: Span;
  /** A comment after the opening `{` on the same line. */
  readonly openComment?: Comment;
  /** A comment after the closing `}` on the same line. */
  readonly closeComment?: Comment;
  readonly span: Span;
}

/** `model`, `view` and composite `type` blocks share one syntax. */
export interface ModelBlock extends BlockBase {
  readonly kind: 'model' | 'view' | 'type';
  readonly members: readonly ModelMember[];
}

export interface EnumBlock extends BlockBase {
  readonly kind: 'enum';
  readonly members: readonly EnumMember[];
}

export interface ConfigBlock extends BlockBase {
  readonly kind: 'datasource' | 'generator';
  readonly members: readonly ConfigMember[];
}

export type Block = ModelBlock | EnumBlock | ConfigBlock;
export type TopLevelItem = Block | Trivia;

export interface SchemaFileAst {
  readonly path: string;
  readonly items: readonly TopLevelItem[];
  /** The whole file. */
  readonly span: Span;
}

/** A schema: one file, or every `.prisma` file of a schema folder. */
export interface SchemaAst {
  readonly files: readonly SchemaFileAst[];
}

export function isBlock(item: TopLevelItem): item is Block {
  return (
    item.kind === 'model' ||
    item.kind === 'view' ||
    item.kind === 'type' ||
    item.kind === 'enum' ||
    item.kind === 'datasource' ||
    item.kind === 'generator'
  );
}

/** Iterate over every block of every file, in file order. */
export function* blocksOf(ast: SchemaAst): Generator<Block> {
  for (const file of ast.files) for (const item of file.items) if (isBlock(item)) yield item;
}

/** The `name: value` argument of a list, if present. */
export function namedArgument(args: ArgumentList | undefined, name: string): Argument | undefined {
  return args?.args.find((a) => a.name?.name === name);
}

/** The positional arguments of a list, in order. */
export function positionalArguments(args: ArgumentList | undefined): Argument[] {
  return args === undefined ? [] : args.args.filter((a) => a.name === undefined);
}
