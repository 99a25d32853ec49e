/**
 * Every real-world schema of the corpus, through core's parser and validator: the generated
 * types compile under strict TypeScript, and `Kysely<DB>` accepts a query on every table.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { analyzeSchema, loadSchemaFiles } from '@strata/core';
import { corpusOrSkip, createTempDir } from '@strata/testkit';
import ts from 'typescript';
import { generateTypes } from './typescript-types.js';

const corpus = corpusOrSkip();
const temp = createTempDir('strata-generate-corpus-');
afterAll(() => temp.close());

/** A project's schema: its `schema.prisma`, or the folder when it has `.prisma` files beside it (multi-file). */
function schemaOf(projectDir: string): string {
  const prismaFiles = readdirSync(projectDir).filter((f) => f.endsWith('.prisma'));
  const models = path.join(projectDir, 'models');
  return prismaFiles.length === 1 && !existsSync(models) ? path.join(projectDir, prismaFiles[0]!) : projectDir;
}

async function loadSchema(schemaPath: string) {
  if (statSync(schemaPath).isDirectory()) {
    // Only the schema files: not history/ nor a nested single-file snapshot.
    const files = (await loadSchemaFiles(schemaPath)).filter(
      (f) => !f.path.includes(`${path.sep}history${path.sep}`) && !/single-file-/.test(f.path),
    );
    return files;
  }
  return loadSchemaFiles(schemaPath);
}

const projects =
  corpus === undefined ? [] : readdirSync(corpus).filter((d) => statSync(path.join(corpus, d)).isDirectory());

(corpus === undefined ? describe.skip : describe)('generated types for the corpus', () => {
  test('compile and type-check Kysely queries on every table', async () => {
    const files: string[] = [];
    const generated: string[] = [];
    for (const project of projects) {
      const analysis = analyzeSchema(await loadSchema(schemaOf(path.join(corpus!, project))));
      if (analysis.model === undefined) continue;
      const dir = path.join(temp.dir, project);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'types.ts'), generateTypes(analysis.model));
      const tables = [
        ...new Set(
          analysis.model.models.map((m) => (m.schema && m.schema !== 'public' ? `${m.schema}.${m.dbName}` : m.dbName)),
        ),
      ];
      const usage = [
        "import { Kysely, DummyDriver, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';",
        "import type { DB } from './types.js';",
        'const db = new Kysely<DB>({ dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (k) => new PostgresIntrospector(k), createQueryCompiler: () => new PostgresQueryCompiler() } });',
        ...tables.map((t, i) => `export const q${i} = db.selectFrom(${JSON.stringify(t)}).selectAll().compile();`),
      ].join('\n');
      writeFileSync(path.join(dir, 'usage.ts'), usage);
      files.push(path.join(dir, 'types.ts'), path.join(dir, 'usage.ts'));
      generated.push(project);
    }
    expect(generated.length).toBeGreaterThan(5);
    const nodeModules = path.resolve(import.meta.dirname, '../../node_modules');
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      skipLibCheck: true,
      baseUrl: temp.dir,
      paths: { kysely: [path.join(nodeModules, 'kysely')] },
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  });
});
