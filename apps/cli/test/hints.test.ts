/**
 * Issue #15, "every message a path that works": each hint strata prints is a command that works
 * in that situation. These tests read the hint and follow it literally (its flags appended to the
 * command that failed, or the command it names), then check the outcome a user relies on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { connect } from '@strata/provider-sqlite';
import { createTestSqlite } from '@strata/testkit';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';
import { schemaV1 } from './support/schemas.js';

/** Words as a POSIX shell reads them (the hint is pasted into one). */
function shellWords(text: string): string[] {
  const result = spawnSync('sh', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout.split('\0').slice(0, -1);
}

/** The flags a hint tells to run again with: "... run again with --a 'b c' (...)" or "... to ...". */
function flagsOf(hint: string): string[] {
  const match = /run again with (.+?)(?: to | \(|\.$)/.exec(hint);
  if (!match) throw new Error(`not a run-again hint: ${hint}`);
  return shellWords(match[1] as string);
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

describe('--rename with @map and @@map: schema names as documented, database names too', () => {
  const sqlite = createTestSqlite('renames.db');
  let project: TestProject;
  const header = `datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}
`;
  const person = (fields: string, model = 'Person', table = 'people') => `${header}
model ${model} {
  id Int @id @default(autoincrement())
${fields}
  @@map("${table}")
}
`;
  /** The one table's rows, read straight from the file. */
  const rows = async () => {
    const connection = await connect(sqlite.url);
    try {
      const [table] = await connection.query<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('people', 'humans')`,
      );
      return await connection.query(`SELECT * FROM "${table?.name}"`);
    } finally {
      await connection.close();
    }
  };
  beforeAll(async () => {
    project = createProject('strata-hints-renames-', { DATABASE_URL: sqlite.url, NO_COLOR: '1' });
    project.writeSchema(
      person(`  firstName String @map("first_name")
  lastName  String @map("last_name")
  odd       String @map("we\\"ird 2")`),
    );
    expect((await project.run('db', 'push')).code).toBe(0);
    const insert = `INSERT INTO "people" ("first_name", "last_name", "we""ird 2") VALUES ('Ann', 'Lee', 'x');\n`;
    expect((await project.runWith({ input: insert }, 'db', 'execute', '--stdin')).code).toBe(0);
  });
  afterAll(() => {
    project.close();
    sqlite.close();
  });

  test('the hint names the rename in schema names; followed literally, it renames and keeps the data', async () => {
    project.writeSchema(
      person(`  givenName String @map("given_name")
  lastName  String @map("last_name")
  odd       String @map("we\\"ird 2")`),
    );
    const blocked = await project.run('db', 'push', '--json');
    expect(blocked.code).toBe(1);
    const error = blocked.json<ErrorJson>().error;
    expect(error.hint).toBe(
      'If column Person.first_name was renamed to givenName, run again with --rename Person.first_name=givenName (a rename keeps the data).',
    );
    const followed = await project.run('db', 'push', ...flagsOf(error.hint as string));
    expect(followed.code).toBe(0);
    expect(followed.stderr).toContain(
      'renaming column Person.first_name to givenName (--rename Person.first_name=givenName)',
    );
    expect(await rows()).toEqual([{ id: 1, given_name: 'Ann', last_name: 'Lee', 'we"ird 2': 'x' }]);
  });

  test('the documented form Model.oldField=newField works whatever the old field’s @map', async () => {
    project.writeSchema(
      person(`  givenName  String @map("given_name")
  familyName String @map("family_name")
  odd        String @map("we\\"ird 2")`),
    );
    const result = await project.run('db', 'push', '--rename', 'Person.lastName=familyName');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'renaming column Person.last_name to familyName (--rename Person.lastName=familyName)',
    );
    expect(result.stderr).not.toContain('matched no possible rename');
    expect(await rows()).toEqual([{ id: 1, given_name: 'Ann', family_name: 'Lee', 'we"ird 2': 'x' }]);
  });

  test('a name that needs quotes: the hint quotes it for the shell and works when pasted', async () => {
    project.writeSchema(
      person(`  givenName  String @map("given_name")
  familyName String @map("family_name")
  even       String @map("we\\"ird 3")`),
    );
    const blocked = await project.run('db', 'push', '--json');
    expect(blocked.code).toBe(1);
    const hint = blocked.json<ErrorJson>().error.hint as string;
    expect(hint).toContain(`--rename 'Person.we"ird 2=even'`);
    const followed = await project.run('db', 'push', ...flagsOf(hint));
    expect(followed.code).toBe(0);
    expect(await rows()).toEqual([{ id: 1, given_name: 'Ann', family_name: 'Lee', 'we"ird 3': 'x' }]);
  });

  test('a table rename with @@map: Model=NewModel in schema names', async () => {
    project.writeSchema(
      person(
        `  givenName  String @map("given_name")
  familyName String @map("family_name")
  even       String @map("we\\"ird 3")`,
        'Human',
        'humans',
      ),
    );
    const result = await project.run('db', 'push', '--rename', 'Person=Human');
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('renaming table people to Human (--rename Person=Human)');
    expect(await rows()).toEqual([{ id: 1, given_name: 'Ann', family_name: 'Lee', 'we"ird 3': 'x' }]);
  });

  test('an old name that picks no single candidate is reported, not guessed', async () => {
    project.writeSchema(
      person(
        `  nick       String @map("nick")
  other      String @map("other")
  even       String @map("we\\"ird 3")`,
        'Human',
        'humans',
      ),
    );
    const result = await project.run('db', 'push', '--rename', 'Human.fname=nick');
    // two old columns could be `fname`: none is picked, so the change still blocks and nothing moved
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('renaming');
    expect(result.stderr).toContain('--rename Human.given_name=nick');
    expect(await rows()).toEqual([{ id: 1, given_name: 'Ann', family_name: 'Lee', 'we"ird 3': 'x' }]);
  });
});

describe('migrate status on a missing database: the hint fits where it points', () => {
  const dev = createTestSqlite('dev.db');
  const prod = createTestSqlite('prod.db');
  let project: TestProject;
  /** A mistyped or not-yet-created production database, in a folder that does not exist either. */
  const prodUrl = `file:${path.join(prod.dir, 'releases/prod.db')}`;
  beforeAll(async () => {
    project = createProject('strata-hints-status-', { DATABASE_URL: dev.url, NO_COLOR: '1' });
    project.writeSchema(schemaV1('sqlite'));
  });
  afterAll(() => {
    project.close();
    dev.close();
    prod.close();
  });

  /** The command a hint names in backquotes, as words. */
  const commandOf = (hint: string) => shellWords((/`strata ([^`]+)`/.exec(hint) as RegExpExecArray)[1] as string);

  test('the schema’s own database (DATABASE_URL, or --url equal to it): migrate dev creates it', async () => {
    for (const args of [[], ['--url', dev.url]]) {
      const missing = await project.run('migrate', 'status', '--json', ...args);
      expect(missing.code).toBe(3);
      expect(missing.json<ErrorJson>().error).toMatchObject({ code: 'database-missing' });
      expect(commandOf(missing.json<ErrorJson>().error.hint as string)).toEqual(['migrate', 'dev']);
    }
    const followed = await project.run('migrate', 'dev', '--name', 'init');
    expect(followed.code).toBe(0);
    expect((await project.run('migrate', 'status')).code).toBe(0);
  });

  test('another database named by --url is a target: the hint is migrate deploy, and it works', async () => {
    const missing = await project.run('migrate', 'status', '--url', prodUrl, '--json');
    expect(missing.code).toBe(3);
    const error = missing.json<ErrorJson>().error;
    expect(error.code).toBe('database-missing');
    expect(error.hint).not.toContain('migrate dev');
    const command = commandOf(error.hint as string);
    expect(command).toEqual(['migrate', 'deploy']);
    expect(error.hint).toContain('with the same --url');
    const followed = await project.run(...command, '--url', prodUrl);
    expect(followed.code).toBe(0);
    expect(followed.stderr).toContain(`created database ${prodUrl} (it did not exist)`);
    const status = await project.run('migrate', 'status', '--url', prodUrl, '--json');
    expect(status.code).toBe(0);
    expect(status.json<{ inSync: boolean; pending: string[] }>()).toMatchObject({ inSync: true, pending: [] });
  });
});

describe('migrate deploy on a missing database: created and said so, or refused with --no-create', () => {
  const dev = createTestSqlite('dev.db');
  const prod = createTestSqlite('prod.db');
  let project: TestProject;
  beforeAll(async () => {
    project = createProject('strata-hints-deploy-', { DATABASE_URL: dev.url, NO_COLOR: '1' });
    project.writeSchema(schemaV1('sqlite'));
    expect((await project.run('migrate', 'dev', '--name', 'init')).code).toBe(0);
  });
  afterAll(() => {
    project.close();
    dev.close();
    prod.close();
  });

  test('--no-create refuses a mistyped path and creates nothing; the hint, followed, creates it', async () => {
    const file = path.join(prod.dir, 'typo', 'prod.db');
    const refused = await project.run('migrate', 'deploy', '--url', `file:${file}`, '--no-create', '--json');
    expect(refused.code).toBe(3);
    const error = refused.json<ErrorJson>().error;
    expect(error.code).toBe('database-missing');
    expect(error.message).toContain('Not created (--no-create)');
    expect(existsSync(path.dirname(file))).toBe(false);
    expect(error.hint).toBe(
      'Check the URL; if this is the database to create, run `strata migrate deploy` without --no-create.',
    );
    const followed = await project.run('migrate', 'deploy', '--url', `file:${file}`, '--json');
    expect(followed.code).toBe(0);
    expect(followed.json<{ created: boolean; applied: unknown[] }>()).toMatchObject({ created: true });
    expect(followed.json<{ applied: unknown[] }>().applied).toHaveLength(1);
    expect(followed.stderr).toContain(`created database file:${file} (it did not exist)`);
    expect(existsSync(file)).toBe(true);
  });

  test('an existing database is not reported as created, with or without --no-create', async () => {
    for (const args of [[], ['--no-create']]) {
      const again = await project.run('migrate', 'deploy', '--url', dev.url, '--json', ...args);
      expect(again.code).toBe(0);
      expect(again.json<{ created: boolean }>().created).toBe(false);
      expect(again.stderr).not.toContain('created database');
    }
  });
});
