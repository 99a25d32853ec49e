/**
 * Connecting: which URLs are accepted (and what they mean), that no error or display shows a
 * password, what a TLS mismatch looks like, and that creating a missing database is race-free.
 * TLS and creation run against the PostgreSQL server (STRATA_TEST_POSTGRES_URL), which has no TLS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { isStrataError, openDatabase } from '@strata/core';
import { createTempDir, startTestPostgres, type TestPostgres, testPostgresServerUrl } from '@strata/testkit';
import fc from 'fast-check';
import provider from '../src/index.js';
import { parsePostgresUrl } from '../src/url.js';

function failureOf(run: () => unknown): { code: string; text: string } {
  try {
    run();
  } catch (error) {
    if (!isStrataError(error)) throw error;
    return { code: error.code, text: JSON.stringify({ m: error.message, h: error.hint, d: error.details }) };
  }
  throw new Error('expected a failure');
}

describe('PostgreSQL URLs', () => {
  test.each([
    ['one slash', 'postgresql:/user:secret1@host:5433/db'],
    ['no slash', 'postgresql:user:secret1@host:5433/db'],
    ['no host', 'postgresql://user:secret1@/db'],
    ['no host, only a path', 'postgresql:///db'],
    ['a / in the password', 'postgresql://user:sec/ret1@host/db'],
    ['a / in a numeric password', 'postgresql://user:1234/secret1@host/db'],
    ['a ? in the password', 'postgresql://user:1234?secret1@host/db'],
    ['a # in the password', 'postgresql://user:1234#secret1@host/db'],
    ['a lone % in the password', 'postgresql://user:secret1%@host/db'],
    ['a port out of range', 'postgresql://user:secret1@host:99999/db'],
    ['port 0', 'postgresql://user:secret1@host:0/db'],
    ['a path of two segments', 'postgresql://user:secret1@host/db/more'],
  ])('refuses %s with invalid-argument, the expected form, and no password', (_, url) => {
    const failure = failureOf(() => parsePostgresUrl(url));
    expect(failure.code).toBe('invalid-argument');
    expect(failure.text).toContain('postgresql://USER:PASSWORD@HOST:PORT/DATABASE');
    expect(failure.text).not.toMatch(/secret1|sec\/ret1/);
  });

  test('refuses other schemes and an unknown sslmode without showing the URL', () => {
    expect(failureOf(() => parsePostgresUrl('mysql://u:secret1@h/db'))).toMatchObject({ code: 'invalid-argument' });
    expect(failureOf(() => parsePostgresUrl('u:secret1@h/db')).text).not.toContain('secret1');
    expect(failureOf(() => parsePostgresUrl('postgresql://u:secret1@h/db?sslmode=always')).text).toContain(
      'verify-full',
    );
  });

  test('reads the accepted forms; the display has no password', () => {
    expect(parsePostgresUrl('postgresql://app:p%40ss%2Fw%3Ard@db.example:6432/shop?schema=s1&sslmode=require')).toEqual(
      {
        host: 'db.example',
        port: 6432,
        database: 'shop',
        user: 'app',
        password: 'p@ss/w:rd',
        schema: 's1',
        ssl: 'require',
        sslmode: 'require',
        display: 'postgresql://app:***@db.example:6432/shop?schema=s1&sslmode=require',
      },
    );
    // an unencoded @ in the password: the last @ ends it, as in the URL standard
    expect(parsePostgresUrl('postgres://app:p@ss@db/shop')).toMatchObject({ host: 'db', password: 'p@ss' });
    expect(parsePostgresUrl('postgresql://db')).toMatchObject({ host: 'db', port: 5432, database: 'postgres' });
    expect(parsePostgresUrl('postgresql://app@[::1]:5433/shop')).toMatchObject({ host: '::1', port: 5433 });
    expect(parsePostgresUrl('postgresql://app@localhost/shop?host=/var/run/postgresql')).toMatchObject({
      host: '/var/run/postgresql',
      database: 'shop',
    });
    expect(parsePostgresUrl('postgresql:///shop?host=/var/run/postgresql').host).toBe('/var/run/postgresql');
    const query = parsePostgresUrl('postgresql://app@db/shop?password=hunter22&sslpassword=key22');
    expect(query.password).toBe('hunter22');
    expect(query.display).toBe('postgresql://app@db/shop?password=***&sslpassword=***');
  });

  test('property: for any URL-ish text holding a password, no error and no display contains it', () => {
    const passwordChar = fc.constantFrom(...'abcXYZ019@:/?#%& +=!$;,\'"'.split(''));
    const password = fc
      .tuple(
        fc.string({ unit: passwordChar, minLength: 0, maxLength: 6 }),
        fc.string({ unit: passwordChar, maxLength: 6 }),
      )
      // a marker that cannot occur in the rest of the URL, so "contains" means "leaked"
      .map(([a, b]) => `${a}Qz7k${b}`);
    const shape = fc.constantFrom(
      (p: string) => `postgresql://user:${p}@host:5433/db`,
      (p: string) => `postgresql://user:${encodeURIComponent(p)}@host:5433/db`,
      (p: string) => `postgresql:/user:${p}@host:5433/db`,
      (p: string) => `postgresql:user:${p}@host/db`,
      (p: string) => `postgres://:${p}@host`,
      (p: string) => `postgresql://user:${p}@/db`,
      (p: string) => `postgresql://user:${p}@host/db?sslmode=require&schema=x`,
      (p: string) => `postgresql://user@host/db?password=${encodeURIComponent(p)}`,
      (p: string) => `postgresql://user@host/db?password=${p}`,
      (p: string) => `postgresql://user:${p}@host:${p}/${p}`,
      (p: string) => `mysql://user:${p}@host/db`,
    );
    fc.assert(
      fc.property(shape, password, (make, secret) => {
        const url = make(secret);
        let shown: string;
        try {
          shown = parsePostgresUrl(url).display;
        } catch (error) {
          if (!isStrataError(error)) throw error;
          shown = JSON.stringify({ m: error.message, h: error.hint, d: error.details });
        }
        expect(shown).not.toContain('Qz7k');
      }),
      { numRuns: 300 },
    );
  });
});

// The server has no TLS; PGlite's socket server is not a PostgreSQL server for this purpose.
const serverUrl = testPostgresServerUrl();
if (serverUrl === undefined)
  console.log('skipping TLS and concurrent creation: they need a PostgreSQL server (set STRATA_TEST_POSTGRES_URL)');

let pg: TestPostgres | undefined;
beforeAll(async () => {
  if (serverUrl !== undefined) pg = await startTestPostgres();
});
afterAll(async () => {
  await pg?.close();
});

function withSslmode(url: string, sslmode: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('sslmode', sslmode);
  return parsed.toString();
}

async function connectError(url: string): Promise<{ code: string; message: string; hint: string }> {
  const error = await openDatabase(provider, url).then(
    async (connection) => {
      await connection.close();
      throw new Error(`connected to ${url}`);
    },
    (e: unknown) => e,
  );
  if (!isStrataError(error)) throw error;
  return { code: error.code, message: error.message, hint: error.hint ?? '' };
}

(serverUrl === undefined ? describe.skip : describe)('TLS against a server without TLS', () => {
  test.each(['require', 'verify-ca', 'verify-full'])(
    'sslmode=%s: a connection error that says the server refused TLS and how to change sslmode',
    async (sslmode) => {
      const failure = await connectError(withSslmode(pg!.url, sslmode));
      expect(failure.code).toBe('connection-refused');
      expect(failure.message).toMatch(/does not accept TLS connections/);
      expect(failure.message).toContain(`sslmode=${sslmode}`);
      expect(failure.hint).toMatch(/sslmode.*disable.*prefer/);
    },
  );

  test.each(['disable', 'prefer', 'allow'])('sslmode=%s connects without TLS', async (sslmode) => {
    const connection = await openDatabase(provider, withSslmode(pg!.url, sslmode));
    expect(
      (await connection.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'))[0]!.ssl,
    ).toBe(false);
    await connection.close();
  });
});

(serverUrl === undefined ? describe.skip : describe)('a Unix socket', () => {
  test('?host=/socket/dir connects through the socket in that directory', async () => {
    const tcp = new URL(pg!.url);
    const directory = ['/var/run/postgresql', '/tmp'].find((d) => existsSync(`${d}/.s.PGSQL.${tcp.port || 5432}`));
    if (directory === undefined) {
      console.log('skipping the Unix socket check: the test server has no socket in /var/run/postgresql or /tmp');
      return;
    }
    const url = `postgresql://${tcp.username || 'postgres'}@localhost:${tcp.port || 5432}${tcp.pathname}?host=${directory}`;
    const connection = await openDatabase(provider, url);
    // a socket session has no client address
    expect((await connection.query<{ addr: string | null }>('SELECT inet_client_addr() AS addr'))[0]!.addr).toBeNull();
    await connection.close();
  });
});

(serverUrl === undefined ? describe.skip : describe)('creating a missing database', () => {
  test('eight connects at once with createIfMissing: one creates it, all succeed', async () => {
    const url = pg!.missingDatabaseUrl();
    const connections = await Promise.all(
      Array.from({ length: 8 }, () => openDatabase(provider, url, { createIfMissing: true })),
    );
    for (const connection of connections) {
      expect((await connection.query<{ db: string }>('SELECT current_database() AS db'))[0]!.db).toBe(
        new URL(url).pathname.slice(1),
      );
      await connection.close();
    }
  });
});

/**
 * A TLS endpoint with a self-signed certificate that answers PostgreSQL's SSLRequest with `S`, as
 * a server with `ssl = on` does: enough for the client's certificate check, which happens before
 * any PostgreSQL message. Needs the openssl command to make the certificate.
 */
