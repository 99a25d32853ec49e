import { migrationChecksum } from '../../src/migrations/checksum.js';
import type { HistoryRow } from '../../src/migrations/history-row.js';
import type { MigrationFolderFiles } from '../../src/migrations/local-migration.js';
import { buildMigrationArtifacts, type MigrationFolderEntry } from '../../src/migrations/migrations-folder.js';

const encoder = new TextEncoder();

export function bytes(files: Readonly<Record<string, string>>): MigrationFolderFiles {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, encoder.encode(v)]));
}

export function strataFolder(
  name: string,
  sql = `-- CreateTable\nCREATE TABLE "${name}" ("id" INTEGER);\n`,
  after = `model M${name.length} {\n  id Int @id\n}\n`,
): MigrationFolderEntry {
  const files = buildMigrationArtifacts({
    name,
    provider: 'postgresql',
    generatorVersion: '0.1.0',
    generatedAt: new Date('2026-01-02T03:04:05Z'),
    sql,
    statementCount: 1,
    warnings: [],
    beforeSchema: '',
    afterSchema: after,
    rebuildRequired: false,
    transactional: true,
  });
  return { name, path: `/m/${name}`, files: bytes(files) };
}

export function prismaFolder(name: string, sql = `CREATE TABLE "${name}" ("id" INTEGER);\n`): MigrationFolderEntry {
  return { name, path: `/m/${name}`, files: bytes({ 'migration.sql': sql }) };
}

let counter = 0;
export function appliedRow(name: string, sql: string, patch: Partial<HistoryRow> = {}): HistoryRow {
  counter += 1;
  return {
    id: `row-${counter}`,
    migrationName: name,
    checksum: migrationChecksum(sql),
    provider: 'postgresql',
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)),
    finishedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)),
    appliedStepsCount: 1,
    rebuildRequired: false,
    kind: 'apply',
    ...patch,
  };
}
