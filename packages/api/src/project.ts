/**
 * A project from a few options with the CLI's defaults: the schema (`schema`, else
 * prisma/schema.prisma, schema.prisma, package.json `strata.schema`), its migrations folder, the
 * provider its datasource names, and the database URL (`url`, else the datasource's url or
 * `env("VAR")`, else DATABASE_URL). The look-up rules are core's (`@strata/core/project`), the
 * ones the CLI uses; only the words of the errors differ (they name options, not flags).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import {
  chooseDatabaseUrl,
  DEFAULT_SCHEMA_LOCATIONS,
  ErrorCodes,
  findProjectDir,
  findSchemaPath,
  type Provider,
  readSchemaInput,
  type SchemaInput,
  StrataError,
  type UrlSource,
  urlSourceOf,
} from '@strata/core';
import { bundledProvider } from './providers.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ProjectOptions {
  /** Where the project is looked for, and what relative paths start from. Default `process.cwd()`. */
  readonly cwd?: string;
  /**
   * The schema file, or the folder of a multi-file schema. Default: prisma/schema.prisma, then
   * schema.prisma (in `cwd`, then in the nearest folder with a package.json), then package.json's
   * `"strata": { "schema": "..." }`.
   */
  readonly schema?: string;
  /** The migrations folder. Default: `migrations` next to the schema. */
  readonly migrations?: string;
  /**
   * The provider, e.g. `import { provider } from '@strata/provider-postgres'`. Default: the
   * bundled provider the datasource names (postgresql, sqlite, mysql), loaded on first use.
   */
  readonly provider?: Provider;
  /**
   * Where `env("VAR")` and DATABASE_URL are read. Default: `process.env` over the `.env` files of
   * the project folder and the schema's folder (read, never written into `process.env`).
   */
  readonly env?: Environment;
}

export interface DatabaseOptions extends ProjectOptions {
  /** The database. Default: the datasource's url, or the variable its `env("VAR")` names, else DATABASE_URL. */
  readonly url?: string;
}

export interface Project {
  readonly projectDir: string;
  readonly schemaPath: string;
  /** The schema as read (once): workflows get it instead of reading it again. */
  readonly schema: SchemaInput;
  readonly migrationsDir: string;
  /** Where relative `file:` URLs start: the schema's folder, as with Prisma. */
  readonly baseDir: string;
  readonly provider: Provider;
  readonly env: Environment;
}

export async function resolveProject(options: ProjectOptions): Promise<Project> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const projectDir = findProjectDir(cwd);
  const schemaPath = options.schema === undefined ? defaultSchema(cwd, projectDir) : path.resolve(cwd, options.schema);
  const schema = readSchemaInput(schemaPath);
  if (schema.files.length === 0) {
    throw new StrataError(ErrorCodes.schemaNotFound, `The folder ${schemaPath} has no .prisma files.`, {
      hint: 'Add a schema.prisma file to it, or pass `schema` with the right path.',
      details: { path: schemaPath },
    });
  }
  const baseDir = schema.isFolder ? schemaPath : path.dirname(schemaPath);
  const migrationsDir =
    options.migrations === undefined ? path.join(baseDir, 'migrations') : path.resolve(cwd, options.migrations);
  if (existsSync(migrationsDir) && !statSync(migrationsDir).isDirectory()) {
    throw new StrataError(ErrorCodes.invalidArgument, `The migrations folder ${migrationsDir} is a file.`, {
      hint: 'Pass `migrations` with the folder that holds the migrations.',
      details: { path: migrationsDir },
    });
  }
  const provider = await providerFor(schema, options.provider);
  const env = options.env ?? withDotEnv([projectDir, baseDir]);
  return { projectDir, schemaPath, schema, migrationsDir, baseDir, provider, env };
}

/** The database URL a project talks to (see `DatabaseOptions.url`). */
export function databaseUrl(project: Project, given: string | undefined): string {
  const chosen = chooseDatabaseUrl(given, datasourceUrl(project), project.env);
  if (chosen.found) return chosen.url;
  throw new StrataError(ErrorCodes.invalidArgument, `No database URL: ${chosen.variable} is not set.`, {
    hint: `Set ${chosen.variable} in the environment or in .env next to the project, or pass \`url\`.`,
    details: { variable: chosen.variable },
  });
}

function datasourceUrl(project: Project): UrlSource | undefined {
  return urlSourceOf(project.schema.datasource.url);
}

function defaultSchema(cwd: string, projectDir: string): string {
  const found = findSchemaPath(cwd, projectDir);
  if (found !== undefined) return found;
  throw new StrataError(
    ErrorCodes.schemaNotFound,
    `No schema found from ${cwd} (looked for ${DEFAULT_SCHEMA_LOCATIONS.join(', ')} and package.json "strata": {"schema": ...}).`,
    {
      hint: 'Pass `schema` (the schema file or folder), or `cwd` (the project folder).',
      details: { cwd },
    },
  );
}

async function providerFor(schema: SchemaInput, given: Provider | undefined): Promise<Provider> {
  const declared = schema.datasource.provider;
  if (given !== undefined) {
    if (declared !== undefined && declared !== given.id && !given.aliases.includes(declared)) {
      throw new StrataError(
        ErrorCodes.providerMismatch,
        `${schema.path} uses provider "${declared}", but the "${given.id}" provider was given.`,
        {
          hint: 'Pass the provider the datasource declares, or leave `provider` out to use the bundled one.',
          details: { declared, provider: given.id },
        },
      );
    }
    return given;
  }
  if (declared === undefined) {
    throw new StrataError(ErrorCodes.schemaInvalid, `${schema.path} has no datasource with a provider.`, {
      hint: 'Add `datasource db { provider = "postgresql" }` (or "sqlite", "mysql") to the schema, or pass `provider`.',
    });
  }
  return bundledProvider(declared);
}

/** `process.env` over the variables of the `.env` files (the first file that sets one wins), as the CLI loads them. */
function withDotEnv(dirs: readonly string[]): Environment {
  const fromFiles: Record<string, string | undefined> = {};
  for (const dir of new Set(dirs)) {
    const file = path.join(dir, '.env');
    if (!existsSync(file)) continue;
    let parsed: NodeJS.Dict<string>;
    try {
      parsed = parseEnv(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new StrataError(ErrorCodes.invalidArgument, `Could not read ${file}.`, {
        hint: 'Fix the syntax of the .env file (KEY=value per line), or pass `env`.',
        cause: error,
      });
    }
    for (const [key, value] of Object.entries(parsed)) if (!(key in fromFiles)) fromFiles[key] = value;
  }
  return { ...fromFiles, ...process.env };
}
