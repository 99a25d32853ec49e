/**
 * Which provider `migrate diff` plans with, when nothing but its flags names a database: a schema
 * side's datasource, else the project's schema, else a migrations folder's lock file, else the
 * scheme of a URL side (`Provider.urlSchemes` of the installed providers).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type GivenSchema, parseLockFile } from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import { readProjectSchema } from '../project/schema-files.js';

export interface DiffSides {
  /** The schema sides, as read (`readProjectSchema`). */
  readonly schemas: readonly GivenSchema[];
  readonly migrations: readonly string[];
  readonly urls: readonly string[];
  /** The project's schema, when one was found. */
  readonly projectSchema?: string;
}

/** The provider id of a URL (by its scheme), or undefined when no installed provider claims it. */
export type UrlProvider = (url: string) => Promise<string | undefined>;

export async function diffProviderId(sides: DiffSides, urlProvider: UrlProvider): Promise<string> {
  for (const schema of sides.schemas) {
    const id = schema.datasource?.provider;
    if (id !== undefined) return id;
  }
  if (sides.projectSchema !== undefined) {
    const id = schemaProvider(sides.projectSchema);
    if (id !== undefined) return id;
  }
  for (const dir of sides.migrations) {
    const lock = path.join(dir, 'migration_lock.toml');
    if (existsSync(lock)) return parseLockFile(readFileSync(lock, 'utf8'), lock).provider;
  }
  for (const url of sides.urls) {
    const id = await urlProvider(url);
    if (id !== undefined) return id;
  }
  throw new StrataCliError('invalid-argument', 'Cannot tell which database provider to diff for.', {
    hint: 'Use a schema with a datasource on one side (--from-schema/--to-schema), or run it in a project with a schema.',
  });
}

function schemaProvider(schemaPath: string): string | undefined {
  if (!existsSync(schemaPath)) return undefined;
  return readProjectSchema(schemaPath, process.cwd()).datasource.provider;
}
