/** Attributes and their arguments: `@default(now())`, `@@index([a, b(sort: Desc)], map: "x")`. */

import type { Argument, Expression } from './ast.js';
import { decodeString } from './lexer.js';
import {
  ArgumentListNode,
  ArgumentNode,
  ArrayExpressionNode,
  AttributeNode,
  type ExpressionNode,
  FunctionCallNode,
  NumberLiteralNode,
  PathExpressionNode,
  StringLiteralNode,
} from './nodes.js';
import { SYNTAX } from './syntax-codes.js';
import { LineError, type Tok, TokenCursor } from './token-cursor.js';

export abstract class ExpressionParser extends TokenCursor {
  protected attribute(): AttributeNode {
    const at = this.next(); // @ or @@
    const nameStart = this.peek();
    if (this.kindOf(nameStart) !== 'ident') {
      throw new LineError(
        SYNTAX.expectedAttributeName.code,
        `Expected an attribute name after \`${this.textOf(at)}\`.`,
        this.tokenSpan(at),
      );
    }
    let nameEnd = this.next();
    // `db.VarChar`: written without spaces, the name is the source text from its first to its
    // last token (one interned string); `db .VarChar` is joined from its parts.
    let contiguous = true;
    while (
      this.peekKind() === 'dot' &&
      this.kindOf(this.peekAt(1)) === 'ident' &&
      this.adjacent(this.peek(), this.peekAt(1))
    ) {
      if (!this.adjacent(nameEnd, this.peek())) contiguous = false;
      this.next();
      nameEnd = this.next();
    }
    const name =
      nameEnd === nameStart
        ? this.textOf(nameStart)
        : contiguous
          ? this.wordBetween(nameStart, nameEnd)
          : this.identifierParts(nameStart, nameEnd).join('.');
    const scope = this.kindOf(at) === 'atat' ? 'block' : 'field';
    const args = this.peekKind() === 'lparen' ? this.argumentList() : undefined;
    const end = args === undefined ? this.endOf(nameEnd) : args.endOffset;
    return new AttributeNode(
      scope,
      name,
      args,
      this.startOf(nameStart),
      this.endOf(nameEnd),
      this.lines,
      this.startOf(at),
      end,
    );
  }

  protected argumentList(): ArgumentListNode {
    const open = this.next(); // (
    const args = this.startList();
    for (;;) {
      if (this.peekKind() === 'rparen') break;
      this.addToList(this.argument());
      const sep = this.peek();
      if (this.kindOf(sep) === 'comma') {
        this.next();
        continue;
      }
      if (this.kindOf(sep) === 'rparen') break;
      throw this.unexpected(sep, 'in an argument list: expected `,` or `)`');
    }
    const close = this.next();
    return new ArgumentListNode(this.endList<Argument>(args), this.lines, this.startOf(open), this.endOf(close));
  }

  protected argument(): Argument {
    const t = this.peek();
    if (this.kindOf(t) === 'ident' && this.kindOf(this.peekAt(1)) === 'colon') {
      this.next();
      const colon = this.next();
      const name = this.identifier(t);
      const after = this.peek();
      if (this.kindOf(after) === 'comma' || this.kindOf(after) === 'rparen') {
        // `references: )`: keep the argument so the validator can say what is missing.
        return new ArgumentNode(name, undefined, this.lines, this.startOf(t), this.endOf(colon));
      }
      const value = this.expression();
      return new ArgumentNode(name, value, this.lines, this.startOf(t), value.endOffset);
    }
    const value = this.expression();
    return new ArgumentNode(undefined, value, this.lines, value.startOffset, value.endOffset);
  }

  protected expression(): ExpressionNode {
    const t = this.peek();
    switch (this.kindOf(t)) {
      case 'string':
        return this.stringLiteral(this.next());
      case 'number':
        this.next();
        return new NumberLiteralNode(this.textOf(t), this.lines, this.startOf(t), this.endOf(t));
      case 'lbracket': {
        this.next();
        const items = this.startList();
        for (;;) {
          if (this.peekKind() === 'rbracket') break;
          this.addToList(this.expression());
          const sep = this.peek();
          if (this.kindOf(sep) === 'comma') {
            this.next();
            continue;
          }
          if (this.kindOf(sep) === 'rbracket') break;
          throw this.unexpected(sep, 'in a list: expected `,` or `]`');
        }
        const close = this.next();
        return new ArrayExpressionNode(this.endList<Expression>(items), this.lines, this.startOf(t), this.endOf(close));
      }
      case 'ident': {
        this.next();
        let name = this.textOf(t);
        let last = t;
        while (this.peekKind() === 'dot' && this.kindOf(this.peekAt(1)) === 'ident') {
          this.next();
          last = this.next();
          name += `.${this.textOf(last)}`;
        }
        if (this.peekKind() === 'lparen') {
          const args = this.argumentList();
          return new FunctionCallNode(name, args, this.endOf(last), this.lines, this.startOf(t), args.endOffset);
        }
        return new PathExpressionNode(name, this.lines, this.startOf(t), this.endOf(last));
      }
      default:
        throw this.unexpected(t, ': expected a value');
    }
  }

  protected stringLiteral(tok: Tok): StringLiteralNode {
    const unterminated = this.isUnterminated(tok);
    const { value, badEscapes } = decodeString(this.textOf(tok), unterminated);
    if (unterminated) {
      throw new LineError(
        SYNTAX.unterminatedString.code,
        'This string is missing its closing `"`.',
        this.tokenSpan(tok),
      );
    }
    for (const rel of badEscapes) {
      // Reported but not fatal: the value is still usable, and Prisma also rejects it.
      this.report(
        SYNTAX.invalidEscape.code,
        'Unknown escape sequence in a string.',
        this.offsetSpan(this.startOf(tok) + rel, this.startOf(tok) + rel + 2),
        'a literal backslash is written `\\\\` (for example in Windows paths)',
      );
    }
    return new StringLiteralNode(value, this.textOf(tok), this.lines, this.startOf(tok), this.endOf(tok));
  }
}
