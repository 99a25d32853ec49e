/** Attributes and their arguments: `@default(now())`, `@@index([a, b(sort: Desc)], map: "x")`. */

import type { Argument, ArgumentList, Attribute, Expression, Identifier, StringLiteral } from './ast.js';
import { decodeString } from './lexer.js';
import { SYNTAX } from './syntax-codes.js';
import { LineError, type Tok, TokenCursor } from './token-cursor.js';

export abstract class ExpressionParser extends TokenCursor {
  protected attribute(): Attribute {
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
    let name = this.textOf(nameStart);
    while (
      this.peekKind() === 'dot' &&
      this.kindOf(this.peekAt(1)) === 'ident' &&
      this.adjacent(this.peek(), this.peekAt(1))
    ) {
      this.next();
      nameEnd = this.next();
      name += `.${this.textOf(nameEnd)}`;
    }
    const nameSpan = this.span(nameStart, nameEnd);
    if (this.peekKind() === 'lparen') {
      const args = this.argumentList();
      return {
        scope: this.kindOf(at) === 'atat' ? 'block' : 'field',
        name,
        nameSpan,
        args,
        span: this.spanTo(at, args.span),
      };
    }
    return { scope: this.kindOf(at) === 'atat' ? 'block' : 'field', name, nameSpan, span: this.span(at, nameEnd) };
  }

  protected argumentList(): ArgumentList {
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
    return { args: this.endList<Argument>(args), span: this.span(open, close) };
  }

  protected argument(): Argument {
    const t = this.peek();
    if (this.kindOf(t) === 'ident' && this.kindOf(this.peekAt(1)) === 'colon') {
      this.next();
      const colon = this.next();
      const name: Identifier = { name: this.textOf(t), span: this.tokenSpan(t) };
      const after = this.peek();
      if (this.kindOf(after) === 'comma' || this.kindOf(after) === 'rparen') {
        // `references: )`: keep the argument so the validator can say what is missing.
        return { name, span: this.span(t, colon) };
      }
      const value = this.expression();
      return { name, value, span: this.spanTo(t, value.span) };
    }
    const value = this.expression();
    return { value, span: value.span };
  }

  protected expression(): Expression {
    const t = this.peek();
    switch (this.kindOf(t)) {
      case 'string':
        return this.stringLiteral(this.next());
      case 'number':
        this.next();
        return { kind: 'number', value: this.textOf(t), span: this.tokenSpan(t) };
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
        return { kind: 'array', items: this.endList<Expression>(items), span: this.span(t, close) };
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
          return {
            kind: 'call',
            name,
            nameSpan: this.span(t, last),
            args,
            span: this.spanTo(t, args.span),
          };
        }
        return { kind: 'path', name, span: this.span(t, last) };
      }
      default:
        throw this.unexpected(t, ': expected a value');
    }
  }

  protected stringLiteral(tok: Tok): StringLiteral {
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
    return { kind: 'string', value, raw: this.textOf(tok), span: this.tokenSpan(tok) };
  }
}
