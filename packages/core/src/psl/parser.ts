/**
 * A recovering PSL parser. PSL is line-oriented: a field, an enum value, a block attribute or a
 * `key = value` pair is exactly one line. So recovery is simple and predictable: when a line
 * cannot be parsed, it is reported once and kept verbatim as an `InvalidLine`, and parsing
 * resumes at the next line. One typo never hides the errors after it.
 */

import type {
  Attribute,
  Block,
  Comment,
  ConfigMember,
  EnumMember,
  FieldType,
  InvalidLine,
  ModelMember,
  SchemaAst,
  SchemaFileAst,
  StringLiteral,
  TopLevelItem,
} from './ast.js';
import type { Diagnostic, SourceFile } from './diagnostic.js';
import { ExpressionParser } from './expression-parser.js';
import {
  BlockAttributeLineNode,
  BlockNode,
  EnumValueDeclarationNode,
  FieldDeclarationNode,
  FieldTypeNode,
  KeyValueNode,
} from './nodes.js';
import { SYNTAX } from './syntax-codes.js';
import { LineError, type Tok } from './token-cursor.js';

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

class FileParser extends ExpressionParser {
  parseFile(): SchemaFileAst {
    const items: TopLevelItem[] = [];
    while (this.peekKind() !== 'eof') {
      const t = this.peek();
      const kind = this.kindOf(t);
      if (kind === 'newline') {
        items.push(this.emptyLine());
      } else if (kind === 'comment' || kind === 'doc-comment') {
        items.push(this.comment());
        this.expectLineEnd();
      } else if (kind === 'ident' && BLOCK_KEYWORDS.has(this.textOf(t)) && this.kindOf(this.peekAt(1)) === 'ident') {
        items.push(...this.block());
      } else {
        items.push(...this.invalidTopLevel());
      }
    }
    const span = this.offsetSpan(0, this.startOf(this.peek()));
    this.stream.release();
    return { path: this.file, items, span };
  }

  // ------------------------------------------------------------------------------------------
  // Blocks

