/**
 * The syntax tree nodes the parser builds: the shapes of `ast.ts`, as classes whose spans are
 * made when read.
 *
 * Why classes: a large schema has hundreds of thousands of nodes. With a span object stored in
 * every node, spans were a third of the tree and the garbage collector copied all of them
 * (twice) while parsing. A node keeps two offsets instead, and `span` builds the `SourceSpan`
 * on demand: the validator reads a span only to report a diagnostic or to keep it in the model.
 * One class per node type also gives every node of a type the same shape, which keeps the code
 * that walks the tree fast. Optional children are always present, `undefined` when absent.
 *
 * Besides the properties of its `ast.ts` interface, a node is a `TextRange`: its file's `lines`
 * and its `startOffset`/`endOffset` (and, for the nodes with a name span, where the name is).
 * They are plain properties: as private fields they cost an extra initializer call per node,
 * about a quarter of the parse time on the 2,000-model benchmark (measured). For the same
 * reason the properties are `declare`d and assigned in the constructors: TypeScript's
 * parameter properties and field declarations would emit field definitions, run by an
 * initializer before the constructor body. `toJSON` gives the node as `ast.ts` describes it,
 * with spans instead of `lines` and offsets.
 */
import type {
  Argument,
  ArgumentList,
  ArrayExpression,
  Attribute,
  Block,
  Comment,
  ConfigMember,
  EnumMember,
  Expression,
  FieldType,
  FunctionCall,
  Identifier,
  ModelMember,
  NumberLiteral,
  PathExpression,
  StringLiteral,
} from './ast.js';
import { type LineIndex, SourceSpan, TextRange } from './spans.js';

abstract class Located extends TextRange {
  get span(): SourceSpan {
    return new SourceSpan(this.lines, this.startOffset, this.endOffset);
  }

  /** A span in the same file (for the name and keyword spans some nodes have besides their own). */
  protected spanAt(start: number, end: number): SourceSpan {
    return new SourceSpan(this.lines, start, end);
  }

  /** The node as plain data, as `ast.ts` describes it: its span instead of offsets. */
  toJSON(): object {
    const { lines: _lines, startOffset: _start, endOffset: _end, ...node } = this;
    return { ...node, span: this.span };
  }
}

/**
 * A node with a name span besides its own: an attribute's name (without the `@`s), a called
 * function's name, a field type's name. The name is `[nameStart, nameEnd)`.
 */
abstract class NamedLocated extends Located {
  declare readonly nameStart: number;
  declare readonly nameEnd: number;

  constructor(nameStart: number, nameEnd: number, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
  }

  get nameSpan(): SourceSpan {
    return this.spanAt(this.nameStart, this.nameEnd);
  }

  override toJSON(): object {
    const { nameStart: _start, nameEnd: _end, ...node } = super.toJSON() as Record<string, unknown>;
    return { ...node, nameSpan: this.nameSpan };
  }
}

export class IdentifierNode extends Located implements Identifier {
  declare readonly name: string;
  constructor(name: string, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.name = name;
  }
}

export class StringLiteralNode extends Located implements StringLiteral {
  declare readonly kind: 'string';
  declare readonly value: string;
  declare readonly raw: string;
  constructor(value: string, raw: string, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'string';
    this.value = value;
    this.raw = raw;
  }
}

export class NumberLiteralNode extends Located implements NumberLiteral {
  declare readonly kind: 'number';
  declare readonly value: string;
  constructor(value: string, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'number';
    this.value = value;
  }
}

export class ArrayExpressionNode extends Located implements ArrayExpression {
  declare readonly kind: 'array';
  declare readonly items: readonly Expression[];
  constructor(items: readonly Expression[], lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'array';
    this.items = items;
  }
}

export class PathExpressionNode extends Located implements PathExpression {
  declare readonly kind: 'path';
  declare readonly name: string;
  constructor(name: string, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'path';
    this.name = name;
  }
}

export type ExpressionNode =
  | StringLiteralNode
  | NumberLiteralNode
  | ArrayExpressionNode
  | FunctionCallNode
  | PathExpressionNode;

/** `now()`, `env("X")`: the name runs from the node's start to `nameEnd`. */
export class FunctionCallNode extends NamedLocated implements FunctionCall {
  declare readonly kind: 'call';
  declare readonly name: string;
  declare readonly args: ArgumentList;
  constructor(name: string, args: ArgumentList, nameEnd: number, lines: LineIndex, start: number, end: number) {
    super(start, nameEnd, lines, start, end);
    this.kind = 'call';
    this.name = name;
    this.args = args;
  }
}

export class ArgumentNode extends Located implements Argument {
  declare readonly name: Identifier | undefined;
  declare readonly value: Expression | undefined;
  constructor(
    name: Identifier | undefined,
    value: Expression | undefined,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.name = name;
    this.value = value;
  }
}

export class ArgumentListNode extends Located implements ArgumentList {
  declare readonly args: readonly Argument[];
  constructor(args: readonly Argument[], lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.args = args;
  }
}

