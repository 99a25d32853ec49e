/**
 * MySQL URLs: the parts the connection uses, and a display form that never shows a password.
 */
import { describe, expect, test } from '@jest/globals';
import { sslOptions } from '../src/client.js';
import provider from '../src/index.js';
import { displayUrl, parseMysqlUrl } from '../src/url.js';

describe('parseMysqlUrl', () => {
  test("Prisma's form, defaults filled", () => {
    expect(parseMysqlUrl('mysql://johndoe:s%40cret@db.example.com:3307/umami?sslaccept=strict')).toEqual({
      host: 'db.example.com',
      port: 3307,
      socket: undefined,
      database: 'umami',
      user: 'johndoe',
      password: 's@cret',
      tls: 'verify',
      display: 'mysql://johndoe:***@db.example.com:3307/umami?sslaccept=strict',
    });
    expect(parseMysqlUrl('mariadb://127.0.0.1/test')).toMatchObject({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: undefined,
    });
  });

  test('a Unix socket, an IPv6 host, a password parameter', () => {
    expect(parseMysqlUrl('mysql://root@localhost/db?socket=/run/mysqld/mysqld.sock')).toMatchObject({
      host: 'localhost',
      socket: '/run/mysqld/mysqld.sock',
    });
    expect(parseMysqlUrl('mysql://u@[::1]:3306/db').host).toBe('::1');
    const withParameter = parseMysqlUrl('mysql://u@h/db?password=hunter2&connection_limit=5');
    expect(withParameter.password).toBe('hunter2');
    expect(withParameter.display).toBe('mysql://u@h/db?password=***');
  });

  test.each([
    ['postgresql://u:p@h/db', 'Not a MySQL URL'],
    ['mysql:/u:secretpw@h/db', 'two slashes'],
    ['mysql://u:sec/ret@h/db', 'Malformed'],
    ['mysql://h', 'names no database'],
    ['mysql://h:0/db', 'port 0'],
    ['mysql://h/a/b', 'one database name'],
    ['mysql://u:%zz@h/db', '% that is not followed'],
    ['mysql://h/db?sslaccept=sometimes', 'Unknown TLS setting'],
  ])('%s is refused (%s), without echoing the password', (url, message) => {
    let error: unknown;
    try {
      parseMysqlUrl(url);
    } catch (e) {
      error = e;
    }
    expect(String((error as Error).message)).toContain(message);
    expect(JSON.stringify(error)).not.toMatch(/secret|sec\/ret|%zz/);
  });

  test('displayUrl masks a password even when the URL does not parse', () => {
    expect(displayUrl('mysql://u:hunter2@h/db')).toBe('mysql://u:***@h/db');
    expect(displayUrl('mysql://u:hun/ter2@h:x/db')).not.toContain('hun');
  });
});

describe('the provider object', () => {
  test('identity, contract version, schemes, enums as columns, init template, quoting', () => {
    expect(provider.id).toBe('mysql');
    expect(provider.apiVersion).toBe(2);
    expect(provider.packageName).toBe('@strata/provider-mysql');
    expect(provider.urlSchemes).toEqual(['mysql:', 'mariadb:']);
    expect(provider.diffHooks.enumsInDatabase).toBe(false);
    expect(provider.init.exampleUrl).toMatch(/^mysql:\/\//);
    expect(provider.quoteIdentifier('a`b')).toBe('`a``b`');
    expect(provider.placeholder(3)).toBe('?');
  });
});

describe("the TLS mode as mysql2's ssl option", () => {
  test('none without a mode or with disable; unverified for prefer and require; verified for verify', () => {
    expect(sslOptions(undefined)).toBeUndefined();
    expect(sslOptions('disable')).toBeUndefined();
    expect(sslOptions('prefer')).toEqual({ rejectUnauthorized: false });
    expect(sslOptions('require')).toEqual({ rejectUnauthorized: false });
    expect(sslOptions('verify')).toEqual({ rejectUnauthorized: true });
    expect(sslOptions(parseMysqlUrl('mysql://u@h/db?sslaccept=strict').tls)).toEqual({ rejectUnauthorized: true });
  });
});
