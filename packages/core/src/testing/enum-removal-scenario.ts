/**
 * Removing an enum value that rows still hold, through `migrate dev` and `migrate deploy` on a
 * real database: the plan carries `remove-enum-value` as `would-fail` with the row count, so
 * neither `--allow-warnings` nor deploy runs it (PostgreSQL could not convert the rows; on
 * SQLite, where enums are TEXT, the rows would keep a value Prisma Client cannot read). Once the
 * rows are updated the same change goes through; deploy counts again on its own target.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, openDatabase } from '../database/database.js';
import type { Provider } from '../provider/contract.js';
import { migrateDeploy } from '../workflows/deploy.js';
import { migrateDev } from '../workflows/dev.js';

export interface EnumRemovalScenarioTarget {
  readonly provider: Provider;
  /** A fresh, empty database URL for each call. */
  createDatabase(): Promise<string>;
}

const schema = (provider: string, values: readonly string[]): string => `datasource db {
  provider = "${provider}"
}

enum Status {
${values.map((v) => `  ${v}`).join('\n')}
}

model Task {
  id     Int    @id
  status Status @default(OPEN)
}
`;

async function count(connection: Database, sql: string): Promise<number> {
  const rows = await connection.query<Record<string, unknown>>(sql);
  return Number(Object.values(rows[0] ?? {})[0]);
}

export function describeEnumRemovalScenario(label: string, getTarget: () => EnumRemovalScenarioTarget): void {
  describe(`${label}: removing an enum value that rows hold`, () => {
    let provider: Provider;
    const q = (name: string) => provider.quoteIdentifier(name);
    let project: string;
    let schemaPath: string;
    let migrationsDir: string;
    let dev: Database;
    let prod: Database;
    const base = () => ({ provider, schemaPath, migrationsDir });

    beforeAll(async () => {
      const target = getTarget();
      provider = target.provider;
      project = mkdtempSync(path.join(tmpdir(), 'strata-enum-removal-'));
      await mkdir(path.join(project, 'prisma'));
      schemaPath = path.join(project, 'prisma', 'schema.prisma');
      migrationsDir = path.join(project, 'prisma', 'migrations');
      dev = await openDatabase(provider, await target.createDatabase(), { baseDir: project, createIfMissing: true });
      prod = await openDatabase(provider, await target.createDatabase(), { baseDir: project, createIfMissing: true });
    });

    afterAll(async () => {
      await dev?.close();
      await prod?.close();
      if (project) await rm(project, { recursive: true, force: true });
    });

    test('dev refuses it as would-fail with the count, even with --allow-warnings, and records nothing', async () => {
      await writeFile(schemaPath, schema(provider.id, ['OPEN', 'DONE', 'LATER']));
      expect((await migrateDev({ ...base(), connection: dev, name: 'init' })).outcome).toBe('applied');
      await migrateDeploy({ ...base(), connection: prod });
      const insert = `INSERT INTO ${q('Task')} (${q('id')}, ${q('status')}) VALUES (1, 'OPEN'), (2, 'LATER'), (3, 'LATER');`;
      await dev.execute(insert);
      await prod.execute(insert);

      await writeFile(schemaPath, schema(provider.id, ['OPEN', 'DONE']));
      const refused = migrateDev({ ...base(), connection: dev, name: 'drop later', allowWarnings: true });
      await expect(refused).rejects.toMatchObject({ code: 'would-fail' });
      const error = (await refused.catch((e: unknown) => e)) as { details: { warnings: unknown[] } };
      expect(error.details.warnings).toEqual([
        expect.objectContaining({ code: 'remove-enum-value', severity: 'would-fail', rows: 2 }),
      ]);
      const history = await dev.history.list();
      expect(history.map((r) => r.migrationName)).toHaveLength(1);
      expect(history.every((r) => r.finishedAt !== undefined)).toBe(true);
    });

    test('once the rows are moved, the change goes through; deploy counts again on its target and refuses', async () => {
      await dev.execute(`UPDATE ${q('Task')} SET ${q('status')} = 'DONE' WHERE ${q('status')} = 'LATER';`);
      const result = await migrateDev({ ...base(), connection: dev, name: 'drop later' });
      expect(result.outcome).toBe('applied');
      // production still holds two LATER rows: deploy counts them there, --allow-warnings or not
      const deploy = migrateDeploy({ ...base(), connection: prod, allowWarnings: true });
      await expect(deploy).rejects.toMatchObject({ code: 'would-fail' });
      const error = (await deploy.catch((e: unknown) => e)) as { message: string };
      expect(error.message).toContain('remove-enum-value');
      expect(await count(prod, `SELECT count(*) FROM ${q('Task')} WHERE ${q('status')} = 'LATER'`)).toBe(2);
      const failed = (await prod.history.list()).filter((r) => r.finishedAt === undefined);
      expect(failed).toEqual([]);
      // moved there too, deploy applies it
      await prod.execute(`UPDATE ${q('Task')} SET ${q('status')} = 'DONE' WHERE ${q('status')} = 'LATER';`);
      const applied = await migrateDeploy({ ...base(), connection: prod });
      expect(applied.applied).toHaveLength(1);
    });
  });
}
