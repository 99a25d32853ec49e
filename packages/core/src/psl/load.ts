/**
 * THE schema reader: the only file-system access of the schema language, used by every workflow
 * and by the CLI, so that every command reads the same files.
 *
 * A path to a file reads that file; a path to a folder reads every `.prisma` file below it
 * (Prisma's `prismaSchemaFolder` layout), except in the folders `isSkippedSchemaFolder` names,
 * sorted by path so the result does not depend on the order the operating system lists them in.
 * The text is parsed once (`parsed`), and the datasource's settings are read from the syntax tree
 * (`datasource`), so that a command knows its provider and URL even when the schema has errors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { blocksOf, type Expression } from './ast.js';
import type { SourceFile } from './diagnostic.js';
import { type ParseResult, parseSchema } from './parser.js';

/**
 * Folders a schema folder's walk never enters: `migrations` (SQL and the before/after.prisma
 * snapshots of earlier schemas), `node_modules` (packages' own schema files) and hidden folders
 * (`.git`, editors' and tools' folders).
 */
export function isSkippedSchemaFolder(name: string): boolean {
  return name === 'migrations' || name === 'node_modules' || name.startsWith('.');
}

/** A schema file as read: `path` is the one diagnostics show. */
export interface SchemaFile extends SourceFile {
  readonly absolutePath: string;
}

export interface ReadSchemaOptions {
  /** Diagnostics show paths relative to this folder (the working directory). Default: the paths as found. */
  readonly relativeTo?: string;
  /**
   * Called once the files are read, before they are parsed, with their total length in UTF-16
   * code units (the CLI tunes V8 for a long run on a large schema, see apps/cli/src/runner/tiering.ts).
   */
  readonly beforeParse?: (length: number) => void;
}

/** The datasource settings, straight from the syntax tree (the first datasource block that has each). */
export interface DatasourceSettings {
  readonly provider?: string;
  /** The `url` expression (`env("DATABASE_URL")` or a string). */
  readonly url?: Expression;
  /** `schemas` (Prisma's multiSchema). */
  readonly schemas?: readonly string[];
}

/** A schema read from disk: what every command works from. */
export interface SchemaInput {
  /** The schema path given: `schema.prisma`, or the folder of a multi-file schema. */
  readonly path: string;
  readonly isFolder: boolean;
  /** Its files, sorted by path; none for a folder without `.prisma` files. */
  readonly files: readonly SchemaFile[];
  readonly parsed: ParseResult;
  readonly datasource: DatasourceSettings;
}

/**
 * Reads and parses the schema at `fileOrFolder`.
 * @throws StrataError `schema-not-found` when the path does not exist.
 */
export function readSchemaInput(fileOrFolder: string, options: ReadSchemaOptions = {}): SchemaInput {
  let isFolder: boolean;
  try {
    isFolder = statSync(fileOrFolder).isDirectory();
  } catch (cause) {
    throw new StrataError(ErrorCodes.schemaNotFound, `No schema at ${fileOrFolder}.`, {
      hint: 'Pass --schema with the path of schema.prisma (or of the folder of a multi-file schema).',
      details: { path: fileOrFolder },
      cause,
    });
  }
  const paths = isFolder ? prismaFilesBelow(fileOrFolder) : [fileOrFolder];
  const files = paths.map((absolutePath) => ({
    absolutePath,
    path:
      options.relativeTo === undefined ? absolutePath : path.relative(options.relativeTo, absolutePath) || absolutePath,
    text: readFileSync(absolutePath, 'utf8'),
  }));
  options.beforeParse?.(files.reduce((sum, file) => sum + file.text.length, 0));
  const parsed = parseSchema(files);
  return { path: fileOrFolder, isFolder, files, parsed, datasource: datasourceSettings(parsed) };
}

/**
 * The files of a schema, for callers that only need the text.
 * @throws StrataError `schema-not-found` when the path does not exist or a folder holds no `.prisma` file.
 */
export async function loadSchemaFiles(fileOrFolder: string): Promise<SourceFile[]> {
  const input = readSchemaInput(fileOrFolder);
  if (input.files.length === 0) {
    throw new StrataError(ErrorCodes.schemaNotFound, `The folder ${fileOrFolder} holds no .prisma file.`, {
      hint: 'a schema folder holds schema.prisma and/or other .prisma files',
      details: { path: fileOrFolder },
    });
  }
  return input.files.map(({ path, text }) => ({ path, text }));
}

export function datasourceSettings(parsed: Pick<ParseResult, 'ast'>): DatasourceSettings {
  let provider: string | undefined;
  let url: Expression | undefined;
  let schemas: string[] | undefined;
  for (const block of blocksOf(parsed.ast)) {
    if (block.kind !== 'datasource') continue;
    for (const member of block.members) {
      if (member.kind !== 'key-value') continue;
      if (member.key.name === 'provider' && member.value.kind === 'string') provider ??= member.value.value;
      if (member.key.name === 'url') url ??= member.value;
      if (member.key.name === 'schemas' && member.value.kind === 'array')
        schemas ??= member.value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : []));
    }
  }
  return {
    ...(provider === undefined ? {} : { provider }),
    ...(url === undefined ? {} : { url }),
    ...(schemas === undefined ? {} : { schemas }),
  };
}

function prismaFilesBelow(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedSchemaFolder(entry.name)) walk(full);
      } else if (entry.name.endsWith('.prisma') && (entry.isFile() || isLinkToFile(full))) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

function isLinkToFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
