/** Reads a schema (one file or a folder of `.prisma` files) as the source files core parses. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { StrataCliError } from '../errors/cli-error.js';

export interface SchemaSource {
  /** Absolute path on disk. */
  readonly absolutePath: string;
  /** The path shown in diagnostics: relative to the working directory. */
  readonly path: string;
  readonly text: string;
}

export function readSchemaSources(schemaPath: string, isFolder: boolean, cwd: string): SchemaSource[] {
  const files = isFolder ? listPrismaFiles(schemaPath) : [schemaPath];
  if (files.length === 0) {
    throw new StrataCliError('schema-not-found', `The folder ${path.relative(cwd, schemaPath)} has no .prisma files.`, {
      hint: 'Add a schema.prisma file to it, or pass --schema with the right path.',
    });
  }
  return files.map((absolutePath) => ({
    absolutePath,
    path: path.relative(cwd, absolutePath) || absolutePath,
    text: readFileSync(absolutePath, 'utf8'),
  }));
}

/** `.prisma` files of a folder and its subfolders (not `migrations/`, which holds snapshots), sorted. */
function listPrismaFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'migrations' && entry.name !== 'node_modules') found.push(...listPrismaFiles(full));
    } else if (entry.name.endsWith('.prisma')) {
      found.push(full);
    }
  }
  return found.sort();
}
