/**
 * A relative SQLite `file:` URL starts at the schema's folder, whichever flag or variable gives
 * it and whatever the working directory (issue #15): `migrate diff --from-url file:./dev.db`
 * used to resolve against the working directory while the hint said "the schema folder".
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTempDir } from '@strata/testkit';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';
import { runCli } from './support/run-cli.js';

const schema = `datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}

model User {
  id Int @id
}
`;

let project: TestProject;
let subfolder: string;
const env = { DATABASE_URL: 'file:./dev.db' };
beforeAll(async () => {
  project = createProject('strata-file-urls-', env);
  project.writeSchema(schema);
  const dev = await project.run('migrate', 'dev', '--name', 'init', '--json');
  expect(dev.code).toBe(0);
  // the database is next to the schema, not in the working directory
  expect(existsSync(path.join(project.dir, 'prisma/dev.db'))).toBe(true);
  expect(existsSync(path.join(project.dir, 'dev.db'))).toBe(false);
  // a package.json marks the project folder, so the schema is found from below it too
  writeFileSync(path.join(project.dir, 'package.json'), '{ "name": "app", "private": true }\n');
  subfolder = path.join(project.dir, 'src/deep');
  mkdirSync(subfolder, { recursive: true });
}, 60_000);
afterAll(() => project.close());

describe('a relative file: URL starts at the schema folder', () => {
  test.each([
    ['the project folder', () => project.dir],
    ['a folder below it', () => subfolder],
  ])(
    'from %s, every source of the URL names prisma/dev.db',
    async (_where, cwd) => {
      const run = (...args: string[]) => runCli([...args, '--json'], { cwd: cwd(), env });
      // DATABASE_URL (through the schema's env("DATABASE_URL"))
      expect((await run('migrate', 'status')).code).toBe(0);
      // --url
      expect((await run('migrate', 'status', '--url', 'file:./dev.db')).code).toBe(0);
      // --from-url / --to-url: the database matches the schema, so no difference (exit 0, not 1 or 2)
      const schemaPath = path.join(project.dir, 'prisma/schema.prisma');
      const from = await run(
        'migrate',
        'diff',
        '--from-url',
        'file:./dev.db',
        '--to-schema',
        schemaPath,
        '--exit-code',
      );
      expect(from.stderr).toBe('');
      expect(from.code).toBe(0);
      const to = await run('migrate', 'diff', '--from-schema', schemaPath, '--to-url', 'file:./dev.db', '--exit-code');
      expect(to.code).toBe(0);
      // db execute --url: the script runs in prisma/dev.db (diff then sees its table)
      const table = `t_${Math.random().toString(36).slice(2, 8)}`;
      const execute = await runCli(['db', 'execute', '--url', 'file:./dev.db', '--stdin', '--json'], {
        cwd: cwd(),
        env,
        input: `CREATE TABLE ${table} (id INTEGER);`,
      });
      expect(execute.code).toBe(0);
      const after = await run(
        'migrate',
        'diff',
        '--from-schema',
        schemaPath,
        '--to-url',
        'file:./dev.db',
        '--exit-code',
      );
      expect(after.code).toBe(2);
      expect(after.stdout).toContain(table);
      const drop = await runCli(['db', 'execute', '--url', 'file:./dev.db', '--stdin', '--json'], {
        cwd: cwd(),
        env,
        input: `DROP TABLE ${table};`,
      });
      expect(drop.code).toBe(0);
      // nothing was created in the working directory
      expect(existsSync(path.join(cwd(), 'dev.db'))).toBe(false);
    },
    60_000,
  );

  test('a missing file: the hint names the folder the path started at', async () => {
    const result = await runCli(['migrate', 'diff', '--from-url', 'file:./nope.db', '--to-empty', '--json'], {
      cwd: subfolder,
      env,
    });
    expect(result.code).toBe(3);
    const error = result.json<ErrorJson>().error;
    expect(error.code).toBe('database-missing');
    expect(error.message).toContain(path.join(project.dir, 'prisma/nope.db'));
    expect(error.hint).toContain(path.join(project.dir, 'prisma'));
  }, 30_000);

  test('without any schema, a relative path starts at the working directory (and the hint says so)', async () => {
    const lonely = createTempDir('strata-file-urls-none-');
    try {
      const result = await runCli(['migrate', 'diff', '--from-url', 'file:./nope.db', '--to-empty', '--json'], {
        cwd: lonely.dir,
      });
      const error = result.json<ErrorJson>().error;
      expect(error.code).toBe('database-missing');
      expect(error.message).toContain(path.join(lonely.dir, 'nope.db'));
      expect(error.hint).toContain(lonely.dir);
    } finally {
      lonely.close();
    }
  }, 30_000);
});
