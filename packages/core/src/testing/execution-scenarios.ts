/**
 * Core's executor and history store on a real database of any provider: what a provider author
 * runs to see that the session, splitter, quoting and placeholders they wrote carry strata's
 * guarantees. SQL here is written with the provider's own quoting and plain types every SQL
 * database has (INTEGER, VARCHAR), so the same scenarios hold for a third database.
 *
 * - A script that fails outside a transaction (a provider without transactional DDL, or a
 *   `-- strata:no-transaction` script) leaves its history row failed with the statements that
 *   stayed applied (`applied_steps_count`), and `migrate deploy --resume` runs it on to its end.
 * - A script that fails inside a transaction leaves nothing of it, only a failed row.
 * - History rows keep every field (times to the millisecond, flags, long text) through the
 *   provider's own table.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, openDatabase } from '../database/database.js';
import { runsInTransaction } from '../database/executor.js';
import type { HistoryRow } from '../migrations/history-row.js';
import { migrateDeploy } from '../workflows/deploy.js';
import type { WorkflowEvent } from '../workflows/events.js';
import { newRowId } from '../workflows/history.js';
import { migrateStatus } from '../workflows/status.js';
import type { WorkflowScenarioTarget } from './workflow-scenarios.js';

export function describeExecutionScenarios(label: string, getTarget: () => WorkflowScenarioTarget): void {
  describe(`${label}: core's executor and history on this provider`, () => {
    let target: WorkflowScenarioTarget;
    let project: string;
    const databases: Database[] = [];

    beforeAll(() => {
      target = getTarget();
      project = mkdtempSync(path.join(tmpdir(), 'strata-exec-'));
    });
    afterAll(async () => {
      for (const db of databases) await db.close().catch(() => undefined);
      if (project) await rm(project, { recursive: true, force: true });
    });

    const fresh = async (): Promise<{ url: string; db: Database }> => {
      const url = await target.createDatabase();
      const db = await openDatabase(target.provider, url, { baseDir: project, createIfMissing: true });
      databases.push(db);
      return { url, db };
    };
    const q = (name: string) => target.provider.quoteIdentifier(name);
    let folders = 0;
    const migrationsFolder = async (files: Record<string, string>): Promise<string> => {
      const dir = path.join(project, `migrations-${++folders}`);
      for (const [name, sql] of Object.entries(files)) {
        await mkdir(path.join(dir, name), { recursive: true });
        await writeFile(path.join(dir, name, 'migration.sql'), sql);
      }
      return dir;
    };
    const values = async (db: Database, table: string): Promise<number[]> =>
      (await db.query<Record<string, unknown>>(`SELECT ${q('id')} FROM ${q(table)} ORDER BY ${q('id')}`)).map((r) =>
        Number(r.id),
      );

    test('a script that fails outside a transaction keeps its applied step count, and --resume runs it to the end', async () => {
      const { url, db } = await fresh();
      // the blocker's row makes statement 3 fail; deleting it (the data, not migration.sql) is the fix
      await db.execute(`CREATE TABLE ${q('blocker')} (${q('id')} INTEGER NOT NULL PRIMARY KEY)`);
      await db.execute(`INSERT INTO ${q('blocker')} (${q('id')}) VALUES (1)`);
      const name = '20260101000000_steps';
      const migrationsDir = await migrationsFolder({
        [name]: [
          '-- strata:no-transaction',
          `CREATE TABLE ${q('step')} (${q('id')} INTEGER NOT NULL PRIMARY KEY);`,
          `INSERT INTO ${q('step')} (${q('id')}) VALUES (1);`,
          `INSERT INTO ${q('blocker')} (${q('id')}) VALUES (1);`,
          `INSERT INTO ${q('step')} (${q('id')}) VALUES (2);`,
          '',
        ].join('\n'),
      });
      const options = { provider: target.provider, url, migrationsDir, baseDir: project };
      await expect(migrateDeploy(options)).rejects.toMatchObject({
        code: 'migration-failed',
        details: { appliedSteps: 2, transactional: false, statement: { index: 3, total: 4, line: 4 } },
        hint: expect.stringContaining('strata migrate deploy --resume'),
      });
      const failed = (await db.history.list()).find((r) => r.migrationName === name);
      expect(failed).toMatchObject({ appliedStepsCount: 2, kind: 'apply' });
      expect(failed?.finishedAt).toBeUndefined();
      expect(failed?.logs).toContain('Failed at statement 3 of 4');
      expect(await values(db, 'step')).toEqual([1]);
      // (the hand-written migration has no snapshots: status also reports its tables as drift)
      const status = await migrateStatus(options);
      expect(status.problems.filter((p) => p.code === 'failed-migration')).toEqual([
        expect.objectContaining({
          fix: expect.stringContaining('`strata migrate deploy --resume` runs it on from statement 3'),
        }),
      ]);
      // without the fix, resuming fails at the same statement and keeps the count
      await expect(migrateDeploy({ ...options, resume: true })).rejects.toMatchObject({
        details: { appliedSteps: 2 },
      });
      await db.execute(`DELETE FROM ${q('blocker')}`);
      const resumed = await migrateDeploy({ ...options, resume: true });
      expect(resumed.resumed).toMatchObject({ name, steps: 2 });
      expect(await values(db, 'step')).toEqual([1, 2]);
      const rows = (await db.history.list()).filter((r) => r.migrationName === name);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ appliedStepsCount: 4 });
      expect(rows[0]?.finishedAt).toBeInstanceOf(Date);
      const after = await migrateStatus(options);
      expect(after.applied.map((a) => a.name)).toEqual([name]);
      expect(after.problems.filter((p) => p.severity === 'error' && p.code !== 'drift')).toEqual([]);
    });

    test('a statement that runs long is reported while it runs (statement-running), once', async () => {
      const { url } = await fresh();
      const name = '20260101000000_slow';
      const migrationsDir = await migrationsFolder({
        [name]: [
          `CREATE TABLE ${q('quick')} (${q('id')} INTEGER NOT NULL PRIMARY KEY);`,
          // portable and slow enough: counting eight million joined rows takes far more than 20 ms; the
          // recursion stays under 1,000 steps, MySQL's and MariaDB's default limit
          `INSERT INTO ${q('quick')} (${q('id')}) WITH RECURSIVE ${q('c')}(${q('x')}) AS (SELECT 1 UNION ALL SELECT ${q('x')} + 1 FROM ${q('c')} WHERE ${q('x')} < 200) SELECT count(*) FROM ${q('c')} ${q('c1')}, ${q('c')} ${q('c2')}, ${q('c')} ${q('c3')};`,
          '',
        ].join('\n'),
      });
      const events: WorkflowEvent[] = [];
      await migrateDeploy({
        provider: target.provider,
        url,
        migrationsDir,
        baseDir: project,
        slowStatementMs: 20,
        onProgress: (event) => events.push(event),
      });
      const running = events.filter((e) => e.type === 'statement-running');
      // the quick statement may pass 20 ms too on a busy machine: what matters is that the slow one
      // is reported while it runs, and each statement at most once
      expect(running.filter((e) => e.statement.index === 2)).toEqual([
        {
          type: 'statement-running',
          name,
          statement: { index: 2, total: 2, line: 2, text: expect.stringContaining('WITH RECURSIVE') },
          runningMs: 20,
        },
      ]);
      expect(new Set(running.map((e) => e.statement.index)).size).toBe(running.length);
    });

    test('a changed migration.sql is not resumed', async () => {
      const { url, db } = await fresh();
      const name = '20260101000000_changed';
      const script = (last: string) =>
        [
          '-- strata:no-transaction',
          `CREATE TABLE ${q('changed')} (${q('id')} INTEGER NOT NULL PRIMARY KEY);`,
          `INSERT INTO ${q(last)} (${q('id')}) VALUES (1);`,
          '',
        ].join('\n');
      const migrationsDir = await migrationsFolder({ [name]: script('missing_table') });
      const options = { provider: target.provider, url, migrationsDir, baseDir: project };
      await expect(migrateDeploy(options)).rejects.toMatchObject({ details: { appliedSteps: 1 } });
      await writeFile(path.join(migrationsDir, name, 'migration.sql'), script('changed'));
      await expect(migrateDeploy({ ...options, resume: true })).rejects.toMatchObject({
        code: 'history-problems',
        message: expect.stringContaining('its migration.sql is not the one that failed'),
      });
      expect(await values(db, 'changed')).toEqual([]);
    });

    test('a script that fails inside a transaction leaves nothing of it, only a failed row', async () => {
      const statements = target.provider.splitStatements(`CREATE TABLE ${q('x')} (${q('id')} INTEGER);`);
      if (!runsInTransaction({ transactional: true }, target.provider, statements)) {
        console.log(`${label}: no transactional DDL: the transactional variant does not apply`);
        return;
      }
      const { db } = await fresh();
      const row: HistoryRow = {
        id: newRowId(),
        migrationName: '20260101000000_atomic',
        checksum: 'c',
        provider: db.provider,
        startedAt: new Date(),
        appliedStepsCount: 0,
        rebuildRequired: false,
        kind: 'apply',
      };
      const result = await db.apply(
        {
          name: row.migrationName,
          sql: `CREATE TABLE ${q('atomic')} (${q('id')} INTEGER NOT NULL PRIMARY KEY);\nINSERT INTO ${q('nowhere')} (${q('id')}) VALUES (1);\n`,
          transactional: true,
        },
        row,
      );
      expect(result).toMatchObject({ ok: false, transactional: true, appliedSteps: 0, statement: { index: 2 } });
      expect(await db.connection.hasTable('atomic', db.connection.historyNamespace)).toBe(false);
      const [recorded] = await db.history.list();
      expect(recorded).toMatchObject({ id: row.id, appliedStepsCount: 0 });
      expect(recorded?.finishedAt).toBeUndefined();
    });

    test('history rows keep every field through the provider’s own table', async () => {
      const { db } = await fresh();
      expect(await db.history.exists()).toBe(false);
      await db.history.ensure();
      await db.history.ensure();
      expect(await db.history.exists()).toBe(true);
      const startedAt = new Date('2026-03-04T05:06:07.089Z');
      const row: HistoryRow = {
        id: newRowId(),
        migrationName: '20260304050607_everything',
        checksum: 'a'.repeat(64),
        artifactsChecksum: 'b'.repeat(64),
        provider: db.provider,
        startedAt,
        appliedStepsCount: 0,
        warnings: 'drop-column [data-loss] ...',
        rebuildRequired: true,
        beforeSchema: 'model A {\n  id Int @id\n}\n'.repeat(200),
        afterSchema: '',
        kind: 'apply',
        generatorVersion: '0.1.0',
      };
      await db.history.insert(row);
      const earlier = { ...row, id: newRowId(), migrationName: '20260101000000_earlier', startedAt: new Date(0) };
      await db.history.insert(earlier);
      const finishedAt = new Date('2026-03-04T05:06:08.123Z');
      await db.history.update(row.id, { finishedAt, appliedStepsCount: 3, logs: 'ok' });
      const rows = await db.history.list();
      expect(rows.map((r) => r.migrationName)).toEqual([earlier.migrationName, row.migrationName]);
      expect(rows[1]).toEqual({ ...row, finishedAt, appliedStepsCount: 3, logs: 'ok' });
    });
  });
}
