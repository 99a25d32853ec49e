/**
 * Where the project, its schema and its migrations are. Pure file-system look-ups: every command
 * starts here, so it must stay cheap (`@strata/core/project` loads nothing else of core). The
 * rules are core's, shared with the programmatic API; the errors here name the CLI's flags.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SCHEMA_LOCATIONS, findProjectDir, findSchemaPath } from '@strata/core/project';
import { StrataCliError } from '../errors/cli-error.js';

export { DEFAULT_SCHEMA_LOCATIONS, findProjectDir };

export interface ProjectPaths {
  /** The nearest folder at or above the working directory with a package.json, else the working directory. */
  readonly projectDir: string;
  /** The schema file, or a folder of `.prisma` files. */
  readonly schemaPath: string;
  readonly schemaIsFolder: boolean;
  /** `--migrations`, else `migrations` next to the schema file (inside a schema folder). */
  readonly migrationsDir: string;
}

export interface LocateOptions {
  readonly cwd: string;
  readonly schema?: string;
  readonly migrations?: string;
  /**
   * Whether a `--migrations` folder that does not exist is fine: `migrate dev` creates it; every
   * other command would read an empty folder and misreport (each applied migration "missing locally").
   */
  readonly createsMigrations?: boolean;
}

export function locateProject(options: LocateOptions): ProjectPaths {
  const cwd = path.resolve(options.cwd);
  const projectDir = findProjectDir(cwd);
  const schemaPath =
    options.schema === undefined ? defaultSchemaPath(cwd, projectDir) : path.resolve(cwd, options.schema);
  if (!existsSync(schemaPath)) {
    throw new StrataCliError('schema-not-found', `No schema at ${path.relative(cwd, schemaPath) || schemaPath}.`, {
      hint: 'Pass --schema <file|folder>, or run `strata init` to create one.',
      details: { path: schemaPath },
    });
  }
  const schemaStat = statSync(schemaPath);
  if (!schemaStat.isDirectory() && !schemaStat.isFile()) {
    // a device or a pipe (/dev/zero, /dev/stdin) would be read forever
    throw new StrataCliError('invalid-argument', `The schema ${schemaPath} is neither a file nor a folder.`, {
      hint: 'Pass --schema <file.prisma|folder>.',
      details: { path: schemaPath },
    });
  }
  const schemaIsFolder = schemaStat.isDirectory();
  const migrationsDir =
    options.migrations === undefined
      ? path.join(schemaIsFolder ? schemaPath : path.dirname(schemaPath), 'migrations')
      : path.resolve(cwd, options.migrations);
  checkMigrationsDir(migrationsDir, {
    flag: options.migrations === undefined ? undefined : '--migrations',
    mustExist: options.migrations !== undefined && options.createsMigrations !== true,
  });
  return { projectDir, schemaPath, schemaIsFolder, migrationsDir };
}

/**
 * A migrations folder must be a folder; one named by a flag must also exist unless the command
 * creates it (the default folder may be missing in a new project: it is then empty).
 */
export function checkMigrationsDir(
  dir: string,
  options: { readonly flag: string | undefined; readonly mustExist: boolean },
): void {
  const named = options.flag === undefined ? `The migrations folder ${dir}` : `${options.flag} ${dir}`;
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file on the way (`--migrations /etc/hostname/x`) means no such folder either
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  if (stat === undefined) {
    if (!options.mustExist) return;
    throw new StrataCliError('invalid-argument', `${named}: no such folder.`, {
      hint: `Pass ${options.flag ?? '--migrations'} <the folder with the migrations>${options.flag === '--migrations' ? ', or leave it out to use migrations/ next to the schema' : ''}.`,
      details: { path: dir },
    });
  }
  if (!stat.isDirectory()) {
    throw new StrataCliError('invalid-argument', `${named} is a file, not a folder.`, {
      hint:
        options.flag === undefined
          ? 'Move that file away, or pass --migrations <the folder with the migrations>.'
          : `Pass ${options.flag} <the folder with the migrations>${options.flag === '--migrations' ? ', or leave it out to use migrations/ next to the schema' : ''}.`,
      details: { path: dir },
    });
  }
}

/**
 * Where a relative `file:` URL (`file:./dev.db`) starts, whatever gave the URL (`--url`,
 * `--from-url`, `--to-url`, `DATABASE_URL`, the schema's url): the folder of the project's schema
 * (`--schema`, else the default places), as Prisma resolves the schema's own url; without any
 * schema, the working directory. One rule, so `migrate diff --from-url file:./dev.db` and
 * `migrate status` read the same file from any working directory.
 */
export function fileUrlBaseDir(cwd: string, schema?: string): string {
  try {
    const paths = locateProject({ cwd, ...(schema === undefined ? {} : { schema }) });
    return schemaFolder(paths);
  } catch {
    return path.resolve(cwd);
  }
}

/** The folder of the schema file, or the schema folder itself. */
export function schemaFolder(paths: Pick<ProjectPaths, 'schemaPath' | 'schemaIsFolder'>): string {
  return paths.schemaIsFolder ? paths.schemaPath : path.dirname(paths.schemaPath);
}

function defaultSchemaPath(cwd: string, projectDir: string): string {
  const found = findSchemaPath(cwd, projectDir);
  if (found !== undefined) return found;
  throw new StrataCliError(
    'schema-not-found',
    `No schema found (looked for ${DEFAULT_SCHEMA_LOCATIONS.join(', ')} and package.json "strata": {"schema": ...}).`,
    {
      hint: 'Pass --schema <file|folder>, or run `strata init` to create one.',
      details: { cwd },
    },
  );
}

/**
 * Loads `.env` from the project folder and from the schema's folder (when different). Values
 * already in the environment win, as with Prisma. The values are never printed.
 */
export function loadDotEnv(dirs: readonly string[]): string[] {
  const loaded: string[] = [];
  for (const dir of new Set(dirs)) {
    const file = path.join(dir, '.env');
    if (!existsSync(file)) continue;
    try {
      process.loadEnvFile(file);
      loaded.push(file);
    } catch (error) {
      throw new StrataCliError('invalid-argument', `Could not read ${file}.`, {
        hint: 'Fix the syntax of the .env file (KEY=value per line).',
        cause: error,
      });
    }
  }
  return loaded;
}
