/**
 * Issue #15, "every message a path that works": each hint strata prints is a command that works
 * in that situation. These tests read the hint and follow it literally (its flags appended to the
 * command that failed, or the command it names), then check the outcome a user relies on.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestSqlite } from '@strata/testkit';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';
import { schemaV1 } from './support/schemas.js';

/** The flags a hint tells to run again with: "... run again with --a --b x=y (...)". */
function flagsOf(hint: string): string[] {
  const match = /run again with (.+?)(?: to | \(|\.$)/.exec(hint);
  if (!match) throw new Error(`not a run-again hint: ${hint}`);
  const words = (match[1] as string).split(' ');
  const args: string[] = [];
  for (const word of words) {
    if (word.startsWith('--') || args.length > 0) args.push(word);
  }
  return args;
}

describe('db push: the data-loss hint names a flag db push accepts', () => {
  const sqlite = createTestSqlite('push.db');
  let project: TestProject;
  beforeAll(async () => {
    project = createProject('strata-hints-push-', { DATABASE_URL: sqlite.url, NO_COLOR: '1' });
    project.writeSchema(schemaV1('sqlite'));
    expect((await project.run('db', 'push')).code).toBe(0);
    const insert = `INSERT INTO "User" ("email", "name") VALUES ('ann@example.com', 'Ann');\n`;
    expect((await project.runWith({ input: insert }, 'db', 'execute', '--stdin')).code).toBe(0);
  });
  afterAll(() => {
    project.close();
    sqlite.close();
  });

  test('dropping a column with data blocks; running again with the hint’s flag applies it', async () => {
    project.writeSchema(schemaV1('sqlite').replace('  name  String?\n', ''));
    const blocked = await project.run('db', 'push', '--json');
    expect(blocked.code).toBe(1);
    const error = blocked.json<ErrorJson>().error;
    expect(error.code).toBe('warnings-block');
    const flags = flagsOf(error.hint as string);
    expect(flags).toEqual(['--allow-warnings']);

    const followed = await project.run('db', 'push', ...flags);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain('Pushed the schema');
    expect((await project.run('db', 'push')).stdout).toContain('already in sync');
  });

  test('--accept-data-loss, Prisma’s name, still works as an alias', async () => {
    project.writeSchema(schemaV1('sqlite').replace('  name  String?\n', '').replace('  email String  @unique\n', ''));
    expect((await project.run('db', 'push')).code).toBe(1);
    const result = await project.run('db', 'push', '--accept-data-loss');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Pushed the schema');
  });
});
