/**
 * Pinned provider packages that cannot be used, through the built binary, with real packages
 * installed by npm from folders on disk (no registry involved): one whose native module is
 * missing or whose dependency is gone, one whose import throws, one that fails later (a promise
 * nobody awaits, an error thrown during `connect`), one missing its peer `@strata/core`, one
 * with another provider API. `strata providers` lists each with its status, reason and fix and
 * never crashes; commands name the pinned package and never fall back to another version; every
 * fix is then run literally, as printed, and must work.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createTestSqlite } from '@strata/testkit';
import { writePackage, writeProjectPackageJson } from './support/fake-packages.js';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';
import { CLI_DIR } from './support/run-cli.js';

const REAL_SQLITE_PROVIDER = pathToFileURL(path.resolve(CLI_DIR, '../../packages/provider-sqlite/dist/index.js')).href;
/** A real native module to stand in for a provider's driver: sqlite3's own addon. */
const SQLITE3_ADDON = execSync(
  `node -e "process.stdout.write(require.resolve('sqlite3/build/Release/node_sqlite3.node', { paths: [require.resolve('sqlite3')] }))"`,
  { cwd: path.resolve(CLI_DIR, '../../packages/provider-sqlite'), encoding: 'utf8' },
);

const schema = `datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}

model Item {
  id Int @id @default(autoincrement())
}
`;

interface ProviderJson {
  packageName: string;
  packageVersion?: string;
  location?: string;
  source: string;
  id?: string;
  status: string;
  problem?: string;
  fix?: string;
  presumedIds?: string[];
  active: boolean;
}

const sqlite = createTestSqlite('dev.db');
afterAll(() => sqlite.close());

/** Runs a printed fix exactly as a user would paste it into a shell. */
function runHint(hint: string): void {
  execSync(hint, {
    shell: '/bin/sh',
    stdio: 'pipe',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });
}

function noStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(output).not.toContain('Node.js v');
}

async function providerReport(project: TestProject, packageName: string): Promise<ProviderJson> {
  const result = await project.run('providers', '--json');
  expect(result.code).toBe(0);
  noStackTrace(result.stderr);
  const report = result.json<{ providers: ProviderJson[] }>().providers.find((p) => p.packageName === packageName);
  expect(report).toBeDefined();
  return report!;
}

/**
 * A project pinning @strata/provider-sqlite@0.9.0 from ./vendor (npm copies it in, with its
 * dependency `native-driver`, a package whose install script puts a native addon in build/).
 */
function npmProject(prefix: string, providerSource: string): TestProject {
  const project = createProject(prefix, { DATABASE_URL: sqlite.url });
  project.writeSchema(schema);
  const vendor = path.join(project.dir, 'vendor');
  const driver = path.join(vendor, 'native-driver');
  mkdirSync(driver, { recursive: true });
  writeFileSync(
    path.join(driver, 'package.json'),
    JSON.stringify({
      name: 'native-driver',
      version: '1.0.0',
      main: 'index.js',
      scripts: { install: 'node build.cjs' },
    }),
  );
  writeFileSync(
    path.join(driver, 'build.cjs'),
    `const fs = require('node:fs');\nfs.mkdirSync(__dirname + '/build/Release', { recursive: true });\nfs.copyFileSync(${JSON.stringify(SQLITE3_ADDON)}, __dirname + '/build/Release/driver.node');\n`,
  );
  writeFileSync(path.join(driver, 'index.js'), "module.exports = require('./build/Release/driver.node');\n");
  const provider = path.join(vendor, 'provider-sqlite');
  mkdirSync(provider, { recursive: true });
  writeFileSync(
    path.join(provider, 'package.json'),
    JSON.stringify({
      name: '@strata/provider-sqlite',
      version: '0.9.0',
      type: 'module',
      main: 'index.js',
      dependencies: { 'native-driver': 'file:../native-driver' },
    }),
  );
  writeFileSync(path.join(provider, 'index.js'), providerSource);
  writeProjectPackageJson(project.dir, { '@strata/provider-sqlite': 'file:./vendor/provider-sqlite' });
  // Copies instead of links: what a registry install leaves (the package and its dependencies).
  writeFileSync(path.join(project.dir, '.npmrc'), 'install-links=true\n');
  runHint(`cd ${project.dir} && npm install`);
  return project;
}

const PINNED = '@strata/provider-sqlite';
const WORKING_SOURCE = `import { createRequire } from 'node:module';
createRequire(import.meta.url)('native-driver');
import real from ${JSON.stringify(REAL_SQLITE_PROVIDER)};
export default { ...real, version: '0.9.0' };
`;

