// MySQL/MariaDB: introspection of 2,000 tables (target 1.5 s; the number of queries it sends is
// printed, the same whatever the number of tables) and the diff of 2,000 tables with 10% changed
// through the MySQL provider's hooks (target as the core diff scenario). Both are skipped, with a
// note, without a server at STRATA_TEST_MYSQL_URL.
import { diff } from '@strata/core';
import { provider as mysql, parseMysqlUrl } from '@strata/provider-mysql';
import { startTestMysql, testMysqlAvailable } from '@strata/testkit';
// The generators live in @strata/core/testing, whose entry point also loads jest: import the module itself.
import { generateLargeIr, mutate } from '../../packages/core/dist/testing/generate.js';
// Internals of the built provider, to count the queries introspection sends (the server keeps no
// per-session count another session can read without performance_schema).
import { openConnection } from '../../packages/provider-mysql/dist-bench/src/client.js';
import { introspect, isMariaDb } from '../../packages/provider-mysql/dist-bench/src/introspect.js';

const TABLES = 2000;
/** Connections creating the tables side by side: DDL is one round trip and one file per table. */
const SETUP_CONNECTIONS = 4;

const skipWithoutServer = async () =>
  (await testMysqlAvailable()) ? undefined : 'no MySQL server (set STRATA_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/)';

/** The same table shape as the PostgreSQL scenario: columns, a unique and a two-column index, a foreign key. */
function createTable(i) {
  const name = `bench_${i}`;
  return (
    `CREATE TABLE \`${name}\` (\`id\` INTEGER NOT NULL AUTO_INCREMENT, \`name\` VARCHAR(191) NOT NULL, ` +
    `\`email\` VARCHAR(191) NULL, \`created\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), ` +
    `\`score\` DECIMAL(65, 30) NULL DEFAULT 0, \`parent_id\` INTEGER NULL, ` +
    `UNIQUE INDEX \`${name}_email_key\`(\`email\`), INDEX \`${name}_name_created_idx\`(\`name\`, \`created\` DESC), ` +
    `PRIMARY KEY (\`id\`)` +
    (i > 0
      ? `, CONSTRAINT \`${name}_parent_id_fkey\` FOREIGN KEY (\`parent_id\`) REFERENCES \`bench_${i - 1}\`(\`id\`) ` +
        'ON DELETE SET NULL ON UPDATE CASCADE'
      : '') +
    ') DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'
  );
}

async function createTables(url, tables) {
  const parsed = parseMysqlUrl(url);
  await Promise.all(
    Array.from({ length: SETUP_CONNECTIONS }, async (_, worker) => {
      const connection = await openConnection(parsed, { database: parsed.database });
      try {
        // tables are created out of order: a foreign key may name a table another connection creates later
        await connection.query('SET SESSION foreign_key_checks = 0');
        for (let i = worker; i < tables; i += SETUP_CONNECTIONS) await connection.query(createTable(i));
      } finally {
        await connection.end();
      }
    }),
  );
}

/** Introspection with every query counted, on a plain session (what `connect` adds is its settings). */
async function countQueries(url) {
  const parsed = parseMysqlUrl(url);
  const connection = await openConnection(parsed, { database: parsed.database });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    let queries = 0;
    const run = async (sql, params = []) => {
      queries += 1;
      const [result] = await connection.query(sql, params);
      return Array.isArray(result) ? result : [];
    };
    const schema = await introspect(run, { mariaDb: isMariaDb(String(rows[0]?.version ?? '')), provider: mysql.id });
    return { queries, tables: schema.tables.length };
  } finally {
    await connection.end();
  }
}

export const scenarios = [
  {
    name: 'mysql-introspect-2000-tables',
    targetMs: 1500,
    runs: 3,
    skip: skipWithoutServer,
    // Creating 2,000 InnoDB tables takes far longer than reading them back: the database is built
    // once, and each run introspects it through the provider's public connection.
    async setup() {
      const server = await startTestMysql();
      const start = performance.now();
      await createTables(server.url, TABLES);
      const setupMs = performance.now() - start;
      const empty = await countQueries(await server.createDatabase());
      return { server, setupMs, emptyQueries: empty.queries };
    },
    async run({ server, setupMs, emptyQueries }) {
      const connection = await mysql.connect(server.url);
      let introspectMs;
      try {
        const start = performance.now();
        const schema = await connection.introspect();
        introspectMs = performance.now() - start;
        if (schema.tables.length !== TABLES) throw new Error(`introspected ${schema.tables.length} tables`);
      } finally {
        await connection.close();
      }
      const counted = await countQueries(server.url);
      if (counted.queries !== emptyQueries) throw new Error(`${counted.queries} queries, ${emptyQueries} when empty`);
      const version = await server.admin('SELECT VERSION() AS version');
      return {
        ms: introspectMs,
        notes:
          `${counted.queries} queries (the same on an empty database), ${counted.tables} tables, ` +
          `${version[0].version}; setup ${(setupMs / 1000).toFixed(0)} s`,
      };
    },
    async teardown({ server }) {
      await server.close();
    },
  },
  {
    name: 'mysql-diff-2000-tables-10pct-changed',
    targetMs: 100,
    setup() {
      const from = generateLargeIr(TABLES, 1, { provider: mysql.id });
      return { from, to: mutate(from, 0.1, 2) };
    },
    run({ from, to }) {
      const changes = diff(from, to, { hooks: mysql.diffHooks });
      if (changes.length === 0) throw new Error('no changes found');
      return { notes: `${changes.length} changes, the MySQL provider's diff hooks` };
    },
  },
];
