/**
 * Random arguments for a handful of commands (paths, URLs, flag values): whatever a user types,
 * strata answers with an error it can name (never `internal`), no stack trace without --verbose,
 * within a few seconds, without the password of a URL, and without raw control bytes.
 * In-process through oclif for many runs, then a few through the built binary.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { runInProcess } from './support/in-process.js';
import { createProject, type TestProject } from './support/project.js';
import { runCli } from './support/run-cli.js';
import { schemaV1 } from './support/schemas.js';

const SECRET = 'Zx9pw';

const pathArb = fc.oneof(
  fc.constantFrom('', '.', '/', 'missing.prisma', 'prisma', 'prisma/schema.prisma', '/dev/null', 'a b/c.prisma'),
  fc.string({ maxLength: 12 }),
);
const urlArb = fc.oneof(
  fc.constantFrom(
    `postgresql://u:${SECRET}@127.0.0.1:1/db`,
    `postgresql:/u:${SECRET}@127.0.0.1:1/db`,
    `postgres://u:${SECRET}@[::1]:1/db?schema=`,
    'file:',
    'file:./nowhere/dev.db',
    'sqlite://x',
    `mysql://u:${SECRET}@127.0.0.1:1/db`,
    `mariadb://u:${SECRET}@localhost:1/db?socket=/nowhere.sock`,
    'http://example.invalid',
    '',
    ':',
  ),
  fc.string({ maxLength: 16 }).map((s) => `postgresql://u:${SECRET}@127.0.0.1:1/${s}`),
  fc.string({ maxLength: 16 }),
);
const valueArb = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer().map(String),
  fc.constantFrom('-1', '0', '1e9', 'NaN'),
);

/** One command line: a command, and a few of its flags with random values. */
const commonArgvArb = fc.oneof(
  fc
    .tuple(pathArb, fc.option(urlArb))
    .map(([schema, url]) => ['migrate', 'status', '--schema', schema, ...(url === null ? [] : ['--url', url])]),
  fc.tuple(urlArb, valueArb).map(([url, timeout]) => ['migrate', 'deploy', '--url', url, '--lock-timeout', timeout]),
  fc.tuple(pathArb, urlArb).map(([file, url]) => ['db', 'execute', '--file', file, '--url', url]),
  fc
    .tuple(
      fc.constantFrom('--from-schema', '--from-migrations', '--from-url'),
      pathArb,
      fc.constantFrom('--to-schema', '--to-url'),
      urlArb,
    )
    .map(([from, a, to, b]) => ['migrate', 'diff', from, a, to, b]),
  fc.tuple(pathArb, pathArb).map(([schema, migrations]) => ['check', '--schema', schema, '--migrations', migrations]),
);
/**
 * `migrate dev` loads modules lazily; under jest's ESM loader (in-process) that fails with a
 * loader error the real binary never has, so it is fuzzed through the built binary only.
 */
const devArgvArb = fc.oneof(
  fc
    .tuple(pathArb, valueArb)
    .map(([schema, name]) => ['migrate', 'dev', '--schema', schema, '--name', name, '--create-only']),
);

let project: TestProject;
beforeAll(() => {
  project = createProject('strata-fuzz-');
  project.writeSchema(schemaV1('sqlite'));
});
afterAll(() => project.close());

/** C0 controls but tab and newline, and DEL, after the colour sequences strata writes itself are taken out. */
function hasControlBytes(output: string): boolean {
  const colour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
  const withoutColours = output.replace(colour, '');
  return [...withoutColours].some((c) => {
    const code = c.charCodeAt(0);
    return (code < 32 && c !== '\n' && c !== '\t') || code === 127;
  });
}

/** What every run must satisfy; returns the reason it does not, for a readable counterexample. */
export function violation(output: string, json: boolean): string | undefined {
  if (output.includes(SECRET)) return 'password printed';
  if (/\[internal\]|"code": "internal"/.test(output)) return 'internal error';
  if (/\n\s+at .+:\d+:\d+\)?/.test(output)) return 'stack trace';
  if (!json && hasControlBytes(output)) return 'control bytes';
  return undefined;
}

describe('random arguments', () => {
  test('in-process: no internal error, no stack trace, no password, no control bytes, within seconds', async () => {
    await fc.assert(
      fc.asyncProperty(commonArgvArb, fc.boolean(), async (argv, json) => {
        const started = Date.now();
        const result = await runInProcess([...argv, ...(json ? ['--json'] : [])], {
          cwd: project.dir,
          env: { DATABASE_URL: `file:${project.dir}/dev.db` },
        });
        const output = result.stdout + result.stderr;
        expect({ argv, problem: violation(output, json) }).toEqual({ argv, problem: undefined });
        expect(Date.now() - started).toBeLessThan(5000);
      }),
      { numRuns: 150 },
    );
  }, 300_000);

  test('through the built binary: the same, and every run ends with an exit code of the table', async () => {
    // a real process each: a few samples, where a hang or a crash outside oclif's catch would show
    for (const [argv, json] of fc.sample(fc.tuple(fc.oneof(commonArgvArb, devArgvArb, devArgvArb), fc.boolean()), {
      numRuns: 16,
      seed: 15,
    })) {
      const started = Date.now();
      const result = await runCli([...argv, ...(json ? ['--json'] : [])], {
        cwd: project.dir,
        env: { DATABASE_URL: `file:${project.dir}/dev.db` },
      });
      const output = result.stdout + result.stderr;
      expect({ argv, problem: violation(output, json) }).toEqual({ argv, problem: undefined });
      expect({ argv, exitCodeOfTheTable: [0, 1, 2, 3, 4].includes(result.code ?? -1) }).toEqual({
        argv,
        exitCodeOfTheTable: true,
      });
      expect(Date.now() - started).toBeLessThan(8000);
    }
  }, 300_000);
});
