/** Error output as a user and a script see it: one line + a hint, a code, an exit code, no secrets. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { testPostgresServerUrl } from '@strata/testkit';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';
import { runCli } from './support/run-cli.js';

const SECRET = 'hunter2-very-secret';
const unreachable = `postgresql://app:${SECRET}@127.0.0.1:1/app`;

let project: TestProject;
beforeAll(async () => {
  project = createProject('strata-errors-');
  expect((await project.run('init', '--provider', 'postgresql')).code).toBe(0);
});
afterAll(() => project.close());

describe('errors', () => {
  test('an unreachable database exits 3 with the password masked, as JSON too', async () => {
    const json = await project.run('migrate', 'status', '--url', unreachable, '--json');
    expect(json.code).toBe(3);
    expect(json.json<ErrorJson>().error).toMatchObject({ code: 'connection-refused', exitCode: 3 });
    expect(json.stdout + json.stderr).not.toContain(SECRET);

    const human = await project.run('migrate', 'status', '--url', unreachable);
    expect(human.code).toBe(3);
    const lines = human.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Error \[connection-refused\] /);
    expect(lines[1]).toMatch(/^→ /);
    expect(human.stdout).toBe('');
  });

  test('--verbose adds the stack trace, still without the password', async () => {
    const verbose = await project.run('migrate', 'deploy', '--url', unreachable, '--verbose');
    expect(verbose.code).toBe(3);
    expect(verbose.stderr).toMatch(/\n\s+at /);
    // The build is bundled: the source maps turn its frames back into the TypeScript sources.
    expect(verbose.stderr).toMatch(/provider-postgres\/src\/client\.ts:\d+:\d+/);
    expect(verbose.stderr).not.toContain(SECRET);
  });

  test('the DATABASE_URL from .env is used and never printed', async () => {
    const status = await project.runWith({ env: { DATABASE_URL: undefined } }, 'migrate', 'status', '--json');
    // .env from `strata init` points at localhost:5432/mydb with password "postgres".
    expect(status.stdout + status.stderr).not.toContain(':postgres@');
    expect([0, 1, 3]).toContain(status.code);
  });

  test('a missing schema says where it looked and what to do', async () => {
    const empty = createProject('strata-errors-empty-');
    try {
      const result = await empty.run('check', '--json');
      expect(result.code).toBe(1);
      expect(result.json<ErrorJson>().error).toMatchObject({
        code: 'schema-not-found',
        hint: expect.stringContaining('strata init'),
      });
    } finally {
      empty.close();
    }
  });

  test('--version and --help work without a project', async () => {
    const version = await runCli(['--version'], { cwd: project.dir });
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^@strata\/cli\/\d+\.\d+\.\d+ \S+ node-v\d+/);
    const help = await runCli(['--help'], { cwd: project.dir });
    expect(help.code).toBe(0);
    for (const topic of ['migrate', 'db', 'check', 'format', 'generate', 'init', 'providers', 'plugins'])
      expect(help.stdout).toContain(topic);
    const migrateHelp = await runCli(['migrate', '--help'], { cwd: project.dir });
    for (const command of ['dev', 'deploy', 'status', 'resolve', 'rollback', 'reset', 'diff'])
      expect(migrateHelp.stdout).toContain(`migrate ${command}`);
  });
});

// The test server has no TLS: what a URL asking for TLS gets there. PGlite's socket server is not one.
const serverUrl = testPostgresServerUrl();
(serverUrl === undefined ? describe.skip : describe)('TLS the server does not offer', () => {
  test('sslmode=require: exit 3, connection-refused, says the server refused TLS and how to change sslmode', async () => {
    const url = new URL(serverUrl!);
    url.searchParams.set('sslmode', 'require');
    const json = await project.run('migrate', 'status', '--url', url.toString(), '--json');
    expect(json.code).toBe(3);
    const error = json.json<ErrorJson>().error;
    expect(error).toMatchObject({ code: 'connection-refused', exitCode: 3 });
    expect(error.message).toMatch(/does not accept TLS connections.*sslmode=require/);
    expect(error.hint).toMatch(/sslmode.*disable.*prefer/);

    url.searchParams.set('sslmode', 'prefer');
    expect((await project.run('migrate', 'status', '--url', url.toString(), '--json')).code).not.toBe(3);
  });
});
