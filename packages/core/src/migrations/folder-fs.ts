/**
 * The only module that touches the file system for migrations: reads a migrations folder into
 * bytes for the pure parsers, writes a new migration folder and the lock file.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory } from '../files/make-directory.js';
import { MIGRATION_FILES, type MigrationFileName } from './local-migration.js';
import { LOCK_FILE_NAME, type LockFile, renderLockFile } from './lock-file.js';
import { assembleMigrationsFolder, type MigrationFolderEntry, type MigrationsFolder } from './migrations-folder.js';

/** `prisma/migrations` next to the schema file (or inside the schema folder of a multi-file schema). */
export function defaultMigrationsDir(schemaPath: string): string {
  const looksLikeFile = path.extname(schemaPath) === '.prisma';
  return path.join(looksLikeFile ? path.dirname(schemaPath) : schemaPath, 'migrations');
}

/** Reads every migration folder (any subdirectory) and the lock file; a missing folder is empty. */
export async function readMigrationsFolder(dir: string): Promise<MigrationsFolder> {
  if (!existsSync(dir)) return assembleMigrationsFolder(dir, undefined, []);
  const dirents = await readdir(dir, { withFileTypes: true });
  // Prisma ignores plain files and dot-folders here; so do we.
  const folders = dirents.filter((dirent) => dirent.isDirectory() && !dirent.name.startsWith('.'));
  // All files at once, not one after the other: a long history is hundreds of small reads, and
  // awaiting each in turn cost more than everything else `migrate status` does with them.
  const entries: MigrationFolderEntry[] = await Promise.all(
    folders.map(async (dirent) => {
      const folder = path.join(dir, dirent.name);
      // One listing instead of a read attempt per possible file: most folders (Prisma's) hold one.
      const present = new Set(await readdir(folder));
      const names = MIGRATION_FILES.filter((file) => present.has(file));
      const read = await Promise.all(names.map((file) => readOptional(path.join(folder, file))));
      const files: Partial<Record<MigrationFileName, Uint8Array>> = {};
      names.forEach((file, i) => {
        const bytes = read[i];
        if (bytes !== undefined) files[file] = bytes;
      });
      return { name: dirent.name, path: folder, files };
    }),
  );
  const lockBytes = await readOptional(path.join(dir, LOCK_FILE_NAME));
  return assembleMigrationsFolder(
    dir,
    lockBytes === undefined ? undefined : Buffer.from(lockBytes).toString('utf8'),
    entries,
  );
}

async function readOptional(file: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw error;
  }
}

export async function writeLockFile(dir: string, lock: LockFile): Promise<void> {
  makeDirectory(dir);
  await writeFile(path.join(dir, LOCK_FILE_NAME), renderLockFile(lock));
}

/**
 * Writes a migration folder atomically enough for a reviewer: into a temporary sibling first, then
 * renamed, so an interrupted write never leaves a half folder that looks like a migration.
 */
export async function writeMigrationFolder(
  dir: string,
  name: string,
  files: Readonly<Record<string, string>>,
): Promise<string> {
  const target = path.join(dir, name);
  const staging = path.join(dir, `.${name}.tmp-${process.pid}`);
  makeDirectory(staging);
  try {
    for (const [file, content] of Object.entries(files)) await writeFile(path.join(staging, file), content);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return target;
}
