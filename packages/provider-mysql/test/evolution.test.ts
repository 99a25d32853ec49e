/**
 * Migrations strata plans for MySQL, applied to the server and introspected back: what the
 * server refuses unless the emitter orders or prepares it (an index a foreign key still needs,
 * NULL rows of a column that becomes required), and umami's schema built from empty.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type Connection, type DatabaseSchema, diff, emptySchema, planMigration } from '@strata/core';
import { startTestMysql, type TestMysql } from '@strata/testkit';
import { connect } from '../src/connection.js';
import { corpusDir, describeMysql, lowerMysql, provider, statementsOf } from './support.js';

const HEADER = 'datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\n';

describeMysql('evolution on the server', () => {
  let server: TestMysql;
  let connection: Connection;
  beforeAll(async () => {
    server = await startTestMysql();
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  /** A fresh database holding `from` (and `rows`), migrated to `to`: returns the script. */
  async function migrate(from: DatabaseSchema, to: DatabaseSchema, rows: readonly string[] = []): Promise<string> {
    await connection?.close();
    connection = await connect(await server.createDatabase());
    const create = await planMigration({ from: emptySchema('mysql'), to: from, provider, renames: [] });
    for (const statement of statementsOf(create.script)) await connection.exec(statement);
    for (const row of rows) await connection.exec(row);
    const plan = await planMigration({ from, to, provider, renames: [], probe: connection.probe });
    for (const statement of statementsOf(plan.script)) await connection.exec(statement);
    expect(diff(await connection.introspect(), to, { hooks: provider.diffHooks })).toEqual([]);
    return plan.script;
  }

  const blog = (postIndex: string) =>
    lowerMysql(
      `${HEADER}model User {\n  id Int @id\n  posts Post[]\n}\nmodel Post {\n  id Int @id\n  title String\n  userId Int\n  user User @relation(fields: [userId], references: [id])\n${postIndex}}\n`,
    );

  it('drops the only index a kept foreign key could use: its own index is made first', async () => {
    const script = await migrate(blog('  @@index([userId, title])\n'), blog(''));
    expect(script.indexOf('CREATE INDEX `Post_userId_fkey`')).toBeLessThan(script.indexOf('DROP INDEX'));
  });

  it('changes such an index under the same name in one statement', async () => {
    const script = await migrate(
      blog('  @@index([userId, title], map: "by_user")\n'),
      blog('  @@index([userId, id], map: "by_user")\n'),
    );
    expect(script).toContain('ALTER TABLE `Post` DROP INDEX `by_user`, ADD INDEX `by_user`(`userId`, `id`);');
  });

  it('fills the NULL rows of a column that becomes required with its default', async () => {
    const user = (nick: string) => lowerMysql(`${HEADER}model User {\n  id Int @id\n  nick ${nick}\n}\n`);
    const script = await migrate(user('String?'), user('String @default("anon")'), [
      'INSERT INTO `User` (`id`, `nick`) VALUES (1, NULL), (2, `id`)',
    ]);
    expect(script).toContain("UPDATE `User` SET `nick` = 'anon' WHERE `nick` IS NULL;");
    const rows = (await connection.query('SELECT `id`, `nick` FROM `User` ORDER BY `id`')) as unknown[];
    expect(rows).toEqual([
      { id: 1, nick: 'anon' },
      { id: 2, nick: '2' },
    ]);
  });

  const corpus = corpusDir();
  (corpus === undefined ? it.skip : it)(
    'applies umami (MySQL) from empty; it introspects back with no difference',
    async () => {
      const text = readFileSync(path.join(corpus as string, 'umami-software__umami-mysql/schema.prisma'), 'utf8');
      const umami = lowerMysql(text);
      await migrate(emptySchema('mysql'), umami);
      expect((await connection.introspect()).tables.map((t) => t.name)).toEqual(umami.tables.map((t) => t.name));
    },
  );
});
