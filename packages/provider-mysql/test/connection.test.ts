import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Connection } from '@strata/core';
import { isStrataError } from '@strata/core';
import { startTestMysql, type TestMysql } from '@strata/testkit';
import { connect } from '../src/connection.js';
import { describeMysql, provider } from './support.js';

describeMysql('connect', () => {
  let server: TestMysql;
  beforeAll(async () => {
    server = await startTestMysql();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
    try {
      await promise;
    } catch (error) {
      if (!isStrataError(error)) throw error;
      return { code: error.code, message: error.message, hint: error.hint };
    }
    throw new Error('expected a failure');
  }

  it('opens the database through the provider object', async () => {
    const connection = await provider.connect(server.url);
    expect(connection.provider).toBe('mysql');
    expect(connection.historyNamespace).toBeUndefined();
    expect(connection.created).toBe(false);
    expect(await connection.query('SELECT DATABASE() AS db')).toEqual([{ db: server.database }]);
    await connection.close();
  });

  it('binds ? placeholders, reads dates in UTC and big numbers as text', async () => {
    const connection = await connect(server.url);
    await connection.exec('CREATE TABLE `t` (`id` BIGINT NOT NULL, `at` DATETIME(3) NOT NULL, `ok` BOOLEAN NOT NULL)');
    const at = new Date('2024-02-03T04:05:06.789Z');
    await connection.query('INSERT INTO `t` (`id`, `at`, `ok`) VALUES (?, ?, ?)', ['9007199254740993', at, true]);
    const [row] = await connection.query<{ id: string; at: Date; ok: number; text: string }>(
      'SELECT `id`, `at`, `ok`, CAST(`at` AS CHAR) AS text FROM `t`',
    );
    expect(row).toEqual({ id: '9007199254740993', at, ok: 1, text: '2024-02-03 04:05:06.789' });
    expect(await connection.hasTable('t')).toBe(true);
    expect(await connection.hasTable('T')).toBe(false);
    expect(await connection.hasTable('missing')).toBe(false);
    // a `?` in a statement run without parameters is text, not a placeholder
    await connection.exec("ALTER TABLE `t` ADD COLUMN `q` VARCHAR(5) NOT NULL DEFAULT '?' -- why?");
    expect(await connection.query('SELECT `q` FROM `t`')).toEqual([{ q: '?' }]);
    await connection.exec('DROP TABLE `t`');
    await connection.close();
  });

  it('refuses a missing database without createIfMissing: database-missing with the next step', async () => {
    const e = await failure(connect(server.missingDatabaseUrl()));
    expect(e.code).toBe('database-missing');
    expect(e.message).toMatch(/^The database "strata_test_[0-9a-f]+" does not exist on 127\.0\.0\.1:3306\.$/);
    expect(e.hint).toMatch(/strata migrate dev/);
  });

  it('creates the missing database with createIfMissing, once, however many connect at the same time', async () => {
    const url = server.missingDatabaseUrl();
    const connections = await Promise.all(Array.from({ length: 5 }, () => connect(url, { createIfMissing: true })));
    expect(connections.filter((c) => c.created === true)).toHaveLength(1);
    const [charset] = await connections[0]!.query<{ cs: string; co: string }>(
      `SELECT default_character_set_name AS cs, default_collation_name AS co
         FROM information_schema.schemata WHERE schema_name = DATABASE()`,
    );
    expect(charset).toEqual({ cs: 'utf8mb4', co: 'utf8mb4_unicode_ci' });
    await Promise.all(connections.map((c) => c.close()));
    const again = await connect(url, { createIfMissing: true });
    expect(again.created).toBe(false);
    await again.close();
  });

  it('reports a wrong password as authentication-failed, the password masked', async () => {
    const url = new URL(server.url);
    url.username = 'strata_nobody';
    url.password = 's3cret-pw';
    const e = await failure(connect(url.toString()));
    expect(e.code).toBe('authentication-failed');
    expect(e.message).toBe('Access denied for user "strata_nobody" at 127.0.0.1:3306.');
    expect(JSON.stringify(e)).not.toContain('s3cret-pw');
  });

  it('reports an unknown host and a closed port as connection-refused', async () => {
    const unknownHost = await failure(connect('mysql://root:pw@no-such-host.invalid:3306/db'));
    expect(unknownHost.code).toBe('connection-refused');
    expect(unknownHost.message).toMatch(
      /^Cannot reach the MySQL server at no-such-host\.invalid:3306 \((ENOTFOUND|EAI_AGAIN)\)\.$/,
    );
    const closedPort = await failure(connect('mysql://root@127.0.0.1:1/db'));
    expect(closedPort).toMatchObject({
      code: 'connection-refused',
      message: 'Cannot reach the MySQL server at 127.0.0.1:1 (ECONNREFUSED).',
    });
  });

  it("passes the URL's TLS mode to the client: prefer falls back where the server has no TLS, require refuses then", async () => {
    const withTls = (mode: string) => `${server.url}?sslmode=${mode}`;
    const tlsOf = async (connection: Connection) =>
      ((await connection.query("SHOW SESSION STATUS LIKE 'Ssl_version'")) as { Value: string }[])[0]?.Value ?? '';
    const plain = await connect(withTls('disable'));
    expect(await tlsOf(plain)).toBe('');
    const serverHasTls =
      ((await plain.query("SHOW VARIABLES LIKE 'have_ssl'")) as { Value: string }[])[0]?.Value === 'YES';
    await plain.close();

    const preferred = await connect(withTls('prefer'));
    expect((await tlsOf(preferred)) !== '').toBe(serverHasTls);
    await preferred.close();
    if (serverHasTls) {
      const required = await connect(withTls('require'));
      expect(await tlsOf(required)).not.toBe('');
      await required.close();
    } else {
      expect(await failure(connect(withTls('require')))).toMatchObject({
        code: 'connection-refused',
        message: expect.stringContaining('does not accept TLS connections, and the URL requires TLS'),
        hint: expect.stringContaining('sslmode=prefer'),
      });
    }
  });

  it('describes a failed statement with its MySQL error number, secrets masked', async () => {
    const connection = await connect(server.url);
    try {
      await connection.exec("SELECT * FROM `nowhere` WHERE note = 'mysql://u:hunter2@h/db'");
      throw new Error('expected a failure');
    } catch (error) {
      const text = connection.describeError!(error);
      expect(text).toBe(`Table '${server.database}.nowhere' doesn't exist (MySQL error 1146 ER_NO_SUCH_TABLE)`);
    }
    const masked = connection.describeError!(
      Object.assign(new Error('x'), { sqlMessage: 'bad mysql://u:hunter2@h/db', errno: 1, code: 'ER_X' }),
    );
    expect(masked).toBe('bad mysql://u:***@h/db (MySQL error 1 ER_X)');
    await connection.close();
  });
});

describeMysql('session', () => {
  let server: TestMysql;
  let connection: Connection;
  beforeAll(async () => {
    server = await startTestMysql();
    connection = await connect(server.url);
    await connection.exec('CREATE TABLE `item` (`id` INTEGER NOT NULL, PRIMARY KEY (`id`))');
  });
  afterAll(async () => {
    await connection?.close();
    await server?.close();
  });

  const ids = async (): Promise<number[]> =>
    (await connection.query<{ id: number }>('SELECT `id` FROM `item` ORDER BY `id`')).map((r) => r.id);

  it('commits and rolls back rows', async () => {
    await connection.begin();
    await connection.query('INSERT INTO `item` (`id`) VALUES (?)', [1]);
    await connection.commit();
    await connection.begin();
    await connection.query('INSERT INTO `item` (`id`) VALUES (?)', [2]);
    await connection.rollback();
    expect(await ids()).toEqual([1]);
  });

  // MySQL DDL commits implicitly: what ran before it in the transaction is committed with it, the
  // session is back in autocommit after it (the next row is committed on its own), and a rollback
  // afterwards undoes nothing (why the provider declares transactionalDdl: false).
  it('cannot roll back DDL, nor the rows written before or after it in the same transaction', async () => {
    await connection.begin();
    await connection.query('INSERT INTO `item` (`id`) VALUES (?)', [3]);
    await connection.exec('CREATE TABLE `other` (`id` INTEGER NOT NULL)');
    await connection.query('INSERT INTO `item` (`id`) VALUES (?)', [4]);
    await connection.rollback();
    expect(await connection.hasTable('other')).toBe(true);
    expect(await ids()).toEqual([1, 3, 4]);
  });

  it('applies the statement timeout on MariaDB', async () => {
    const limited = await connect(server.url, { statementTimeoutMs: 200 });
    const started = Date.now();
    await expect(limited.query('SELECT SLEEP(5) AS s')).rejects.toThrow(/max_statement_time exceeded/);
    expect(Date.now() - started).toBeLessThan(2_000);
    await limited.close();
  });
});

describeMysql('a session that ends', () => {
  let server: TestMysql;
  beforeAll(async () => {
    server = await startTestMysql();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports a killed session as a lost connection, and a failing statement as the server wrote it', async () => {
    const connection = await connect(server.url);
    // a statement that fails on its own stays the server's error, for describeError
    await expect(connection.exec('DROP TABLE `nowhere`')).rejects.toMatchObject({ code: 'ER_BAD_TABLE_ERROR' });
    const [row] = await connection.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
    await server.admin(`KILL ${row!.id}`);
    await expect(connection.query('SELECT 1')).rejects.toMatchObject({
      code: 'connection-refused',
      // which one depends on when the client notices
      message: expect.stringMatching(
        /^The connection to the MySQL server at 127\.0\.0\.1:3306 was lost \((PROTOCOL_CONNECTION_LOST|ECONNRESET|EPIPE|closed)\)\.$/,
      ),
    });
    await connection.close();
  });
});