function selfSignedTlsServer(): Promise<{ port: number; close(): Promise<void> }> | undefined {
  const temp = createTempDir('strata-tls-');
  const key = path.join(temp.dir, 'key.pem');
  const cert = path.join(temp.dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      {
        stdio: 'ignore',
      },
    );
  } catch {
    temp.close();
    return undefined;
  }
  const credentials = { key: readFileSync(key), cert: readFileSync(cert) };
  temp.close();
  const server: Server = createServer((socket) => {
    socket.once('data', () => {
      socket.write('S');
      const tls = new TLSSocket(socket, { isServer: true, ...credentials });
      tls.on('error', () => socket.destroy());
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : 0,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    }),
  );
}

describe('TLS certificate verification', () => {
  test('sslmode=verify-full with a self-signed certificate: connection-refused that says why and what to do', async () => {
    const started = selfSignedTlsServer();
    if (started === undefined) {
      console.log('skipping the certificate check: no openssl command to make a certificate');
      return;
    }
    const server = await started;
    try {
      const failure = await connectError(`postgresql://u:secret1@localhost:${server.port}/db?sslmode=verify-full`);
      expect(failure.code).toBe('connection-refused');
      expect(failure.message).toMatch(
        /TLS certificate of the PostgreSQL server at localhost:\d+ could not be verified/,
      );
      expect(failure.message).toContain('SELF_SIGNED');
      expect(failure.hint).toMatch(/NODE_EXTRA_CA_CERTS.*sslmode=require/);
      expect(JSON.stringify(failure)).not.toContain('secret1');
    } finally {
      await server.close();
    }
  });
});
