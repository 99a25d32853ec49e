/**
 * Projects for the API's tests: a schema with `url = env("DATABASE_URL")` and a migrations
 * folder of two migrations, written by core's `migrateDev` against a scratch database (the real
 * thing, not hand-written folders), then the scratch database is thrown away.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrateDev, type Provider } from '@strata/core';

export type FixtureProvider = 'sqlite' | 'postgresql';

export const USERS_MODEL = `model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
}
`;

export const POSTS_MODEL = `model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int

  @@index([authorId])
}
`;

export function schemaText(provider: FixtureProvider, models: readonly string[]): string {
  return `datasource db {\n  provider = "${provider}"\n  url      = env("DATABASE_URL")\n}\n\n${models.join('\n')}`;
}

export async function providerObject(id: FixtureProvider): Promise<Provider> {
  return id === 'sqlite'
    ? (await import('@strata/provider-sqlite')).provider
    : (await import('@strata/provider-postgres')).provider;
}

export interface Fixture {
  readonly dir: string;
  readonly schemaPath: string;
  readonly migrationsDir: string;
  /** The migration folders' names, in order. */
  readonly migrations: readonly string[];
}

/**
 * Writes `dir/package.json` and `dir/prisma/schema.prisma`, then makes the migrations `init`
 * (users) and `add_posts` (posts) with `migrateDev` on `scratchUrl`. The schema ends at both models.
 */
export async function writeFixture(dir: string, provider: FixtureProvider, scratchUrl: string): Promise<Fixture> {
  const prismaDir = path.join(dir, 'prisma');
  mkdirSync(prismaDir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
  const schemaPath = path.join(prismaDir, 'schema.prisma');
  const migrationsDir = path.join(prismaDir, 'migrations');
  const providerImpl = await providerObject(provider);
  const migrations: string[] = [];
  const steps = [
    { name: 'init', models: [USERS_MODEL], at: '2025-01-01T00:00:00Z' },
    { name: 'add_posts', models: [USERS_MODEL, POSTS_MODEL], at: '2025-01-02T00:00:00Z' },
  ];
  for (const step of steps) {
    writeFileSync(schemaPath, schemaText(provider, step.models));
    const result = await migrateDev({
      provider: providerImpl,
      url: scratchUrl,
      schemaPath,
      migrationsDir,
      name: step.name,
      now: () => new Date(step.at),
    });
    if (result.outcome === 'no-changes') throw new Error(`fixture: ${step.name} planned no change`);
    migrations.push(result.migration.name);
  }
  return { dir, schemaPath, migrationsDir, migrations };
}

export function removeQuietly(file: string): void {
  rmSync(file, { recursive: true, force: true });
}

const packageDir = path.resolve(import.meta.dirname, '..');

/**
 * `dir/node_modules` as an application's: `@strata/api` (this package, built: its dist/) and
 * `postgres` (the driver the PostgreSQL examples use for their own SQL).
 */
export function linkPackages(dir: string): void {
  mkdirSync(path.join(dir, 'node_modules', '@strata'), { recursive: true });
  symlinkSync(packageDir, path.join(dir, 'node_modules', '@strata', 'api'), 'dir');
  // the package's own (a devDependency): `postgres` exports no package.json to resolve
  symlinkSync(
    realpathSync(path.join(packageDir, 'node_modules', 'postgres')),
    path.join(dir, 'node_modules', 'postgres'),
    'dir',
  );
}

/** Fails with the way out when the package is not built (the children import its dist/). */
export function assertBuilt(): void {
  if (!existsSync(path.join(packageDir, 'dist', 'index.js')))
    throw new Error('@strata/api is not built: run `pnpm test` (which builds it) or `pnpm build` in packages/api');
}

export interface NodeRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** `node ...args` in `cwd`, as a user's process: no jest flags, no DATABASE_URL but the one given. */
export function runNode(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<NodeRun> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...inherited, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
