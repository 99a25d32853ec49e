/**
 * THE plugin contract between @strata/core and a database provider.
 *
 * A provider is a plain object (see `defineProvider`). It may be published by anyone as
 * `strata-provider-<db>` or `@scope/strata-provider-<db>`; the CLI discovers it at run time and
 * checks `apiVersion` before using it. Core never contains SQL; providers never parse Prisma
 * syntax: they receive neutral data (field descriptions, the IR, Changes) and return SQL text.
 *
 * docs/providers.md is the author's guide to this file.
 */
import type { Change, TableChange } from '../diff/changes.js';
import type { Statement } from '../diff/statement.js';
import type { ProviderLint } from '../lint/types.js';
import type { StatementSpan } from '../migrations/failed-statement.js';
import type {
  Column,
  ColumnDefault,
  ColumnType,
  DatabaseSchema,
  Index,
  NeutralScalar,
  ReferentialAction,
} from '../sql/ir.js';
import type { SessionShelf } from './session-shelf.js';

/** The contract version this core implements. A provider declaring another one is refused. */
export const PROVIDER_API_VERSION = 2 as const;

/** What the dialect can do. Each flag's default is the conservative answer (see `defineProvider`). */
export interface Capabilities {
  /**
   * DDL runs inside a transaction and rolls back with it (PostgreSQL, SQLite: true): the executor
   * decides from it whether a failed script left part of it applied. Default false.
   */
  readonly transactionalDdl: boolean;
  /**
   * Enums are database objects (CREATE TYPE ... AS ENUM). Where false they live in columns (TEXT
   * on SQLite, an inline `ENUM('A','B')` on MySQL): `defineProvider` sets
   * `DiffHooks.enumsInDatabase` from it and lint words `remove-enum-value` for such rows. Default false.
   */
  readonly nativeEnums: boolean;
  /** Scalar lists (`String[]`). Default false. */
  readonly scalarLists: boolean;
  /** Namespaces (`@@schema`, PostgreSQL schemas). Default false. */
  readonly namespaces: boolean;
  /** Foreign key constraints exist and are enforced. Default true. */
  readonly foreignKeys: boolean;
  /**
   * Partial indexes (`where: raw(...)` on `@@index`/`@@unique`): where false the validator refuses
   * `where:` (`partial-index-unsupported`), as Prisma does on MySQL. Default false.
   */
  readonly partialIndexes: boolean;
  /** Longest identifier, in bytes; names are truncated to it the way Prisma does. */
  readonly maxIdentifierLength: number;
  /**
   * Primary keys carry a constraint name (`{table}_pkey`). Absent = true. False where the
   * dialect cannot name them (SQLite): `lower()` then leaves `PrimaryKey.name` absent.
   */
  readonly namedPrimaryKeys?: boolean;
  /**
   * Implicit many-to-many join tables get a primary key `{table}_AB_pkey` (Prisma 6+ on
   * PostgreSQL). Absent = false: a unique index `{table}_AB_unique` instead (Prisma on SQLite).
   */
  readonly joinTablePrimaryKey?: boolean;
  /**
   * A model's single-field `Int` primary key is an autoincrement key even without
   * `@default(autoincrement())` (Prisma on SQLite: `INTEGER PRIMARY KEY AUTOINCREMENT`), and it
   * is the only one: `autoincrement()` on any other column (a `BigInt` id) is not represented in
   * the database, so `lower()` leaves `Column.autoincrement` absent there, and validation refuses
   * `autoincrement()` on a field that is not the single id (`autoincrement-not-on-id`, as Prisma
   * does on SQLite). Absent = false.
   */
  readonly implicitIntegerKeyAutoincrement?: boolean;
  /**
   * Full-text indexes (`@@fulltext`, MySQL's `FULLTEXT INDEX`): the validator accepts
   * `@@fulltext` and `lower()` turns it into an `Index` of kind `fulltext`, which the provider's
   * emitter must render. Absent = false: the validator refuses `@@fulltext` (Prisma's rule on
   * PostgreSQL and SQLite).
   */
  readonly fulltextIndexes?: boolean;
  /**
   * Database extensions (PostgreSQL `CREATE EXTENSION`): the datasource `extensions` list is
   * honoured, `DatabaseSchema.extensions` is filled and the differ plans `CreateExtension`/
   * `AlterExtension`/`DropExtension`. Absent = false: the validator rejects `extensions`.
   */
  readonly extensions?: boolean;
}

