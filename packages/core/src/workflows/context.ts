/**
 * What every workflow shares: its base options, opening (or borrowing) a connection, loading the
 * schema and the migrations folder, and turning snapshots into IR.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Database, databaseOf, openDatabase } from '../database/database.js';
import { HISTORY_TABLES } from '../database/history-table.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { defaultMigrationsDir, readMigrationsFolder } from '../migrations/folder-fs.js';
import type { MigrationsFolder } from '../migrations/migrations-folder.js';
import type { Connection, Provider } from '../provider/contract.js';
import type { SessionShelf } from '../provider/session-shelf.js';
import type { SourceFile } from '../psl/diagnostic.js';
import { type DatasourceSettings, datasourceSettings, readSchemaInput } from '../psl/load.js';
import { type ParseResult, parseSchema } from '../psl/parser.js';
import type { SchemaModel } from '../schema/model.js';
import { type DatabaseSchema, emptySchema } from '../sql/ir.js';
import { lowerSchema, printNormalized, readSchema } from './engine.js';
import type { ProgressListener, WorkflowEvent } from './events.js';

export interface BaseWorkflowOptions {
  readonly provider: Provider;
  /** An open connection or database (not closed by the workflow), or `url` to open one. */
  readonly connection?: Connection | Database;
  readonly url?: string;
  /** `schema.prisma`, or the folder of a multi-file schema. */
  readonly schemaPath?: string;
  /**
   * The schema at `schemaPath` already read (`readSchemaInput`): the workflow then does not read
   * the files again, and with `model` does not parse or validate them again either.
   */
  readonly schema?: GivenSchema;
  /** Default: `migrations` next to the schema. */
  readonly migrationsDir?: string;
  /**
   * The migrations folder already read (`readMigrationsFolder`): the workflow does not read it
   * again. A fleet reads it once for all its targets.
   */
  readonly migrationsFolder?: MigrationsFolder;
  /**
   * Where relative `file:` URLs start (`file:./dev.db`). Default: the folder of `schemaPath`;
   * give it when there is no schema path but a project schema (so every command agrees).
   */
  readonly baseDir?: string;
  /**
   * The namespaces to manage (PostgreSQL schemas). Default: the datasource's `schemas` of the
   * schema at `schemaPath`; without them, the connection's default namespace only.
   */
  readonly namespaces?: readonly string[];
  /**
   * Snapshots already lowered (`createSnapshotCache`), shared by several calls on one migrations
   * folder: a fleet run lowers each before/after.prisma once for all its targets.
   */
  readonly snapshots?: SnapshotCache;
  /**
   * Server sessions kept for reuse between the connections of a run over many targets
   * (`createSessionShelf`; a fleet run makes one): connections opened from `url` take and leave
   * sessions there instead of opening and ending their own.
   */
  readonly sessions?: SessionShelf;
  readonly onProgress?: ProgressListener;
}

/**
 * A schema a caller already read: its files (a `SchemaInput` is one), and optionally what it
 * already knows of them. `model` must have been validated with the provider's options
 * (`validateOptionsFor`), as the workflow would have.
 */
export interface GivenSchema {
  /** The schema path, for messages. */
  readonly path: string;
  readonly files: readonly SourceFile[];
  readonly datasource?: DatasourceSettings;
  /** The files parsed (`SchemaInput.parsed`). */
  readonly parsed?: ParseResult;
  readonly model?: SchemaModel;
}

/** A schema path to read, or a schema already read. */
export type SchemaPathOrFiles = string | GivenSchema;

export function report(options: { readonly onProgress?: ProgressListener }, event: WorkflowEvent): void {
  options.onProgress?.(event);
}

export function migrationsDirOf(options: BaseWorkflowOptions): string {
  if (options.migrationsDir !== undefined) return options.migrationsDir;
  if (options.schemaPath !== undefined) return defaultMigrationsDir(options.schemaPath);
  throw new StrataError(
    ErrorCodes.invalidArgument,
    'No migrations folder: give the schema path or the migrations folder.',
    {
      hint: 'Pass --schema prisma/schema.prisma or --migrations prisma/migrations.',
    },
  );
}

export async function loadMigrations(options: BaseWorkflowOptions): Promise<MigrationsFolder> {
  return options.migrationsFolder ?? readMigrationsFolder(migrationsDirOf(options));
}

