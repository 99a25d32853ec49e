/**
 * Removing and renaming enum values that rows hold, through `migrate dev` and `migrate deploy` on
 * a real database.
 * - Removing: the plan carries `remove-enum-value` (one warning, nothing else) as `would-fail` with
 *   the row count, so neither `--allow-warnings` nor deploy runs it (PostgreSQL's type and MySQL's
 *   ENUM column refuse the rows; on SQLite, where enums are TEXT, the rows would keep a value
 *   Prisma Client cannot read). Once the rows are updated the same change goes through; deploy
 *   counts again on its own target.
 * - Renaming (a resolver accepts it, `--rename Status.DONE=FINISHED` on the command line): the
 *   rows keep their meaning under the new value, the column's default follows, and the database
 *   is in sync with the schema afterwards, whether the provider renames a value of a type
 *   (PostgreSQL) or updates the rows (SQLite, MySQL).
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, openDatabase } from '../database/database.js';
import type { RenameResolver } from '../diff/renames.js';
import type { Provider } from '../provider/contract.js';
import { migrateDeploy } from '../workflows/deploy.js';
import { migrateDev } from '../workflows/dev.js';
import { migrateStatus } from '../workflows/status.js';

export interface EnumValuesScenarioTarget {
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

export function describeEnumValuesScenario(label: string, getTarget: () => EnumValuesScenarioTarget): void {
  describe(`${label}: removing and renaming enum values that rows hold`, () => {
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
      project = mkdtempSync(path.join(tmpdir(), 'strata-enum-values-'));
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
      const error = (await refused.catch((e: unknown) => e)) as { details: { warnings: { severity: string }[] } };
      // one cause, one would-fail warning (a provider may add review notes, such as a table rewrite)
      expect(error.details.warnings.filter((w) => w.severity !== 'review')).toEqual([
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

    test('renaming a value rows hold keeps the rows under the new name, with the default, in sync', async () => {
      // both databases hold OPEN and DONE rows now; DONE becomes FINISHED, the default OPEN becomes TODO
      await writeFile(
        schemaPath,
        schema(provider.id, ['TODO', 'FINISHED']).replace('@default(OPEN)', '@default(TODO)'),
      );
      // unrenamed, it is a removal of values rows hold: refused, with the rename named as the way out
      const refused = migrateDev({ ...base(), connection: dev, name: 'rename values', allowWarnings: true });
      await expect(refused).rejects.toMatchObject({ code: 'would-fail' });
      const error = (await refused.catch((e: unknown) => e)) as {
        details: { warnings: { code: string; severity: string }[] };
      };
      const failing = error.details.warnings.filter((w) => w.severity === 'would-fail');
      expect(failing.map((w) => w.code)).toEqual(['remove-enum-value']);
      expect(error.details.warnings.some((w) => w.code === 'possible-rename')).toBe(true);

      const renamed: string[] = [];
      const resolver: RenameResolver = async (candidate) => {
        const rename = `${candidate.from}=${candidate.to}`;
        const wanted = candidate.kind === 'enumValue' && (rename === 'OPEN=TODO' || rename === 'DONE=FINISHED');
        if (wanted) renamed.push(rename);
        return wanted;
      };
      const result = await migrateDev({
        ...base(),
        connection: dev,
        name: 'rename values',
        resolver,
        allowWarnings: true,
      });
      expect(result.outcome).toBe('applied');
      expect(renamed.sort()).toEqual(['DONE=FINISHED', 'OPEN=TODO']);
      const statusCount = (value: string) => `SELECT count(*) FROM ${q('Task')} WHERE ${q('status')} = '${value}'`;
      expect(await count(dev, statusCount('FINISHED'))).toBe(2);
      expect(await count(dev, statusCount('TODO'))).toBe(1);
      await dev.execute(`INSERT INTO ${q('Task')} (${q('id')}) VALUES (4);`);
      expect(await count(dev, statusCount('TODO'))).toBe(2);
      const status = await migrateStatus({ ...base(), connection: dev });
      expect(status.problems).toEqual([]);
      expect(status.inSync).toBe(true);

      const deployed = await migrateDeploy({ ...base(), connection: prod, allowWarnings: true });
      expect(deployed.applied).toHaveLength(1);
      expect(await count(prod, statusCount('FINISHED'))).toBe(2);
      expect(await count(prod, statusCount('TODO'))).toBe(1);
      expect((await migrateStatus({ ...base(), connection: prod })).problems).toEqual([]);
    });
  });
}
