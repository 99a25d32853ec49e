/**
 * The semantic model of a Prisma schema: what the schema MEANS, independent of how it was
 * written. `validateSchema()` builds it from the syntax tree; `lower()` (in `sql/`) turns it
 * into database tables; `printSchema()` turns it back into PSL text; `db pull` builds one
 * from an introspected database.
 *
 * Conventions, relied on by every consumer:
 * - Plain, JSON-serializable, readonly data. No classes, no cycles: things refer to each other
 *   by NAME (a relation field names its target model and its opposite field).
 * - Names are the names in the schema (`name`); `dbName` is always filled with the name in the
 *   database (after `@map`/`@@map`), and `map` holds the explicit `@map`/`@@map` value only
 *   when one was written (the printer needs the difference).
 * - Order is source order (files in the order given, then top to bottom).
 * - Optional properties are absent, not `undefined`, when the schema does not set them.
 * - `span` points at the declaration; it is informational (diagnostics) and is ignored when
 *   comparing two models for equality.
 */
import type { Span } from '../psl/spans.js';

export interface SchemaModel {
  /** The (first) `datasource` block; absent in a schema without one (a partial schema file). */
  readonly datasource?: Datasource;
  readonly generators: readonly Generator[];
  /** Models (tables), excluding views and composite types. */
  readonly models: readonly Model[];
  readonly enums: readonly Enum[];
  /** Views are validated like models but never migrated. */
  readonly views: readonly Model[];
  /**
   * Every relation once, in the order its first field appears. The same information is on both
   * relation fields (`Field.relation`); this list is what `lower()` iterates over to create
   * foreign keys and implicit many-to-many tables.
   */
  readonly relations: readonly Relation[];
}

// ---------------------------------------------------------------------------------------------
// datasource / generator

/** `provider`, `url`, ... values, kept close to the source: env() stays a reference. */
export type ConfigValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'list'; readonly values: readonly ConfigValue[] }
  /** Anything else (`extensions = [pg_trgm(version: "1.5")]`), as PSL source text. */
  | { readonly kind: 'expression'; readonly source: string };

export type RelationMode = 'foreignKeys' | 'prisma';

export interface Datasource {
  /** The block name (`db`). */
  readonly name: string;
  /** As written: `postgresql`, `postgres`, `sqlite`, `mysql`, ... Core does not interpret it. */
  readonly provider: string;
  /** `url`; absent in Prisma 7 schemas, which take the URL from `prisma.config.ts`. */
  readonly url?: ConfigValue;
  readonly directUrl?: ConfigValue;
  readonly shadowDatabaseUrl?: ConfigValue;
  /** `relationMode` (or the older `referentialIntegrity`); absent means `foreignKeys`. */
  readonly relationMode?: RelationMode;
  /** `schemas = ["public", "auth"]` (multiSchema). */
  readonly schemas?: readonly string[];
  /** `extensions = [...]` (postgresqlExtensions), as written. */
  readonly extensions?: readonly ExtensionSpec[];
  /** Every other property, in order, as written (kept for the printer). */
  readonly otherProperties: readonly ConfigProperty[];
  readonly documentation?: string;
  readonly span: Span;
}

export interface ExtensionSpec {
  readonly name: string;
  /** The database name when given as `ext(map: "...")`. */
  readonly map?: string;
  readonly schema?: string;
  readonly version?: string;
}

export interface ConfigProperty {
  readonly key: string;
  readonly value: ConfigValue;
}