/** A field as `lower()` describes it to the type system: no Prisma syntax, just the facts. */
export interface FieldTypeRequest {
  readonly scalar: NeutralScalar;
  /** `@db.VarChar(255)` arrives as `{ name: 'VarChar', args: ['255'] }`. */
  readonly nativeType?: { readonly name: string; readonly args: readonly string[] };
  readonly list: boolean;
  /**
   * For enum fields: the enum's database name, namespace and database values in declaration
   * order. The values let a provider without enum types write the column inline (MySQL
   * `ENUM('A','B')`) rather than refer to a type by name.
   */
  readonly enum?: { readonly name: string; readonly namespace?: string; readonly values: readonly string[] };
  /** For `Unsupported("...")`: the verbatim type text. */
  readonly unsupported?: string;
  readonly autoincrement: boolean;
}

export interface TypeSystem {
  /** The column type for a field; throws nothing, returns an error message when the field cannot be stored. */
  columnType(request: FieldTypeRequest): ColumnType | { readonly error: string };
  /** Native types (`@db.X`) this dialect knows, with the scalars each may be used with. */
  readonly nativeTypes: Readonly<Record<string, { readonly scalars: readonly NeutralScalar[]; readonly args: string }>>;
  /** Checks a native type's arguments for a scalar: an error message, or undefined when fine. */
  checkNativeType(scalar: NeutralScalar, name: string, args: readonly string[]): string | undefined;
  /**
   * The inverse of `columnType`, for `db pull`: the scalar and the `@db.X(args)` (a key of
   * `nativeTypes`) that lower into this column type. `nativeType` is absent where the type is the
   * scalar's default (no attribute printed) or has no `@db.*` spelling. Only the provider can read
   * its own type text; undefined when no field lowers into it.
   */
  fieldType(type: ColumnType): FieldTypeOf | undefined;
}

/** A field's type as `db pull` prints it: `String @db.VarChar(255)`. */
export interface FieldTypeOf {
  readonly scalar: NeutralScalar;
  readonly nativeType?: { readonly name: string; readonly args: readonly string[] };
}

