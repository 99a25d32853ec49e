/**
 * Workflows accept a schema already read (`schema`: its files, optionally its validated model)
 * as well as a path: given one, they do not read the schema path again. Here the path holds
 * another schema than the one given, and the database gets the given one. Real SQLite files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { analyzeSchema, dbPush, migrateDev, migrateDiff, readSchemaInput, validateOptionsFor } from '@strata/core';
import { createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';

const temp = createTempDir('strata-sqlite-given-schema-');
afterAll(() => temp.close());

const schemaText = (model: string) =>
  `datasource db {\n  provider = "sqlite"\n  url      = env("DATABASE_URL")\n}\n\nmodel ${model} {\n  id Int @id @default(autoincrement())\n}\n`;

function projectWithOnDisk(name: string): { schemaPath: string; url: string } {
  const dir = path.join(temp.dir, name);
  mkdirSync(dir, { recursive: true });
  const schemaPath = path.join(dir, 'schema.prisma');
  writeFileSync(schemaPath, schemaText('OnDisk'));
  return { schemaPath, url: `file:${path.join(dir, 'dev.db')}` };
}

test('migrate dev plans the files it is given, not the ones at schemaPath', async () => {
  const { schemaPath, url } = projectWithOnDisk('dev');
  const files = [{ path: 'given.prisma', text: schemaText('Given') }];
  const result = await migrateDev({ provider, url, schemaPath, schema: { path: schemaPath, files }, name: 'init' });
  expect(result.outcome).toBe('applied');
  const migrations = path.join(path.dirname(schemaPath), 'migrations');
  const folder = readdirSync(migrations).find((n) => n.endsWith('_init'))!;
  const sql = readFileSync(path.join(migrations, folder, 'migration.sql'), 'utf8');
  expect(sql).toContain('CREATE TABLE "Given"');
  expect(sql).not.toContain('OnDisk');
});

test('db push uses a given model as it is (validated by the caller with the provider options)', async () => {
  const { schemaPath, url } = projectWithOnDisk('push');
  const files = [{ path: 'given.prisma', text: schemaText('Pushed') }];
  const { model } = analyzeSchema(files, validateOptionsFor(provider));
  expect(model).toBeDefined();
  const result = await dbPush({ provider, url, schemaPath, schema: { path: schemaPath, files, model: model! } });
  expect(result.sql).toContain('CREATE TABLE "Pushed"');
  expect(result.sql).not.toContain('OnDisk');
});

test('migrate diff compares a schema side it is given (as read by readSchemaInput), not the file at its path', async () => {
  const { schemaPath } = projectWithOnDisk('diff');
  const given = readSchemaInput(schemaPath);
  writeFileSync(schemaPath, schemaText('Rewritten'));
  const result = await migrateDiff({
    provider,
    from: { kind: 'empty' },
    to: { kind: 'schema', path: schemaPath, schema: given },
    format: 'sql',
  });
  expect(result.sql).toContain('CREATE TABLE "OnDisk"');
  expect(result.sql).not.toContain('Rewritten');
});