/** `@name(...)` / `@@name(...)`. */
export class AttributeNode extends NamedLocated implements Attribute {
  declare readonly scope: 'field' | 'block';
  declare readonly name: string;
  declare readonly args: ArgumentList | undefined;
  constructor(
    scope: 'field' | 'block',
    name: string,
    args: ArgumentList | undefined,
    nameStart: number,
    nameEnd: number,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(nameStart, nameEnd, lines, start, end);
    this.scope = scope;
    this.name = name;
    this.args = args;
  }
}

export class CommentNode extends Located implements Comment {
  declare readonly kind: 'comment';
  declare readonly text: string;
  declare readonly doc: boolean;
  constructor(text: string, doc: boolean, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'comment';
    this.text = text;
    this.doc = doc;
  }
}

export class EmptyLineNode extends Located {
  declare readonly kind: 'empty';
  constructor(lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'empty';
  }
}

export class InvalidLineNode extends Located {
  declare readonly kind: 'invalid';
  declare readonly text: string;
  constructor(text: string, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kind = 'invalid';
    this.text = text;
  }
}

/** `Int?`, `Post[]`, `Unsupported("x")`: the type name runs from the node's start to `nameEnd`. */
export class FieldTypeNode extends NamedLocated implements FieldType {
  declare readonly name: string;
  declare readonly unsupported: StringLiteral | undefined;
  declare readonly optional: boolean;
  declare readonly list: boolean;
  constructor(
    name: string,
    unsupported: StringLiteral | undefined,
    optional: boolean,
    list: boolean,
    nameEnd: number,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(start, nameEnd, lines, start, end);
    this.name = name;
    this.unsupported = unsupported;
    this.optional = optional;
    this.list = list;
  }
}

export class FieldDeclarationNode extends Located {
  declare readonly kind: 'field';
  declare readonly name: Identifier;
  declare readonly type: FieldType;
  declare readonly attributes: readonly Attribute[];
  declare readonly trailingComment: Comment | undefined;
  constructor(
    name: Identifier,
    type: FieldType,
    attributes: readonly Attribute[],
    trailingComment: Comment | undefined,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.kind = 'field';
    this.name = name;
    this.type = type;
    this.attributes = attributes;
    this.trailingComment = trailingComment;
  }
}

/** A `@@...` line: its span is its attribute's. */
export class BlockAttributeLineNode extends Located {
  declare readonly kind: 'block-attribute';
  declare readonly attribute: AttributeNode;
  declare readonly trailingComment: Comment | undefined;
  constructor(attribute: AttributeNode, trailingComment: Comment | undefined, lines: LineIndex) {
    super(lines, attribute.startOffset, attribute.endOffset);
    this.kind = 'block-attribute';
    this.attribute = attribute;
    this.trailingComment = trailingComment;
  }
}

export class EnumValueDeclarationNode extends Located {
  declare readonly kind: 'enum-value';
  declare readonly name: Identifier;
  declare readonly attributes: readonly Attribute[];
  declare readonly trailingComment: Comment | undefined;
  constructor(
    name: Identifier,
    attributes: readonly Attribute[],
    trailingComment: Comment | undefined,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.kind = 'enum-value';
    this.name = name;
    this.attributes = attributes;
    this.trailingComment = trailingComment;
  }
}

export class KeyValueNode extends Located {
  declare readonly kind: 'key-value';
  declare readonly key: Identifier;
  declare readonly value: Expression;
  declare readonly trailingComment: Comment | undefined;
  constructor(
    key: Identifier,
    value: Expression,
    trailingComment: Comment | undefined,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.kind = 'key-value';
    this.key = key;
    this.value = value;
    this.trailingComment = trailingComment;
  }
}

/** Every kind of block (one class: they differ only in their members); the keyword is `[start, keywordEnd)`. */
export class BlockNode extends Located {
  declare readonly keywordEnd: number;
  declare readonly kind: Block['kind'];
  declare readonly name: Identifier;
  declare readonly members: readonly (ModelMember | EnumMember | ConfigMember)[];
  declare readonly openComment: Comment | undefined;
  declare readonly closeComment: Comment | undefined;
  constructor(
    kind: Block['kind'],
    name: Identifier,
    members: readonly (ModelMember | EnumMember | ConfigMember)[],
    openComment: Comment | undefined,
    closeComment: Comment | undefined,
    keywordEnd: number,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.kind = kind;
    this.name = name;
    this.members = members;
    this.openComment = openComment;
    this.closeComment = closeComment;
    this.keywordEnd = keywordEnd;
  }

  get keywordSpan(): SourceSpan {
    return this.spanAt(this.startOffset, this.keywordEnd);
  }

  override toJSON(): object {
    const { keywordEnd: _end, ...node } = super.toJSON() as Record<string, unknown>;
    return { ...node, keywordSpan: this.keywordSpan };
  }
}
