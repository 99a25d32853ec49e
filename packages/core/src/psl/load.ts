/**
 * Reading schema files from disk: the only file-system access of the schema language.
 * A path to a file reads that file; a path to a folder reads every `.prisma` file below it
 * (Prisma's `prismaSchemaFolder` layout), sorted by path so the result does not depend on
 * the order the operating system lists them in.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { SourceFile } from './diagnostic.js';

/**
 * @throws StrataError `schema-not-found` when the path does not exist or a folder holds no
 * `.prisma` file.
 */
export async function loadSchemaFiles(fileOrFolder: string): Promise<SourceFile[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(fileOrFolder)).isDirectory();
  } catch (cause) {
    throw new StrataError(ErrorCodes.schemaNotFound, `No Prisma schema at ${fileOrFolder}.`, {
      hint: 'pass the path of schema.prisma, or of the folder that holds the .prisma files',
      details: { path: fileOrFolder },
      cause,
    });
  }
  if (!isFolder) return [{ path: fileOrFolder, text: await readFile(fileOrFolder, 'utf8') }];
  const files: string[] = [];
  await collect(fileOrFolder, files);
  if (files.length === 0) {
    throw new StrataError(ErrorCodes.schemaNotFound, `The folder ${fileOrFolder} holds no .prisma file.`, {
      hint: 'a schema folder holds schema.prisma and/or other .prisma files',
      details: { path: fileOrFolder },
    });
  }
  files.sort();
  return Promise.all(files.map(async (p) => ({ path: p, text: await readFile(p, 'utf8') })));
}

// `migrations/` holds SQL, never schema files; skipping it (and node_modules) keeps a
// schema folder that sits next to its migrations fast to load.
const SKIPPED = new Set(['node_modules', 'migrations']);

async function collect(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED.has(e.name) && !e.name.startsWith('.')) await collect(p, out);
    } else if (e.isFile() && e.name.endsWith('.prisma')) out.push(p);
  }
}
