import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isSkippedSchemaFolder, loadSchemaFiles, readSchemaInput } from '../../src/psl/index.js';
import { analyzeSchema } from '../../src/schema/index.js';

describe('loadSchemaFiles', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'strata-psl-'));
    mkdirSync(path.join(dir, 'models', 'nested'), { recursive: true });
    mkdirSync(path.join(dir, 'migrations', '20240101000000_init'), { recursive: true });
    writeFileSync(path.join(dir, 'schema.prisma'), 'datasource db {\n  provider = "postgresql"\n}\n');
    writeFileSync(path.join(dir, 'models', 'user.prisma'), 'model User {\n  id    Int    @id\n  posts Post[]\n}\n');
    writeFileSync(
      path.join(dir, 'models', 'nested', 'post.prisma'),
      'model Post {\n  id     Int  @id\n  userId Int\n  user   User @relation(fields: [userId], references: [id])\n}\n',
    );
    writeFileSync(path.join(dir, 'models', 'notes.txt'), 'not a schema');
    writeFileSync(path.join(dir, 'migrations', 'stray.prisma'), 'this is not read');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads one file', async () => {
    const files = await loadSchemaFiles(path.join(dir, 'schema.prisma'));
    expect(files.map((f) => path.basename(f.path))).toEqual(['schema.prisma']);
  });

  it('reads every .prisma file of a folder, sorted, skipping migrations/', async () => {
    const files = await loadSchemaFiles(dir);
    expect(files.map((f) => path.relative(dir, f.path))).toEqual([
      path.join('models', 'nested', 'post.prisma'),
      path.join('models', 'user.prisma'),
      'schema.prisma',
    ]);
    const result = analyzeSchema(files);
    expect(result.errors).toEqual([]);
    expect(result.model?.relations[0]).toMatchObject({ from: { model: 'Post' }, to: { model: 'User' } });
  });

  it('fails with schema-not-found for a missing path or an empty folder', async () => {
    await expect(loadSchemaFiles(path.join(dir, 'nope.prisma'))).rejects.toMatchObject({ code: 'schema-not-found' });
    mkdirSync(path.join(dir, 'empty'));
    await expect(loadSchemaFiles(path.join(dir, 'empty'))).rejects.toMatchObject({ code: 'schema-not-found' });
  });
});

describe('readSchemaInput: the one schema reader', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'strata-psl-input-'));
    const write = (relative: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      writeFileSync(path.join(dir, relative), text);
    };
    write(
      'schema.prisma',
      'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n  schemas  = ["public", "auth"]\n}\n',
    );
    write('models/user.prisma', 'model User {\n  id Int @id\n}\n');
    write('node_modules/pkg/x.prisma', 'model FromAPackage {\n  id Int @id\n}\n');
    write('.hidden/y.prisma', 'model Hidden {\n  id Int @id\n}\n');
    write('models/.cache/z.prisma', 'model Cached {\n  id Int @id\n}\n');
    write('migrations/20240101000000_init/after.prisma', 'model Snapshot {\n  id Int @id\n}\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('skips node_modules/, migrations/ and hidden folders at any depth, and says so by one rule', () => {
    const input = readSchemaInput(dir);
    expect(input.isFolder).toBe(true);
    expect(input.files.map((f) => path.relative(dir, f.absolutePath))).toEqual([
      path.join('models', 'user.prisma'),
      'schema.prisma',
    ]);
    expect(['node_modules', 'migrations', '.hidden', '.git'].map(isSkippedSchemaFolder)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(isSkippedSchemaFolder('models')).toBe(false);
  });

  it('parses once and reads the datasource from the syntax tree', () => {
    const input = readSchemaInput(dir);
    expect(input.parsed.diagnostics).toEqual([]);
    expect(input.datasource).toMatchObject({ provider: 'postgresql', schemas: ['public', 'auth'] });
    expect(input.datasource.url).toMatchObject({ kind: 'call', name: 'env' });
  });

  it('shows paths relative to a folder when asked, absolute paths otherwise', () => {
    expect(readSchemaInput(dir, { relativeTo: dir }).files.map((f) => f.path)).toEqual([
      path.join('models', 'user.prisma'),
      'schema.prisma',
    ]);
    expect(readSchemaInput(path.join(dir, 'schema.prisma')).files.map((f) => f.path)).toEqual([
      path.join(dir, 'schema.prisma'),
    ]);
  });

  it('tells beforeParse the total length of the files it read, once', () => {
    const lengths: number[] = [];
    const input = readSchemaInput(dir, { beforeParse: (length) => lengths.push(length) });
    expect(lengths).toEqual([input.files.reduce((sum, f) => sum + f.text.length, 0)]);
    expect(lengths[0]).toBeGreaterThan(0);
  });

  it('an empty folder reads as no file; a missing path is schema-not-found', () => {
    mkdirSync(path.join(dir, 'models', 'empty'), { recursive: true });
    expect(readSchemaInput(path.join(dir, 'models', 'empty')).files).toEqual([]);
    expect(() => readSchemaInput(path.join(dir, 'nope'))).toThrow(
      expect.objectContaining({ code: 'schema-not-found' }),
    );
  });
});
