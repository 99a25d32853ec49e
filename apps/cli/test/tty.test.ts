/** On a terminal the CLI asks (migration name, renames, confirmations) and uses colours. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestSqlite } from '@strata/testkit';
import { createProject, type TestProject } from './support/project.js';
import { runInTty, ttyAvailable } from './support/run-tty.js';
import { schemaV1, schemaV2 } from './support/schemas.js';

const available = ttyAvailable();
if (!available) console.log('skipping the terminal tests: util-linux `script` is not installed, so no pseudo-terminal');
const describeTty = available ? describe : describe.skip;

describeTty('on a terminal', () => {
  const sqlite = createTestSqlite('dev.db');
  let project: TestProject;
  beforeAll(async () => {
    project = createProject('strata-tty-', { DATABASE_URL: sqlite.url });
    project.writeSchema(schemaV1('sqlite'));
    expect((await project.run('migrate', 'dev', '--name', 'init')).code).toBe(0);
  });
  afterAll(() => {
    project.close();
    sqlite.close();
  });

  test('migrate dev asks about a possible rename, then for the name', async () => {
    project.writeSchema(schemaV2('sqlite'));
    const result = await runInTty(['migrate', 'dev'], {
      cwd: project.dir,
      env: { DATABASE_URL: sqlite.url },
      // The rename question comes first: the name is asked only once a migration will be written.
      answers: [
        { when: /Was column User\.name renamed to displayName, or dropped and created\?[\s\S]*> /, send: '1\r' },
        { when: /Name of the new migration/, send: 'rename_name\r' },
      ],
    });
    expect(result.code).toBe(0);
    const name = project.migrations().at(-1)!;
    expect(name).toMatch(/_rename_name$/);
    expect(project.read(path.join('prisma/migrations', name, 'migration.sql'))).toMatch(
      /RENAME COLUMN "name" TO "displayName"/,
    );
  });

  test('migrate dev with nothing to do does not ask for a name', async () => {
    const before = project.migrations();
    // No answers: a prompt would wait until the terminal closes and fail with needs-input.
    const result = await runInTty(['migrate', 'dev'], {
      cwd: project.dir,
      env: { DATABASE_URL: sqlite.url, NO_COLOR: '1' },
      answers: [],
    });
    expect(result.output).not.toContain('Name of the new migration');
    expect(result.output).toContain('No schema changes: no migration created.');
    expect(result.code).toBe(0);
    expect(project.migrations()).toEqual(before);
  });

  test('migrate reset asks for confirmation; "no" changes nothing', async () => {
    const result = await runInTty(['migrate', 'reset'], {
      cwd: project.dir,
      env: { DATABASE_URL: sqlite.url },
      answers: [
        {
          when: /Would drop \d+ object\(s\):[\s\S]*table User[\s\S]*Drop these objects and all their data in file:.*\? \[y\/N\]/,
          send: 'n\r',
        },
      ],
    });
    expect(result.output).toContain('Reset cancelled.');
    expect(result.code).toBe(1);
    expect((await project.run('migrate', 'status', '--json')).json<{ applied: unknown[] }>().applied).toHaveLength(2);
  });

  test('Ctrl-C at a prompt ends the command with exit code 130', async () => {
    const result = await runInTty(['migrate', 'reset'], {
      cwd: project.dir,
      env: { DATABASE_URL: sqlite.url, NO_COLOR: '1' },
      answers: [{ when: /\[y\/N\]/, send: '\u0003' }],
    });
    expect(result.code).toBe(130);
    expect(result.output).toContain('Error [interrupted] Interrupted.');
  });

  test('errors are coloured on a terminal, and not with NO_COLOR', async () => {
    const coloured = await runInTty(['migrate', 'resolve', '--applied', 'nope'], {
      cwd: project.dir,
      env: { DATABASE_URL: sqlite.url },
      answers: [],
    });
    expect(coloured.code).toBe(1);
    expect(coloured.output).toContain('\u001b[31mError\u001b[39m');
    const plain = await runInTty(['migrate', 'resolve', '--applied', 'nope'], {
      cwd: project.dir,
      env: { DATABASE_URL: sqlite.url, NO_COLOR: '1' },
      answers: [],
    });
    expect(plain.output).toContain('Error [not-found]');
    expect(plain.output).not.toContain('\u001b[31m');
  });
});
