/** How names from a schema are written in TypeScript source. */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key: bare when it is an identifier, quoted otherwise (`@map("first name")`). */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A JSDoc block from `///` documentation, indented; empty when there is none. */
export function docComment(documentation: string | undefined, indent: string): string[] {
  if (documentation === undefined || documentation.trim() === '') return [];
  const lines = documentation.replace(/\*\//g, '*\\/').split('\n');
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`];
}
