/** Several `strata migrate deploy` processes at once against one database: each migration runs once. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestPostgres, type TestPostgres, testPostgresServerUrl } from '@strata/testkit';
import { createProject, type TestProject } from './support/project.js';
import { schemaV1, schemaV3 } from './support/schemas.js';

// Real concurrent sessions need a PostgreSQL server; PGlite serves one session at a time.
const withServer = testPostgresServerUrl() !== undefined;
if (!withServer)
  console.log('skipping concurrent deploys: PGlite has no concurrent sessions (set STRATA_TEST_POSTGRES_URL)');

let pg: TestPostgres;
let project: TestProject;
let target: string;

beforeAll(async () => {
  if (!withServer) return;
  pg = await startTestPostgres();
  target = await pg.createDatabase();
  project = createProject('strata-concurrent-', { DATABASE_URL: pg.url });
  project.writeSchema(schemaV1('postgresql'));
  expect((await project.run('migrate', 'dev', '--name', 'init')).code).toBe(0);
  project.writeSchema(schemaV3('postgresql').replace('  displayName String?', '  name  String?'));
  expect((await project.run('migrate', 'dev', '--name', 'published')).code).toBe(0);
});
afterAll(async () => {
  project?.close();
  await pg?.close();
});

(withServer ? describe : describe.skip)('concurrent deploys', () => {
  test('three deploys at once apply each migration exactly once', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        project.runWith({ env: { DATABASE_URL: target } }, 'migrate', 'deploy', '--lock-timeout', '60', '--json'),
      ),
    );
    for (const r of results)
      expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
    const applied = results.flatMap((r) => r.json<{ applied: { name: string }[] }>().applied.map((a) => a.name)).sort();
    expect(applied).toEqual(project.migrations());
    const status = await project.runWith({ env: { DATABASE_URL: target } }, 'migrate', 'status', '--json');
    expect(status.code).toBe(0);
    expect(status.json<{ applied: unknown[] }>().applied).toHaveLength(2);
  });

  test('five first deploys at once onto a database that does not exist yet: one creates it, all succeed', async () => {
    const url = pg.missingDatabaseUrl();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        project.runWith({ env: { DATABASE_URL: url } }, 'migrate', 'deploy', '--lock-timeout', '60', '--json'),
      ),
    );
    for (const r of results)
      expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr + r.stdout }).toEqual({ code: 0, stderr: '' });
    const applied = results.flatMap((r) => r.json<{ applied: { name: string }[] }>().applied.map((a) => a.name)).sort();
    expect(applied).toEqual(project.migrations());
    const status = await project.runWith({ env: { DATABASE_URL: url } }, 'migrate', 'status', '--json');
    expect(status.code).toBe(0);
    expect(status.json<{ applied: unknown[] }>().applied).toHaveLength(2);
  });
});