describe('a pinned provider whose dependencies are broken', () => {
  test('a missing native module and a missing dependency: reported, no fallback, and the printed fix works', async () => {
    const project = npmProject('strata-load-native-', WORKING_SOURCE);
    try {
      const installed = realpathSync(path.join(project.dir, 'node_modules', PINNED));
      expect(await providerReport(project, PINNED)).toMatchObject({ status: 'compatible', active: true });

      // The native addon is gone (an install that skipped scripts, a copied node_modules).
      rmSync(path.join(project.dir, 'node_modules/native-driver/build'), { recursive: true });
      const report = await providerReport(project, PINNED);
      expect(report).toMatchObject({
        source: 'project',
        packageVersion: '0.9.0',
        location: installed,
        status: 'load-failed',
        presumedIds: ['sqlite'],
        active: false,
        fix: `cd ${project.dir} && npm rebuild`,
      });
      expect(report.problem).toMatch(/^could not be loaded: Cannot find module '.*driver\.node'/);
      const text = await project.run('providers');
      expect(text.code).toBe(0);
      noStackTrace(text.stderr + text.stdout);
      expect(text.stdout).toContain(`sqlite (by its name)  ${PINNED}@0.9.0  [project] load-failed`);
      expect(text.stdout).toContain(`→ cd ${project.dir} && npm rebuild`);

      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      const error = status.json<ErrorJson>().error;
      expect(error).toMatchObject({
        code: 'provider-load-failed',
        hint: `cd ${project.dir} && npm rebuild`,
        details: { provider: 'sqlite', packageName: PINNED, packageVersion: '0.9.0', location: installed },
      });
      expect(error.message).toContain(`The provider "sqlite" pinned by the project, ${PINNED}@0.9.0 (${installed})`);
      expect(error.message).not.toContain('strata-provider-sqlite');
      const human = await project.run('migrate', 'status');
      noStackTrace(human.stderr);
      expect(human.stderr.split('\n')[1]).toBe(`→ cd ${project.dir} && npm rebuild`);

      runHint(error.hint!);
      expect(await providerReport(project, PINNED)).toMatchObject({ status: 'compatible', active: true });
      const after = await project.run('migrate', 'status', '--json');
      expect(after.stdout).not.toContain('provider-');

      // The whole dependency is gone now (the `Cannot find module 'bindings'` of issue #15).
      rmSync(path.join(project.dir, 'node_modules/native-driver'), { recursive: true });
      const missing = await project.run('migrate', 'status', '--json');
      expect(missing.json<ErrorJson>().error).toMatchObject({
        code: 'provider-load-failed',
        hint: `cd ${project.dir} && npm install`,
      });
      expect(missing.json<ErrorJson>().error.message).toContain("Cannot find module 'native-driver'");
      runHint(missing.json<ErrorJson>().error.hint!);
      expect(await providerReport(project, PINNED)).toMatchObject({ status: 'compatible', active: true });
    } finally {
      project.close();
    }
  }, 120_000);

  test('an import that throws: reported with its reason; the fix (uninstall it, use the bundled one) works', async () => {
    const project = npmProject(
      'strata-load-throws-',
      `import real from ${JSON.stringify(REAL_SQLITE_PROVIDER)};\nthrow new Error('provider init exploded');\nexport default real;\n`,
    );
    try {
      const report = await providerReport(project, PINNED);
      expect(report).toMatchObject({
        status: 'load-failed',
        problem: 'could not be loaded: provider init exploded',
        fix: `cd ${project.dir} && npm uninstall ${PINNED}`,
      });
      // No silent fallback: the bundled SQLite provider is not used in its place.
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      expect(status.json<ErrorJson>().error).toMatchObject({
        code: 'provider-load-failed',
        message: `The provider "sqlite" pinned by the project, ${PINNED}@0.9.0 (${realpathSync(path.join(project.dir, 'node_modules', PINNED))}), could not be loaded: provider init exploded.`,
      });
      runHint(status.json<ErrorJson>().error.hint!);
      const after = await project.run('providers', '--json');
      const sqliteReports = after.json<{ providers: ProviderJson[] }>().providers.filter((p) => p.id === 'sqlite');
      expect(sqliteReports).toEqual([expect.objectContaining({ source: 'bundled', active: true })]);
    } finally {
      project.close();
    }
  }, 120_000);
});

describe('a pinned provider for another provider API', () => {
  test('is listed as incompatible, refused by commands, and the printed fix (remove the pin) works', async () => {
    const project = npmProject(
      'strata-load-api-',
      `import real from ${JSON.stringify(REAL_SQLITE_PROVIDER)};\nexport default { ...real, apiVersion: 1, version: '0.9.0' };\n`,
    );
    try {
      const fix = `cd ${project.dir} && npm uninstall ${PINNED}`;
      expect(await providerReport(project, PINNED)).toMatchObject({
        status: 'incompatible',
        id: 'sqlite',
        apiVersion: 1,
        active: false,
        fix,
      });
      const text = await project.run('providers');
      noStackTrace(text.stdout + text.stderr);
      expect(text.stdout).toContain(`sqlite  ${PINNED}@0.9.0  [project] incompatible`);
      expect(text.stdout).toContain(`→ ${fix}`);
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      expect(status.json<ErrorJson>().error).toMatchObject({ code: 'provider-incompatible', hint: fix });
      const human = await project.run('migrate', 'status');
      noStackTrace(human.stderr);
      expect(human.stderr.split('\n')[1]).toBe(`→ ${fix}`);
      runHint(fix);
      const after = await project.run('providers', '--json');
      const sqliteReports = after.json<{ providers: ProviderJson[] }>().providers.filter((p) => p.id === 'sqlite');
      expect(sqliteReports).toEqual([expect.objectContaining({ source: 'bundled', active: true })]);
      expect((await project.run('migrate', 'status', '--json')).stdout).not.toContain('provider-');
    } finally {
      project.close();
    }
  }, 120_000);
});

