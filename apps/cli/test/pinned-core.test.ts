/**
 * A project-pinned provider that brings its own @strata/core: a different copy on disk and a
 * different patch version from the one the CLI loads. The provider contract must hold across that
 * boundary (no `instanceof`, no shared singleton): the provider is found and used, its errors keep
 * their code and hint, and its version is the one recorded. The packages are the real built ones,
 * copied the way a package manager lays them out (package.json and its `files`).
 */
import { cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeProjectPackageJson } from './support/fake-packages.js';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';
import { CLI_DIR } from './support/run-cli.js';

const PACKAGES = path.resolve(CLI_DIR, '../../packages');
const PINNED_CORE_VERSION = '0.1.1';
const PINNED_PROVIDER_VERSION = '0.1.1-pinned';

/** Copies a built workspace package into `nodeModules` as an install would, with another version. */
function installCopy(nodeModules: string, packageDir: string, version: string): string {
  const json = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    files: string[];
    version: string;
  };
  const target = path.join(nodeModules, json.name);
  mkdirSync(target, { recursive: true });
  for (const entry of json.files) cpSync(path.join(packageDir, entry), path.join(target, entry), { recursive: true });
  // A registry install has versions, not workspace ranges.
  const installed = { ...json, version, peerDependencies: { '@strata/core': `^${PINNED_CORE_VERSION}` } };
  writeFileSync(path.join(target, 'package.json'), JSON.stringify(installed, null, 2));
  return target;
}

/** A third-party dependency, linked to the installed one (sqlite3 is native: built once). */
function linkDependency(nodeModules: string, name: string, from: string): void {
  const resolved = realpathSync(
    path.dirname(createRequire(path.join(from, 'package.json')).resolve(`${name}/package.json`)),
  );
  mkdirSync(path.dirname(path.join(nodeModules, name)), { recursive: true });
  symlinkSync(resolved, path.join(nodeModules, name), 'dir');
}

const schema = `datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model Item {
  id   Int    @id @default(autoincrement())
  name String
}
`;

let project: TestProject;
let providerDir: string;
let coreDir: string;
beforeAll(() => {
  project = createProject('strata-pinned-core-');
  project.writeSchema(schema);
  writeProjectPackageJson(project.dir, { '@strata/provider-sqlite': PINNED_PROVIDER_VERSION });
  const nodeModules = path.join(project.dir, 'node_modules');
  coreDir = installCopy(nodeModules, path.join(PACKAGES, 'core'), PINNED_CORE_VERSION);
  providerDir = installCopy(nodeModules, path.join(PACKAGES, 'provider-sqlite'), PINNED_PROVIDER_VERSION);
  linkDependency(nodeModules, 'ts-pattern', path.join(PACKAGES, 'core'));
  linkDependency(nodeModules, 'sqlite3', path.join(PACKAGES, 'provider-sqlite'));
});
afterAll(() => project.close());

describe('a pinned provider with its own copy of @strata/core', () => {
  test('the copy is a different module from the CLI’s core, with another version', () => {
    const cliCore = realpathSync(
      path.dirname(createRequire(path.join(CLI_DIR, 'package.json')).resolve('@strata/core/package.json')),
    );
    expect(cliCore).not.toBe(coreDir);
    const versionOf = (dir: string) =>
      (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    expect(versionOf(coreDir)).toBe(PINNED_CORE_VERSION);
    expect(versionOf(cliCore)).not.toBe(PINNED_CORE_VERSION);
  });

  test('is the active provider, and runs dev, status and check', async () => {
    const providers = await project.run('providers', '--json');
    expect(providers.code).toBe(0);
    const sqlite = providers
      .json<{
        providers: { id?: string; source: string; packageVersion?: string; location?: string; active: boolean }[];
      }>()
      .providers.filter((p) => p.id === 'sqlite');
    expect(sqlite).toEqual([
      expect.objectContaining({
        source: 'project',
        packageVersion: PINNED_PROVIDER_VERSION,
        location: providerDir,
        active: true,
      }),
    ]);

    const dev = await project.run('migrate', 'dev', '--name', 'init', '--json');
    expect(dev.code).toBe(0);
    const name = dev.json<{ migration: { name: string } }>().migration.name;
    expect(readFileSync(path.join(project.dir, 'prisma/migrations', name, 'metadata.txt'), 'utf8')).toContain(
      `@strata/provider-sqlite@${PINNED_PROVIDER_VERSION}`,
    );
    const status = await project.run('migrate', 'status', '--json');
    expect(status.code).toBe(0);
    expect(status.json<{ applied: unknown[]; pending: unknown[] }>()).toMatchObject({
      applied: [expect.anything()],
      pending: [],
    });
    const check = await project.run('check', '--json');
    expect(check.code).toBe(0);
    expect(check.json<{ provider: { version: string; source: string } }>().provider).toMatchObject({
      version: PINNED_PROVIDER_VERSION,
      source: 'project',
    });
  });

  test('an error raised by the provider’s core keeps its code and hint, not an internal error', async () => {
    const missing = await project.run('migrate', 'status', '--url', 'file:./no-such-folder/dev.db', '--json');
    // raised in the provider's connect, a StrataError of the provider's copy of core
    expect(missing.json<ErrorJson>().error).toMatchObject({
      code: 'database-missing',
      hint: expect.stringContaining('strata migrate deploy'),
      exitCode: 3,
    });
    expect(missing.code).toBe(3);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