/** Dialect equality the neutral differ cannot know. Every hook is optional. */
export interface DiffHooks {
  /** True when two column types are the same for this dialect (aliases such as `INT4`/`INTEGER`). */
  columnTypesEqual?(a: ColumnType, b: ColumnType): boolean;
  /** True when two defaults are the same for this dialect (`'x'::text` vs `'x'`). */
  defaultsEqual?(a: ColumnDefault | undefined, b: ColumnDefault | undefined, column: Column): boolean;
  /**
   * Asked only when exactly one of two columns is `autoincrement`: true when the database numbers
   * both the same way all the same (SQLite: an `INTEGER PRIMARY KEY` is the rowid, numbered with
   * or without the AUTOINCREMENT keyword, and a schema cannot tell the two apart).
   */
  autoincrementEqual?(a: Column, b: Column): boolean;
  /**
   * True when two indexes have the same shape for this dialect: a default operator class written
   * out (`array_ops`) or a partial-index predicate spelled differently from what the database
   * stores. Names and `constraint` are not compared; `a`'s columns are already renamed into `b`'s
   * terms, and `unique` is compared by the differ before the hook is asked.
   */
  indexesEqual?(a: Index, b: Index): boolean;
  /**
   * False when the database has no conversion from one column type to the other (PostgreSQL:
   * `timestamp` -> `double precision`, a list <-> its element type). Such a column is then dropped
   * and added again (`DropColumn` + `AddColumn`, Prisma's plan), with the indexes, primary key and
   * foreign keys that cover it re-created, instead of an `AlterColumn` the database would reject.
   * Absent: every type change is an `AlterColumn` (SQLite converts anything in its rebuild copy).
   */
  convertsColumnType?(from: ColumnType, to: ColumnType): boolean;
  /**
   * True when two foreign-key actions behave the same in this database, so that a foreign key
   * whose actions differ only in spelling is not dropped and added again (InnoDB: `RESTRICT` and
   * `NO ACTION` are one action). Absent: actions compare by name.
   */
  foreignKeyActionsEqual?(a: ReferentialAction, b: ReferentialAction): boolean;
  /**
   * The schema as this database holds it, applied by the differ to both sides before comparing:
   * add what the database creates by itself (MySQL creates an index for each foreign key whose
   * columns no index covers) or fold what it stores in one way. Pure; must be idempotent
   * (`normalize(normalize(s))` equals `normalize(s)`), so an introspected schema that already
   * holds those objects stays as it is. Changes carry the normalised objects, so a created table
   * lists the implied index and the emitter may write it out. Absent: schemas compare as given.
   */
  normalize?(schema: DatabaseSchema): DatabaseSchema;
  /**
   * False where an enum is not a database object but text in the rows (SQLite's TEXT columns,
   * MySQL's per-column `ENUM(...)` types): the differ then reports only removed and renamed values
   * (an `AlterEnum`: removals raise `remove-enum-value` for the rows that still hold them; renames
   * are an UPDATE of those rows, which the emitter writes for the columns
   * `enumValueRenameTargets` names), and only between two schemas that both list the enum, since
   * introspection cannot see enums there. A renamed value used as a column's default is a default
   * change of that column. Not set by a provider:
   * `defineProvider` fills it from `capabilities.nativeEnums`, so the two cannot disagree.
   */
  readonly enumsInDatabase?: boolean;
}

export interface EmitContext {
  /** The schema before and after the whole change list. */
  readonly from: DatabaseSchema;
  readonly to: DatabaseSchema;
}

export interface ConnectOptions {
  /** Folder of the schema file: relative SQLite paths (`file:./dev.db`) resolve against it, as Prisma does. */
  readonly baseDir?: string;
  /**
   * Create the database when it does not exist (`migrate dev`, `db push`, `migrate deploy`).
   * Default false. A connection that created it says so in `Connection.created`.
   */
  readonly createIfMissing?: boolean;
  /** Namespaces to manage (datasource `schemas`); default: the URL's `schema=` or the dialect default. */
  readonly namespaces?: readonly string[];
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /**
   * Sessions kept for reuse within a run over many targets (a fleet): a provider may take one
   * for the same server, database and credentials instead of opening a session, and put its own
   * there on `close()` and when its lock is released. Absent outside such runs: sessions end.
   */
  readonly sessions?: SessionShelf;
}

/** A statement of a script as the provider's splitter finds it. */
export interface ScriptStatement extends StatementSpan {
  /**
   * False when the statement cannot run inside a transaction block (PostgreSQL `CREATE INDEX
   * CONCURRENTLY`): the whole script then runs statement by statement. Absent: it can.
   */
  readonly transactional?: boolean;
}

/**
 * What a provider does around a script core runs (`Connection.prepareScript`), for what the
 * dialect cannot do inside the script's own transaction.
 */
export interface ScriptGuard {
  /** After the last statement, before COMMIT; throwing fails the script (it is rolled back). */
  beforeCommit?(): Promise<void>;
  /** At the end, committed or not (restores what `prepareScript` changed). */
  release(): Promise<void>;
}

/**
 * A session on one database: what core's executor and history store need. Statements and queries
 * run one after the other on the same session, so `begin()`/`commit()` enclose what runs between.
 */
