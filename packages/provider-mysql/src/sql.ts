/**
 * Quoting for MySQL and MariaDB. Every identifier that reaches SQL text goes through `quoteIdent`
 * (a table named `we`ird` works), every string through `quoteLiteral`.
 */

/** `` `name` ``, a backtick inside doubled: MySQL's only escape in a quoted identifier. */
export function quoteIdent(name: string): string {
  // the regular expression only for the rare name that holds a backtick (this runs for every identifier)
  return `\`${name.includes('`') ? name.replace(/`/g, '``') : name}\``;
}

/**
 * `'text'`, a quote doubled and a backslash doubled: with MySQL's default SQL mode a backslash in
 * a string starts an escape sequence, so `a\b` written bare would store `a` + backspace. (Prisma
 * writes backslashes bare; the doubled form stores what the schema says in every SQL mode but
 * NO_BACKSLASH_ESCAPES, which Prisma's form needs instead.)
 */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A list of quoted identifiers, Prisma's separator: `` `a`, `b` ``. */
export function identList(names: readonly string[]): string {
  return names.map(quoteIdent).join(', ');
}
