/**
 * The shared reviewed flow (support/flow.ts) on MySQL/MariaDB, and what only MySQL does: its DDL
 * is not transactional (every statement commits by itself), so a migration that fails half-way
 * keeps the statements before the failing one, and `migrate deploy --resume` finishes it.
 *
 * Needs a server at STRATA_TEST_MYSQL_URL; without one the tests are skipped with one line.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startTestMysql, type TestMysql, testMysqlAvailable } from '@strata/testkit';
import { defineFlow } from './support/flow.js';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';
import { schemaV1 } from './support/schemas.js';

const describeMysql = (await testMysqlAvailable()) ? describe : describe.skip;

describeMysql('MySQL', () => {
  defineFlow('mysql', async () => {
    const server = await startTestMysql();
    const pushUrl = await server.createDatabase();
    return { url: server.url, pushUrl, close: () => server.close() };
  });

  describe('a migration that fails half-way', () => {
    let server: TestMysql;
    let project: TestProject;
    const sql = (input: string) => project.runWith({ input }, 'db', 'execute', '--stdin');

    beforeAll(async () => {
      server = await startTestMysql();
      project = createProject('strata-halfway-mysql-', { DATABASE_URL: server.url });
    });
    afterAll(async () => {
      project?.close();
      await server?.close();
    });

    test('keeps the statements before the failing one; deploy --resume finishes it', async () => {
      project.writeSchema(schemaV1('mysql'));
      expect((await project.run('migrate', 'dev', '--name', 'init', '--json')).code).toBe(0);
      // A Tag table, then a unique index on User: two statements, the index second.
      project.writeSchema(
        schemaV1('mysql')
          .replace('  name  String?', '  name  String? @unique')
          .replace('model Post {', 'model Tag {\n  id Int @id\n}\n\nmodel Post {'),
      );
      const created = await project.run('migrate', 'dev', '--name', 'tag_unique_name', '--create-only', '--json');
      expect(created.code).toBe(0);
      const name = created.json<{ migration: { name: string } }>().migration.name;
      const sqlFile = path.join('prisma/migrations', name, 'migration.sql');
      // the statements, after the warnings comment that quotes the risky one
      const statements = project.read(sqlFile).split('*/').at(-1)!;
      expect(statements.indexOf('CREATE TABLE `Tag`')).toBeGreaterThanOrEqual(0);
      expect(statements.indexOf('CREATE TABLE `Tag`')).toBeLessThan(
        statements.indexOf('CREATE UNIQUE INDEX `User_name_key`'),
      );
      // Edited by hand, as --create-only allows: this session waits 1 s at most for a table lock.
      writeFileSync(path.join(project.dir, sqlFile), `SET SESSION lock_wait_timeout = 1;\n${project.read(sqlFile)}`);

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
        expect.arrayContaining([
          expect.objectContaining({
            code: 'failed-migration',
            migration: name,
            fix: expect.stringContaining('strata migrate deploy --resume'),
          }),
        ]),
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
      expect(resumed.json<{ resumed?: { name: string; steps: number } }>().resumed).toEqual(
        expect.objectContaining({ name, steps: 1 }),
      );
      const after = await project.run('migrate', 'status', '--json');
      expect(after.code).toBe(0);
      expect(after.json<{ inSync: boolean }>().inSync).toBe(true);
      // the index the failed statement was to build is there, and does its work
      expect((await sql("INSERT INTO `User` (`email`, `name`) VALUES ('a@example.com', 'Ann');\n")).code).toBe(0);
      const duplicate = await sql("INSERT INTO `User` (`email`, `name`) VALUES ('b@example.com', 'Ann');\n");
      expect(duplicate.code).toBe(1);
    });
  });
});
