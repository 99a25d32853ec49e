import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSchemaFiles } from '../../src/psl/index.js';
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
