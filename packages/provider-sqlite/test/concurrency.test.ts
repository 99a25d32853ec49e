/**
 * Invariant 5: concurrent deploys apply each migration exactly once. Connections (each with its
 * own SQLite handle, so the locks are real file locks) race through lock -> read history ->
 * apply pending -> release, as `migrate deploy` does; then two real `node` processes run core's
 * `migrateDeploy` on the same migrations folder and the same file at once.
 */

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { Database } from '@strata/core';
import { openDatabase } from '@strata/core';
import { createTempDir, createTestSqlite, deployChildCommand } from '@strata/testkit';
import { provider } from '../src/index.js';
import { historyRow } from './support.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

const migrations = Array.from({ length: 6 }, (_, i) => ({
  name: `00${i}_step`,
  sql: `-- CreateTable\nCREATE TABLE "T${i}" ("id" INTEGER NOT NULL PRIMARY KEY);\n\n-- Seed\nINSERT INTO "T${i}" VALUES (1);`,
  transactional: true,
}));

async function deploy(connection: Database): Promise<string[]> {
  const release = await connection.lock({ timeoutMs: 20_000 });
  const applied: string[] = [];
  try {
    await connection.history.ensure();
    const done = new Set(
      (await connection.history.list()).filter((r) => r.finishedAt !== undefined).map((r) => r.migrationName),
    );
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      const result = await connection.apply(migration, historyRow(migration.name));
      if (!result.ok) throw new Error(result.error);
      applied.push(migration.name);
    }
  } finally {
    await release();
  }
  return applied;
}

describe('concurrent deploys', () => {
  test('two deployers racing on the same file apply each migration exactly once', async () => {
    const db = createTestSqlite();
    cleanups.push(db.close);
    const connections = await Promise.all(
      Array.from({ length: 3 }, () => openDatabase(provider, db.url, { createIfMissing: true, lockTimeoutMs: 20_000 })),
    );
    try {
      const results = await Promise.all(connections.map(deploy));
      expect(results.flat().sort()).toEqual(migrations.map((m) => m.name));
      const rows = await connections[0]!.history.list();
      expect(rows.map((r) => r.migrationName).sort()).toEqual(migrations.map((m) => m.name));
      for (let i = 0; i < migrations.length; i++) {
        expect(await connections[0]!.query(`SELECT count(*) AS n FROM "T${i}"`)).toEqual([{ n: 1 }]);
      }
    } finally {
      for (const c of connections) await c.close();
    }
  });

  test('a held lock makes another deployer time out with lock-timeout; releasing twice is harmless', async () => {
    const db = createTestSqlite();
    cleanups.push(db.close);
    const a = await openDatabase(provider, db.url, { createIfMissing: true });
    const b = await openDatabase(provider, db.url);
    try {
      const release = await a.lock({ timeoutMs: 1000 });
      await expect(b.lock({ timeoutMs: 150 })).rejects.toMatchObject({ code: 'lock-timeout' });
      // While locked, the database itself stays usable (the lock lives in a sidecar file).
      await b.execute('CREATE TABLE "x" ("id" INTEGER)');
      await release();
      await release();
      const again = await b.lock({ timeoutMs: 1000 });
      await again();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

interface ChildOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runDeployChild(url: string, migrationsDir: string): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    // The child runs the workspace sources through testkit's loader; NODE_OPTIONS is jest's
    // (--experimental-vm-modules), not the child's.
    const { command, args, cwd } = deployChildCommand('@strata/provider-sqlite', url, migrationsDir, {
      lockTimeoutMs: 60_000,
    });
    const child = spawn(command, [...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // A safety net against a hung child, not an assertion on time.
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('two processes deploying the same folder at once', () => {
  test('each migration is applied exactly once and both processes exit 0', async () => {
    const temp = createTempDir('strata-sqlite-deploy-race-');
    cleanups.push(temp.close);
    const migrationsDir = path.join(temp.dir, 'migrations');
    mkdirSync(migrationsDir);
    writeFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "sqlite"\n');
    for (const migration of migrations) {
      mkdirSync(path.join(migrationsDir, migration.name));
      writeFileSync(path.join(migrationsDir, migration.name, 'migration.sql'), `${migration.sql}\n`);
    }
    const url = `file:${path.join(temp.dir, 'race.db')}`;

    const outcomes = await Promise.all([runDeployChild(url, migrationsDir), runDeployChild(url, migrationsDir)]);
    for (const outcome of outcomes) {
      expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
    }
    const reports = outcomes.map(
      (o) => JSON.parse(o.stdout.trim().split('\n').at(-1) ?? '') as { applied: string[]; alreadyApplied: number },
    );
    // Between them the two processes applied every migration once; each saw the whole folder as
    // either applied by itself or already in the history.
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(migrations.map((m) => m.name));
    for (const report of reports) expect(report.applied.length + report.alreadyApplied).toBe(migrations.length);

    const connection = await openDatabase(provider, url);
    try {
      const rows = await connection.history.list();
      expect(rows.map((r) => r.migrationName).sort()).toEqual(migrations.map((m) => m.name));
      expect(rows.every((r) => r.finishedAt !== undefined)).toBe(true);
      for (let i = 0; i < migrations.length; i++) {
        expect(await connection.query(`SELECT count(*) AS n FROM "T${i}"`)).toEqual([{ n: 1 }]);
      }
    } finally {
      await connection.close();
    }
  });
});
