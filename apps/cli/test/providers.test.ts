import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createTempDir } from '@strata/testkit';
import { providerSource, writePackage, writeProjectPackageJson } from './support/fake-packages.js';
import { runCli } from './support/run-cli.js';

interface ProvidersJson {
  projectDir: string;
  supportedApiVersion: number;
  providers: {
    source: string;
    packageName: string;
    packageVersion?: string;
    location?: string;
    id?: string;
    aliases: string[];
    version?: string;
    status: string;
    problem?: string;
    active: boolean;
  }[];
}

const temp = createTempDir('strata-cli-providers-');
afterAll(() => temp.close());

/** An oclif plugin folder whose `strata:provider` hook returns a provider. */
function writeProviderPlugin(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'strata-plugin-cockroach',
      version: '0.3.0',
      type: 'module',
      oclif: { hooks: { 'strata:provider': './hook.js' } },
    }),
  );
  writeFileSync(
    path.join(dir, 'provider.js'),
    providerSource({ id: 'cockroachdb', aliases: ['crdb'], version: '0.3.0', packageName: 'strata-plugin-cockroach' }),
  );
  writeFileSync(
    path.join(dir, 'hook.js'),
    "import provider from './provider.js';\nexport default async function () {\n  return provider;\n}\n",
  );
}

describe('strata providers', () => {
  const project = path.join(temp.dir, 'project');
  const dataDir = path.join(temp.dir, 'data');
  const env = {
    STRATA_DATA_DIR: dataDir,
    STRATA_CACHE_DIR: path.join(temp.dir, 'cache'),
    STRATA_CONFIG_DIR: path.join(temp.dir, 'config'),
  };

  test('lists project, plugin and bundled providers with where they came from', async () => {
    writeProjectPackageJson(project, { 'strata-provider-duckdb': '1.0.3', '@acme/strata-provider-old': '0.1.0' });
    const duckdbDir = writePackage(project, {
      name: 'strata-provider-duckdb',
      version: '1.0.3',
      source: providerSource({ id: 'duckdb', version: '1.0.3', packageName: 'strata-provider-duckdb' }),
    });
    writePackage(project, {
      name: '@acme/strata-provider-old',
      version: '0.1.0',
      source: providerSource({
        id: 'oldsql',
        version: '0.1.0',
        packageName: '@acme/strata-provider-old',
        apiVersion: 0,
      }),
    });
    const pluginDir = path.join(temp.dir, 'plugin');
    writeProviderPlugin(pluginDir);
    const link = await runCli(['plugins', 'link', pluginDir, '--no-install'], { cwd: project, env });
    expect(link.code).toBe(0);

    const result = await runCli(['providers', '--json'], { cwd: project, env });
    expect(result.code).toBe(0);
    const json = result.json<ProvidersJson>();
    expect(json.supportedApiVersion).toBe(2);
    expect(json.providers.slice(0, 3)).toEqual([
      expect.objectContaining({
        source: 'project',
        packageName: 'strata-provider-duckdb',
        packageVersion: '1.0.3',
        id: 'duckdb',
        location: duckdbDir,
        active: true,
        status: 'compatible',
      }),
      expect.objectContaining({
        source: 'project',
        packageName: '@acme/strata-provider-old',
        id: 'oldsql',
        status: 'incompatible',
        apiVersion: 0,
        active: false,
      }),
      expect.objectContaining({
        source: 'plugin',
        packageName: 'strata-plugin-cockroach',
        packageVersion: '0.3.0',
        id: 'cockroachdb',
        aliases: ['crdb'],
        active: true,
        status: 'compatible',
      }),
    ]);
    expect(json.providers[1]?.problem).toBe('implements provider API 0; this strata supports API 2');
    // The bundled providers follow (they load once their packages are built).
    expect(json.providers.slice(3).map((p) => [p.source, p.packageName])).toEqual([
      ['bundled', '@strata/provider-postgres'],
      ['bundled', '@strata/provider-sqlite'],
      ['bundled', '@strata/provider-mysql'],
    ]);

    const human = await runCli(['providers'], { cwd: project, env });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('duckdb  strata-provider-duckdb@1.0.3  [project] active');
    expect(human.stdout).toContain('cockroachdb, crdb  strata-plugin-cockroach@0.3.0  [plugin] active');
    expect(human.stdout).toContain('implements provider API 0; this strata supports API 2');
  });
});