describe('failures of other kinds and timings', () => {
  test('asynchronous failures at import, a missing peer, another API: listed one by one, never a crash', async () => {
    const project = createProject('strata-load-kinds-', { DATABASE_URL: sqlite.url });
    try {
      project.writeSchema(schema);
      writeProjectPackageJson(project.dir, {
        'strata-provider-rejects': '1.0.0',
        'strata-provider-timer': '1.0.0',
        'strata-provider-peerless': '2.0.0',
        '@strata/provider-sqlite': '3.0.0',
      });
      writePackage(project.dir, {
        name: 'strata-provider-rejects',
        version: '1.0.0',
        source:
          "Promise.reject(new Error('rejected during start-up'));\nexport default { id: 'rejects', apiVersion: 1 };\n",
      });
      writePackage(project.dir, {
        name: 'strata-provider-timer',
        version: '1.0.0',
        source:
          "setTimeout(() => { throw new Error('thrown from a timer'); }, 0);\nexport default { id: 'timer', apiVersion: 1 };\n",
      });
      writePackage(project.dir, {
        name: 'strata-provider-peerless',
        version: '2.0.0',
        source:
          "import { PROVIDER_API_VERSION } from '@strata/core';\nexport default { id: 'peerless', apiVersion: PROVIDER_API_VERSION };\n",
        extraJson: { peerDependencies: { '@strata/core': '^0.1.0' } },
      });
      writePackage(project.dir, {
        name: PINNED,
        version: '3.0.0',
        source: `import real from ${JSON.stringify(REAL_SQLITE_PROVIDER)};\nexport default { ...real, apiVersion: 1, version: '3.0.0' };\n`,
      });
      const byName = async (name: string) => providerReport(project, name);
      expect(await byName('strata-provider-rejects')).toMatchObject({
        status: 'load-failed',
        problem: 'could not be loaded: rejected during start-up',
        presumedIds: ['rejects'],
      });
      expect(await byName('strata-provider-timer')).toMatchObject({
        status: 'load-failed',
        problem: 'could not be loaded: thrown from a timer',
      });
      const peerless = await byName('strata-provider-peerless');
      expect(peerless).toMatchObject({
        status: 'load-failed',
        fix: `cd ${project.dir} && npm install '@strata/core@^0.1.0'`,
      });
      expect(peerless.problem).toContain("Cannot find package '@strata/core'");
      expect(await byName(PINNED)).toMatchObject({ status: 'incompatible', id: 'sqlite', active: false });

      const text = await project.run('providers');
      expect(text.code).toBe(0);
      noStackTrace(text.stdout + text.stderr);
      for (const name of ['strata-provider-rejects', 'strata-provider-timer', 'strata-provider-peerless'])
        expect(text.stdout).toContain(`${name}@`);

      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      expect(status.json<ErrorJson>().error.code).toBe('provider-incompatible');
      const human = await project.run('migrate', 'status');
      noStackTrace(human.stderr);
      expect(human.stderr).toContain('Error [provider-incompatible]');
    } finally {
      project.close();
    }
  });

  test('an error thrown later, during connect, ends the command with one line naming the package', async () => {
    const project = createProject('strata-load-connect-', { DATABASE_URL: sqlite.url });
    try {
      project.writeSchema(schema);
      writeProjectPackageJson(project.dir, { [PINNED]: '0.9.1' });
      const dir = writePackage(project.dir, {
        name: PINNED,
        version: '0.9.1',
        source: `import real from ${JSON.stringify(REAL_SQLITE_PROVIDER)};
export default {
  ...real,
  version: '0.9.1',
  // A driver that fails in a callback nobody awaits, and never answers.
  connect: async () => {
    setTimeout(() => { throw new Error('driver exploded after connecting'); }, 10);
    return new Promise(() => {});
  },
};
`,
      });
      for (const args of [
        ['migrate', 'status', '--json'],
        ['migrate', 'status'],
      ]) {
        const result = await project.run(...args);
        expect(result.code).toBe(1);
        noStackTrace(result.stderr + result.stdout);
        const expected = `The provider package ${PINNED}@0.9.1 (${dir}) failed: driver exploded after connecting`;
        if (args.includes('--json'))
          expect(result.json<ErrorJson>().error).toMatchObject({ code: 'provider-failed', message: expected });
        else expect(result.stderr.split('\n')[0]).toBe(`Error [provider-failed] ${expected}`);
      }
    } finally {
      project.close();
    }
  });
});