export interface Session {
  /** Runs SQL text without parameters. Core passes one statement at a time. */
  exec(sql: string): Promise<void>;
  /** Runs a query whose parameters are written with `Provider.placeholder`; returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Starts a transaction; throws (a StrataError) when the database cannot be written now. */
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** The database's failure as the user reads it: secrets masked, and what it means when the provider knows. */
export type ErrorDescriber = (error: unknown) => string;
/**
 * Counting queries for data-aware warnings. Core decides what to ask; the provider knows how.
 * `table` is a qualified table name (`namespace.name` or `name`).
 */
export interface DataProbe {
  countRows(table: string): Promise<number>;
  countNonNull(table: string, column: string): Promise<number>;
  countNull(table: string, column: string): Promise<number>;
  countValues(table: string, column: string, values: readonly string[]): Promise<number>;
  /** Rows whose value appears more than once over these columns (NULLs never collide). */
  countDuplicates(table: string, columns: readonly string[]): Promise<number>;
  /** Rows whose non-null value would not survive a conversion to `to` (would fail or change). */
  countNotFitting(table: string, column: string, to: ColumnType): Promise<number>;
  /**
   * Rows whose non-null value makes the in-place conversion from `from` to `to` raise an error
   * (`'abc'` to an integer, `100000` to `DECIMAL(5,2)`), so that the migration would fail. Only
   * for providers whose type changes can fail (PostgreSQL; MySQL in strict mode); absent where a
   * column is rebuilt or converted whatever it holds (SQLite).
   */
  countNotConvertible?(table: string, column: string, from: ColumnType, to: ColumnType): Promise<number>;
  /**
   * What outside the extension uses its objects (so that dropping it without CASCADE fails):
   * columns of its types, defaults calling its functions, indexes with its operator classes,
   * views, other extensions. Optional: without it a dropped extension is not checked.
   */
  extensionDependents?(extension: string): Promise<readonly ExtensionDependent[]>;
}

/** An object that uses an extension's objects; `table`/`column`/`index` let core discount what the migration removes. */
export interface ExtensionDependent {
  /** In the dialect's words, for the message: `column email of table "User"`. */
  readonly description: string;
  /** The table it belongs to, qualified as `DataProbe` tables are (`namespace.name` or `name`). */
  readonly table?: string;
  /** A column of that table (of the extension's type, or whose default calls its function). */
  readonly column?: string;
  /** An index of that table (using the extension's operator class). */
  readonly index?: string;
}

/**
 * One object `migrate reset` drops. Reset drops what strata manages in the connection's namespaces
 * (tables, enums, the history tables) and nothing else, except what the database cannot keep
 * without them: those objects carry `dependsOn` (a view reading a table, a trigger on it, a
 * foreign key of another schema's table referencing it). Objects that depend on nothing dropped
 * (other views, functions, sequences, extensions) survive.
 */
export interface ResetObject {
  readonly kind:
    | 'table'
    | 'enum'
    | 'history-table'
    | 'view'
    | 'materialized-view'
    | 'trigger'
    | 'function'
    | 'constraint'
    | 'other';
  readonly namespace?: string;
  readonly name: string;
  /** The dropped object this one depends on (`namespace.name` or `name`); absent for managed objects. */
  readonly dependsOn?: string;
}

/** A held lock; call to release it. Releasing twice is harmless. */
export type Release = () => Promise<void>;

/**
 * An open connection, as a provider makes it. Core wraps it into a `Database` (`openDatabase`),
 * which adds the executor and the history store: providers never write either.
 */
export interface Connection extends Session {
  readonly provider: string;
  /** The connection target for messages, password masked. */
  readonly displayUrl: string;
  /**
   * True when this `connect()` created the database (only with `createIfMissing`): a new SQLite
   * file (and its folders), a new PostgreSQL database. Optional: absent means the provider does
   * not say, and callers treat it as "not created". `migrate deploy` reports it.
   */
  readonly created?: boolean;
  /**
   * The namespace that holds the history tables (`_strata_migrations`, Prisma's
   * `_prisma_migrations`): PostgreSQL, the URL's schema. Absent where the dialect has none.
   */
  readonly historyNamespace?: string;
  introspect(): Promise<DatabaseSchema>;
  /** Whether a table exists: asked for the history tables, before every command, so it must be cheap. */
  hasTable(name: string, namespace?: string): Promise<boolean>;
  readonly probe: DataProbe;
  /** Takes the migration lock (PostgreSQL: advisory lock on its own session) or throws `lock-timeout`. */
  lock(options: { readonly timeoutMs: number }): Promise<Release>;
  /**
   * Called by core before it runs a script, with its statements: what the dialect must do outside
   * the script's transaction (SQLite: foreign keys off before BEGIN, `foreign_key_check` before
   * COMMIT). Optional.
   */
  prepareScript?(statements: readonly ScriptStatement[]): Promise<ScriptGuard | undefined>;
  /** The database's error as the user should read it (secrets masked). Default: its message. */
  readonly describeError?: ErrorDescriber;
  /** What `reset()` would drop now, managed objects first, each dependent after what it depends on. */
  planReset(): Promise<ResetObject[]>;
  /**
   * Drops every object strata manages in this connection's namespaces (tables, enums, the history
   * tables) and the objects `planReset()` lists as depending on them, in one transaction where the
   * dialect allows it: `migrate reset`. Returns what was dropped (the plan made inside that transaction).
   */
  reset(): Promise<ResetObject[]>;
}

export interface Provider {
  /** `postgresql`, `sqlite`, or a third party's id: the datasource `provider` value. */
  readonly id: string;
  readonly aliases: readonly string[];
  readonly apiVersion: typeof PROVIDER_API_VERSION;
  /** Package name and version, for `strata providers` and metadata.txt. */
  readonly packageName: string;
  readonly version: string;
  readonly capabilities: Capabilities;
  readonly types: TypeSystem;
  readonly diffHooks: DiffHooks;
  /** The namespaces a schema lowers into when `@@schema` is absent (`['public']` on PostgreSQL). */
  readonly defaultNamespaces: readonly string[];
  /**
   * The schemes of this provider's database URLs, lower case with the colon (`postgresql:`,
   * `postgres:`; `file:`). A URL given without a schema (`init --url`, `migrate diff --from-url`,
   * `db pull --url`) belongs to the provider whose list has its scheme. Default: `<id>:`.
   */
  readonly urlSchemes: readonly string[];
  /** What `strata init` writes for this provider. */
  readonly init: InitTemplate;
  /** `"name"` for PostgreSQL and SQLite: how history-table SQL names its table and columns. */
  quoteIdentifier(name: string): string;
  /** The placeholder of the n-th (1-based) query parameter: `$1` (PostgreSQL), `?` (SQLite, MySQL). */
  placeholder(position: number): string;
  /**
   * Splits a script into its statements, as the dialect reads quotes, comments and bodies, and
   * says which cannot run inside a transaction. Core runs them one by one.
   */
  splitStatements(script: string): ScriptStatement[];
  /** Pure: no I/O. Statements in the order they must run. */
  emit(changes: readonly Change[], context: EmitContext): Statement[];
  /** Why the migration needs a rebuild or other review, per change (SQLite: the table rebuilds). */
  explain?(changes: readonly Change[], context: EmitContext): readonly ProviderNote[];
  connect(url: string, options?: ConnectOptions): Promise<Connection>;
  /**
   * The linter's dialect part (`strata migrate lint`): what each statement of a migration.sql
   * does, and the dialect's own rules. Optional: without it, core's rules see statements without
   * effects, and only the schema-aware ones (from the snapshots) can report.
   */
  readonly lint?: ProviderLint;
}

/** The pieces of the project `strata init` starts for a provider; the CLI writes the rest. */
export interface InitTemplate {
  /** DATABASE_URL written to .env when `init` gets no `--url`. Default: `<first scheme>//localhost/mydb`. */
  readonly exampleUrl: string;
  /**
   * Datasource settings after `provider` and `url`, one `key = value` line each, unindented
   * (`relationMode = "prisma"`). Default: none.
   */
  readonly datasourceLines: readonly string[];
  /** The example model, in Prisma syntax; the template shows it commented out. Default: a `User` model with an autoincrement id. */
  readonly exampleModel: string;
}

/** The example model of `InitTemplate` when a provider does not give its own. */
export const DEFAULT_INIT_EXAMPLE_MODEL = `model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  name  String?
}`;

/** A provider's own remark on a plan (e.g. a SQLite table rebuild), turned into a warning by core. */
export interface ProviderNote {
  readonly code: string;
  readonly severity: 'data-loss' | 'would-fail' | 'review';
  readonly message: string;
  readonly table?: string;
  readonly column?: string;
  readonly change?: Change;
  /**
   * Inside an `AlterTable` `change`: the nested change the note is about. Core then lists the
   * note with core's own warnings of that change (not after all of them) and counts the rows it
   * touches as it does for the catalogue's code (`type-change-rewrites-table` counts the table).
   */
  readonly tableChange?: TableChange;
  /** True when the note means a table is rebuilt (`rebuild_required` in metadata.txt). */
  readonly rebuild?: boolean;
}

export type ProviderDefinition = Omit<
  Provider,
  'aliases' | 'diffHooks' | 'capabilities' | 'defaultNamespaces' | 'urlSchemes' | 'init'
> & {
  readonly aliases?: readonly string[];
  /** `enumsInDatabase` comes from `capabilities.nativeEnums`. */
  readonly diffHooks?: Omit<DiffHooks, 'enumsInDatabase'>;
  readonly capabilities: Partial<Capabilities> & Pick<Capabilities, 'maxIdentifierLength'>;
  readonly defaultNamespaces?: readonly string[];
  readonly urlSchemes?: readonly string[];
  readonly init?: Partial<InitTemplate>;
};

const DEFAULT_CAPABILITIES: Omit<Capabilities, 'maxIdentifierLength'> = {
  transactionalDdl: false,
  nativeEnums: false,
  scalarLists: false,
  namespaces: false,
  foreignKeys: true,
  partialIndexes: false,
};

/** Fills the defaults of a provider definition. */
export function defineProvider(definition: ProviderDefinition): Provider {
  const capabilities = { ...DEFAULT_CAPABILITIES, ...definition.capabilities };
  return {
    ...definition,
    aliases: definition.aliases ?? [],
    diffHooks: withEnumsInDatabase(definition.diffHooks ?? {}, capabilities),
    defaultNamespaces: definition.defaultNamespaces ?? [],
    capabilities,
    ...staticMetadata(definition),
  };
}

/**
 * The static metadata of a provider with its defaults filled: for `defineProvider`, and for the
 * CLI, which fills them in for providers written by hand.
 */
export function staticMetadata(
  definition: Pick<ProviderDefinition, 'id' | 'urlSchemes' | 'init'>,
): Pick<Provider, 'urlSchemes' | 'init'> {
  const urlSchemes = (definition.urlSchemes ?? [`${definition.id}:`]).map((s) => s.toLowerCase());
  return {
    urlSchemes,
    init: {
      exampleUrl: definition.init?.exampleUrl ?? `${urlSchemes[0] ?? `${definition.id}:`}//localhost/mydb`,
      datasourceLines: definition.init?.datasourceLines ?? [],
      exampleModel: definition.init?.exampleModel ?? DEFAULT_INIT_EXAMPLE_MODEL,
    },
  };
}

/** The scheme of a URL as `Provider.urlSchemes` lists it (`postgresql:`), or undefined when it has none. */
export function urlSchemeOf(url: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  // One letter is a Windows drive (`C:\db`), never a scheme.
  return scheme === undefined || scheme.length < 2 ? undefined : `${scheme.toLowerCase()}:`;
}

/** The differ's view of enums follows the capability (one fact, stated once by the provider). */
export function withEnumsInDatabase(hooks: DiffHooks, capabilities: Pick<Capabilities, 'nativeEnums'>): DiffHooks {
  return capabilities.nativeEnums ? hooks : { ...hooks, enumsInDatabase: false };
}
