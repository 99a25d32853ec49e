/** Attributes and their arguments: `@default(now())`, `@@index([a, b(sort: Desc)], map: "x")`. */

import { exactSize } from './arrays.js';
import type { Argument, ArgumentList, Attribute, Expression, Identifier, StringLiteral } from './ast.js';
import { decodeString, type Token } from './lexer.js';
import { SYNTAX } from './syntax-codes.js';
import { LineError, TokenCursor } from './token-cursor.js';

export abstract class ExpressionParser extends TokenCursor {
  protected attribute(): Attribute {
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
        span: this.spanTo(at, args.span),
      };
    }
    return { scope: at.kind === 'atat' ? 'block' : 'field', name, nameSpan, span: this.span(at, nameEnd) };
  }

  protected argumentList(): ArgumentList {
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

  protected argument(): Argument {
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
      return { name, value, span: this.spanTo(t, value.span) };
    }
    const value = this.expression();
    return { value, span: value.span };
  }

  protected expression(): Expression {
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
            span: this.spanTo(t, args.span),
          };
        }
        return { kind: 'path', name, span: this.span(t, last) };
      }
      default:
        throw this.unexpected(t, ': expected a value');
    }
  }

  protected stringLiteral(tok: Token): StringLiteral {
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
      // Reported but not fatal: the value is still usable, and Prisma also rejects it.
      this.report(
        SYNTAX.invalidEscape.code,
        'Unknown escape sequence in a string.',
        this.offsetSpan(tok.offset + rel, tok.offset + rel + 2),
        'a literal backslash is written `\\\\` (for example in Windows paths)',
      );
    }
    return { kind: 'string', value, raw: tok.text, span: this.tokenSpan(tok) };
  }
}
