import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Connection, Table } from '@strata/core';
import { corpusOrSkip, startTestMysql, type TestMysql } from '@strata/testkit';
import { openConnection, type Run } from '../src/client.js';
import { connect } from '../src/connection.js';
import { introspect } from '../src/introspect.js';
import { parseMysqlUrl } from '../src/url.js';
import { describeMysql, statementsOf } from './support.js';

/** Prisma's MySQL shapes: CREATE TABLE with inline indexes, then the foreign keys. */
const PRISMA_DDL = `
CREATE TABLE \`User\` (
    \`id\` INTEGER NOT NULL AUTO_INCREMENT,
    \`email\` VARCHAR(191) NOT NULL,
    \`name\` VARCHAR(191) NULL,
    \`role\` ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER',
    \`active\` BOOLEAN NOT NULL DEFAULT true,
    \`visits\` INTEGER UNSIGNED NOT NULL DEFAULT 1,
    \`balance\` DECIMAL(65, 30) NOT NULL DEFAULT 1.5,
    \`score\` DOUBLE NULL DEFAULT 0.25,
    \`big\` BIGINT NOT NULL DEFAULT 0,
    \`profile\` JSON NULL,
    \`avatar\` LONGBLOB NULL,
    \`quote\` VARCHAR(20) NOT NULL DEFAULT 'it''s',
    \`createdAt\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    \`updatedAt\` DATETIME(3) NOT NULL,
    \`stamp\` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0),
    \`token\` VARCHAR(36) NULL DEFAULT (uuid()),

    UNIQUE INDEX \`User_email_key\`(\`email\`),
    INDEX \`User_name_visits_idx\`(\`name\`(10) DESC, \`visits\`),
    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE \`Post\` (
    \`id\` INTEGER NOT NULL AUTO_INCREMENT,
    \`title\` VARCHAR(191) NOT NULL,
    \`body\` TEXT NOT NULL,
    \`authorId\` INTEGER NULL,
    \`editorId\` INTEGER NOT NULL,

    FULLTEXT INDEX \`Post_title_body_idx\`(\`title\`, \`body\`),
    PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE \`_PostToTag\` (
    \`A\` INTEGER NOT NULL,
    \`B\` INTEGER NOT NULL,

    UNIQUE INDEX \`_PostToTag_AB_unique\`(\`A\`, \`B\`),
    INDEX \`_PostToTag_B_index\`(\`B\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE \`_prisma_migrations\` (
    id VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum VARCHAR(64) NOT NULL
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE \`_strata_migrations\` (\`id\` VARCHAR(36) NOT NULL, PRIMARY KEY (\`id\`));

ALTER TABLE \`Post\` ADD CONSTRAINT \`Post_authorId_fkey\` FOREIGN KEY (\`authorId\`) REFERENCES \`User\`(\`id\`) ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE \`Post\` ADD CONSTRAINT \`Post_editorId_fkey\` FOREIGN KEY (\`editorId\`) REFERENCES \`User\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION;

ALTER TABLE \`_PostToTag\` ADD CONSTRAINT \`_PostToTag_A_fkey\` FOREIGN KEY (\`A\`) REFERENCES \`Post\`(\`id\`) ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE \`Checked\` (
    \`id\` INTEGER NOT NULL,
    \`price\` INTEGER NOT NULL,
    \`doubled\` INTEGER AS (\`price\` * 2) VIRTUAL,
    CONSTRAINT \`price_positive\` CHECK (\`price\` >= 0),
    PRIMARY KEY (\`id\`)
);

CREATE VIEW \`active_users\` AS SELECT \`id\`, \`email\` FROM \`User\` WHERE \`active\`;

CREATE TRIGGER \`Checked_touch\` BEFORE INSERT ON \`Checked\` FOR EACH ROW SET NEW.\`price\` = NEW.\`price\`;
`;

