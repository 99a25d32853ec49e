/**
 * Provider discovery through the built binary, with real packages on disk: a project that pins
 * its own copy of the SQLite provider (the real one, re-exported under another version), one
 * that pins an incompatible one, and a datasource no installed provider handles.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createTestSqlite } from '@strata/testkit';
import { writePackage, writeProjectPackageJson } from './support/fake-packages.js';
import { createProject, type ErrorJson } from './support/project.js';
import { CLI_DIR } from './support/run-cli.js';

const REAL_MYSQL_PROVIDER = pathToFileURL(path.resolve(CLI_DIR, '../../packages/provider-mysql/dist/index.js')).href;
const REAL_SQLITE_PROVIDER = pathToFileURL(path.resolve(CLI_DIR, '../../packages/provider-sqlite/dist/index.js')).href;

const schema = (provider: string) => `datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

model Item {
  id Int @id @default(autoincrement())
}
`;

const sqlite = createTestSqlite('dev.db');
afterAll(() => sqlite.close());

describe('provider discovery from the project', () => {
  test('the version pinned in the project is the one that runs, and is reported as such', async () => {
    const project = createProject('strata-discovery-pinned-', { DATABASE_URL: sqlite.url });
    try {
      project.writeSchema(schema('sqlite'));
      writeProjectPackageJson(project.dir, { '@strata/provider-sqlite': '0.0.42-pinned' });
      const pinnedDir = writePackage(project.dir, {
        name: '@strata/provider-sqlite',
        version: '0.0.42-pinned',
        source: `import real from ${JSON.stringify(REAL_SQLITE_PROVIDER)};\nexport default { ...real, version: '0.0.42-pinned' };\n`,
      });

      const providers = await project.run('providers', '--json');
      expect(providers.code).toBe(0);
      const sqliteReports = providers
        .json<{
          providers: { id?: string; source: string; packageVersion?: string; location?: string; active: boolean }[];
        }>()
        .providers.filter((p) => p.id === 'sqlite');
      expect(sqliteReports).toEqual([
        expect.objectContaining({
          source: 'project',
          packageVersion: '0.0.42-pinned',
          location: pinnedDir,
          active: true,
        }),
      ]);

      const dev = await project.run('migrate', 'dev', '--name', 'init', '--json');
      expect(dev.code).toBe(0);
      const name = dev.json<{ migration: { name: string } }>().migration.name;
      // metadata.txt names the provider version that generated the migration: the pinned one.
      expect(readFileSync(path.join(project.dir, 'prisma/migrations', name, 'metadata.txt'), 'utf8')).toContain(
        '@strata/provider-sqlite@0.0.42-pinned',
      );
      const check = await project.run('check', '--json');
      expect(check.json<{ provider: { version: string; source: string } }>().provider).toMatchObject({
        version: '0.0.42-pinned',
        source: 'project',
      });
    } finally {
      project.close();
    }
  });

  test('a project can pin @strata/provider-mysql: its version is the one reported and used', async () => {
    const project = createProject('strata-discovery-pinned-mysql-', { DATABASE_URL: 'mysql://app@db.example/app' });
    try {
      project.writeSchema(schema('mysql'));
      writeProjectPackageJson(project.dir, { '@strata/provider-mysql': '0.0.7-pinned' });
      const pinnedDir = writePackage(project.dir, {
        name: '@strata/provider-mysql',
        version: '0.0.7-pinned',
        source: `import real from ${JSON.stringify(REAL_MYSQL_PROVIDER)};\nexport default { ...real, version: '0.0.7-pinned' };\n`,
      });
      const providers = await project.run('providers', '--json');
      expect(providers.code).toBe(0);
      const mysqlReports = providers
        .json<{
          providers: { id?: string; source: string; packageVersion?: string; location?: string; active: boolean }[];
        }>()
        .providers.filter((p) => p.id === 'mysql');
      expect(mysqlReports).toEqual([
        expect.objectContaining({
          source: 'project',
          packageVersion: '0.0.7-pinned',
          location: pinnedDir,
          active: true,
        }),
      ]);
      const check = await project.run('check', '--json');
      expect(check.code).toBe(0);
      expect(check.json<{ provider: { id: string; version: string; source: string } }>().provider).toMatchObject({
        id: 'mysql',
        version: '0.0.7-pinned',
        source: 'project',
      });
    } finally {
      project.close();
    }
  });

  test('an incompatible provider is refused with the package, its version and the supported API', async () => {
    const project = createProject('strata-discovery-incompatible-', { DATABASE_URL: sqlite.url });
    try {
      project.writeSchema(schema('sqlite'));
      writeProjectPackageJson(project.dir, { '@strata/provider-sqlite': '3.0.0' });
      writePackage(project.dir, {
        name: '@strata/provider-sqlite',
        version: '3.0.0',
        source: `import real from ${JSON.stringify(REAL_SQLITE_PROVIDER)};\nexport default { ...real, apiVersion: 1, version: '3.0.0' };\n`,
      });
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      expect(status.json<ErrorJson>().error).toMatchObject({
        code: 'provider-incompatible',
        message:
          'The provider "sqlite" from @strata/provider-sqlite@3.0.0 implements provider API 1; this strata supports API 2.',
        // strata bundles a sqlite provider: removing the pin is a command that works.
        hint: `cd ${project.dir} && npm uninstall @strata/provider-sqlite`,
        details: { packageName: '@strata/provider-sqlite', packageVersion: '3.0.0', apiVersion: 1 },
      });
      const human = await project.run('migrate', 'status');
      expect(human.stderr.split('\n').slice(0, 2)).toEqual([
        'Error [provider-incompatible] The provider "sqlite" from @strata/provider-sqlite@3.0.0 implements provider API 1; this strata supports API 2.',
        `→ cd ${project.dir} && npm uninstall @strata/provider-sqlite`,
      ]);
      const verbose = await project.run('migrate', 'status', '--verbose');
      expect(verbose.stderr).toContain(
        '→ Install a version of @strata/provider-sqlite made for this strata (provider API 2), or upgrade strata.',
      );
    } finally {
      project.close();
    }
  });

  test('a datasource no installed provider handles lists what is installed and how to add one', async () => {
    const project = createProject('strata-discovery-unknown-', { DATABASE_URL: 'cockroachdb://localhost/x' });
    try {
      project.writeSchema(schema('cockroachdb'));
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      const error = status.json<ErrorJson>().error;
      expect(error.code).toBe('provider-unknown');
      expect(error.message).toContain('No installed provider handles "cockroachdb"');
      expect(error.hint).toContain('strata plugins install');
    } finally {
      project.close();
    }
  });
});
