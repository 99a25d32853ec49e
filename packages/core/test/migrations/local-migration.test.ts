import { describe, expect, test } from '@jest/globals';
import { artifactsChecksum, checksumMatches, migrationChecksum, toCrlf } from '../../src/migrations/checksum.js';
import { migrationFolderName, validateMigrationName } from '../../src/migrations/folder-name.js';
import { parseMigrationFolder } from '../../src/migrations/local-migration.js';
import { assertLockProvider, parseLockFile, renderLockFile } from '../../src/migrations/lock-file.js';
import { parseMetadata, renderMetadata } from '../../src/migrations/metadata.js';
import { assembleMigrationsFolder, buildMigrationArtifacts } from '../../src/migrations/migrations-folder.js';
import { bytes, prismaFolder, strataFolder } from './helpers.js';

const NAME = '20260101000000_init';

function strataFiles(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const files: Record<string, string | undefined> = {
    ...buildMigrationArtifacts({
      name: NAME,
      provider: 'postgresql',
      generatorVersion: '0.1.0',
      generatedAt: new Date('2026-01-01T00:00:00Z'),
      sql: 'CREATE TABLE "A" ("id" INTEGER);\n',
      statementCount: 1,
      warnings: [{ code: 'drop-column', severity: 'data-loss', message: 'Column x is dropped.', rows: 3 }],
      beforeSchema: 'model A {\n  id Int @id\n  x Int\n}\n',
      afterSchema: 'model A {\n  id Int @id\n}\n',
      rebuildRequired: false,
      transactional: true,
    }),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
}

describe('migration folder parsing', () => {
  test('a generated strata folder is valid, with its warnings and metadata', () => {
    const m = parseMigrationFolder(NAME, `/x/${NAME}`, bytes(strataFiles()));
    expect(m.issues).toEqual([]);
    expect(m.kind).toBe('strata');
    expect(m.warnings).toEqual([
      { code: 'drop-column', severity: 'data-loss', message: 'Column x is dropped. (3 rows)' },
    ]);
    expect(m.metadata?.checksum).toBe(m.checksum);
    expect(m.metadata?.artifactsChecksum).toBe(m.artifactsChecksum);
    expect(m.transactional).toBe(true);
    expect(m.editedAfterGeneration).toBe(false);
  });

  test('a Prisma folder with only migration.sql is valid', () => {
    const m = parseMigrationFolder(NAME, `/x/${NAME}`, bytes({ 'migration.sql': 'SELECT 1;' }));
    expect(m.issues).toEqual([]);
    expect(m.kind).toBe('prisma');
    expect(m.checksum).toBe(migrationChecksum('SELECT 1;'));
  });

  test('an empty folder: migration.sql is missing', () => {
    const m = parseMigrationFolder(NAME, `/x/${NAME}`, {});
    expect(m.kind).toBe('invalid');
    expect(m.issues).toEqual([expect.objectContaining({ code: 'missing-file', file: 'migration.sql' })]);
  });

  test.each(['before.prisma', 'after.prisma', 'metadata.txt', 'migration.sql'])(
    'a strata folder without %s is incomplete',
    (file) => {
      const m = parseMigrationFolder(NAME, `/x/${NAME}`, bytes(strataFiles({ [file]: undefined })));
      expect(m.kind).toBe('invalid');
      expect(m.issues).toContainEqual(expect.objectContaining({ code: 'missing-file', file }));
    },
  );

  test('warnings.txt missing while metadata records warnings', () => {
    const m = parseMigrationFolder(NAME, `/x/${NAME}`, bytes(strataFiles({ 'warnings.txt': undefined })));
    expect(m.issues).toEqual([expect.objectContaining({ code: 'missing-file', file: 'warnings.txt' })]);
  });

  test('warnings.txt with a line that has no code', () => {
    const m = parseMigrationFolder(NAME, `/x/${NAME}`, bytes(strataFiles({ 'warnings.txt': 'just some text\n' })));
    expect(m.issues).toEqual([expect.objectContaining({ code: 'invalid-file', file: 'warnings.txt' })]);
  });

  test('warnings.txt count differs from metadata', () => {
    const extra = 'drop-column [data-loss] Column x is dropped.\ndrop-table [data-loss] Table y is dropped.\n';
    const m = parseMigrationFolder(NAME, `/x/${NAME}`, bytes(strataFiles({ 'warnings.txt': extra })));
    expect(m.issues).toEqual([expect.objectContaining({ code: 'invalid-file', file: 'warnings.txt' })]);
  });

  test('metadata.txt with a broken line, a missing key and a bad value', () => {
    const text = strataFiles()['metadata.txt'] ?? '';
    const broken = text
      .replace(/^generator_version=.*$/m, 'garbage')
      .replace('statement_count=1', 'statement_count=one');
    const m = parseMigrationFolder(NAME, `/x/${NAME}`, bytes(strataFiles({ 'metadata.txt': broken })));
    const messages = m.issues.map((i) => i.message).join('\n');
    expect(m.issues.every((i) => i.file === 'metadata.txt' && i.code === 'invalid-file')).toBe(true);
    expect(messages).toContain('not key=value');
    expect(messages).toContain('missing keys: generator_version');
    expect(messages).toContain('statement_count is not a whole number');
  });

  test('metadata.txt naming another folder (a renamed folder)', () => {
    const m = parseMigrationFolder('20260101000000_renamed', '/x/r', bytes(strataFiles()));
    expect(m.issues).toEqual([expect.objectContaining({ code: 'invalid-file', file: 'metadata.txt' })]);
    expect(m.issues[0]?.message).toContain('20260101000000_init');
  });

  test('a file that is not UTF-8', () => {
    const files = { ...bytes(strataFiles()), 'after.prisma': new Uint8Array([0xff, 0xfe, 0x00, 0xc3]) };
    const m = parseMigrationFolder(NAME, `/x/${NAME}`, files);
    expect(m.issues).toEqual([expect.objectContaining({ code: 'unreadable', file: 'after.prisma' })]);
  });

  test('a folder name over 200 characters', () => {
    const name = `20260101000000_${'a'.repeat(190)}`;
    const m = parseMigrationFolder(name, `/x/${name}`, bytes({ 'migration.sql': 'SELECT 1;' }));
    expect(m.issues).toEqual([expect.objectContaining({ code: 'invalid-name' })]);
  });

  test('migration.sql edited by hand before it is applied is allowed but noticed', () => {
    const m = parseMigrationFolder(
      NAME,
      `/x/${NAME}`,
      bytes(strataFiles({ 'migration.sql': 'CREATE TABLE "B" ();\n' })),
    );
    expect(m.issues).toEqual([]);
    expect(m.editedAfterGeneration).toBe(true);
  });

  test('the no-transaction marker and the metadata flag', () => {
    const marked = parseMigrationFolder(
      NAME,
      '/x',
      bytes({ 'migration.sql': '-- strata:no-transaction\nCREATE INDEX CONCURRENTLY "i" ON "t"("c");' }),
    );
    expect(marked.transactional).toBe(false);
    const meta = (strataFiles()['metadata.txt'] ?? '').replace('transactional=true', 'transactional=false');
    expect(parseMigrationFolder(NAME, '/x', bytes(strataFiles({ 'metadata.txt': meta }))).transactional).toBe(false);
  });

  test('folders are sorted by name; a broken lock file is reported', () => {
    const folder = assembleMigrationsFolder('/m', 'nothing here', [
      strataFolder('20260102000000_b'),
      prismaFolder('20260101000000_a'),
    ]);
    expect(folder.migrations.map((m) => m.name)).toEqual(['20260101000000_a', '20260102000000_b']);
    expect(folder.lockError).toContain('provider');
  });
});

describe('checksums', () => {
  test('CRLF and LF versions of the same text match the recorded checksum', () => {
    const lf = 'CREATE TABLE "A" (\n  "id" INTEGER\n);\n';
    expect(checksumMatches(migrationChecksum(lf), toCrlf(lf))).toBe(true);
    expect(checksumMatches(migrationChecksum(toCrlf(lf)), lf)).toBe(true);
    expect(checksumMatches(migrationChecksum(lf), `${lf} `)).toBe(false);
  });

  test('the artifacts checksum changes when any reviewed file changes, or disappears', () => {
    const base = {
      'migration.sql': 'a',
      'warnings.txt': 'b',
      'before.prisma': 'c',
      'after.prisma': 'd',
      'metadata.txt': 'name=x\nartifacts_checksum=1',
    };
    const reference = artifactsChecksum(base);
    for (const key of Object.keys(base) as (keyof typeof base)[]) {
      expect(artifactsChecksum({ ...base, [key]: `!${base[key]}` })).not.toBe(reference);
      expect(artifactsChecksum({ ...base, [key]: undefined })).not.toBe(reference);
    }
    expect(artifactsChecksum({ ...base, 'metadata.txt': 'name=x\nartifacts_checksum=2' })).toBe(reference);
  });
});

describe('names, lock file, metadata', () => {
  test('folder names: UTC timestamp and slug; a timestamped name is kept; long names refused', () => {
    const now = new Date('2026-11-22T10:30:00Z');
    expect(migrationFolderName('Add user role!', now)).toBe('20261122103000_add_user_role');
    expect(migrationFolderName('20200101000000_kept_As-is', now)).toBe('20200101000000_kept_As-is');
    expect(migrationFolderName('next', now, ['20261122103000_z'])).toBe('20261122103001_next');
    expect(() => migrationFolderName('x'.repeat(200), now)).toThrow(/limit is 200/);
    expect(() => validateMigrationName('a/b')).toThrow();
  });

  test('lock file round trip, Prisma layout, provider switch refused', () => {
    const text = renderLockFile({ provider: 'postgresql' });
    expect(text).toBe(
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
    expect(parseLockFile(text)).toEqual({ provider: 'postgresql' });
    expect(() => assertLockProvider({ provider: 'postgresql' }, 'postgres')).not.toThrow();
    expect(() => assertLockProvider({ provider: 'postgresql' }, 'sqlite')).toThrow(
      expect.objectContaining({ code: 'provider-mismatch' }),
    );
  });

  test('metadata round trip keeps unknown keys', () => {
    const metadata = {
      name: 'n',
      provider: 'sqlite',
      generatorVersion: '1',
      generatedAt: '2026-01-01T00:00:00.000Z',
      statementCount: 2,
      warningCount: 0,
      rebuildRequired: true,
      transactional: false,
      checksum: 'a'.repeat(64),
      artifactsChecksum: 'b'.repeat(64),
      extra: [['future_key', 'v']] as const,
    };
    expect(parseMetadata(renderMetadata(metadata))).toEqual({ ok: true, metadata });
  });
});
