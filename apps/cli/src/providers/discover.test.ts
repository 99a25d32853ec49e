import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createTempDir } from '@strata/testkit';
import { providerSource, writePackage, writeProjectPackageJson } from '../../test/support/fake-packages.js';
import { discoverProviders, type PluginHookResult, type ProviderReport } from './discover.js';
import { isProviderPackageName } from './names.js';
import { selectProvider } from './select.js';

const temp = createTempDir('strata-discover-');
afterAll(() => temp.close());

let counter = 0;
function freshDir(): string {
  counter += 1;
  return path.join(temp.dir, `case-${counter}`);
}

/** A folder standing in for the CLI package, with its bundled providers installed. */
function bundledHome(providers: { id: string; name: string; version: string; aliases?: string[] }[]): string {
  const dir = freshDir();
  for (const p of providers) {
    writePackage(dir, { name: p.name, version: p.version, source: providerSource({ ...p, packageName: p.name }) });
  }
  return dir;
}

const BUNDLED = [
  { id: 'postgresql', aliases: ['postgres'], name: '@strata/provider-postgres', version: '0.1.0' },
  { id: 'sqlite', name: '@strata/provider-sqlite', version: '0.1.0' },
];

function discover(
  projectDir: string,
  bundledFrom: string,
  plugins: PluginHookResult[] = [],
): Promise<ProviderReport[]> {
  return discoverProviders({
    projectDir,
    bundledFrom,
    bundled: BUNDLED.map((b) => b.name),
    supportedApiVersion: 2,
    pluginProviders: async () => plugins,
  });
}

const summary = (reports: ProviderReport[]) =>
  reports.map((r) => ({ source: r.source, packageName: r.packageName, id: r.id, status: r.status, active: r.active }));

describe('provider package names', () => {
  test.each([
    ['@strata/provider-postgres', true],
    ['strata-provider-mysql', true],
    ['@acme/strata-provider-duckdb', true],
    ['strata-providers', false],
    ['@acme/provider-mysql', false],
    ['strata', false],
    ['my-strata-provider-x', false],
  ])('%s -> %s', (name, expected) => {
    expect(isProviderPackageName(name)).toBe(expected);
  });
});

