/**
 * Commands that need no database load no database driver (nor PostgreSQL's parser): `check`,
 * `format` and `migrate diff` between files; nor Node's modules for hashing, sockets and V8
 * settings, which cost milliseconds of start-up each. The real binary runs with a module resolve
 * hook that records every module Node loads, or (for Node's own modules, which the hook's worker
 * would load itself) with a preload that lists them at exit; a command that connects is the control.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createProject, type TestProject } from './support/project.js';
import { BIN } from './support/run-cli.js';

const DRIVERS = /\/node_modules\/(postgres|sqlite3|mysql2|libpg-query)\//;

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.STRATA_TEST_LOADED, resolved.url + '\\n');
  return resolved;
}`;
const PRELOAD = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));`;

const BUILTINS_PRELOAD = `import { appendFileSync } from 'node:fs';
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
  appendFileSync(process.env.STRATA_TEST_LOADED, builtins.join('\\n'));
});`;

/** Node's own modules that check, format and diff between files have no use for. */
const UNNEEDED_BUILTINS = ['crypto', 'net', 'v8'];

let project: TestProject;
let preload: string;
let builtinsPreload: string;
beforeAll(() => {
  project = createProject('strata-lazy-drivers-');
  preload = path.join(project.dir, 'record-modules.mjs');
  writeFileSync(preload, PRELOAD);
  builtinsPreload = path.join(project.dir, 'record-builtins.mjs');
  writeFileSync(builtinsPreload, BUILTINS_PRELOAD);
});
afterAll(() => project.close());

/**
 * Runs strata in the project; resolves to the modules it loaded (Node's own ones with `builtins`).
 * stderr goes to a file, as it would in a log: a pipe would make Node load its socket module
 * for the stream itself.
 */
function modulesLoadedBy(
  args: readonly string[],
  { builtins = false }: { builtins?: boolean } = {},
): Promise<{ code: number | null; modules: string[]; stderr: string }> {
  const name = `${builtins}-${args.join('-').replace(/\W+/g, '_')}`;
  const record = path.join(project.dir, `loaded-${name}.txt`);
  const stderrFile = path.join(project.dir, `stderr-${name}.txt`);
  writeFileSync(record, '');
  const env: Record<string, string> = { STRATA_TEST_LOADED: record };
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL') env[k] ??= v;
  const stderrFd = openSync(stderrFile, 'w');
  return new Promise<{ code: number | null; modules: string[]; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', builtins ? builtinsPreload : preload, BIN, ...args], {
      cwd: project.dir,
      env,
      stdio: ['ignore', 'ignore', stderrFd],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        modules: readFileSync(record, 'utf8').split('\n').filter(Boolean),
        stderr: readFileSync(stderrFile, 'utf8'),
      }),
    );
  }).finally(() => closeSync(stderrFd));
}

const schema = (provider: string, url: string) => `datasource db {
  provider = "${provider}"
  url      = "${url}"
}

model Item {
  id   Int    @id @default(autoincrement())
  name String
}
`;

describe('commands without a database load no driver', () => {
  for (const [provider, url] of [
    ['postgresql', 'postgresql://app@127.0.0.1:1/app'],
    ['sqlite', 'file:./dev.db'],
    ['mysql', 'mysql://app@127.0.0.1:1/app'],
  ] as const) {
    test(`${provider}: check, format, migrate diff between files`, async () => {
      project.writeSchema(schema(provider, url));
      for (const args of [
        ['check'],
        ['format', '--check'],
        ['migrate', 'diff', '--from-empty', '--to-schema', 'prisma/schema.prisma', '--script'],
      ]) {
        const run = await modulesLoadedBy(args);
        expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
        // the provider itself is loaded (format needs none), its driver is not
        if (args[0] !== 'format') {
          const providerPackage = `provider-${provider === 'postgresql' ? 'postgres' : provider}/`;
          expect(run.modules.some((m) => m.includes(providerPackage))).toBe(true);
        }
        expect(run.modules.filter((m) => DRIVERS.test(m))).toEqual([]);
        const ownModules = await modulesLoadedBy(args, { builtins: true });
        expect(ownModules.code).toBe(0);
        expect(ownModules.modules.filter((m) => UNNEEDED_BUILTINS.includes(m))).toEqual([]);
      }
    });
  }

  test('a command that connects does load the driver (the control)', async () => {
    project.writeSchema(schema('sqlite', 'file:./dev.db'));
    const run = await modulesLoadedBy(['migrate', 'deploy']);
    expect(run.code).toBe(0);
    expect(run.modules.filter((m) => /\/node_modules\/sqlite3\//.test(m)).length).toBeGreaterThan(0);
    // and the list of Node's modules is read: a migration's checksum needs node:crypto
    const created = await modulesLoadedBy(['migrate', 'dev', '--name', 'init'], { builtins: true });
    expect(created.code).toBe(0);
    expect(created.modules).toContain('crypto');
  });
});
