/**
 * Quoting and naming helpers shared by the emitter, introspection and the connection.
 * Every identifier that reaches SQL text goes through `quoteIdent`: a table named `we"ird` works.
 */

export function quoteIdent(name: string): string {
  // the regular expression only for the rare name that holds a quote: this runs for every
  // identifier of every statement, mostly before V8 has optimized it
  return `"${name.includes('"') ? name.replace(/"/g, '""') : name}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `"ns"."name"` when the namespace must be spelled out, `"name"` otherwise. */
export function qualify(name: string, namespace: string | undefined): string {
  return namespace === undefined ? quoteIdent(name) : `${quoteIdent(namespace)}.${quoteIdent(name)}`;
}

/** A qualified name as one text literal, for `'...'::regclass` and `pg_get_serial_sequence`. */
export function regclassLiteral(name: string, namespace: string | undefined): string {
  return quoteLiteral(qualify(name, namespace));
}

const NAMEDATALEN = 63;

function truncateBytes(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > bytes) break;
    out += ch;
    used += size;
  }
  return out;
}

/**
 * The name PostgreSQL gives an implicit object (`makeObjectName` in its source): `{table}_{column}_{label}`,
 * shortening the longer of table and column first so that the whole fits in 63 bytes.
 */
export function implicitObjectName(table: string, column: string, label: string): string {
  let a = table;
  let b = column;
  const overhead = label.length + 2;
  while (Buffer.byteLength(a) + Buffer.byteLength(b) + overhead > NAMEDATALEN) {
    if (Buffer.byteLength(a) > Buffer.byteLength(b)) a = truncateBytes(a, Buffer.byteLength(a) - 1);
    else b = truncateBytes(b, Buffer.byteLength(b) - 1);
  }
  return `${a}_${b}_${label}`;
}
