/**
 * What every workflow shares: its base options, opening (or borrowing) a connection, loading the
 * schema and the migrations folder, and turning snapshots into IR.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Database, databaseOf, openDatabase } from '../database/database.js';
import { HISTORY_TABLES } from '../database/history-table.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { defaultMigrationsDir, readMigrationsFolder } from '../migrations/folder-fs.js';
import type { MigrationsFolder } from '../migrations/migrations-folder.js';
import type { Connection, Provider } from '../provider/contract.js';
import { blocksOf } from '../psl/ast.js';
import { parseSchema } from '../psl/parser.js';
import type { SchemaModel } from '../schema/model.js';
import { type DatabaseSchema, emptySchema } from '../sql/ir.js';
import { lowerSchema, printNormalized, readSchema, type SchemaSource } from './engine.js';
import type { ProgressListener, WorkflowEvent } from './events.js';

export interface BaseWorkflowOptions {
  readonly provider: Provider;
  /** An open connection or database (not closed by the workflow), or `url` to open one. */
  readonly connection?: Connection | Database;
  readonly url?: string;
  /** `schema.prisma`, or the folder of a multi-file schema. */
  readonly schemaPath?: string;
  /** Default: `migrations` next to the schema. */
  readonly migrationsDir?: string;
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
  readonly onProgress?: ProgressListener;
}

export function emit(options: { readonly onProgress?: ProgressListener }, event: WorkflowEvent): void {
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
  return readMigrationsFolder(migrationsDirOf(options));
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
    ? (options.namespaces ?? (await declaredSchemas(options.schemaPath)))
    : undefined;
  const connection = await openDatabase(options.provider, options.url, {
    ...(baseDir ? { baseDir } : {}),
    ...(options.createIfMissing ? { createIfMissing: true } : {}),
    ...(namespaces === undefined ? {} : { namespaces }),
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
export async function declaredSchemas(schemaPath: string | undefined): Promise<string[] | undefined> {
  if (schemaPath === undefined || !existsSync(schemaPath)) return undefined;
  const { ast } = parseSchema(await readSchemaSources(schemaPath));
  for (const block of blocksOf(ast)) {
    if (block.kind !== 'datasource') continue;
    for (const member of block.members) {
      if (member.kind !== 'key-value' || member.key.name !== 'schemas' || member.value.kind !== 'array') continue;
      return member.value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : []));
    }
  }
  return undefined;
}

function schemaBaseDir(schemaPath: string): string {
  return existsSync(schemaPath) && statSync(schemaPath).isDirectory() ? schemaPath : path.dirname(schemaPath);
}

export interface LoadedSchema {
  readonly path: string;
  readonly model: SchemaModel;
  /** The normalized text written to after.prisma. */
  readonly normalized: string;
  readonly database: DatabaseSchema;
}

/** Reads, validates and lowers the schema; checks it is for this provider. */
export async function loadSchema(schemaPath: string, provider: Provider): Promise<LoadedSchema> {
  const sources = await readSchemaSources(schemaPath);
  const model = readSchema(sources, provider);
  assertSchemaProvider(model, provider, schemaPath);
  return { path: schemaPath, model, normalized: printNormalized(model), database: lowerSchema(model, provider) };
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

async function readSchemaSources(schemaPath: string): Promise<SchemaSource[]> {
  if (!existsSync(schemaPath)) {
    throw new StrataError(ErrorCodes.schemaNotFound, `No schema at ${schemaPath}.`, {
      hint: 'Pass --schema with the path of schema.prisma (or of the folder of a multi-file schema).',
    });
  }
  if (!statSync(schemaPath).isDirectory()) return [{ path: schemaPath, text: await readFile(schemaPath, 'utf8') }];
  const files: SchemaSource[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      // The migrations folder holds before/after.prisma snapshots: never part of the schema.
      if (entry.isDirectory() && entry.name !== 'migrations' && !entry.name.startsWith('.')) await walk(full);
      else if (entry.isFile() && entry.name.endsWith('.prisma'))
        files.push({ path: full, text: await readFile(full, 'utf8') });
    }
  };
  await walk(schemaPath);
  return files;
}

/** A snapshot's text (before.prisma / after.prisma / a recorded schema) as IR; empty text is the empty schema. */
export function snapshotToDatabase(text: string, provider: Provider, origin: string): DatabaseSchema {
  if (text.trim() === '') return emptySchema(provider.id);
  // snapshots are printed without generators, so preview features cannot be checked there
  return lowerSchema(readSchema([{ path: origin, text }], provider, { checkPreviewFeatures: false }), provider);
}

export function withoutHistoryTables(schema: DatabaseSchema): DatabaseSchema {
  return { ...schema, tables: schema.tables.filter((t) => !HISTORY_TABLES.includes(t.name)) };
}
