/**
 * Static provider metadata read by the CLI instead of lists of its own: a third-party provider
 * (a project dependency, and an oclif plugin) whose URL scheme is `mydb:` is recognised by
 * `init --url` and by the URL detection of `migrate diff --from-url` and `db execute --url`;
 * `init` writes its template pieces and offers it as a `--provider` choice. Real packages on disk,
 * the built binary.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createTempDir } from '@strata/testkit';
import { providerSource, writePackage, writeProjectPackageJson } from './support/fake-packages.js';
import type { ErrorJson } from './support/project.js';
import { runCli } from './support/run-cli.js';

const temp = createTempDir('strata-cli-metadata-');
afterAll(() => temp.close());

const MYDB = {
  id: 'mydb',
  version: '1.2.0',
  packageName: 'strata-provider-mydb',
  urlSchemes: ['mydb:'],
  init: { exampleUrl: 'mydb://localhost:7777/app', datasourceLines: ['relationMode = "prisma"'] },
};

/** A fresh project folder that depends on strata-provider-mydb. */
function mydbProject(name: string): string {
  const dir = path.join(temp.dir, name);
  writeProjectPackageJson(dir, { 'strata-provider-mydb': '1.2.0' });
  writePackage(dir, { name: 'strata-provider-mydb', version: '1.2.0', source: providerSource(MYDB) });
  return dir;
}

describe('a third-party provider from the project', () => {
  test('init --url mydb://... picks it and writes its template', async () => {
    const dir = mydbProject('init-url');
    const result = await runCli(['init', '--url', 'mydb://app:secret@db:7777/app', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.json<{ provider: string }>().provider).toBe('mydb');
    const schema = readFileSync(path.join(dir, 'prisma/schema.prisma'), 'utf8');
    expect(schema).toContain(
      'datasource db {\n  provider = "mydb"\n  url      = env("DATABASE_URL")\n  relationMode = "prisma"\n}\n',
    );
    expect(schema).toContain('// model User {\n//   id    Int    @id @default(autoincrement())');
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe('DATABASE_URL="mydb://app:secret@db:7777/app"\n');
  });

  test('init --provider mydb writes its example URL; an unknown id lists the installed ones', async () => {
    const dir = mydbProject('init-provider');
    const result = await runCli(['init', '--provider', 'mydb'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe('DATABASE_URL="mydb://localhost:7777/app"\n');

    const other = mydbProject('init-unknown');
    const unknown = await runCli(['init', '--provider', 'nosuchdb', '--json'], { cwd: other });
    expect(unknown.code).toBe(1);
    expect(unknown.json<ErrorJson>().error).toMatchObject({
      code: 'invalid-argument',
      message: 'Expected --provider=nosuchdb to be one of: mydb, postgresql, sqlite, mysql',
    });
    expect(existsSync(path.join(other, 'prisma'))).toBe(false);

    const mismatch = await runCli(['init', '--provider', 'sqlite', '--url', 'mydb://h/app', '--json'], { cwd: other });
    expect(mismatch.code).toBe(1);
    expect(mismatch.json<ErrorJson>().error.message).toBe('--url is a mydb URL but --provider is sqlite.');
  });

  test('migrate diff --from-url/--to-url and db execute --url detect it from the scheme', async () => {
    const dir = mydbProject('diff');
    // The fake provider cannot connect: its own error shows that it was the one chosen.
    const diff = await runCli(['migrate', 'diff', '--from-url', 'mydb://h/a', '--to-url', 'mydb://h/b', '--json'], {
      cwd: dir,
    });
    expect(diff.code).not.toBe(0);
    expect(diff.stdout).toContain('mydb cannot connect in tests');
    expect(diff.stdout).not.toContain('Cannot tell which database provider');

    const sqlFile = path.join(dir, 'x.sql');
    writeFileSync(sqlFile, 'SELECT 1;');
    const execute = await runCli(['db', 'execute', '--url', 'MYDB://h/a', '--file', sqlFile, '--json'], { cwd: dir });
    expect(execute.stdout).toContain('mydb cannot connect in tests');

    // Without the package, the scheme belongs to no provider: the message of old.
    const bare = path.join(temp.dir, 'bare');
    mkdirSync(bare, { recursive: true });
    const unknown = await runCli(['migrate', 'diff', '--from-url', 'mydb://h/a', '--to-url', 'mydb://h/b', '--json'], {
      cwd: bare,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.json<ErrorJson>().error.message).toBe('Cannot tell which database provider to diff for.');
  });

  test('a provider that declares no schemes answers to its id as scheme', async () => {
    const dir = path.join(temp.dir, 'default-scheme');
    writeProjectPackageJson(dir, { 'strata-provider-otherdb': '0.1.0' });
    writePackage(dir, {
      name: 'strata-provider-otherdb',
      version: '0.1.0',
      source: providerSource({ id: 'otherdb', version: '0.1.0', packageName: 'strata-provider-otherdb' }),
    });
    const result = await runCli(['init', '--url', 'otherdb://h/app', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.json<{ provider: string }>().provider).toBe('otherdb');
  });
});

describe('a third-party provider from an oclif plugin', () => {
  test('its scheme is recognised by init --url and migrate diff --from-url', async () => {
    const pluginDir = path.join(temp.dir, 'plugin');
    mkdirSync(pluginDir, { recursive: true });
    writeFileSync(
      path.join(pluginDir, 'package.json'),
      JSON.stringify({
        name: 'strata-plugin-mydb',
        version: '1.2.0',
        type: 'module',
        oclif: { hooks: { 'strata:provider': './hook.js' } },
      }),
    );
    writeFileSync(path.join(pluginDir, 'provider.js'), providerSource({ ...MYDB, packageName: 'strata-plugin-mydb' }));
    writeFileSync(
      path.join(pluginDir, 'hook.js'),
      "import provider from './provider.js';\nexport default async function () {\n  return provider;\n}\n",
    );
    const env = {
      STRATA_DATA_DIR: path.join(temp.dir, 'data'),
      STRATA_CACHE_DIR: path.join(temp.dir, 'cache'),
      STRATA_CONFIG_DIR: path.join(temp.dir, 'config'),
    };
    const project = path.join(temp.dir, 'plugin-project');
    mkdirSync(project, { recursive: true });
    const link = await runCli(['plugins', 'link', pluginDir, '--no-install'], { cwd: project, env });
    expect(link.code).toBe(0);

    const init = await runCli(['init', '--url', 'mydb://h:7777/app', '--json'], { cwd: project, env });
    expect(init.code).toBe(0);
    expect(init.json<{ provider: string }>().provider).toBe('mydb');
    expect(readFileSync(path.join(project, 'prisma/schema.prisma'), 'utf8')).toContain('relationMode = "prisma"');

    const diff = await runCli(['migrate', 'diff', '--from-url', 'mydb://h/a', '--to-url', 'mydb://h/b', '--json'], {
      cwd: temp.dir,
      env,
    });
    expect(diff.stdout).toContain('mydb cannot connect in tests');
  });
});
