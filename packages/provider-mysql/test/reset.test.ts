import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Connection } from '@strata/core';
import { startTestMysql, type TestMysql } from '@strata/testkit';
import { connect } from '../src/connection.js';
import { readsOf } from '../src/reset.js';
import { describeMysql, statementsOf } from './support.js';

const DDL = `
CREATE TABLE \`User\` (\`id\` INTEGER NOT NULL, PRIMARY KEY (\`id\`));
CREATE TABLE \`Post\` (\`id\` INTEGER NOT NULL, \`authorId\` INTEGER NOT NULL, PRIMARY KEY (\`id\`));
ALTER TABLE \`Post\` ADD CONSTRAINT \`Post_authorId_fkey\` FOREIGN KEY (\`authorId\`) REFERENCES \`User\`(\`id\`) ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE TABLE \`_strata_migrations\` (\`id\` VARCHAR(36) NOT NULL, PRIMARY KEY (\`id\`));
CREATE TABLE \`_prisma_migrations\` (\`id\` VARCHAR(36) NOT NULL, PRIMARY KEY (\`id\`));
CREATE VIEW \`post_count\` AS SELECT COUNT(*) AS n FROM \`Post\`;
CREATE VIEW \`post_count_twice\` AS SELECT n * 2 AS n FROM \`post_count\`;
CREATE VIEW \`constant\` AS SELECT 1 AS one;
CREATE TRIGGER \`User_touch\` BEFORE INSERT ON \`User\` FOR EACH ROW SET NEW.\`id\` = NEW.\`id\`;
CREATE FUNCTION \`answer\`() RETURNS INTEGER DETERMINISTIC RETURN 42;
`;

describeMysql('reset', () => {
  let server: TestMysql;
  let connection: Connection;
  beforeAll(async () => {
    server = await startTestMysql();
    connection = await connect(server.url);
    for (const statement of statementsOf(DDL)) await connection.exec(statement);
    await connection.query('INSERT INTO `User` (`id`) VALUES (1)');
    await connection.query('INSERT INTO `Post` (`id`, `authorId`) VALUES (1, 1)');
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  const plan = [
    { kind: 'table', name: 'Post' },
    { kind: 'table', name: 'User' },
    { kind: 'history-table', name: '_prisma_migrations' },
    { kind: 'history-table', name: '_strata_migrations' },
    { kind: 'view', name: 'post_count', dependsOn: 'Post' },
    { kind: 'view', name: 'post_count_twice', dependsOn: 'post_count' },
    { kind: 'trigger', name: 'User_touch', dependsOn: 'User' },
  ];

  it('plans every table, the history tables, and the views and triggers over them', async () => {
    expect(await connection.planReset()).toEqual(plan);
  });

  it('drops what it planned whatever the foreign keys, and nothing else', async () => {
    expect(await connection.reset()).toEqual(plan);
    const left = await connection.query<{ name: string; type: string }>(
      `SELECT table_name AS name, table_type AS type FROM information_schema.tables
        WHERE table_schema = DATABASE() ORDER BY name`,
    );
    expect(left).toEqual([{ name: 'constant', type: 'VIEW' }]);
    expect(await connection.query('SELECT `answer`() AS a')).toEqual([{ a: 42 }]);
    // foreign key checks are on again for the session
    expect(await connection.query('SELECT @@SESSION.foreign_key_checks + 0 = 1 AS on_')).toEqual([{ on_: 1 }]);
    expect(await connection.planReset()).toEqual([]);
    expect(await connection.reset()).toEqual([]);
  });

  it('reads the tables a view definition names in its own database', () => {
    expect(readsOf('select `db`.`A`.`id` AS `id` from (`db`.`A` join `other`.`B`) join `db`.`we``ird`', 'db')).toEqual([
      'A',
      'we`ird',
    ]);
  });
});
