/**
 * No output shows a database password, whatever the URL looks like: the error path (text,
 * `--json`, `--verbose` with its stack trace) for malformed URLs, URLs the server refuses, and
 * URLs given by --url or by DATABASE_URL. A property in-process (many runs), then the same cases
 * through the built binary.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { runInProcess } from './support/in-process.js';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';

/** A marker that occurs nowhere else in strata's output, so "contains" means "leaked". */
const MARK = 'Qz7k';

const passwordChar = fc.constantFrom(...'abcXYZ019@:/?#%& +=!$;,\'"\\'.split(''));
const password = fc
  .tuple(fc.string({ unit: passwordChar, maxLength: 6 }), fc.string({ unit: passwordChar, maxLength: 6 }))
  .map(([a, b]) => `${a}${MARK}${b}`);

/** URL shapes, well-formed and not; the reachable ones point at a closed port (fast `connection-refused`). */
const shapes: readonly ((p: string) => string)[] = [
  (p) => `postgresql://user:${p}@127.0.0.1:1/db`,
  (p) => `postgresql://user:${encodeURIComponent(p)}@127.0.0.1:1/db`,
  (p) => `postgresql:/user:${p}@127.0.0.1:1/db`,
  (p) => `postgresql:user:${p}@127.0.0.1:1/db`,
  (p) => `postgres://:${p}@127.0.0.1:1`,
  (p) => `postgresql://user:${p}@/db`,
  (p) => `postgresql://user:${encodeURIComponent(p)}@127.0.0.1:1/db?sslmode=require&schema=x`,
  (p) => `postgresql://user@127.0.0.1:1/db?password=${encodeURIComponent(p)}`,
  (p) => `postgresql://user@127.0.0.1:1/db?password=${p}`,
  (p) => `postgresql://user:${p}@127.0.0.1:${p}/${p}`,
  (p) => `user:${p}@127.0.0.1:1/db`,
  (p) => `file:./u:${p}@dev.db`,
];

let project: TestProject;
beforeAll(() => {
  project = createProject('strata-secrets-');
  project.writeSchema('datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id Int @id\n}\n');
});
afterAll(() => project.close());

const modes: readonly string[][] = [[], ['--json'], ['--verbose']];

describe('no output contains the password', () => {
  test('property (in-process): migrate status with --url or DATABASE_URL, text, --json and --verbose', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...shapes),
        password,
        fc.boolean(),
        fc.constantFrom(...modes),
        async (shape, secret, viaEnv, mode) => {
          const url = shape(secret);
          const args = ['migrate', 'status', ...(viaEnv ? [] : ['--url', url]), ...mode];
          const result = await runInProcess(args, {
            cwd: project.dir,
            env: { DATABASE_URL: viaEnv ? url : undefined },
          });
          // every one of these is an error (malformed, not PostgreSQL, or nothing listens on port 1)
          expect(result.exitCode).not.toBe(0);
          expect(result.stdout + result.stderr).not.toContain(MARK);
          // and the error is one a user can act on, never a crash
          expect(result.stdout + result.stderr).not.toContain('[internal]');
          expect(result.stdout).not.toContain('"internal"');
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);

  test.each([
    ['one slash (the issue)', 'postgresql:/user:s3cr3t-Qz7k@host:5433/db'],
    ['a space and an @ in the password', 'postgresql://user:my s3cr3t@Qz7k@127.0.0.1:1/db'],
    ['a password in the query', 'postgresql://user@127.0.0.1:1/db?password=s3cr3t%26Qz7k'],
  ])(
    'built binary: %s',
    async (_, url) => {
      const results = await Promise.all([
        project.run('migrate', 'deploy', '--url', url),
        project.run('migrate', 'deploy', '--url', url, '--verbose'),
        project.runWith({ env: { DATABASE_URL: url } }, 'migrate', 'deploy', '--json'),
      ]);
      for (const result of results) {
        expect(result.code).not.toBe(0);
        expect(result.stdout + result.stderr).not.toMatch(/Qz7k|s3cr3t/);
        expect(result.stdout + result.stderr).not.toMatch(/\[internal\]|"internal"/);
      }
    },
    60_000,
  );

  test('built binary: the one-slash URL of the issue is refused before any connection, naming the expected form', async () => {
    const result = await project.run('migrate', 'deploy', '--url', 'postgresql:/user:secret@host:5433/db', '--json');
    expect(result.code).toBe(1);
    const error = result.json<ErrorJson>().error;
    expect(error).toMatchObject({ code: 'invalid-argument', exitCode: 1 });
    expect(error.message).toMatch(/two slashes/);
    expect(error.hint).toContain('postgresql://USER:PASSWORD@HOST:PORT/DATABASE');
    expect(JSON.stringify(error)).not.toContain('secret');
  });
});