describeMysql('introspect', () => {
  let server: TestMysql;
  let connection: Connection;
  beforeAll(async () => {
    server = await startTestMysql();
    connection = await connect(server.url);
    for (const statement of statementsOf(PRISMA_DDL)) await connection.exec(statement);
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  const table = (tables: readonly Table[], name: string): Table => {
    const found = tables.find((t) => t.name === name);
    if (found === undefined) throw new Error(`no table ${name}`);
    return found;
  };

  it('reads tables, leaving out the history tables', async () => {
    const schema = await connection.introspect();
    expect(schema.provider).toBe('mysql');
    expect(schema.namespaces).toEqual([]);
    expect(schema.enums).toEqual([]);
    expect(schema.tables.map((t) => t.name)).toEqual(['Checked', 'Post', 'User', '_PostToTag']);
  });

  it('reads columns with the types MySQL reports, nullability, defaults and auto_increment', async () => {
    const user = table((await connection.introspect()).tables, 'User');
    expect(user.columns).toEqual([
      { name: 'id', type: { scalar: 'Int', native: 'int(11)' }, nullable: false, autoincrement: true },
      { name: 'email', type: { scalar: 'String', native: 'varchar(191)' }, nullable: false },
      { name: 'name', type: { scalar: 'String', native: 'varchar(191)' }, nullable: true },
      {
        name: 'role',
        type: { scalar: 'Enum', native: "enum('USER','ADMIN')", enum: { name: 'User_role' } },
        nullable: false,
        default: { kind: 'enum', value: 'USER' },
      },
      {
        name: 'active',
        type: { scalar: 'Boolean', native: 'tinyint(1)' },
        nullable: false,
        default: { kind: 'boolean', value: true },
      },
      {
        name: 'visits',
        type: { scalar: 'Int', native: 'int(10) unsigned' },
        nullable: false,
        default: { kind: 'number', value: '1' },
      },
      {
        name: 'balance',
        type: { scalar: 'Decimal', native: 'decimal(65,30)' },
        nullable: false,
        default: { kind: 'number', value: '1.5' },
      },
      {
        name: 'score',
        type: { scalar: 'Float', native: 'double' },
        nullable: true,
        default: { kind: 'number', value: '0.25' },
      },
      {
        name: 'big',
        type: { scalar: 'BigInt', native: 'bigint(20)' },
        nullable: false,
        default: { kind: 'number', value: '0' },
      },
      { name: 'profile', type: { scalar: 'Json', native: 'json' }, nullable: true },
      { name: 'avatar', type: { scalar: 'Bytes', native: 'longblob' }, nullable: true },
      {
        name: 'quote',
        type: { scalar: 'String', native: 'varchar(20)' },
        nullable: false,
        default: { kind: 'string', value: "it's" },
      },
      {
        name: 'createdAt',
        type: { scalar: 'DateTime', native: 'datetime(3)' },
        nullable: false,
        default: { kind: 'now' },
      },
      { name: 'updatedAt', type: { scalar: 'DateTime', native: 'datetime(3)' }, nullable: false },
      { name: 'stamp', type: { scalar: 'DateTime', native: 'timestamp' }, nullable: true, default: { kind: 'now' } },
      {
        name: 'token',
        type: { scalar: 'String', native: 'varchar(36)' },
        nullable: true,
        default: { kind: 'expression', sql: 'uuid()' },
      },
    ]);
  });

  it('reads primary keys, unique, prefix and descending indexes, and fulltext indexes', async () => {
    const { tables } = await connection.introspect();
    const user = table(tables, 'User');
    expect(user.primaryKey).toEqual({ columns: ['id'] });
    expect(user.indexes).toEqual([
      { name: 'User_email_key', unique: true, columns: [{ name: 'email' }] },
      {
        name: 'User_name_visits_idx',
        unique: false,
        columns: [{ name: 'name', length: 10, sort: 'desc' }, { name: 'visits' }],
      },
    ]);
    // InnoDB's own indexes for the foreign keys (named after the constraints) are left out
    expect(table(tables, 'Post').indexes).toEqual([
      {
        name: 'Post_title_body_idx',
        unique: false,
        columns: [{ name: 'title' }, { name: 'body' }],
        kind: 'fulltext',
      },
    ]);
    const join = table(tables, '_PostToTag');
    expect(join.primaryKey).toBeUndefined();
    expect(join.indexes.map((i) => [i.name, i.unique])).toEqual([
      ['_PostToTag_AB_unique', true],
      ['_PostToTag_B_index', false],
    ]);
  });

  it('reads foreign keys with their actions', async () => {
    const { tables } = await connection.introspect();
    expect(table(tables, 'Post').foreignKeys).toEqual([
      {
        name: 'Post_authorId_fkey',
        columns: ['authorId'],
        referencedTable: 'User',
        referencedColumns: ['id'],
        onDelete: 'SetNull',
        onUpdate: 'Cascade',
      },
      {
        name: 'Post_editorId_fkey',
        columns: ['editorId'],
        referencedTable: 'User',
        referencedColumns: ['id'],
        onDelete: 'Restrict',
        onUpdate: 'NoAction',
      },
    ]);
    expect(table(tables, '_PostToTag').foreignKeys).toEqual([
      {
        name: '_PostToTag_A_fkey',
        columns: ['A'],
        referencedTable: 'Post',
        referencedColumns: ['id'],
        onDelete: 'Cascade',
        onUpdate: 'Cascade',
      },
    ]);
  });

  it('keeps CHECK constraints and generated columns as found, views and triggers as unmanaged objects', async () => {
    const schema = await connection.introspect();
    const checked = table(schema.tables, 'Checked');
    expect(checked.checks).toEqual(['CONSTRAINT `price_positive` CHECK (`price` >= 0)']);
    expect(checked.columns.find((c) => c.name === 'doubled')).toEqual({
      name: 'doubled',
      type: { scalar: 'Int', native: 'int(11)' },
      nullable: true,
      generated: '`price` * 2',
    });
    // MariaDB's JSON CHECK (json_valid) is the column's type, not a constraint of the table
    expect(table(schema.tables, 'User').checks).toBeUndefined();
    expect(schema.unmanaged.map((u) => [u.kind, u.name, u.table])).toEqual([
      ['trigger', 'Checked_touch', 'Checked'],
      ['view', 'active_users', 'User'],
    ]);
  });

  it('runs the same number of queries for 4 tables and for 40', async () => {
    const queriesFor = async (): Promise<number> => {
      const session = await openConnection(parseMysqlUrl(server.url), { database: server.database });
      let count = 0;
      const run: Run = async <T>(sql: string, params: readonly unknown[] = []) => {
        count += 1;
        const [rows] = await session.query(sql, [...params]);
        return rows as T[];
      };
      await introspect(run, { mariaDb: true, provider: 'mysql' });
      await session.end();
      return count;
    };
    const before = await queriesFor();
    for (let i = 0; i < 36; i += 1)
      await connection.exec(
        `CREATE TABLE \`extra_${i}\` (\`id\` INTEGER NOT NULL, \`ref\` INTEGER NULL, INDEX \`extra_${i}_ref_idx\`(\`ref\`), PRIMARY KEY (\`id\`))`,
      );
    expect(await queriesFor()).toBe(before);
    expect((await connection.introspect()).tables).toHaveLength(40);
    for (let i = 0; i < 36; i += 1) await connection.exec(`DROP TABLE \`extra_${i}\``);
  });
});

describeMysql('introspect umami (MySQL) 01_init', () => {
  const corpus = corpusOrSkip();
  let server: TestMysql;
  let connection: Connection;
  beforeAll(async () => {
    server = await startTestMysql();
    connection = await connect(server.url);
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  (corpus === undefined ? it.skip : it)("reads the database Prisma's first migration builds", async () => {
    const script = readFileSync(
      path.join(corpus!, 'umami-software__umami-mysql/migrations/01_init/migration.sql'),
      'utf8',
    );
    for (const statement of statementsOf(script)) await connection.exec(statement);
    const { tables } = await connection.introspect();
    expect(tables.map((t) => t.name)).toEqual([
      'event_data',
      'session',
      'team',
      'team_user',
      'team_website',
      'user',
      'website',
      'website_event',
    ]);
    const event = tables.find((t) => t.name === 'website_event')!;
    expect(event.primaryKey).toEqual({ columns: ['event_id'] });
    expect(event.columns.find((c) => c.name === 'event_type')).toEqual({
      name: 'event_type',
      type: { scalar: 'Int', native: 'int(10) unsigned' },
      nullable: false,
      default: { kind: 'number', value: '1' },
    });
    expect(event.columns.find((c) => c.name === 'created_at')).toEqual({
      name: 'created_at',
      type: { scalar: 'DateTime', native: 'timestamp' },
      nullable: true,
      default: { kind: 'now' },
    });
    expect(event.indexes.map((i) => `${i.name}(${i.columns.map((c) => c.name).join(',')})`)).toEqual([
      'website_event_created_at_idx(created_at)',
      'website_event_session_id_idx(session_id)',
      'website_event_website_id_created_at_idx(website_id,created_at)',
      'website_event_website_id_idx(website_id)',
      'website_event_website_id_session_id_created_at_idx(website_id,session_id,created_at)',
    ]);
    const data = tables.find((t) => t.name === 'event_data')!;
    expect(data.columns.find((c) => c.name === 'event_numeric_value')?.type).toEqual({
      scalar: 'Decimal',
      native: 'decimal(19,4)',
    });
    // relationMode = "prisma": no foreign keys anywhere
    expect(tables.flatMap((t) => t.foreignKeys)).toEqual([]);
    // the first migration inserts the admin user (its last statement has no newline)
    expect(await connection.query('SELECT `username` FROM `user`')).toEqual([{ username: 'admin' }]);
  });
});

describeMysql('introspect a reference into another database', () => {
  let server: TestMysql;
  beforeAll(async () => {
    server = await startTestMysql();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('names the other database of a foreign key that points there', async () => {
    const otherUrl = await server.createDatabase();
    const other = new URL(otherUrl).pathname.slice(1);
    await server.admin('CREATE TABLE `Account` (`id` INTEGER NOT NULL, PRIMARY KEY (`id`))', other);
    const connection = await connect(server.url);
    await connection.exec(
      `CREATE TABLE \`Order\` (\`id\` INTEGER NOT NULL, \`accountId\` INTEGER NOT NULL, PRIMARY KEY (\`id\`),
        CONSTRAINT \`Order_accountId_fkey\` FOREIGN KEY (\`accountId\`) REFERENCES \`${other}\`.\`Account\`(\`id\`))`,
    );
    const { tables } = await connection.introspect();
    expect(tables.map((t) => t.name)).toEqual(['Order']);
    expect(tables[0]?.foreignKeys).toEqual([
      {
        name: 'Order_accountId_fkey',
        columns: ['accountId'],
        referencedNamespace: other,
        referencedTable: 'Account',
        referencedColumns: ['id'],
        onDelete: 'Restrict',
        onUpdate: 'Restrict',
      },
    ]);
    await connection.close();
  });
});