/** Runs `body` with the given connection, or one opened from `url` and closed afterwards. */
export async function withConnection<T>(
  options: BaseWorkflowOptions & { readonly createIfMissing?: boolean },
  body: (database: Database) => Promise<T>,
): Promise<T> {
  if (options.connection !== undefined) return body(databaseOf(options.provider, options.connection));
  if (options.url === undefined) {
    throw new StrataError(ErrorCodes.invalidArgument, 'No database to connect to.', {
      hint: 'Pass a connection URL (--url, or the datasource url of the schema).',
    });
  }
  const baseDir = options.baseDir ?? (options.schemaPath === undefined ? undefined : schemaBaseDir(options.schemaPath));
  const namespaces = options.provider.capabilities.namespaces
    ? (options.namespaces ?? declaredSchemas(options.schema ?? options.schemaPath))
    : undefined;
  const connection = await openDatabase(options.provider, options.url, {
    ...(baseDir ? { baseDir } : {}),
    ...(options.createIfMissing ? { createIfMissing: true } : {}),
    ...(namespaces === undefined ? {} : { namespaces }),
    ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
  });
  try {
    return await body(connection);
  } finally {
    await connection.close();
  }
}

/**
 * The datasource's `schemas` (Prisma's multiSchema), read from the syntax tree only: every
 * command scopes its connection by them (introspection, drift, reset), also those that do not
 * otherwise read the schema (status, deploy, reset). Undefined without a schema or without `schemas`.
 */
export function declaredSchemas(schema: SchemaPathOrFiles | undefined): readonly string[] | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema !== 'string')
    return (schema.datasource ?? datasourceSettings(schema.parsed ?? parseSchema(schema.files))).schemas;
  return existsSync(schema) ? readSchemaInput(schema).datasource.schemas : undefined;
}

function schemaBaseDir(schemaPath: string): string {
  return existsSync(schemaPath) && statSync(schemaPath).isDirectory() ? schemaPath : path.dirname(schemaPath);
}

export interface LoadedSchema {
  readonly path: string;
  readonly model: SchemaModel;
  /** The normalized text written to after.prisma (printed on first use). */
  readonly normalized: string;
  readonly database: DatabaseSchema;
}

/** Reads (unless given), validates (unless given a model) and lowers the schema; checks it is for this provider. */
export async function loadSchema(schema: SchemaPathOrFiles, provider: Provider): Promise<LoadedSchema> {
  const given: GivenSchema = typeof schema === 'string' ? readSchemaInput(schema) : schema;
  const model = given.model ?? readSchema(given.files, provider, {}, given.parsed);
  assertSchemaProvider(model, provider, given.path);
  // Printed only when asked for (migrate dev writes it): printing costs as much as validating.
  let normalized: string | undefined;
  return {
    path: given.path,
    model,
    get normalized() {
      normalized ??= printNormalized(model);
      return normalized;
    },
    database: lowerSchema(model, provider),
  };
}

export function assertSchemaProvider(model: SchemaModel, provider: Provider, where: string): void {
  const declared = model.datasource?.provider;
  if (declared === undefined || declared === provider.id || provider.aliases.includes(declared)) return;
  throw new StrataError(
    ErrorCodes.providerMismatch,
    `${where} uses provider "${declared}", but the "${provider.id}" provider was loaded.`,
    {
      hint: 'Use the provider the datasource declares.',
      details: { declared, provider: provider.id },
    },
  );
}

/**
 * A snapshot's text (before.prisma / after.prisma / a recorded schema) as IR; empty text is the
 * empty schema. With `cache`, a text lowered before (by this provider) is not lowered again.
 */
export function snapshotToDatabase(
  text: string,
  provider: Provider,
  origin: string,
  cache?: SnapshotCache,
): DatabaseSchema {
  return cache === undefined ? lowerSnapshot(text, provider, origin) : cache.lower(text, provider, origin);
}

/**
 * Lowered snapshots by their exact text and provider. Made for one run (a fleet's deploy or
 * status) and dropped with it: never a module-level singleton, which would outlive the run and
 * be shared with a provider's own copy of core. The IR it hands out is shared, so it is only read.
 */
export interface SnapshotCache {
  lower(text: string, provider: Provider, origin: string): DatabaseSchema;
}

export function createSnapshotCache(): SnapshotCache {
  const byProvider = new Map<Provider, Map<string, DatabaseSchema>>();
  return {
    lower(text, provider, origin) {
      let lowered = byProvider.get(provider);
      if (lowered === undefined) {
        lowered = new Map();
        byProvider.set(provider, lowered);
      }
      let database = lowered.get(text);
      if (database === undefined) {
        // a text that does not lower throws, uncached: every target reports the same error
        database = lowerSnapshot(text, provider, origin);
        lowered.set(text, database);
      }
      return database;
    },
  };
}

function lowerSnapshot(text: string, provider: Provider, origin: string): DatabaseSchema {
  if (text.trim() === '') return emptySchema(provider.id);
  // snapshots are printed without generators, so preview features cannot be checked there
  return lowerSchema(readSchema([{ path: origin, text }], provider, { checkPreviewFeatures: false }), provider);
}

export function withoutHistoryTables(schema: DatabaseSchema): DatabaseSchema {
  return { ...schema, tables: schema.tables.filter((t) => !HISTORY_TABLES.includes(t.name)) };
}
