/**
 * One migration folder as read from disk, validated. Pure: `folder-fs.ts` reads the bytes and
 * hands them to `parseMigrationFolder`.
 *
 * Two kinds of folder are valid:
 * - a Prisma folder: `migration.sql` only (no snapshots: drift and rollback say so);
 * - a strata folder: `migration.sql`, `before.prisma`, `after.prisma`, `metadata.txt`,
 *   `warnings.txt` when there were warnings, and `diagram.svg` when metadata.txt lists it.
 * Anything between the two (some strata artifacts but not all) is incomplete and reported with
 * what is missing; so is a folder without migration.sql.
 */

import type { RenameDecision } from '../diff/renames.js';
import { artifactsChecksum, type ListedArtifact, migrationChecksum, toLf } from './checksum.js';
import { MAX_MIGRATION_NAME_LENGTH } from './folder-name.js';
import { type MigrationMetadata, parseMetadata } from './metadata.js';
import { marksNoTransaction } from './migration-sql.js';
import { parseWarningsFile, type WarningLine } from './warnings-file.js';

export const MIGRATION_SQL = 'migration.sql';
export const WARNINGS_TXT = 'warnings.txt';
export const BEFORE_PRISMA = 'before.prisma';
export const AFTER_PRISMA = 'after.prisma';
export const METADATA_TXT = 'metadata.txt';
export const DIAGRAM_SVG = 'diagram.svg';

export const MIGRATION_FILES = [
  MIGRATION_SQL,
  WARNINGS_TXT,
  BEFORE_PRISMA,
  AFTER_PRISMA,
  METADATA_TXT,
  DIAGRAM_SVG,
] as const;
export type MigrationFileName = (typeof MIGRATION_FILES)[number];

/**
 * before.prisma of a migration created right after a migration without snapshot (adopted from
 * Prisma Migrate): the previous schema is not known, so this migration cannot be rolled back
 * automatically, and this first line says so instead of pretending the schema was empty.
 */
export const UNKNOWN_SNAPSHOT_MARKER = '// strata:unknown-snapshot';

export function isKnownSnapshot(text: string | undefined): text is string {
  return text !== undefined && !text.startsWith(UNKNOWN_SNAPSHOT_MARKER);
}

/** metadata.txt key holding the renames accepted when the migration was planned (JSON). */
export const RENAMES_METADATA_KEY = 'renames';

/**
 * metadata.txt key naming the folder's picture (`diagram=diagram.svg`). A folder lists it when it
 * has one: then the file must be there and the artifacts checksum covers it; folders written
 * before diagrams existed (or with `--no-diagram`) list nothing and are checked as they were.
 */
export const DIAGRAM_METADATA_KEY = 'diagram';

export type ArtifactIssueCode = 'missing-file' | 'invalid-file' | 'invalid-name' | 'unreadable';

export interface ArtifactIssue {
  readonly code: ArtifactIssueCode;
  /** The file concerned, relative to the migration folder (absent for the folder itself). */
  readonly file?: string;
  readonly message: string;
}

export interface LocalMigration {
  /** The folder name: also the migration's name in the history. */
  readonly name: string;
  /** Absolute (or caller-given) path of the folder. */
  readonly path: string;
  /** `prisma`: migration.sql only; `strata`: with snapshots and metadata. */
  readonly kind: 'prisma' | 'strata' | 'invalid';
  /** migration.sql as text (undefined when missing). */
  readonly sql?: string;
  /** sha256 hex of migration.sql's bytes. */
  readonly checksum?: string;
  /** Computed over the files as they are now. */
  readonly artifactsChecksum?: string;
  readonly warningsText?: string;
  readonly warnings?: readonly WarningLine[];
  readonly beforeSchema?: string;
  readonly afterSchema?: string;
  /** diagram.svg, when metadata.txt lists it. */
  readonly diagram?: string;
  readonly metadata?: MigrationMetadata;
  /** Renames accepted when it was planned (replayed to re-plan its warnings); absent for Prisma folders. */
  readonly renames?: readonly RenameDecision[];
  /** False when a `-- strata:no-transaction` first line or metadata says so. */
  readonly transactional: boolean;
  /** migration.sql differs from what was generated (metadata checksum): allowed before it is applied. */
  readonly editedAfterGeneration: boolean;
  readonly issues: readonly ArtifactIssue[];
}

/** File contents of one folder; absent keys are missing files. */
export type MigrationFolderFiles = Readonly<Partial<Record<MigrationFileName, Uint8Array>>>;

