/**
 * The reviewed flow on MySQL/MariaDB through the built CLI, with the bundled provider: init,
 * migrate dev (rename, --create-only, a data-loss change), status, deploy to a second database,
 * diff from a mysql:// URL, rollback, a migration that fails half-way (MySQL DDL commits statement
 * by statement, so the statements before the failing one stay) and its recovery with
 * `migrate deploy --resume`, db execute and db pull. The shared flow (support/flow.ts) writes its
 * SQL with double-quoted identifiers, which MySQL reads as strings: this file is its MySQL twin.
 *
 * Needs a server at STRATA_TEST_MYSQL_URL; without one the tests are skipped with one line.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestMysql, type TestMysql, testMysqlAvailable } from '@strata/testkit';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';

const describeMysql = (await testMysqlAvailable()) ? describe : describe.skip;

const header = `datasource db {
  provider = "mysql"
  url      = env("DATABASE_URL")
}
`;

const schemaV1 = `${header}
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
`;
/** User.name renamed (a rename candidate). */
const schemaV2 = schemaV1.replace('  name  String?', '  displayName String?');
/** Post.published with a default (additive). */
const schemaV3 = schemaV2.replace('  title    String\n', '  title    String\n  published Boolean @default(false)\n');
/** Post.title dropped (data loss). */
const schemaV4 = schemaV3.replace('  title    String\n', '');
/** A Tag table and a unique display name (a table, then an index on User). */
const schemaV5 = schemaV4
  .replace('  displayName String?', '  displayName String? @unique')
  .replace('model Post {', 'model Tag {\n  id Int @id\n}\n\nmodel Post {');

