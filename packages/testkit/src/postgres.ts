/**
 * An isolated PostgreSQL database per test file.
 *
 * With STRATA_TEST_POSTGRES_URL set: a fresh database on that server, dropped afterwards.
 * Without it: PGlite in-process behind a socket server on a free 127.0.0.1 port, reached through
 * the same `postgres` client, so the code under test cannot tell the difference.
 *
 * PGlite serves one database behind one backend session: connections are multiplexed onto it.
 * Tests that need real concurrent sessions (advisory locks, concurrent deploys) must check
 * `supportsConcurrentSessions` and skip with a printed reason (see `concurrentSessionsOrSkip`).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import postgres from 'postgres';

export interface TestPostgres {
  /** Connection URL of the isolated database. */
  readonly url: string;
  /** 'server' (a real PostgreSQL) or 'pglite'. */
  readonly backend: 'server' | 'pglite';
  /** False under PGlite: every connection shares one backend session. */
  readonly supportsConcurrentSessions: boolean;
  /** A fresh URL for an additional empty database (server) or the same one (PGlite cannot have two). */
  createDatabase(): Promise<string>;
  /**
   * A URL naming a database that does not exist yet (server only), for code that creates it;
   * `close()` drops it if anything did.
   */
  missingDatabaseUrl(): string;
  close(): Promise<void>;
}

export function testPostgresServerUrl(): string | undefined {
  const url = process.env.STRATA_TEST_POSTGRES_URL;
  return url === undefined || url === '' ? undefined : url;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const serverUrl = testPostgresServerUrl();
  return serverUrl === undefined ? startPglite() : useServer(serverUrl);
}

async function useServer(serverUrl: string): Promise<TestPostgres> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const created: string[] = [];
  const createDatabase = async (): Promise<string> => {
    const name = `strata_test_${randomBytes(6).toString('hex')}`;
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    created.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const missingDatabaseUrl = (): string => {
    const name = `strata_test_${randomBytes(6).toString('hex')}`;
    created.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const url = await createDatabase();
  return {
    url,
    backend: 'server',
    supportsConcurrentSessions: true,
    createDatabase,
    missingDatabaseUrl,
    async close() {
      for (const name of created) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}

async function startPglite(): Promise<TestPostgres> {
  // Loaded lazily: the server path must not pay for PGlite's WebAssembly.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create();
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 16 });
  await server.start();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    backend: 'pglite',
    supportsConcurrentSessions: false,
    async createDatabase() {
      throw new Error('PGlite serves a single database: use a second startTestPostgres() for another one');
    },
    missingDatabaseUrl() {
      throw new Error('PGlite serves a single database and cannot create another one');
    },
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** `url` with `schema=` set: a tenant schema of the same database. */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}