const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseMigrationFolder(name: string, path: string, files: MigrationFolderFiles): LocalMigration {
  const issues: ArtifactIssue[] = [];
  const text = (file: MigrationFileName): string | undefined => {
    const bytes = files[file];
    if (bytes === undefined) return undefined;
    try {
      return decoder.decode(bytes);
    } catch {
      issues.push({ code: 'unreadable', file, message: `${file} is not valid UTF-8 text` });
      return undefined;
    }
  };

  if (name.length > MAX_MIGRATION_NAME_LENGTH) {
    issues.push({
      code: 'invalid-name',
      message: `the folder name is ${name.length} characters long (limit ${MAX_MIGRATION_NAME_LENGTH})`,
    });
  }

  const sqlBytes = files[MIGRATION_SQL];
  const sql = text(MIGRATION_SQL);
  if (sqlBytes === undefined)
    issues.push({ code: 'missing-file', file: MIGRATION_SQL, message: 'migration.sql is missing' });

  const strataFiles = [BEFORE_PRISMA, AFTER_PRISMA, METADATA_TXT] as const;
  const present = strataFiles.filter((file) => files[file] !== undefined);
  const hasStrataArtifacts = present.length > 0 || files[WARNINGS_TXT] !== undefined;
  if (hasStrataArtifacts) {
    for (const file of strataFiles) {
      if (files[file] === undefined) {
        issues.push({
          code: 'missing-file',
          file,
          message: `${file} is missing (the folder has ${[...present, ...(files[WARNINGS_TXT] ? [WARNINGS_TXT] : [])].join(', ')}, so it was generated by strata and is incomplete)`,
        });
      }
    }
  }

  const warningsText = text(WARNINGS_TXT);
  let warnings: readonly WarningLine[] | undefined;
  if (warningsText !== undefined) {
    const parsed = parseWarningsFile(warningsText);
    if (parsed.ok) warnings = parsed.warnings;
    else
      for (const error of parsed.errors)
        issues.push({ code: 'invalid-file', file: WARNINGS_TXT, message: `warnings.txt: ${error}` });
  }

  const metadataText = text(METADATA_TXT);
  let metadata: MigrationMetadata | undefined;
  if (metadataText !== undefined) {
    const parsed = parseMetadata(metadataText);
    if (parsed.ok) metadata = parsed.metadata;
    else
      for (const error of parsed.errors)
        issues.push({ code: 'invalid-file', file: METADATA_TXT, message: `metadata.txt: ${error}` });
  }
  if (metadata !== undefined) {
    if (metadata.name !== name) {
      issues.push({
        code: 'invalid-file',
        file: METADATA_TXT,
        message: `metadata.txt names "${metadata.name}" but the folder is "${name}" (a renamed folder: rename it back or regenerate it)`,
      });
    }
    const declared = metadata.warningCount;
    const actual = warnings?.length ?? 0;
    if (warnings !== undefined || warningsText === undefined) {
      if (declared !== actual) {
        issues.push({
          code: declared > 0 && warningsText === undefined ? 'missing-file' : 'invalid-file',
          file: WARNINGS_TXT,
          message:
            declared > 0 && warningsText === undefined
              ? `warnings.txt is missing (metadata.txt records ${declared} warning${declared === 1 ? '' : 's'})`
              : `warnings.txt has ${actual} warning${actual === 1 ? '' : 's'} but metadata.txt records ${declared}`,
        });
      }
    }
  }

  const diagramListed = metadata?.extra.find(([key]) => key === DIAGRAM_METADATA_KEY)?.[1];
  const listed: ListedArtifact[] = [];
  let diagram: string | undefined;
  if (diagramListed !== undefined) {
    if (diagramListed !== DIAGRAM_SVG) {
      issues.push({
        code: 'invalid-file',
        file: METADATA_TXT,
        message: `metadata.txt: diagram names "${diagramListed}", expected "${DIAGRAM_SVG}"`,
      });
    } else {
      listed.push(DIAGRAM_SVG);
      diagram = text(DIAGRAM_SVG);
      if (files[DIAGRAM_SVG] === undefined)
        issues.push({
          code: 'missing-file',
          file: DIAGRAM_SVG,
          message: 'diagram.svg is missing (metadata.txt lists it)',
        });
    }
  }

  let renames: readonly RenameDecision[] | undefined;
  const renamesText = metadata?.extra.find(([key]) => key === RENAMES_METADATA_KEY)?.[1];
  if (renamesText !== undefined) {
    try {
      const parsed: unknown = JSON.parse(renamesText);
      if (!Array.isArray(parsed)) throw new Error('not a list');
      renames = parsed as RenameDecision[];
    } catch {
      issues.push({ code: 'invalid-file', file: METADATA_TXT, message: 'metadata.txt: renames is not a JSON list' });
    }
  } else if (metadata !== undefined) renames = [];

  const beforeSchema = text(BEFORE_PRISMA);
  const afterSchema = text(AFTER_PRISMA);
  const checksum = sqlBytes === undefined ? undefined : migrationChecksum(sqlBytes);
  const computedArtifacts =
    hasStrataArtifacts && sql !== undefined
      ? artifactsChecksum(
          {
            'migration.sql': sql,
            'warnings.txt': warningsText,
            'before.prisma': beforeSchema,
            'after.prisma': afterSchema,
            'metadata.txt': metadataText,
            'diagram.svg': diagram,
          },
          listed,
        )
      : undefined;
  const markedNoTransaction = sql !== undefined && marksNoTransaction(sql);
  const editedAfterGeneration =
    metadata !== undefined &&
    sql !== undefined &&
    metadata.checksum !== migrationChecksum(toLf(sql)) &&
    metadata.checksum !== checksum;

  return {
    name,
    path,
    kind: issues.length > 0 ? 'invalid' : hasStrataArtifacts ? 'strata' : 'prisma',
    sql,
    checksum,
    artifactsChecksum: computedArtifacts,
    warningsText,
    warnings,
    beforeSchema,
    afterSchema,
    ...(diagram === undefined ? {} : { diagram }),
    metadata,
    ...(renames === undefined ? {} : { renames }),
    transactional: !markedNoTransaction && (metadata?.transactional ?? true),
    editedAfterGeneration,
    issues,
  };
}

/** "path: what is wrong; what else" for messages. */
export function describeIssues(migration: LocalMigration): string {
  return `${migration.path}: ${migration.issues.map((issue) => issue.message).join('; ')}`;
}
