/**
 * The whole migrations folder (lock file + migration folders, in name order) and the artifacts
 * of a new migration. Pure: the fs side is `folder-fs.ts`.
 */

import type { RenameDecision } from '../diff/renames.js';
import type { Warning } from '../plan/warning.js';
import { artifactsChecksum, migrationChecksum } from './checksum.js';
import {
  AFTER_PRISMA,
  BEFORE_PRISMA,
  DIAGRAM_METADATA_KEY,
  DIAGRAM_SVG,
  type LocalMigration,
  METADATA_TXT,
  MIGRATION_SQL,
  type MigrationFolderFiles,
  parseMigrationFolder,
  RENAMES_METADATA_KEY,
  WARNINGS_TXT,
} from './local-migration.js';
import { type LockFile, parseLockFile } from './lock-file.js';
import { renderMetadata } from './metadata.js';
import { renderWarningsFile } from './warnings-file.js';

export interface MigrationsFolder {
  readonly dir: string;
  /** Absent when the folder (or its lock file) does not exist yet. */
  readonly lock?: LockFile;
  /** Why the lock file could not be read, when it exists but is broken. */
  readonly lockError?: string;
  /** Every migration folder, sorted by name (the order they run in). */
  readonly migrations: readonly LocalMigration[];
}

export interface MigrationFolderEntry {
  readonly name: string;
  readonly path: string;
  readonly files: MigrationFolderFiles;
}

export function assembleMigrationsFolder(
  dir: string,
  lockText: string | undefined,
  entries: readonly MigrationFolderEntry[],
): MigrationsFolder {
  let lock: LockFile | undefined;
  let lockError: string | undefined;
  if (lockText !== undefined) {
    try {
      lock = parseLockFile(lockText);
    } catch (error) {
      lockError = (error as Error).message;
    }
  }
  const migrations = [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => parseMigrationFolder(entry.name, entry.path, entry.files));
  return { dir, ...(lock ? { lock } : {}), ...(lockError ? { lockError } : {}), migrations };
}

export interface NewMigrationInput {
  readonly name: string;
  readonly provider: string;
  readonly generatorVersion: string;
  readonly generatedAt: Date;
  readonly sql: string;
  readonly statementCount: number;
  readonly warnings: readonly Warning[];
  readonly beforeSchema: string;
  readonly afterSchema: string;
  readonly rebuildRequired: boolean;
  readonly transactional: boolean;
  /** Renames accepted while planning: recorded so deploy can re-plan the same changes. */
  readonly renames?: readonly RenameDecision[];
  /** diagram.svg's text: written, listed in metadata.txt and covered by the artifacts checksum. */
  readonly diagram?: string;
}

/** The text of every file of a new strata migration folder (warnings.txt only when there are warnings, diagram.svg only when drawn). */
export function buildMigrationArtifacts(input: NewMigrationInput): Readonly<Record<string, string>> {
  const warningsText = renderWarningsFile(input.warnings);
  const base = {
    name: input.name,
    provider: input.provider,
    generatorVersion: input.generatorVersion,
    generatedAt: input.generatedAt.toISOString(),
    statementCount: input.statementCount,
    warningCount: input.warnings.length,
    rebuildRequired: input.rebuildRequired,
    transactional: input.transactional,
    checksum: migrationChecksum(input.sql),
    extra: [
      ...(input.renames === undefined || input.renames.length === 0
        ? []
        : [[RENAMES_METADATA_KEY, JSON.stringify(input.renames)] as const]),
      ...(input.diagram === undefined ? [] : [[DIAGRAM_METADATA_KEY, DIAGRAM_SVG] as const]),
    ],
  };
  // The artifacts checksum ignores the metadata line that holds it, so it can be computed first.
  const draft = renderMetadata({ ...base, artifactsChecksum: '' });
  const checksum = artifactsChecksum(
    {
      'migration.sql': input.sql,
      'warnings.txt': warningsText,
      'before.prisma': input.beforeSchema,
      'after.prisma': input.afterSchema,
      'metadata.txt': draft,
      ...(input.diagram === undefined ? {} : { 'diagram.svg': input.diagram }),
    },
    input.diagram === undefined ? [] : [DIAGRAM_SVG],
  );
  return {
    [MIGRATION_SQL]: input.sql,
    ...(warningsText === undefined ? {} : { [WARNINGS_TXT]: warningsText }),
    [BEFORE_PRISMA]: input.beforeSchema,
    [AFTER_PRISMA]: input.afterSchema,
    [METADATA_TXT]: renderMetadata({ ...base, artifactsChecksum: checksum }),
    ...(input.diagram === undefined ? {} : { [DIAGRAM_SVG]: input.diagram }),
  };
}