describeMysql('the reviewed flow on mysql', () => {
  let server: TestMysql;
  let project: TestProject;
  let secondUrl: string;
  const names: Record<string, string> = {};
  const sql = (input: string, ...args: string[]) => project.runWith({ input }, 'db', 'execute', '--stdin', ...args);

  beforeAll(async () => {
    server = await startTestMysql();
    secondUrl = await server.createDatabase();
    project = createProject('strata-flow-mysql-', { DATABASE_URL: server.url });
  });
  afterAll(async () => {
    project?.close();
    await server?.close();
  });

  test('init --provider mysql writes a MySQL project; check accepts the schema with the bundled provider', async () => {
    const init = await project.run('init', '--provider', 'mysql', '--json');
    expect(init.code).toBe(0);
    expect(init.json<{ provider: string }>().provider).toBe('mysql');
    expect(project.read('prisma/schema.prisma')).toContain('provider = "mysql"');
    expect(project.read('.env')).toMatch(/^DATABASE_URL="mysql:\/\//);
    project.writeSchema(schemaV1);
    const check = await project.run('check', '--json');
    expect(check.code).toBe(0);
    expect(check.json<{ ok: boolean; provider: { id: string; source: string } }>()).toMatchObject({
      ok: true,
      provider: { id: 'mysql', source: 'bundled' },
    });
  });

  test('migrate dev creates and applies the first migration in MySQL SQL; status is in sync', async () => {
    const dev = await project.run('migrate', 'dev', '--name', 'init', '--json');
    expect(dev.code).toBe(0);
    const json = dev.json<{ outcome: string; migration: { name: string }; sql: string }>();
    expect(json.outcome).toBe('applied');
    expect(json.sql).toContain('CREATE TABLE `User`');
    expect(json.sql).toContain('DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    names.init = json.migration.name;

    const status = await project.run('migrate', 'status', '--json');
    expect(status.code).toBe(0);
    expect(status.json<{ inSync: boolean; applied: { name: string }[]; pending: string[] }>()).toMatchObject({
      inSync: true,
      applied: [{ name: names.init }],
      pending: [],
    });
  });

  test('a rename needs --rename and becomes RENAME COLUMN; --create-only is pending until deploy', async () => {
    expect((await sql("INSERT INTO `User` (`email`, `name`) VALUES ('ann@example.com', 'Ann');\n")).code).toBe(0);
    project.writeSchema(schemaV2);
    const unresolved = await project.run('migrate', 'dev', '--name', 'rename_name', '--json');
    expect(unresolved.code).toBe(1);
    expect(unresolved.json<ErrorJson>().error.code).toBe('warnings-block');
    const renamed = await project.run(
      'migrate',
      'dev',
      '--name',
      'rename_name',
      '--rename',
      'User.name=displayName',
      '--json',
    );
    expect(renamed.code).toBe(0);
    const json = renamed.json<{ migration: { name: string }; sql: string }>();
    expect(json.sql).toMatch(/RENAME COLUMN `name` TO `displayName`/);
    names.rename = json.migration.name;

    project.writeSchema(schemaV3);
    const created = await project.run('migrate', 'dev', '--name', 'published', '--create-only', '--json');
    expect(created.code).toBe(0);
    names.published = created.json<{ migration: { name: string } }>().migration.name;
    const pending = await project.run('migrate', 'status', '--json');
    expect(pending.code).toBe(1);
    expect(pending.json<{ pending: string[] }>().pending).toEqual([names.published]);
    const deploy = await project.run('migrate', 'deploy', '--json');
    expect(deploy.code).toBe(0);
    expect(deploy.json<{ applied: { name: string }[]; alreadyApplied: number }>()).toMatchObject({
      applied: [{ name: names.published }],
      alreadyApplied: 2,
    });
  });

  test('deploy to a second database applies every migration; a mysql:// URL is diffed and executed', async () => {
    const deploy = await project.run('migrate', 'deploy', '--url', secondUrl, '--json');
    expect(deploy.code).toBe(0);
    expect(deploy.json<{ applied: { name: string }[] }>().applied.map((m) => m.name)).toEqual([
      names.init,
      names.rename,
      names.published,
    ]);
    const status = await project.run('migrate', 'status', '--url', secondUrl, '--json');
    expect(status.code).toBe(0);
    expect(status.json<{ inSync: boolean }>().inSync).toBe(true);

    const same = await project.run(
      'migrate',
      'diff',
      '--from-url',
      secondUrl,
      '--to-schema',
      'prisma/schema.prisma',
      '--exit-code',
    );
    expect({ code: same.code, stdout: same.stdout }).toEqual({ code: 0, stdout: 'No difference.\n' });
    const script = await project.run(
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema',
      'prisma/schema.prisma',
      '--script',
    );
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('ALTER TABLE `Post` ADD CONSTRAINT');

    const count = await sql('SELECT COUNT(*) FROM `_strata_migrations`;\n', '--url', secondUrl, '--json');
    expect(count.code).toBe(0);
    const bad = await sql('THIS IS NOT SQL;\n', '--url', secondUrl, '--json');
    expect(bad.code).toBe(1);
    expect(bad.json<ErrorJson>().error.code).toBe('execute-failed');
  });

  test('a change that loses data needs --allow-warnings; rollback undoes it', async () => {
    expect((await sql("INSERT INTO `Post` (`title`, `authorId`) SELECT 'Hello', `id` FROM `User`;\n")).code).toBe(0);
    project.writeSchema(schemaV4);
    const blocked = await project.run('migrate', 'dev', '--name', 'drop_title', '--json');
    expect(blocked.code).toBe(1);
    expect(blocked.json<ErrorJson>().error.code).toBe('warnings-block');
    const allowed = await project.run('migrate', 'dev', '--name', 'drop_title', '--allow-warnings', '--json');
    expect(allowed.code).toBe(0);
    const json = allowed.json<{ migration: { name: string }; warnings: { code: string; rows?: number }[] }>();
    expect(json.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'drop-column', rows: 1 })]));
    names.drop = json.migration.name;

    // The way back adds a required column: it can only succeed on an empty table.
    expect((await sql('DELETE FROM `Post`;\n')).code).toBe(0);
    const rollback = await project.run('migrate', 'rollback', '--allow-warnings', '--json');
    expect(rollback.code).toBe(0);
    expect(rollback.json<{ rolledBack: { name: string }[] }>().rolledBack.map((m) => m.name)).toEqual([names.drop]);
    const status = await project.run('migrate', 'status', '--json');
    expect(status.code).toBe(1);
    expect(status.json<{ pending: string[]; rolledBack: string[] }>()).toMatchObject({
      pending: [names.drop],
      rolledBack: [names.drop],
    });
    const redeploy = await project.run('migrate', 'deploy', '--json');
    expect(redeploy.code).toBe(0);
    expect((await project.run('migrate', 'status')).code).toBe(0);
  });

  test('a statement that fails half-way keeps the ones before it; deploy --resume finishes the migration', async () => {
    project.writeSchema(schemaV5);
    const created = await project.run('migrate', 'dev', '--name', 'tag_unique_name', '--create-only', '--json');
    expect(created.code).toBe(0);
    names.tag = created.json<{ migration: { name: string } }>().migration.name;
    // the statements, after the warnings comment that quotes the risky one
    const migrationSql = project
      .read(path.join('prisma/migrations', names.tag, 'migration.sql'))
      .split('*/')
      .at(-1)!;
    // The table first, then the unique index: the index is the statement that fails.
    expect(migrationSql.indexOf('CREATE TABLE `Tag`')).toBeGreaterThanOrEqual(0);
    expect(migrationSql.indexOf('CREATE TABLE `Tag`')).toBeLessThan(
      migrationSql.indexOf('CREATE UNIQUE INDEX `User_displayName_key`'),
    );

    // Edited by hand, as --create-only allows: this session waits 1 s at most for a table lock.
    const sqlFile = path.join(project.dir, 'prisma/migrations', names.tag, 'migration.sql');
    writeFileSync(
      sqlFile,
      `SET SESSION lock_wait_timeout = 1;\n${project.read(path.join('prisma/migrations', names.tag, 'migration.sql'))}`,
    );

    // Another session holds a lock on User: the index cannot be built while it does.
    await server.admin('LOCK TABLES `User` READ', server.database);
    let failed: Awaited<ReturnType<TestProject['run']>>;
    try {
      failed = await project.run('migrate', 'deploy', '--json');
    } finally {
      await server.admin('UNLOCK TABLES');
    }
    expect(failed.code).toBe(1);
    const error = failed.json<ErrorJson>().error;
    expect(error.code).toBe('migration-failed');
    expect(error.details).toMatchObject({
      statement: { index: 3, total: 3 },
      transactional: false,
      appliedSteps: 2,
    });
    expect(error.message).toContain('ER_LOCK_WAIT_TIMEOUT');
    expect(error.hint).toContain('strata migrate deploy --resume');
    // No transaction to roll back: the table the statement before created is there.
    expect((await sql('SELECT COUNT(*) FROM `Tag`;\n')).code).toBe(0);

    const status = await project.run('migrate', 'status', '--json');
    expect(status.code).toBe(1);
    expect(status.json<{ problems: { code: string; migration?: string; fix: string }[] }>().problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'failed-migration', migration: names.tag })]),
    );
    const blocked = await project.run('migrate', 'deploy', '--json');
    expect(blocked.code).toBe(1);
    expect(blocked.json<ErrorJson>().error.code).toBe('history-problems');

    // The lock released, the migration runs on from the statement that failed.
    const resumed = await project.run('migrate', 'deploy', '--resume', '--json');
    expect({ code: resumed.code, out: resumed.code === 0 ? '' : resumed.stdout + resumed.stderr }).toEqual({
      code: 0,
      out: '',
    });
    const json = resumed.json<{ resumed?: { name: string; steps: number } }>();
    expect(json.resumed?.name).toBe(names.tag);
    expect(json.resumed?.steps).toBe(1);
    const after = await project.run('migrate', 'status', '--json');
    expect(after.code).toBe(0);
    expect(after.json<{ inSync: boolean }>().inSync).toBe(true);
  });

  test('db pull writes a schema from a mysql:// URL that check accepts', async () => {
    const printed = await project.run('db', 'pull', '--print', '--json');
    expect(printed.code).toBe(0);
    const schema = printed.json<{ schema: string }>().schema;
    expect(schema).toContain('provider = "mysql"');
    expect(schema).toMatch(/model User \{/);
    expect(schema).toContain('displayName');

    const fresh = createProject('strata-pull-mysql-');
    try {
      const pulled = await fresh.run('db', 'pull', '--url', secondUrl, '--json');
      expect({ code: pulled.code, out: pulled.code === 0 ? '' : pulled.stdout + pulled.stderr }).toEqual({
        code: 0,
        out: '',
      });
      expect(fresh.read('prisma/schema.prisma')).toMatch(/model Post \{/);
      const check = await fresh.runWith({ env: { DATABASE_URL: secondUrl } }, 'check', '--json');
      expect(check.code).toBe(0);
    } finally {
      fresh.close();
    }
  });
});
