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
 * The offsets are private fields, so a node's own properties are exactly those of its
 * `ast.ts` interface; `toJSON` adds the span, as a plain object would have it.
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
import { type LineIndex, SourceSpan } from './spans.js';

abstract class Located {
  readonly #lines: LineIndex;
  readonly #start: number;
  readonly #end: number;

  constructor(lines: LineIndex, start: number, end: number) {
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
  }

  get span(): SourceSpan {
    return new SourceSpan(this.#lines, this.#start, this.#end);
  }

  get startOffset(): number {
    return this.#start;
  }

  get endOffset(): number {
    return this.#end;
  }

  /** A span in the same file (for the name spans some nodes have besides their own). */
  protected spanAt(start: number, end: number): SourceSpan {
    return new SourceSpan(this.#lines, start, end);
  }

  toJSON(): object {
    return { ...this, span: this.span };
  }
}

export class IdentifierNode extends Located implements Identifier {
  constructor(
    readonly name: string,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

export class StringLiteralNode extends Located implements StringLiteral {
  readonly kind = 'string';
  constructor(
    readonly value: string,
    readonly raw: string,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

export class NumberLiteralNode extends Located implements NumberLiteral {
  readonly kind = 'number';
  constructor(
    readonly value: string,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

export class ArrayExpressionNode extends Located implements ArrayExpression {
  readonly kind = 'array';
  constructor(
    readonly items: readonly Expression[],
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

export class PathExpressionNode extends Located implements PathExpression {
  readonly kind = 'path';
  constructor(
    readonly name: string,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

export type ExpressionNode =
  | StringLiteralNode
  | NumberLiteralNode
  | ArrayExpressionNode
  | FunctionCallNode
  | PathExpressionNode;

/** `now()`, `env("X")`: the name runs from the node's start to `nameEnd`. */
export class FunctionCallNode extends Located implements FunctionCall {
  readonly kind = 'call';
  readonly #nameEnd: number;
  constructor(
    readonly name: string,
    readonly args: ArgumentList,
    nameEnd: number,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.#nameEnd = nameEnd;
  }

  get nameSpan(): SourceSpan {
    return this.spanAt(this.startOffset, this.#nameEnd);
  }

  override toJSON(): object {
    return { ...super.toJSON(), nameSpan: this.nameSpan };
  }
}

export class ArgumentNode extends Located implements Argument {
  constructor(
    readonly name: Identifier | undefined,
    readonly value: Expression | undefined,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

export class ArgumentListNode extends Located implements ArgumentList {
  constructor(
    readonly args: readonly Argument[],
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

/** `@name(...)` / `@@name(...)`: the name (without the `@`s) is `[nameStart, nameEnd)`. */
export class AttributeNode extends Located implements Attribute {
  readonly #nameStart: number;
  readonly #nameEnd: number;
  constructor(
    readonly scope: 'field' | 'block',
    readonly name: string,
    readonly args: ArgumentList | undefined,
    nameStart: number,
    nameEnd: number,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.#nameStart = nameStart;
    this.#nameEnd = nameEnd;
  }

  get nameSpan(): SourceSpan {
    return this.spanAt(this.#nameStart, this.#nameEnd);
  }

  override toJSON(): object {
    return { ...super.toJSON(), nameSpan: this.nameSpan };
  }
}

export class CommentNode extends Located implements Comment {
  readonly kind = 'comment';
  constructor(
    readonly text: string,
    readonly doc: boolean,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

export class EmptyLineNode extends Located {
  readonly kind = 'empty';
}

export class InvalidLineNode extends Located {
  readonly kind = 'invalid';
  constructor(
    readonly text: string,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

/** `Int?`, `Post[]`, `Unsupported("x")`: the type name runs from the node's start to `nameEnd`. */
export class FieldTypeNode extends Located implements FieldType {
  readonly #nameEnd: number;
  constructor(
    readonly name: string,
    readonly unsupported: StringLiteral | undefined,
    readonly optional: boolean,
    readonly list: boolean,
    nameEnd: number,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.#nameEnd = nameEnd;
  }

  get nameSpan(): SourceSpan {
    return this.spanAt(this.startOffset, this.#nameEnd);
  }

  override toJSON(): object {
    return { ...super.toJSON(), nameSpan: this.nameSpan };
  }
}

export class FieldDeclarationNode extends Located {
  readonly kind = 'field';
  constructor(
    readonly name: Identifier,
    readonly type: FieldType,
    readonly attributes: readonly Attribute[],
    readonly trailingComment: Comment | undefined,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

/** A `@@...` line: its span is its attribute's. */
export class BlockAttributeLineNode extends Located {
  readonly kind = 'block-attribute';
  constructor(
    readonly attribute: AttributeNode,
    readonly trailingComment: Comment | undefined,
    lines: LineIndex,
  ) {
    super(lines, attribute.startOffset, attribute.endOffset);
  }
}

export class EnumValueDeclarationNode extends Located {
  readonly kind = 'enum-value';
  constructor(
    readonly name: Identifier,
    readonly attributes: readonly Attribute[],
    readonly trailingComment: Comment | undefined,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

export class KeyValueNode extends Located {
  readonly kind = 'key-value';
  constructor(
    readonly key: Identifier,
    readonly value: Expression,
    readonly trailingComment: Comment | undefined,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
  }
}

/** Every kind of block (one class: they differ only in their members); the keyword is `[start, keywordEnd)`. */
export class BlockNode extends Located {
  readonly #keywordEnd: number;
  constructor(
    readonly kind: Block['kind'],
    readonly name: Identifier,
    readonly members: readonly (ModelMember | EnumMember | ConfigMember)[],
    readonly openComment: Comment | undefined,
    readonly closeComment: Comment | undefined,
    keywordEnd: number,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(lines, start, end);
    this.#keywordEnd = keywordEnd;
  }

  get keywordSpan(): SourceSpan {
    return this.spanAt(this.startOffset, this.#keywordEnd);
  }

  override toJSON(): object {
    return { ...super.toJSON(), keywordSpan: this.keywordSpan };
  }
}
