/** `strata check` on the migrations folder: every artifact problem, without a database. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readMigrationsFolder, sameProvider } from '@strata/core';

export interface MigrationProblem {
  /** The migration folder name; absent for the folder-level problems (lock file). */
  readonly migration?: string;
  readonly code: string;
  readonly file?: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface MigrationsCheck {
  readonly dir: string;
  readonly exists: boolean;
  readonly lockProvider?: string;
  readonly count: number;
  readonly problems: readonly MigrationProblem[];
}

export async function checkMigrations(dir: string, schemaProvider: string | undefined): Promise<MigrationsCheck> {
  if (!existsSync(dir)) return { dir, exists: false, count: 0, problems: [] };
  const folder = await readMigrationsFolder(dir);
  const problems: MigrationProblem[] = [];
  if (folder.lockError !== undefined) {
    problems.push({
      code: 'invalid-lock-file',
      file: 'migration_lock.toml',
      message: folder.lockError,
      severity: 'error',
    });
  } else if (folder.lock === undefined && folder.migrations.length > 0) {
    problems.push({
      code: 'missing-lock-file',
      file: 'migration_lock.toml',
      message: 'migration_lock.toml is missing.',
      severity: 'error',
    });
  } else if (
    folder.lock !== undefined &&
    schemaProvider !== undefined &&
    !sameProvider(folder.lock.provider, schemaProvider)
  ) {
    problems.push({
      code: 'provider-mismatch',
      file: 'migration_lock.toml',
      message: `The migrations were written for "${folder.lock.provider}" but the schema uses "${schemaProvider}".`,
      severity: 'error',
    });
  }
  for (const migration of folder.migrations) {
    for (const issue of migration.issues) {
      problems.push({
        migration: migration.name,
        code: issue.code,
        ...(issue.file ? { file: issue.file } : {}),
        message: issue.message,
        severity: 'error',
      });
    }
    const recorded = migration.metadata?.artifactsChecksum;
    const artifactsEdited =
      recorded !== undefined && migration.artifactsChecksum !== undefined && recorded !== migration.artifactsChecksum;
    if (artifactsEdited && !migration.editedAfterGeneration) {
      problems.push({
        migration: migration.name,
        code: 'artifacts-checksum-mismatch',
        message:
          'A reviewed artifact (before.prisma, after.prisma, warnings.txt, metadata.txt or diagram.svg) changed after the migration was generated.',
        severity: 'error',
      });
    }
    if (migration.editedAfterGeneration) {
      problems.push({
        migration: migration.name,
        code: 'edited-after-generation',
        file: 'migration.sql',
        message: 'migration.sql was edited after it was generated (fine before it is applied; review it).',
        severity: 'warning',
      });
    }
  }
  return {
    dir: path.resolve(dir),
    exists: true,
    ...(folder.lock ? { lockProvider: folder.lock.provider } : {}),
    count: folder.migrations.length,
    problems,
  };
}