  /** A block, or (when its header is broken) the lines it covers as invalid lines. */
  private block(): TopLevelItem[] {
    const keyword = this.next();
    const kind = this.textOf(keyword) as Block['kind'];
    const nameTok = this.next();
    const name = this.identifier(nameTok);
    if (this.peekKind() !== 'lbrace') {
      // `type Alias = String` (Prisma 2 type aliases) and other non-blocks.
      this.pos -= 2;
      const lineStart = this.peek();
      const isAlias = kind === 'type' && this.kindOf(this.peekAt(2)) === 'equals';
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
              `Expected \`{\` after \`${this.textOf(keyword)} ${this.textOf(nameTok)}\`.`,
              this.tokenSpan(this.peekAt(2)),
            ),
      );
    }
    this.next(); // {
    const openComment = this.trailingComment();
    let afterOpen = true;
    const list = this.startList();
    let closeComment: Comment | undefined;
    let end: Tok = keyword;
    for (;;) {
      const t = this.peek();
      const tokenKind = this.kindOf(t);
      if (tokenKind === 'eof') {
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
        if (tokenKind === 'newline') {
          this.next();
          continue;
        }
      }
      if (tokenKind === 'newline') {
        this.addToList(this.emptyLine());
        continue;
      }
      if (tokenKind === 'comment' || tokenKind === 'doc-comment') {
        this.addToList(this.comment());
        this.expectLineEnd();
        continue;
      }
      if (tokenKind === 'rbrace') {
        end = this.next();
        closeComment = this.trailingComment();
        if (!this.atLineEnd()) {
          const junk = this.peek();
          this.report(
            SYNTAX.unexpectedToken.code,
            `Unexpected \`${this.textOf(junk)}\` after the closing \`}\`: a block must end on a line of its own.`,
            this.tokenSpan(junk),
          );
          this.skipLine();
        } else {
          this.consumeNewline();
        }
        break;
      }
      if (tokenKind === 'ident' && BLOCK_KEYWORDS.has(this.textOf(t)) && this.lineHasOpenBrace()) {
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
      this.addToList(this.memberLine(kind));
    }
    const members = this.endList<ModelMember | EnumMember | ConfigMember>(list);
    const node = new BlockNode(
      kind,
      name,
      members,
      openComment,
      closeComment,
      this.endOf(keyword),
      this.lines,
      this.startOf(keyword),
      this.endOf(end),
    );
    // One class for every kind of block: its `kind` tells which members it has.
    return [node as unknown as Block];
  }

  /** One member line of a block; an `InvalidLine` (with a diagnostic) if it does not parse. */
  private memberLine(kind: Block['kind']): ModelMember | EnumMember | ConfigMember {
    const start = this.pos;
    const lists = this.startList();
    try {
      if (this.peekKind() === 'atat') return this.blockAttributeLine();
      if (kind === 'enum') return this.enumValueLine();
      if (kind === 'datasource' || kind === 'generator') return this.keyValueLine();
      return this.fieldLine();
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      this.report(e.code, e.message, e.span, e.hint);
      this.pos = start;
      this.abandonLists(lists);
      return this.invalidLine();
    }
  }

  private blockAttributeLine(): ModelMember & EnumMember {
    const attribute = this.attribute();
    const trailingComment = this.trailingComment();
    this.requireLineEnd('after the attribute');
    this.consumeNewline();
    return new BlockAttributeLineNode(attribute, trailingComment, this.lines);
  }

  private enumValueLine(): EnumMember {
    const nameTok = this.peek();
    if (this.kindOf(nameTok) !== 'ident') {
      throw new LineError(
        SYNTAX.invalidLine.code,
        'This line is not a valid enum value definition.',
        this.restOfLineSpan(),
      );
    }
    this.next();
    const attributes = this.fieldAttributes('enum value');
    const lastBeforeComment = this.last as Tok;
    const trailingComment = this.trailingComment();
    this.requireLineEnd('in an enum value definition');
    this.consumeNewline();
    return new EnumValueDeclarationNode(
      this.identifier(nameTok),
      attributes,
      trailingComment,
      this.lines,
      this.startOf(nameTok),
      this.endOf(lastBeforeComment),
    );
  }

  private keyValueLine(): ConfigMember {
    const keyTok = this.peek();
    if (this.kindOf(keyTok) !== 'ident') {
      throw new LineError(
        SYNTAX.invalidLine.code,
        'This line is not a valid `key = value` definition.',
        this.restOfLineSpan(),
      );
    }
    this.next();
    if (this.peekKind() !== 'equals') {
      throw new LineError(
        SYNTAX.expectedEquals.code,
        `Expected \`=\` after \`${this.textOf(keyTok)}\`.`,
        this.atLineEnd() ? this.tokenSpan(keyTok) : this.tokenSpan(this.peek()),
        `write \`${this.textOf(keyTok)} = <value>\``,
      );
    }
    this.next();
    if (this.atLineEnd()) {
      throw new LineError(
        SYNTAX.expectedValue.code,
        `Expected a value for \`${this.textOf(keyTok)}\`.`,
        this.tokenSpan(keyTok),
      );
    }
    const value = this.expression();
    const trailingComment = this.trailingComment();
    this.requireLineEnd(`after the value of \`${this.textOf(keyTok)}\``);
    this.consumeNewline();
    return new KeyValueNode(
      this.identifier(keyTok),
      value,
      trailingComment,
      this.lines,
      this.startOf(keyTok),
      value.endOffset,
    );
  }

  private fieldLine(): ModelMember {
    const nameTok = this.peek();
    if (this.kindOf(nameTok) !== 'ident') {
      throw new LineError(
        SYNTAX.invalidLine.code,
        'This line is not a valid field or attribute definition.',
        this.restOfLineSpan(),
      );
    }
    this.next();
    if (this.peekKind() === 'colon') {
      throw new LineError(
        SYNTAX.legacyColon.code,
        "Field declarations don't take a `:` between the name and the type.",
        this.tokenSpan(this.peek()),
        `write \`${this.textOf(nameTok)} Type\``,
      );
    }
    if (this.atLineEnd()) {
      throw new LineError(
        SYNTAX.missingFieldType.code,
        `The field \`${this.textOf(nameTok)}\` has no type.`,
        this.tokenSpan(nameTok),
        `write \`${this.textOf(nameTok)} String\` (or another type)`,
      );
    }
    const type = this.fieldType();
    const attributes = this.fieldAttributes('field');
    const lastBeforeComment = this.last as Tok;
    const trailingComment = this.trailingComment();
    this.requireLineEnd('in a field definition');
    this.consumeNewline();
    return new FieldDeclarationNode(
      this.identifier(nameTok),
      type,
      attributes,
      trailingComment,
      this.lines,
      this.startOf(nameTok),
      this.endOf(lastBeforeComment),
    );
  }

  private fieldType(): FieldType {
    const first = this.peek();
    if (this.kindOf(first) === 'lbracket') {
      throw new LineError(
        SYNTAX.legacyListType.code,
        'List types are written `Type[]`, not `[Type]`.',
        this.tokenSpan(first),
      );
    }
    if (this.kindOf(first) !== 'ident') {
      throw new LineError(
        SYNTAX.missingFieldType.code,
        `Expected a field type, found \`${this.textOf(first)}\`.`,
        this.tokenSpan(first),
      );
    }
    this.next();
    let unsupported: StringLiteral | undefined;
    let last: Tok = first;
    if (this.textOf(first) === 'Unsupported' && this.peekKind() === 'lparen') {
      this.next();
      const str = this.peek();
      if (this.kindOf(str) !== 'string') {
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
    if (this.kindOf(after) === 'question') {
      optional = true;
      last = this.next();
    } else if (this.kindOf(after) === 'lbracket' && this.kindOf(this.peekAt(1)) === 'rbracket') {
      this.next();
      last = this.next();
      list = true;
      if (this.peekKind() === 'question') {
        throw new LineError(
          SYNTAX.optionalList.code,
          'Optional lists are not supported: a list is never null, it is empty.',
          this.tokenSpan(this.peek()),
          `use either \`${this.textOf(first)}[]\` or \`${this.textOf(first)}?\``,
        );
      }
    } else if (this.kindOf(after) === 'bang') {
      throw new LineError(
        SYNTAX.legacyRequired.code,
        'Fields are required by default: `!` is not needed (and no longer accepted).',
        this.tokenSpan(after),
      );
    }
    return new FieldTypeNode(
      this.textOf(first),
      unsupported,
      optional,
      list,
      this.endOf(first),
      this.lines,
      this.startOf(first),
      this.endOf(last),
    );
  }

  private fieldAttributes(where: string): Attribute[] {
    const attributes = this.startList();
    while (this.peekKind() === 'at') this.addToList(this.attribute());
    const t = this.peek();
    if (this.kindOf(t) === 'atat') {
      throw new LineError(
        SYNTAX.blockAttributeOnField.code,
        `Block attributes (\`@@\`) go on a line of their own, not in a ${where} definition.`,
        this.tokenSpan(t),
      );
    }
    return this.endList<Attribute>(attributes);
  }

  // ------------------------------------------------------------------------------------------
  // Lines, comments, recovery

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
        this.kindOf(first) === 'unknown' ? SYNTAX.unexpectedCharacter.code : SYNTAX.invalidTopLevel.code,
        this.kindOf(first) === 'unknown'
          ? `Unexpected character \`${this.textOf(first)}\`.`
          : 'This line is invalid: it does not start with a known block keyword (model, enum, view, type, datasource, generator).',
        this.kindOf(first) === 'unknown' ? this.tokenSpan(first) : this.restOfLineSpan(),
      );
    this.report(e.code, e.message, e.span, e.hint);
    const lines = [this.invalidLine()];
    if (opensBlock) {
      while (this.peekKind() !== 'eof') {
        const t = this.peek();
        if (this.kindOf(t) === 'newline') {
          this.next();
          continue;
        }
        const isClose = this.kindOf(t) === 'rbrace';
        lines.push(this.invalidLine());
        if (isClose) break;
      }
    }
    return lines;
  }
}
