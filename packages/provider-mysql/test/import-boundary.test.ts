/**
 * The provider is written the way a third party would write one: its sources import only
 * `@strata/core` (the public entry point), `mysql2`, `ts-pattern`, node builtins and its own
 * files; its tests may add `@strata/core/testing`, `@jest/globals` and the monorepo's private
 * `@strata/testkit` (a fresh MariaDB database per test file: a third party brings its own). Nothing reaches into core's
 * internals (`@strata/core/src/...`, relative paths out of the package).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';

const PACKAGE = path.resolve(import.meta.dirname, '..');
const SOURCE_ALLOWED = new Set(['@strata/core', 'mysql2', 'mysql2/promise', 'ts-pattern']);
const TEST_ALLOWED = new Set([...SOURCE_ALLOWED, '@strata/core/testing', '@jest/globals', '@strata/testkit']);

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** Every module specifier of a file: static imports and exports, `import(...)`, `require(...)`. */
export function specifiers(source: string): string[] {
  // comments may name modules (`import provider from '@strata/provider-mysql'` in a doc comment)
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) out.push(m[1] as string);
  return out;
}

function problems(file: string, allowed: ReadonlySet<string>): string[] {
  const text = readFileSync(file, 'utf8');
  return specifiers(text)
    .filter((s) => {
      if (s.startsWith('node:') || builtinModules.includes(s)) return false;
      if (s.startsWith('.')) {
        // its own files only: a relative path never leaves the package
        return !path.resolve(path.dirname(file), s).startsWith(`${PACKAGE}${path.sep}`);
      }
      return !allowed.has(s);
    })
    .map((s) => `${path.relative(PACKAGE, file)}: ${s}`);
}

describe('import boundary', () => {
  test('src/ imports only @strata/core, mysql2, ts-pattern, node builtins and its own files', () => {
    const files = filesOf(path.join(PACKAGE, 'src'));
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => problems(f, SOURCE_ALLOWED))).toEqual([]);
  });

  test('test/ adds only @strata/core/testing, @jest/globals and @strata/testkit', () => {
    expect(filesOf(path.join(PACKAGE, 'test')).flatMap((f) => problems(f, TEST_ALLOWED))).toEqual([]);
  });

  test('the check catches what it must', () => {
    // spelled with a variable so that this file's own scan does not read them as its imports
    const im = ['im', 'port'].join('');
    const ex = ['ex', 'port'].join('');
    const probe = [
      `${im} { lower } from '@strata/core/src/sql/lower.js';`,
      `${im} x from '../../core/src/index.js';`,
      `${ex} * from '@strata/testkit';`,
      `const y = await ${im}('@strata/provider-postgres');`,
      `${im} type { A } from '@strata/core';`,
      `/* ${im} z from 'in-a-comment'; */`,
    ].join('\n');
    expect(specifiers(probe)).toEqual([
      '@strata/core/src/sql/lower.js',
      '../../core/src/index.js',
      '@strata/testkit',
      '@strata/core',
      '@strata/provider-postgres',
    ]);
  });

  test('package.json depends on @strata/core only as a peer (and for development)', () => {
    const pkg = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['mysql2', 'ts-pattern']);
    expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['@strata/core']);
  });
});
