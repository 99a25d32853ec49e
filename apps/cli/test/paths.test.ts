/**
 * Every flag that takes a path, given a path the file system refuses (issue #15): one clear
 * `invalid-argument` or `file-error` naming the path, exit 1, at once; never `internal`, a stack
 * trace or a hang. /proc and /sys give real refusals even as root (ENOENT for any new name,
 * EACCES/EPERM under /sys), which chmod cannot (the tests run as root).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';

const schema = `datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model User {
  id Int @id
}
`;

let project: TestProject;
beforeAll(async () => {
  project = createProject('strata-paths-');
  project.writeSchema(schema);
  const dev = await project.run('migrate', 'dev', '--name', 'init', '--json');
  expect(dev.code).toBe(0);
  writeFileSync(path.join(project.dir, 'a-file'), 'not a folder\n');
  mkdirSync(path.join(project.dir, 'a-folder'));
}, 60_000);
afterAll(() => project.close());

type Case = readonly [args: readonly string[], code: 'invalid-argument' | 'file-error', shownPath: string];

const cases: readonly Case[] = [
  [['check', '--migrations', '/etc/hostname'], 'invalid-argument', '/etc/hostname'],
  [['migrate', 'status', '--migrations', '/etc/hostname'], 'invalid-argument', '/etc/hostname'],
  [['migrate', 'status', '--migrations', '/nonexistent'], 'invalid-argument', '/nonexistent'],
  [['check', '--migrations', '/nonexistent'], 'invalid-argument', '/nonexistent'],
  [['migrate', 'deploy', '--migrations', 'a-file/x'], 'invalid-argument', 'a-file/x'],
  [['migrate', 'resolve', '--applied', 'x', '--migrations', 'nowhere'], 'invalid-argument', 'nowhere'],
  [['migrate', 'diff', '--from-migrations', '/nonexistent', '--to-empty'], 'invalid-argument', '/nonexistent'],
  [['migrate', 'diff', '--from-empty', '--to-migrations', 'a-file'], 'invalid-argument', 'a-file'],
  [['migrate', 'dev', '--name', 'x', '--migrations', 'a-file'], 'invalid-argument', 'a-file'],
  [['check', '--schema', '/dev/zero'], 'invalid-argument', '/dev/zero'],
  [['generate', '--output', '/etc/hostname/x.ts'], 'file-error', '/etc/hostname'],
  [['generate', '--output', 'a-file/x.ts'], 'file-error', 'a-file'],
  [['generate', '--output', 'a-folder'], 'file-error', 'a-folder'],
  [['generate', '--output', '/proc/x.ts'], 'file-error', '/proc/x.ts'],
  // Node's recursive mkdir spun at ~90% CPU here until killed
  [['generate', '--output', '/proc/nope/x.ts'], 'file-error', '/proc/nope'],
  [['generate', '--output', '/sys/x.ts'], 'file-error', '/sys/x.ts'],
  [['generate', '--output', '/sys/kernel/nope/x.ts'], 'file-error', '/sys/kernel/nope'],
  [['migrate', 'dev', '--name', 'x', '--url', 'file:/proc/nope/dev.db'], 'file-error', '/proc/nope'],
];

describe('a path the file system refuses', () => {
  test.each(cases)(
    '%j: %s naming %s, at once',
    async (args, code, shownPath) => {
      const started = Date.now();
      const result = await project.run(...args, '--json');
      const elapsed = Date.now() - started;
      expect(result.code).toBe(1);
      const error = result.json<ErrorJson>().error;
      expect(error.code).toBe(code);
      expect(error.message).toContain(shownPath);
      expect(error.hint).toBeTruthy();
      // the CLI starts in about a second on this machine; a hang or a spin would take the jest timeout
      expect(elapsed).toBeLessThan(8_000);
    },
    20_000,
  );

  test('without --json: one line and a hint, no internal error, no stack trace', async () => {
    const result = await project.run('generate', '--output', '/proc/nope/x.ts');
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      'Error [file-error] Cannot create the folder /proc/nope: no such file or folder (ENOENT).',
      expect.stringMatching(/^→ /),
    ]);
  }, 20_000);

  test('a missing --migrations folder is not read as an empty one (no "applied migration missing locally")', async () => {
    const result = await project.run('migrate', 'status', '--migrations', 'prisma/migratons', '--json');
    expect(result.code).toBe(1);
    const error = result.json<ErrorJson>().error;
    expect(error.message).toBe(`--migrations ${path.join(project.dir, 'prisma/migratons')}: no such folder.`);
    expect(result.stdout).not.toContain('applied-migration-missing-locally');
    // the hint, followed literally: leave the flag out
    expect(error.hint).toContain('leave it out');
    const followed = await project.run('migrate', 'status', '--json');
    expect(followed.code).toBe(0);
  }, 20_000);

  test('migrate dev still creates a new --migrations folder', async () => {
    const other = createProject('strata-paths-new-');
    try {
      other.writeSchema(schema);
      const dev = await other.run('migrate', 'dev', '--name', 'init', '--migrations', 'db/migrations', '--json');
      expect(dev.code).toBe(0);
      expect(other.read('db/migrations/migration_lock.toml')).toContain('sqlite');
      // a folder it cannot create: a file-error at once (the database is new, so no history problem first)
      writeFileSync(path.join(other.dir, 'prisma/schema.prisma'), schema.replace('dev.db', 'fresh.db'));
      const refused = await other.run(
        'migrate',
        'dev',
        '--name',
        'init',
        '--migrations',
        '/proc/nope/migrations',
        '--json',
      );
      expect(refused.code).toBe(1);
      expect(refused.json<ErrorJson>().error).toMatchObject({
        code: 'file-error',
        message: expect.stringContaining('/proc/nope'),
      });
    } finally {
      other.close();
    }
  }, 30_000);
});