describe('discoverProviders', () => {
  test('without a project, the bundled providers are active', async () => {
    const reports = await discover(freshDir(), bundledHome(BUNDLED));
    expect(summary(reports)).toEqual([
      {
        source: 'bundled',
        packageName: '@strata/provider-postgres',
        id: 'postgresql',
        status: 'compatible',
        active: true,
      },
      { source: 'bundled', packageName: '@strata/provider-sqlite', id: 'sqlite', status: 'compatible', active: true },
    ]);
    expect(selectProvider(reports, 'postgres', 2).provider.id).toBe('postgresql');
  });

  test('the version pinned in the project wins over the bundled one, and is loaded from the project', async () => {
    const project = freshDir();
    writeProjectPackageJson(project, { '@strata/provider-sqlite': '0.0.7' });
    const pinnedDir = writePackage(project, {
      name: '@strata/provider-sqlite',
      version: '0.0.7',
      source: providerSource({ id: 'sqlite', version: '0.0.7', packageName: '@strata/provider-sqlite' }),
    });
    const reports = await discover(project, bundledHome(BUNDLED));
    const sqlite = reports.filter((r) => r.id === 'sqlite');
    // The bundled copy of a package the project depends on is not even considered.
    expect(sqlite).toHaveLength(1);
    expect(sqlite[0]).toMatchObject({
      source: 'project',
      packageVersion: '0.0.7',
      version: '0.0.7',
      location: pinnedDir,
      active: true,
    });
    expect(selectProvider(reports, 'sqlite', 2).provider.version).toBe('0.0.7');
  });

  test('third-party packages are found by name pattern, in dependencies and devDependencies', async () => {
    const project = freshDir();
    writeProjectPackageJson(
      project,
      { 'strata-provider-duckdb': '^1.0.0', 'left-pad': '1.0.0' },
      { '@acme/strata-provider-mysql': '2.0.0' },
    );
    writePackage(project, {
      name: 'strata-provider-duckdb',
      version: '1.0.3',
      source: providerSource({ id: 'duckdb', version: '1.0.3', packageName: 'strata-provider-duckdb' }),
    });
    writePackage(project, {
      name: '@acme/strata-provider-mysql',
      version: '2.0.0',
      entry: 'lib/main.mjs',
      source: providerSource({
        id: 'mysql',
        aliases: ['mariadb'],
        version: '2.0.0',
        packageName: '@acme/strata-provider-mysql',
      }),
    });
    const reports = await discover(project, bundledHome(BUNDLED));
    expect(summary(reports).slice(0, 2)).toEqual([
      { source: 'project', packageName: 'strata-provider-duckdb', id: 'duckdb', status: 'compatible', active: true },
      {
        source: 'project',
        packageName: '@acme/strata-provider-mysql',
        id: 'mysql',
        status: 'compatible',
        active: true,
      },
    ]);
    expect(selectProvider(reports, 'mariadb', 2).report.packageName).toBe('@acme/strata-provider-mysql');
  });

  test('an incompatible apiVersion is reported, not loaded, and not silently replaced by the bundled one', async () => {
    const project = freshDir();
    writeProjectPackageJson(project, { '@strata/provider-postgres': '9.0.0' });
    writePackage(project, {
      name: '@strata/provider-postgres',
      version: '9.0.0',
      source: providerSource({
        id: 'postgresql',
        aliases: ['postgres'],
        version: '9.0.0',
        packageName: '@strata/provider-postgres',
        apiVersion: 1,
      }),
    });
    const reports = await discover(project, bundledHome(BUNDLED));
    expect(reports[0]).toMatchObject({
      status: 'incompatible',
      apiVersion: 1,
      active: false,
      problem: 'implements provider API 1; this strata supports API 2',
    });
    expect(reports[0]?.provider).toBeUndefined();
    expect(() => selectProvider(reports, 'postgresql', 2)).toThrow(
      expect.objectContaining({
        code: 'provider-incompatible',
        message:
          'The provider "postgresql" from @strata/provider-postgres@9.0.0 implements provider API 1; this strata supports API 2.',
        hint: 'Install a version of @strata/provider-postgres made for this strata (provider API 2), or upgrade strata.',
      }),
    );
  });

  test('plugins come after the project and before the bundled providers', async () => {
    const project = freshDir();
    writeProjectPackageJson(project, {});
    const plugin: PluginHookResult = {
      pluginName: 'strata-plugin-sqlite-fork',
      pluginVersion: '3.0.0',
      pluginRoot: '/plugins/fork',
      value: [
        {
          id: 'sqlite',
          aliases: [],
          apiVersion: 2,
          version: '3.0.0',
          packageName: 'strata-plugin-sqlite-fork',
          capabilities: { maxIdentifierLength: 64 },
          types: {},
          quoteIdentifier: (name: string) => name,
          placeholder: () => '?',
          splitStatements: () => [],
          emit: () => [],
          connect: async () => {
            throw new Error('no');
          },
        },
      ],
    };
    const broken: PluginHookResult = { pluginName: 'broken-plugin', error: new Error('boom\nstack') };
    const reports = await discover(project, bundledHome(BUNDLED), [plugin, broken]);
    expect(summary(reports)).toEqual([
      { source: 'plugin', packageName: 'strata-plugin-sqlite-fork', id: 'sqlite', status: 'compatible', active: true },
      { source: 'plugin', packageName: 'broken-plugin', id: undefined, status: 'load-failed', active: false },
      {
        source: 'bundled',
        packageName: '@strata/provider-postgres',
        id: 'postgresql',
        status: 'compatible',
        active: true,
      },
      { source: 'bundled', packageName: '@strata/provider-sqlite', id: 'sqlite', status: 'compatible', active: false },
    ]);
    expect(reports[1]?.problem).toBe('its strata:provider hook failed: boom');
  });

  test('broken candidates are reported with what is wrong', async () => {
    const project = freshDir();
    writeProjectPackageJson(project, {
      'strata-provider-missing': '1.0.0',
      'strata-provider-empty': '1.0.0',
      'strata-provider-throws': '1.0.0',
    });
    writePackage(project, { name: 'strata-provider-empty', version: '1.0.0', source: 'export const nothing = 1;\n' });
    writePackage(project, {
      name: 'strata-provider-throws',
      version: '1.0.0',
      source: 'throw new Error("cannot start");\n',
    });
    const reports = await discover(project, bundledHome(BUNDLED));
    expect(reports.slice(0, 3).map((r) => [r.packageName, r.status])).toEqual([
      ['strata-provider-missing', 'not-installed'],
      ['strata-provider-empty', 'invalid'],
      ['strata-provider-throws', 'load-failed'],
    ]);
    expect(reports[2]?.problem).toBe('could not be loaded: cannot start');
    expect(reports[0]?.fix).toBe(`cd ${project} && npm install`);
  });

  test('a project package that fails to load claims the id its name gives: no silent fallback to the bundled one', async () => {
    const project = freshDir();
    writeProjectPackageJson(project, { 'strata-provider-sqlite': '2.0.0' });
    writePackage(project, {
      name: 'strata-provider-sqlite',
      version: '2.0.0',
      source: 'await Promise.resolve();\nthrow new Error("driver missing");\n',
    });
    const reports = await discover(project, bundledHome(BUNDLED));
    expect(reports[0]).toMatchObject({ status: 'load-failed', presumedIds: ['sqlite'], active: false });
    // The bundled sqlite provider is compatible but does not serve the id the project pinned.
    expect(reports.find((r) => r.source === 'bundled' && r.id === 'sqlite')).toMatchObject({ active: false });
    expect(() => selectProvider(reports, 'sqlite', 2)).toThrow(
      expect.objectContaining({
        code: 'provider-load-failed',
        message: expect.stringContaining('strata-provider-sqlite@2.0.0'),
        details: expect.objectContaining({ reason: 'could not be loaded: driver missing' }),
      }),
    );
    // Other ids are not affected by it.
    expect(selectProvider(reports, 'postgresql', 2).report.source).toBe('bundled');
  });

  test('an unknown id lists what is installed and how to add a provider', async () => {
    const reports = await discover(freshDir(), bundledHome(BUNDLED));
    expect(() => selectProvider(reports, 'cockroachdb', 2)).toThrow(
      expect.objectContaining({
        code: 'provider-unknown',
        message: 'No installed provider handles "cockroachdb" (installed: postgresql/postgres, sqlite).',
        // No made-up package name: nothing says a package of that name exists (or is ours).
        hint: expect.not.stringContaining('npm install'),
      }),
    );
  });
});

describe('discoverProviders for one id', () => {
  test('does not import bundled providers known to serve other ids', async () => {
    const home = bundledHome(BUNDLED);
    // A postgres package that would fail to import: proof that it is never imported.
    writePackage(home, {
      name: '@strata/provider-postgres',
      version: '0.1.0',
      source: 'throw new Error("imported");\n',
    });
    const reports = await discoverProviders({
      projectDir: freshDir(),
      bundledFrom: home,
      bundled: BUNDLED.map((b) => b.name),
      supportedApiVersion: 2,
      only: 'sqlite',
      bundledIds: { '@strata/provider-postgres': ['postgresql', 'postgres'], '@strata/provider-sqlite': ['sqlite'] },
    });
    expect(summary(reports)).toEqual([
      {
        source: 'bundled',
        packageName: '@strata/provider-postgres',
        id: 'postgresql',
        status: 'skipped',
        active: false,
      },
      { source: 'bundled', packageName: '@strata/provider-sqlite', id: 'sqlite', status: 'compatible', active: true },
    ]);
    // What is installed is still known, for the provider-unknown message.
    expect(() => selectProvider(reports, 'mysql', 2)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('installed: postgresql/postgres, sqlite') }),
    );
  });
});
