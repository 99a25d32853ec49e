/**
 * The project rules the CLI and @strata/api share (`@strata/core/project`): the schema's default
 * places, and which database URL wins.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { chooseDatabaseUrl, findProjectDir, findSchemaPath } from '../src/project/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'strata-project-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('findSchemaPath', () => {
  test('prisma/schema.prisma before schema.prisma before package.json strata.schema; from a folder below the project too', () => {
    const dir = folder('all', {
      'package.json': JSON.stringify({ strata: { schema: 'db/main.prisma' } }),
      'prisma/schema.prisma': '',
      'schema.prisma': '',
      'db/main.prisma': '',
      'src/app/.keep': '',
    });
    expect(findSchemaPath(dir)).toBe(path.join(dir, 'prisma/schema.prisma'));
    expect(findProjectDir(path.join(dir, 'src/app'))).toBe(dir);
    expect(findSchemaPath(path.join(dir, 'src/app'))).toBe(path.join(dir, 'prisma/schema.prisma'));
    rmSync(path.join(dir, 'prisma'), { recursive: true });
    expect(findSchemaPath(dir)).toBe(path.join(dir, 'schema.prisma'));
    rmSync(path.join(dir, 'schema.prisma'));
    expect(findSchemaPath(dir)).toBe(path.join(dir, 'db/main.prisma'));
  });

  test('nothing found is undefined (each caller words its own error)', () => {
    expect(findSchemaPath(folder('none', { 'package.json': '{ "strata": 1 }' }))).toBeUndefined();
  });
});

describe('chooseDatabaseUrl', () => {
  const word = fc.string({ minLength: 1, maxLength: 12 });
  const variable = fc.stringMatching(/^[A-Z_]{1,10}$/);
  const source = fc.oneof(
    fc.constant(undefined),
    word.map((value) => ({ kind: 'string' as const, value })),
    variable.map((name) => ({ kind: 'env' as const, variable: name })),
  );
  const env = fc.dictionary(variable, fc.oneof(word, fc.constant('')));

  test('a given URL wins; then the literal; then the named variable (else DATABASE_URL), when set and not empty', () => {
    fc.assert(
      fc.property(fc.option(fc.oneof(word, fc.constant('')), { nil: undefined }), source, env, (given, from, vars) => {
        const chosen = chooseDatabaseUrl(given, from, vars);
        if (given) return expect(chosen).toEqual({ found: true, url: given, origin: 'given' });
        if (from?.kind === 'string') return expect(chosen).toEqual({ found: true, url: from.value, origin: 'schema' });
        const name = from?.kind === 'env' ? from.variable : 'DATABASE_URL';
        const value = vars[name];
        expect(chosen).toEqual(
          value ? { found: true, url: value, origin: 'env', variable: name } : { found: false, variable: name },
        );
      }),
    );
  });
});
