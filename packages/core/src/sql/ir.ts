/**
 * The database-level schema (the IR): what a database holds, in plain readonly JSON data.
 *
 * Both `lower(model)` and every provider's `introspect()` produce this shape, and the differ
 * compares two of them. Names are database names (after @map/@@map). Column types are the
 * provider's canonical spelling (`TEXT`, `VARCHAR(255)`, `TIMESTAMP(3)`), so two schemas compare
 * by value; `DiffHooks` handle the remaining dialect aliases.
 *
 * Canonical form (see `canonicalize`): tables, enums, indexes, foreign keys and unmanaged objects
 * are sorted by (namespace, name); columns keep their database order.
 */

/** The Prisma scalar a column carries, independent of the dialect. */
export type NeutralScalar =
  | 'String'
  | 'Int'
  | 'BigInt'
  | 'Float'
  | 'Decimal'
  | 'Boolean'
  | 'DateTime'
  | 'Json'
  | 'Bytes'
  | 'Enum'
  | 'Unsupported';

export interface ColumnType {
  readonly scalar: NeutralScalar;
  /** The provider's column type without the list suffix, e.g. `TEXT`, `VARCHAR(255)`, `"Role"` is NOT used: see `enum`. */
  readonly native: string;
  /** For enum columns: the enum's database name (and namespace where the provider has them). */
  readonly enum?: { readonly name: string; readonly namespace?: string };
  /** A scalar list (`String[]`), PostgreSQL only. */
  readonly list?: boolean;
}

/**
 * A column default in neutral form. Literal values are kept as text so that decimals and
 * big integers survive JSON; providers render and introspect them.
 */
export type ColumnDefault =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'enum'; readonly value: string }
  | { readonly kind: 'bytes'; readonly hex: string }
  | { readonly kind: 'list'; readonly items: readonly ColumnDefault[] }
  | { readonly kind: 'now' }
  /** A database expression (`dbgenerated("...")`, or whatever introspection could not classify). */
  | { readonly kind: 'expression'; readonly sql: string };

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: ColumnDefault;
  /** SERIAL on PostgreSQL, `INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite. */
  readonly autoincrement?: boolean;
  /**
   * How the database numbers an autoincrement column when it is not a SERIAL-style default:
   * a PostgreSQL identity column (`GENERATED ALWAYS|BY DEFAULT AS IDENTITY`). Set by
   * introspection only (`lower()` never creates identity columns); the differ ignores it
   * (an identity column and a SERIAL one are both `autoincrement`), emitters use it to undo it.
   */
  readonly identity?: 'always' | 'byDefault';
  /** A generated (computed) column's expression; strata never creates these, it keeps them. */
  readonly generated?: string;
}

export type SortOrder = 'asc' | 'desc';

export interface PrimaryKey {
  /** Constraint name; absent where the dialect has no named primary keys (SQLite). */
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface IndexColumn {
  /** The column, or absent for an expression part (then `expression` is set). */
  readonly name?: string;
  readonly expression?: string;
  readonly sort?: SortOrder;
  readonly length?: number;
  /** Operator class (`gin_trgm_ops`, `text_pattern_ops`). */
  readonly ops?: string;
}

export interface Index {
  readonly name: string;
  readonly unique: boolean;
  readonly columns: readonly IndexColumn[];
  /** Partial index predicate, as SQL text. */
  readonly where?: string;
  /** Access method, lower-case (`btree`, `hash`, `gin`, `gist`, `brin`, `spgist`); absent = default. */
  readonly method?: string;
  /** A UNIQUE constraint rather than a unique index (introspected; dropped with ALTER TABLE ... DROP CONSTRAINT). */
  readonly constraint?: boolean;
  /**
   * What the index is for when it is not an ordinary (b-tree-like) index: `fulltext` for
   * `@@fulltext` (MySQL `FULLTEXT INDEX`), only where `capabilities.fulltextIndexes` is true.
   * Absent = an ordinary index, so the IR of every other index stays as it was.
   */
  readonly kind?: IndexKind;
}

export type IndexKind = 'fulltext';

export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';

export interface ForeignKey {
  /** Constraint name; SQLite introspection cannot always recover it. */
  readonly name?: string;
  readonly columns: readonly string[];
  readonly referencedNamespace?: string;
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface Table {
  /** Namespace (PostgreSQL schema) where the provider has them; absent = the default one. */
  readonly namespace?: string;
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey?: PrimaryKey;
  readonly indexes: readonly Index[];
  readonly foreignKeys: readonly ForeignKey[];
  /**
   * CHECK constraints found by introspection, verbatim (`CHECK (price >= 0)`, with a leading
   * `CONSTRAINT "name"` when named). Unmanaged: Prisma cannot express them, `lower` never sets
   * this and the differ ignores it; a provider that must re-create a table (SQLite rebuilds)
   * uses it to keep them.
   */
  readonly checks?: readonly string[];
}

export interface EnumType {
  readonly namespace?: string;
  readonly name: string;
  readonly values: readonly string[];
}

export type UnmanagedKind = 'view' | 'materialized-view' | 'trigger' | 'function' | 'extension' | 'sequence' | 'other';

/** An object the provider reports but strata never creates, alters or drops. */
export interface UnmanagedObject {
  readonly kind: UnmanagedKind;
  readonly namespace?: string;
  readonly name: string;
  /** The table it belongs to (triggers) or depends on (views), where known. */
  readonly table?: string;
  /** Its SQL definition where the provider can read it (needed by SQLite rebuilds to restore it). */
  readonly definition?: string;
  /** For kind `extension`: where it is and which version (the schema verbatim), for `claimExtensions`. */
  readonly extension?: Extension;
}

/**
 * A database extension (PostgreSQL `CREATE EXTENSION`), from the datasource `extensions` list.
 * In a lowered schema `schema` and `version` are set only where the list pins them (unset means
 * "wherever, whichever": the differ compares an aspect only when both sides set it, as Prisma
 * does); introspection sets both.
 */
export interface Extension {
  /** The database name (`uuid-ossp`), after `map:`. */
  readonly name: string;
  /** The database schema holding its objects. */
  readonly schema?: string;
  readonly version?: string;
}

export interface DatabaseSchema {
  /** The provider id that produced this schema. */
  readonly provider: string;
  /**
   * Namespaces (PostgreSQL schemas) that strata manages BESIDES the default one, which is always
   * implicit: objects in it carry no `namespace`, and which name it has depends on the connection
   * (`?schema=tenant1`), not on the schema file. Empty where the provider has none, and for a
   * schema without datasource `schemas`.
   */
  readonly namespaces: readonly string[];
  readonly tables: readonly Table[];
  readonly enums: readonly EnumType[];
  /**
   * Extensions strata manages, sorted by name; absent = none. A lowered schema lists the declared
   * ones. Introspection reports every installed extension as an unmanaged object (kind
   * `extension`); a workflow that compares the database with a declared schema claims those the
   * schema declares (`claimExtensions`), so an extension nobody declared is never dropped and
   * never counts as drift.
   */
  readonly extensions?: readonly Extension[];
  readonly unmanaged: readonly UnmanagedObject[];
}

export function emptySchema(provider: string, namespaces: readonly string[] = []): DatabaseSchema {
  return { provider, namespaces: [...namespaces], tables: [], enums: [], unmanaged: [] };
}

/** `namespace.name` or `name`: the key a table or enum is found by. */
export function qualifiedName(object: { readonly namespace?: string; readonly name: string }): string {
  return object.namespace === undefined ? object.name : `${object.namespace}.${object.name}`;
}