/** A `generator` block: kept, never interpreted by strata. */
export interface Generator {
  readonly name: string;
  /** Every property (`provider`, `output`, `previewFeatures`, ...) in source order. */
  readonly properties: readonly ConfigProperty[];
  readonly documentation?: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// models and fields

export interface Model {
  readonly name: string;
  /** The table (or view) name: `@@map` if given, else `name`. */
  readonly dbName: string;
  /** The explicit `@@map`, when written. */
  readonly map?: string;
  /** `@@schema("...")`. */
  readonly schema?: string;
  readonly fields: readonly Field[];
  /** From `@id` or `@@id`. Absent on models that only have a unique criterion (and on views). */
  readonly primaryKey?: PrimaryKey;
  /** `@unique` and `@@unique`, in source order (field attributes first, like Prisma). */
  readonly uniques: readonly UniqueConstraint[];
  /** `@@index` (and `@@fulltext`), in source order. */
  readonly indexes: readonly Index[];
  /** `@@ignore`: the table exists but the client does not see it. Still migrated. */
  readonly ignored: boolean;
  readonly documentation?: string;
  readonly span: Span;
}

export type ScalarType = 'String' | 'Boolean' | 'Int' | 'BigInt' | 'Float' | 'Decimal' | 'DateTime' | 'Json' | 'Bytes';

export const SCALAR_TYPES: readonly ScalarType[] = [
  'String',
  'Boolean',
  'Int',
  'BigInt',
  'Float',
  'Decimal',
  'DateTime',
  'Json',
  'Bytes',
];

export type FieldKind = 'scalar' | 'enum' | 'relation' | 'unsupported';

export interface Field {
  readonly name: string;
  /** The column name: `@map` if given, else `name`. Meaningless for relation fields. */
  readonly dbName: string;
  /** The explicit `@map`, when written. */
  readonly map?: string;
  readonly kind: FieldKind;
  /**
   * `scalar`: a `ScalarType`; `enum`: the enum name; `relation`: the target model name;
   * `unsupported`: the database type string of `Unsupported("...")`.
   */
  readonly type: string;
  /** `?` */
  readonly optional: boolean;
  /** `[]` */
  readonly list: boolean;
  readonly default?: DefaultValue;
  /** `@default(..., map: "x")`: the name of the default constraint (SQL Server only). */
  readonly defaultMap?: string;
  /** Part of the primary key by a field-level `@id`. */
  readonly id: boolean;
  /** Has a field-level `@unique` (also listed in `Model.uniques`). */
  readonly unique: boolean;
  /** `@updatedAt` */
  readonly updatedAt: boolean;
  /** `@db.VarChar(255)` -> `{ name: 'VarChar', args: ['255'] }`. */
  readonly nativeType?: NativeType;
  /** `@ignore` */
  readonly ignored: boolean;
  /** Present exactly when `kind === 'relation'`. */
  readonly relation?: RelationField;
  readonly documentation?: string;
  readonly span: Span;
}

export interface NativeType {
  /** Without the datasource prefix: `VarChar`, not `db.VarChar`. */
  readonly name: string;
  /**
   * The arguments as written: numbers as their text, strings with their quotes:
   * `@db.Decimal(10, 2)` -> `['10', '2']`.
   */
  readonly args: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// defaults

/** A literal as it appears in `@default(...)`. Numbers keep their source text (no precision loss). */
export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  /** An enum value, by its name in the schema (not its `@map`). */
  | { readonly type: 'enum'; readonly value: string };

export type DefaultFunctionName = 'autoincrement' | 'now' | 'uuid' | 'cuid' | 'nanoid' | 'ulid' | 'sequence' | 'auto';

/** An argument of a default function: `uuid(7)` -> `{ value: 7 }`, `sequence(start: 5)` -> `{ name: 'start', value: 5 }`. */
export interface FunctionArgument {
  readonly name?: string;
  readonly value: string | number | boolean;
}

export type DefaultValue =
  | ({ readonly kind: 'literal' } & Literal)
  /** A default for a list field: `@default([])`, `@default([STAGING, PRODUCTION])`. */
  | { readonly kind: 'list'; readonly values: readonly Literal[] }
  /** `autoincrement()`, `now()`, `uuid(7)`, `cuid(2)`, `nanoid(16)`, `ulid()`, `sequence(...)`. */
  | { readonly kind: 'function'; readonly name: DefaultFunctionName; readonly args: readonly FunctionArgument[] }
  /** `dbgenerated("expr")`: the SQL expression verbatim; `dbgenerated()`: no expression. */
  | { readonly kind: 'dbgenerated'; readonly expression?: string };

// ---------------------------------------------------------------------------------------------
// keys and indexes

export type SortOrder = 'Asc' | 'Desc';

/** One field of a key or an index, with its per-field options. */
export interface IndexField {
  /** The field name in the schema (map through `Field.dbName` for the column). */
  readonly name: string;
  readonly sort?: SortOrder;
  /** Prefix length (MySQL). */
  readonly length?: number;
  /**
   * The operator class (PostgreSQL): a Prisma name such as `ArrayOps` or `JsonbPathOps`, or the
   * raw SQL of `ops: raw("gin_trgm_ops")` (then `opsRaw` is true).
   */
  readonly ops?: string;
  readonly opsRaw?: boolean;
}

export interface PrimaryKey {
  readonly fields: readonly IndexField[];
  /** `@@id(name: ...)`: the client-side name of the compound id. */
  readonly name?: string;
  /** `map:`: the constraint name in the database. Absent means the default `{table}_pkey`. */
  readonly map?: string;
  readonly clustered?: boolean;
  /** True for a field-level `@id`, false for `@@id`. */
  readonly fromField: boolean;
  readonly span: Span;
}

export interface UniqueConstraint {
  readonly fields: readonly IndexField[];
  /** `@@unique(name: ...)`: the client-side name. */
  readonly name?: string;
  /** The index name in the database. Absent means the default `{table}_{cols}_key`. */
  readonly map?: string;
  readonly clustered?: boolean;
  /** `where: raw("...")`: a partial unique index predicate, verbatim SQL. */
  readonly where?: string;
  /** True for a field-level `@unique`. */
  readonly fromField: boolean;
  readonly span: Span;
}

export type IndexAlgorithm = 'BTree' | 'Hash' | 'Gist' | 'Gin' | 'SpGist' | 'Brin';

export interface Index {
  readonly fields: readonly IndexField[];
  /**
   * The index name in the database (`map:`, or the Prisma 2 `name:` which meant the same on
   * `@@index`). Absent means the default `{table}_{cols}_idx`.
   */
  readonly map?: string;
  /** `type:` (PostgreSQL access method). Absent means the database default (BTree). */
  readonly type?: IndexAlgorithm;
  readonly clustered?: boolean;
  /** `where: raw("...")`: a partial index predicate, verbatim SQL. */
  readonly where?: string;
  /** True for `@@fulltext` (MySQL/MongoDB only; rejected for other providers). */
  readonly fulltext: boolean;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// relations

export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';

export type RelationKind = 'one-to-one' | 'one-to-many' | 'many-to-many';

/** What a relation field knows about its relation. */
export interface RelationField {
  /** The relation name: the explicit one, or Prisma's default `{A}To{B}` (model names sorted). */
  readonly name: string;
  /** True when the name was written in `@relation("...")` / `@relation(name: "...")`. */
  readonly explicitName: boolean;
  readonly kind: RelationKind;
  /** The relation field on the other model (for a self-relation, on the same model). */
  readonly oppositeField: string;
  /**
   * True on the side that has `fields`/`references` (the foreign key is in this model's table).
   * Always false on both sides of a many-to-many relation.
   */
  readonly holdsForeignKey: boolean;
  /** `fields: [...]` (this model's scalar fields), on the foreign key side; empty otherwise. */
  readonly fields: readonly string[];
  /** `references: [...]` (the target model's fields), on the foreign key side; empty otherwise. */
  readonly references: readonly string[];
  /** As written; see `effectiveReferentialActions()` for the defaults. */
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** `map:`: the foreign key constraint name in the database. */
  readonly map?: string;
}

export interface RelationEnd {
  readonly model: string;
  readonly field: string;
}

/** A relation between two models, listed once (see `SchemaModel.relations`). */
export interface Relation {
  readonly name: string;
  readonly kind: RelationKind;
  /**
   * One-to-one and one-to-many: the side that holds the foreign key (`fields`/`references`).
   * Many-to-many: Prisma's side "A" (the model whose name sorts first; for a self-relation, the
   * field whose name sorts first), whose id goes into column `A` of the join table.
   */
  readonly from: RelationEnd;
  /** The referenced side (one-to-*), or side "B" (many-to-many). */
  readonly to: RelationEnd;
  /** Foreign key columns on `from.model` (empty for many-to-many). */
  readonly fields: readonly string[];
  /** Referenced fields on `to.model` (empty for many-to-many). */
  readonly references: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly map?: string;
  /** True when `name` was written in the schema (affects the join table name of a many-to-many). */
  readonly explicitName: boolean;
}

// ---------------------------------------------------------------------------------------------
// enums

export interface Enum {
  readonly name: string;
  /** The type name in the database: `@@map` if given, else `name`. */
  readonly dbName: string;
  readonly map?: string;
  readonly schema?: string;
  readonly values: readonly EnumValue[];
  readonly documentation?: string;
  readonly span: Span;
}

export interface EnumValue {
  readonly name: string;
  /** The value stored in the database: `@map` if given, else `name`. */
  readonly dbName: string;
  readonly map?: string;
  readonly documentation?: string;
  readonly span: Span;
}
