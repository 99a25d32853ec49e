/**
 * What a user reads: progress on stderr in the order it happens with paths relative to where
 * they work, the result on stdout, and errors with one line for what went wrong and one for what
 * to do (every alternative under --verbose and in --json details).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestSqlite } from '@strata/testkit';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';
import { schemaV1 } from './support/schemas.js';

/** v1 with an optional User.bio added: the state after the second migration. */
const withBio = () => schemaV1('sqlite').replace('  name  String?', '  name  String?\n  bio   String?');

/** The lines of a hint on stderr (they start with the arrow). */
const hintLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('→'));

describe('output of the migrate commands', () => {
  const sqlite = createTestSqlite('dev.db');
  let project: TestProject;
  let init: string;
  beforeAll(async () => {
    project = createProject('strata-output-', { DATABASE_URL: sqlite.url, NO_COLOR: '1' });
    project.writeSchema(schemaV1('sqlite'));
    const first = await project.run('migrate', 'dev', '--name', 'init');
    expect(first.code).toBe(0);
    init = project.migrations()[0] as string;
    const user = `INSERT INTO "User" ("email", "name") VALUES ('ann@example.com', 'Ann');\n`;
    const post = `INSERT INTO "Post" ("title", "authorId") SELECT 'Hello', "id" FROM "User";\n`;
    expect((await project.runWith({ input: user + post }, 'db', 'execute', '--stdin')).code).toBe(0);
  });
  afterAll(() => {
    project.close();
    sqlite.close();
  });

  test('migrate dev without changes says so once, on stdout', async () => {
    const result = await project.run('migrate', 'dev', '--name', 'second');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No schema changes: no migration created.\n');
    expect(result.stderr).not.toContain('no migration created');
  });

  test('the folder written is shown relative to the working directory, before it is applied', async () => {
    project.writeSchema(withBio());
    const result = await project.run('migrate', 'dev', '--name', 'add_bio');
    expect(result.code).toBe(0);
    const name = project.migrations().at(-1) as string;
    const lines = result.stderr.split('\n');
    const wrote = lines.indexOf(`wrote prisma/migrations/${name}/`);
    expect(wrote).toBeGreaterThanOrEqual(0);
    expect(lines.findIndex((l) => l.startsWith(`[1/1] applied ${name}`))).toBeGreaterThan(wrote);
    expect(result.stderr).not.toContain(project.dir);
    expect(result.stdout).toContain(`Applied ${name}:`);
  });

  test('without a terminal and without --name, a change fails with needs-input; nothing is written', async () => {
    const before = project.migrations();
    project.writeSchema(withBio().replace('  bio   String?', '  bio   String?\n  web   String?'));
    const result = await project.run('migrate', 'dev', '--json');
    expect(result.code).toBe(1);
    expect(result.json<ErrorJson>().error).toMatchObject({ code: 'needs-input', hint: 'Pass --name <name>.' });
    expect(project.migrations()).toEqual(before);
    project.writeSchema(withBio());
  });

  test('rollback progress says rolling back, and --dry-run shows SQL even when warnings would block', async () => {
    const last = project.migrations().at(-1) as string;
    const dry = await project.run('migrate', 'rollback', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`-- rollback of ${last}`);
    expect(dry.stdout).toMatch(/bio/);
    const result = await project.run('migrate', 'rollback', '--allow-warnings');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`[1/1] rolling back ${last}…`);
    expect(result.stderr).toContain(`[1/1] rolled back ${last} in`);
    expect(result.stderr).not.toContain('applying');
    expect(result.stdout).toContain(`Rolled back ${last}.`);
  });

  test('a blocked change: one line for what to do; every way on under --verbose and in --json', async () => {
    // re-apply the rolled-back migration so the project is back in sync, then drop Post.title
    expect((await project.run('migrate', 'deploy')).code).toBe(0);
    project.writeSchema(withBio().replace('  title    String\n', ''));
    const human = await project.run('migrate', 'dev', '--name', 'drop_title');
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^Error \[warnings-block\]/m);
    expect(hintLines(human.stderr)).toEqual([
      '→ Review the warnings, then run again with --allow-warnings to accept them.',
    ]);

    const verbose = await project.run('migrate', 'dev', '--name', 'drop_title', '--verbose');
    const steps = hintLines(verbose.stderr);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps[0]).toBe(hintLines(human.stderr)[0]);
    expect(steps.some((s) => s.includes('--create-only'))).toBe(true);

    const json = (await project.run('migrate', 'dev', '--name', 'drop_title', '--json')).json<ErrorJson>().error;
    expect(json.hint).not.toContain(';');
    expect(json.details.nextSteps).toEqual(steps.map((s) => s.replace(/^→ /, '')));
    // warnings in details are the documented warning fields, not the planner's internal change objects
    for (const w of json.details.warnings as Record<string, unknown>[]) {
      expect(Object.keys(w).every((k) => ['code', 'severity', 'message', 'table', 'column', 'rows'].includes(k))).toBe(
        true,
      );
    }
    expect(project.migrations().some((m) => m.endsWith('_drop_title'))).toBe(false);
  });

  test('a possible rename that blocked: the rename flag is the hint, the other ways follow', async () => {
    project.writeSchema(withBio().replace('  name  String?', '  displayName String?'));
    const result = await project.run('migrate', 'dev', '--name', 'rename', '--json');
    expect(result.code).toBe(1);
    const error = result.json<ErrorJson>().error;
    expect(error.hint).toBe(
      'If column User.name was renamed to displayName, run again with --rename User.name=displayName (a rename keeps the data).',
    );
    const nextSteps = error.details.nextSteps as string[];
    expect(nextSteps[0]).toBe(error.hint);
    expect(nextSteps.some((s) => s.includes('--allow-warnings'))).toBe(true);
    expect(project.migrations()[0]).toBe(init);
  });
});
