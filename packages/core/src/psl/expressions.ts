/** Printing expressions and attributes in Prisma's canonical spacing: `[a, b]`, `name: value`. */
import type { ArgumentList, Attribute, Expression } from './ast.js';

export function printExpression(expr: Expression): string {
  switch (expr.kind) {
    case 'string':
      // As written: re-encoding could change the escapes the user chose.
      return expr.raw;
    case 'number':
      return expr.value;
    case 'path':
      return expr.name;
    case 'array':
      return `[${expr.items.map(printExpression).join(', ')}]`;
    case 'call':
      return `${expr.name}${printArguments(expr.args)}`;
  }
}

export function printArguments(args: ArgumentList): string {
  const parts = args.args.map((a) => {
    const value = a.value === undefined ? '' : printExpression(a.value);
    return a.name === undefined ? value : a.value === undefined ? `${a.name.name}:` : `${a.name.name}: ${value}`;
  });
  return `(${parts.join(', ')})`;
}

export function printAttribute(attr: Attribute): string {
  const prefix = attr.scope === 'block' ? '@@' : '@';
  return `${prefix}${attr.name}${attr.args === undefined ? '' : printArguments(attr.args)}`;
}
