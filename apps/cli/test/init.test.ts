import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createTempDir } from '@strata/testkit';
import { runCli } from './support/run-cli.js';

let temp: { dir: string; close(): void };
beforeEach(() => {
  temp = createTempDir('strata-cli-init-');
});
afterEach(() => temp.close());

describe('strata init', () => {
  test('creates a schema, .env and a migrations folder', async () => {
    const result = await runCli(['init', '--provider', 'sqlite', '--json'], { cwd: temp.dir });
    expect(result.code).toBe(0);
    const json = result.json<{ provider: string; created: string[]; envKept: boolean }>();
    expect(json.provider).toBe('sqlite');
    expect(json.created).toEqual([path.join('prisma', 'schema.prisma'), path.join('prisma', 'migrations'), '.env']);
    expect(readFileSync(path.join(temp.dir, 'prisma/schema.prisma'), 'utf8')).toContain('provider = "sqlite"');
    expect(readFileSync(path.join(temp.dir, '.env'), 'utf8')).toBe('DATABASE_URL="file:./dev.db"\n');
    expect(existsSync(path.join(temp.dir, 'prisma/migrations'))).toBe(true);
  });

  test('infers the provider from --url and never prints the password', async () => {
    const url = 'postgresql://app:s3cret@db.example:5432/app';
    const result = await runCli(['init', '--url', url], { cwd: temp.dir });
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(temp.dir, 'prisma/schema.prisma'), 'utf8')).toContain('provider = "postgresql"');
    expect(readFileSync(path.join(temp.dir, '.env'), 'utf8')).toContain(url);
    expect(result.stdout + result.stderr).not.toContain('s3cret');
    expect(result.stdout).toContain('app:***@db.example');
  });

  test('init --url mysql://... and mariadb://... pick the bundled MySQL provider', async () => {
    const result = await runCli(['init', '--url', 'mysql://app:s3cret@db.example:3306/app', '--json'], {
      cwd: temp.dir,
    });
    expect(result.code).toBe(0);
    expect(result.json<{ provider: string }>().provider).toBe('mysql');
    expect(readFileSync(path.join(temp.dir, 'prisma/schema.prisma'), 'utf8')).toContain('provider = "mysql"');
    expect(result.stdout + result.stderr).not.toContain('s3cret');
    const other = createTempDir('strata-cli-init-');
    try {
      const mariadb = await runCli(['init', '--url', 'mariadb://app@db.example/app', '--json'], { cwd: other.dir });
      expect(mariadb.code).toBe(0);
      expect(mariadb.json<{ provider: string }>().provider).toBe('mysql');
    } finally {
      other.close();
    }
  });

  test('never prints a password the URL pattern cannot delimit (a space in it)', async () => {
    const other = createTempDir('strata-cli-init-');
    try {
      const result = await runCli(['init', '--url', 'postgresql://app:my s3cret@db.example/app'], { cwd: other.dir });
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toContain('s3cret');
    } finally {
      other.close();
    }
  });

  test('refuses to overwrite an existing schema', async () => {
    expect((await runCli(['init'], { cwd: temp.dir })).code).toBe(0);
    const again = await runCli(['init', '--json'], { cwd: temp.dir });
    expect(again.code).toBe(1);
    expect(again.json<{ error: { code: string; hint: string } }>().error).toMatchObject({ code: 'invalid-argument' });
    const human = await runCli(['init'], { cwd: temp.dir });
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^Error \[invalid-argument\] prisma\/schema.prisma already exists/m);
    expect(human.stderr).toMatch(/^→ /m);
    expect(human.stderr).not.toMatch(/\n\s+at /);
  });

  test('keeps an .env that already defines DATABASE_URL, appends to one that does not', async () => {
    writeFileSync(path.join(temp.dir, '.env'), 'DATABASE_URL=file:./mine.db\n');
    const kept = await runCli(['init', '--provider', 'sqlite', '--json'], { cwd: temp.dir });
    expect(kept.json<{ envKept: boolean }>().envKept).toBe(true);
    expect(readFileSync(path.join(temp.dir, '.env'), 'utf8')).toBe('DATABASE_URL=file:./mine.db\n');

    const other = createTempDir('strata-cli-init-');
    try {
      writeFileSync(path.join(other.dir, '.env'), 'OTHER=1');
      expect((await runCli(['init', '--provider', 'sqlite'], { cwd: other.dir })).code).toBe(0);
      expect(readFileSync(path.join(other.dir, '.env'), 'utf8')).toBe('OTHER=1\nDATABASE_URL="file:./dev.db"\n');
    } finally {
      other.close();
    }
  });

  test('rejects an unknown flag with a usage error', async () => {
    const result = await runCli(['init', '--nope', '--json'], { cwd: temp.dir });
    expect(result.code).toBe(1);
    expect(result.json<{ error: { code: string } }>().error.code).toBe('invalid-argument');
  });
});
