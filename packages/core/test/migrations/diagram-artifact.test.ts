/**
 * diagram.svg in a migration folder: listed in metadata.txt, then required and covered by the
 * artifacts checksum; never required of a folder that does not list it, so every folder written
 * before diagrams existed (strata's, Prisma's, the corpus's) keeps its checksum and its status.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { artifactsChecksum } from '../../src/migrations/checksum.js';
import { readMigrationsFolder } from '../../src/migrations/folder-fs.js';
import { parseMigrationFolder } from '../../src/migrations/local-migration.js';
import { buildMigrationArtifacts, type NewMigrationInput } from '../../src/migrations/migrations-folder.js';
import { computeStatus } from '../../src/migrations/status.js';
import { corpusDir } from '../corpus.js';
import { bytes } from './helpers.js';

const NAME = '20260101000000_add_posts';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>x</title></svg>\n';

function input(diagram?: string): NewMigrationInput {
  return {
    name: NAME,
    provider: 'postgresql',
    generatorVersion: '0.1.0',
    generatedAt: new Date('2026-01-01T00:00:00Z'),
    sql: 'CREATE TABLE "Post" ("id" INTEGER);\n',
    statementCount: 1,
    warnings: [],
    beforeSchema: '',
    afterSchema: 'model Post {\n  id Int @id\n}\n',
    rebuildRequired: false,
    transactional: true,
    ...(diagram === undefined ? {} : { diagram }),
  };
}

const parse = (files: Record<string, string>) => parseMigrationFolder(NAME, `/m/${NAME}`, bytes(files));

describe('diagram.svg in a migration folder', () => {
  test('a drawn folder lists it in metadata.txt and is valid, its checksum covering the picture', () => {
    const files = buildMigrationArtifacts(input(SVG));
    expect(files['diagram.svg']).toBe(SVG);
    expect(files['metadata.txt']).toContain('\ndiagram=diagram.svg\n');
    const m = parse({ ...files });
    expect(m.issues).toEqual([]);
    expect(m.kind).toBe('strata');
    expect(m.diagram).toBe(SVG);
    expect(m.artifactsChecksum).toBe(m.metadata?.artifactsChecksum);
  });

  test('an edited picture changes the checksum; a deleted one is a missing file', () => {
    const files = buildMigrationArtifacts(input(SVG));
    const edited = parse({ ...files, 'diagram.svg': SVG.replace('x', 'y') });
    expect(edited.issues).toEqual([]);
    expect(edited.artifactsChecksum).not.toBe(edited.metadata?.artifactsChecksum);
    const { 'diagram.svg': _, ...without } = files;
    const deleted = parse(without);
    expect(deleted.kind).toBe('invalid');
    expect(deleted.issues).toEqual([expect.objectContaining({ code: 'missing-file', file: 'diagram.svg' })]);
    expect(deleted.artifactsChecksum).not.toBe(deleted.metadata?.artifactsChecksum);
  });

  test('a folder without a diagram is checksummed exactly as before diagrams existed', () => {
    const files = buildMigrationArtifacts(input());
    expect(files['diagram.svg']).toBeUndefined();
    expect(files['metadata.txt']).not.toContain('diagram=');
    const m = parse({ ...files });
    expect(m.issues).toEqual([]);
    // the five reviewed files alone, as every earlier version computed it
    expect(m.artifactsChecksum).toBe(
      artifactsChecksum({
        'migration.sql': files['migration.sql'],
        'before.prisma': files['before.prisma'],
        'after.prisma': files['after.prisma'],
        'metadata.txt': files['metadata.txt'],
      }),
    );
  });

  test('a picture nobody listed (added by hand to an older folder) changes nothing', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (svg, strata) => {
        const files = strata ? buildMigrationArtifacts(input()) : { 'migration.sql': 'SELECT 1;\n' };
        const plain = parse({ ...files });
        const withPicture = parse({ ...files, 'diagram.svg': svg });
        expect(withPicture.issues).toEqual([]);
        expect(withPicture.kind).toBe(plain.kind);
        expect(withPicture.artifactsChecksum).toBe(plain.artifactsChecksum);
        expect(withPicture.diagram).toBeUndefined();
      }),
      { numRuns: 50 },
    );
  });

  test('metadata.txt naming another file is reported', () => {
    const files = buildMigrationArtifacts(input(SVG));
    const m = parse({
      ...files,
      'metadata.txt': files['metadata.txt']!.replace('diagram=diagram.svg', 'diagram=x.png'),
    });
    expect(m.issues).toEqual([expect.objectContaining({ code: 'invalid-file', file: 'metadata.txt' })]);
  });

  const corpus = corpusDir();
  (corpus === undefined ? test.skip : test)(
    "the corpus's migration folders stay valid Prisma folders, with nothing pending to explain",
    async () => {
      const dirs = readdirSync(corpus!)
        .map((project) => path.join(corpus!, project, 'migrations'))
        .filter((dir) => existsSync(dir) && statSync(dir).isDirectory());
      expect(dirs.length).toBeGreaterThan(3);
      for (const dir of dirs) {
        const folder = await readMigrationsFolder(dir);
        expect(folder.migrations.length).toBeGreaterThan(0);
        for (const m of folder.migrations) {
          expect({ name: m.name, issues: m.issues, kind: m.kind }).toEqual({
            name: m.name,
            issues: [],
            kind: 'prisma',
          });
          expect(m.artifactsChecksum).toBeUndefined();
        }
        const status = computeStatus(folder, []);
        expect(status.problems.filter((p) => p.severity === 'error')).toEqual([]);
      }
    },
  );
});
