/**
 * The reviewed migration flow, end to end, on a real database: one scenario that every provider
 * runs (`packages/provider-<db>/test/workflows.test.ts`) with its own databases. Schemas use only
 * what every SQL provider has, so the same steps and expectations hold everywhere.
 *
 * Steps share state and run in order (each is one `test`, so a failure names the step).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, openDatabase } from '../database/database.js';
import type { RenameCandidate } from '../diff/renames.js';
import { migrationChecksum } from '../migrations/checksum.js';
import type { Provider } from '../provider/contract.js';
import { migrateDeploy } from '../workflows/deploy.js';
import { migrateDev } from '../workflows/dev.js';
import { migrateDiff } from '../workflows/diff.js';
import { dbPull } from '../workflows/pull.js';
import { dbPush } from '../workflows/push.js';
import { migrateReset } from '../workflows/reset.js';
import { migrateResolve } from '../workflows/resolve.js';
import { migrateRollback } from '../workflows/rollback.js';
import { migrateStatus } from '../workflows/status.js';

export interface WorkflowScenarioTarget {
  readonly provider: Provider;
  /** A URL of a fresh, empty database (each call a new one). */
  createDatabase(): Promise<string>;
}

export interface PrismaHistoryRow {
  readonly id: string;
  readonly checksum: string;
  readonly migrationName: string;
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  readonly rolledBackAt?: Date;
  readonly logs?: string;
  readonly appliedStepsCount: number;
}

const PRISMA_HISTORY_COLUMNS = [
  'id',
  'checksum',
  'finished_at',
  'migration_name',
  'logs',
  'rolled_back_at',
  'started_at',
  'applied_steps_count',
] as const;

/**
 * Inserts `row` into `_prisma_migrations` as Prisma Migrate would have (every column), for an
 * `AdoptionTarget.insertPrismaRow`, with the provider's quoting and placeholders.
 */
export async function insertPrismaHistoryRow(
  connection: Database,
  row: PrismaHistoryRow,
  provider: Pick<Provider, 'placeholder' | 'quoteIdentifier'>,
  /** How Prisma's engine stores a timestamp in this database (a Date, Unix milliseconds ...). */
  storedTime: (date: Date) => unknown,
): Promise<void> {
  const q = (name: string) => provider.quoteIdentifier(name);
  const timestamp = (date: Date | undefined): unknown => (date === undefined ? null : storedTime(date));
  const columns = PRISMA_HISTORY_COLUMNS.map(q).join(', ');
  const placeholders = PRISMA_HISTORY_COLUMNS.map((_, i) => provider.placeholder(i + 1)).join(', ');
  await connection.query(`INSERT INTO ${q('_prisma_migrations')} (${columns}) VALUES (${placeholders})`, [
    row.id,
    row.checksum,
    timestamp(row.finishedAt),
    row.migrationName,
    row.logs ?? null,
    timestamp(row.rolledBackAt),
    timestamp(row.startedAt),
    row.appliedStepsCount,
  ]);
}

export interface AdoptionTarget extends WorkflowScenarioTarget {
  /** Creates `_prisma_migrations` exactly as Prisma Migrate does for this provider. */
  createPrismaHistoryTable(connection: Database): Promise<void>;
  insertPrismaRow(connection: Database, row: PrismaHistoryRow): Promise<void>;
  /** Corpus project folders (under the corpus root) with a `migrations/` folder for this provider. */
  readonly corpusProjects: readonly string[];
  /** Why the corpus replay cannot run here (e.g. an extension PGlite lacks), or undefined. */
  readonly replaySkipReason?: (project: string, error: unknown) => string | undefined;
}

const schemaV1 = (provider: string): string => `datasource db {
  provider = "${provider}"
}

model User {
  id       Int    @id @default(autoincrement())
  email    String @unique
  username String
}
`;

const schemaV2 = (provider: string): string => `datasource db {
  provider = "${provider}"
}

model User {
  id          Int     @id @default(autoincrement())
  email       String  @unique
  displayName String
  bio         String?
  posts       Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
`;

// v3 drops User.bio: a destructive change that needs --allow-warnings while a bio is stored.
const schemaV3 = (provider: string): string => schemaV2(provider).replace('  bio         String?\n', '');

async function count(connection: Database, sql: string): Promise<number> {
  const rows = await connection.query<Record<string, unknown>>(sql);
  return Number(Object.values(rows[0] ?? {})[0]);
}

async function folders(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

const acceptUsernameRename = (candidate: RenameCandidate): boolean =>
  candidate.kind === 'column' && candidate.from === 'username' && candidate.to === 'displayName';

export function describeWorkflowScenarios(label: string, getTarget: () => WorkflowScenarioTarget): void {
  describeSafetyScenarios(label, getTarget);
  describe(`${label}: the reviewed migration flow`, () => {
    let target: WorkflowScenarioTarget;
    let provider: Provider;
    const q = (name: string) => provider.quoteIdentifier(name);
    let project: string;
    let schemaPath: string;
    let migrationsDir: string;
    let devUrl: string;
    let prodUrl: string;
    let dev: Database;
    let prod: Database;
    const names: string[] = [];

    const writeSchema = (text: string) => writeFile(schemaPath, text);
    const base = () => ({ provider, schemaPath, migrationsDir });

    beforeAll(async () => {
      target = getTarget();
      provider = target.provider;
      project = mkdtempSync(path.join(tmpdir(), 'strata-flow-'));
      await mkdir(path.join(project, 'prisma'));
      schemaPath = path.join(project, 'prisma', 'schema.prisma');
      migrationsDir = path.join(project, 'prisma', 'migrations');
      devUrl = await target.createDatabase();
      prodUrl = await target.createDatabase();
      dev = await openDatabase(provider, devUrl, { baseDir: path.dirname(schemaPath), createIfMissing: true });
      prod = await openDatabase(provider, prodUrl, { baseDir: path.dirname(schemaPath), createIfMissing: true });
    });

    afterAll(async () => {
      await dev?.close();
      await prod?.close();
      if (project) await rm(project, { recursive: true, force: true });
    });

    test('dev #1 creates the first migration folder with every artifact and applies it', async () => {
      await writeSchema(schemaV1(provider.id));
      const result = await migrateDev({ ...base(), connection: dev, name: 'init' });
      expect(result.outcome).toBe('applied');
      if (result.outcome === 'no-changes') return;
      names.push(result.migration.name);
      expect(result.migration.name).toMatch(/^\d{14}_init$/);
      const files = (await readdir(result.migration.path)).sort();
      expect(files).toEqual(['after.prisma', 'before.prisma', 'metadata.txt', 'migration.sql']);
      const after = await readFile(path.join(result.migration.path, 'after.prisma'), 'utf8');
      expect(after).toContain('model User');
      expect(after).not.toContain('url');
      const lock = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8');
      expect(lock).toContain(`provider = "${provider.id}"`);
      await dev.execute(
        `INSERT INTO ${q('User')} (${q('email')}, ${q('username')}) VALUES ('alice@example.com', 'alice');`,
      );
    });

    test('dev #2 renames a column (resolver) and adds a table: the data stays', async () => {
      await writeSchema(schemaV2(provider.id));
      const result = await migrateDev({
        ...base(),
        connection: dev,
        name: 'posts and display name',
        resolver: acceptUsernameRename,
      });
      expect(result.outcome).toBe('applied');
      if (result.outcome === 'no-changes') return;
      names.push(result.migration.name);
      expect(result.changes.map((c) => c.kind).sort()).toEqual(['AlterTable', 'CreateTable']);
      expect(await count(dev, `SELECT count(*) FROM ${q('User')} WHERE ${q('displayName')} = 'alice'`)).toBe(1);
      await dev.execute(`UPDATE ${q('User')} SET ${q('bio')} = 'hello';`);
    });

    test('dev #3 with a destructive change stops before writing anything, then runs with allowWarnings', async () => {
      await writeSchema(schemaV3(provider.id));
      const before = await folders(migrationsDir);
      await expect(migrateDev({ ...base(), connection: dev, name: 'drop bio' })).rejects.toMatchObject({
        code: 'warnings-block',
      });
      expect(await folders(migrationsDir)).toEqual(before);
      const result = await migrateDev({ ...base(), connection: dev, name: 'drop bio', allowWarnings: true });
      expect(result.outcome).toBe('applied');
      if (result.outcome === 'no-changes') return;
      names.push(result.migration.name);
      expect(result.warnings.some((w) => w.severity === 'data-loss')).toBe(true);
      const warningsTxt = await readFile(path.join(result.migration.path, 'warnings.txt'), 'utf8');
      expect(warningsTxt).toMatch(/\[data-loss\]/);
    });

    test('dev with no change says so and writes nothing', async () => {
      const before = await folders(migrationsDir);
      const result = await migrateDev({ ...base(), connection: dev });
      expect(result.outcome).toBe('no-changes');
      expect(await folders(migrationsDir)).toEqual(before);
    });

    test('status on the dev database: three applied, in sync, no drift', async () => {
      const status = await migrateStatus({ ...base(), connection: dev });
      expect(status.applied.map((m) => m.name)).toEqual(names);
      expect(status.problems).toEqual([]);
      expect(status.inSync).toBe(true);
    });

    test('pull prints the dev database as a schema that diffs empty against it; diff shows the changes', async () => {
      const pulled = await dbPull({ provider, connection: dev });
      expect(pulled.schema).toContain('model User');
      expect(pulled.schema).toContain('model Post');
      expect(pulled.schema).not.toContain('_strata_migrations');
      const pulledPath = path.join(project, 'pulled.prisma');
      await writeFile(pulledPath, pulled.schema);
      const roundTrip = await migrateDiff({
        provider,
        from: { kind: 'url', url: devUrl },
        to: { kind: 'schema', path: pulledPath },
      });
      expect(roundTrip.summary).toEqual([]);
      expect(roundTrip.empty).toBe(true);

      const fromEmpty = await migrateDiff({
        provider,
        from: { kind: 'empty' },
        to: { kind: 'migrations', dir: migrationsDir },
        format: 'summary',
      });
      expect(fromEmpty.summary.filter((line) => line.startsWith('create table'))).toHaveLength(2);
      expect(fromEmpty.output).toContain('- create table User');
      const sameAsSchema = await migrateDiff({
        provider,
        from: { kind: 'migrations', dir: migrationsDir },
        to: { kind: 'schema', path: schemaPath },
        format: 'json',
      });
      expect(sameAsSchema.empty).toBe(true);
      expect(JSON.parse(sameAsSchema.output)).toMatchObject({ changes: [] });
    });

    test('push syncs a database without a history, gated by warnings', async () => {
      const url = await target.createDatabase();
      const connection = await openDatabase(provider, url, {
        baseDir: path.dirname(schemaPath),
        createIfMissing: true,
      });
      try {
        const first = await dbPush({ provider, connection, schemaPath });
        expect(first.inSync).toBe(false);
        expect(first.changes.length).toBeGreaterThan(0);
        expect(await connection.history.exists()).toBe(false);
        expect((await dbPush({ provider, connection, schemaPath })).inSync).toBe(true);

        await connection.execute(
          `INSERT INTO ${q('User')} (${q('email')}, ${q('displayName')}) VALUES ('bob@example.com', 'bob');`,
        );
        const narrower = path.join(project, 'narrower.prisma');
        await writeFile(narrower, schemaV3(provider.id).replace('  displayName String\n', ''));
        await expect(dbPush({ provider, connection, schemaPath: narrower })).rejects.toMatchObject({
          code: 'warnings-block',
        });
        const forced = await dbPush({ provider, connection, schemaPath: narrower, allowWarnings: true });
        expect(forced.warnings.some((w) => w.severity === 'data-loss')).toBe(true);
        expect(
          await count(connection, `SELECT count(*) FROM ${q('User')} WHERE ${q('email')} = 'bob@example.com'`),
        ).toBe(1);
        expect((await dbPush({ provider, connection, schemaPath: narrower })).inSync).toBe(true);
      } finally {
        await connection.close();
      }
    });

    test('drift: a table created by hand on the dev database is reported in words', async () => {
      await dev.execute(`CREATE TABLE ${q('Extra')} (${q('id')} INTEGER NOT NULL PRIMARY KEY);`);
      const status = await migrateStatus({ ...base(), connection: dev });
      const drift = status.problems.find((p) => p.code === 'drift');
      expect(drift?.differences?.some((d) => d.includes('Extra'))).toBe(true);
      await expect(migrateDev({ ...base(), connection: dev })).rejects.toMatchObject({ code: 'drift' });
      await dev.execute(`DROP TABLE ${q('Extra')};`);
    });

    test('deploy to a second database applies every migration, then status is in sync', async () => {
      const events: string[] = [];
      const result = await migrateDeploy({ ...base(), connection: prod, onProgress: (e) => events.push(e.type) });
      expect(result.applied.map((a) => a.name)).toEqual(names);
      expect(events.filter((e) => e === 'migration-applied')).toHaveLength(3);
      const status = await migrateStatus({ ...base(), connection: prod });
      expect(status.inSync).toBe(true);
      expect(status.problems).toEqual([]);
      const again = await migrateDeploy({ ...base(), connection: prod });
      expect(again.applied).toEqual([]);
    });

    test('a failing migration is recorded as failed, blocks deploy, and is resolved', async () => {
      const name = '29990101000000_broken';
      const folder = path.join(migrationsDir, name);
      await mkdir(folder);
      await writeFile(
        path.join(folder, 'migration.sql'),
        `CREATE TABLE ${q('Half')} (${q('id')} INTEGER);\nINSERT INTO ${q('NoSuchTable')} VALUES (1);\n`,
      );
      await expect(migrateDeploy({ ...base(), connection: prod })).rejects.toMatchObject({ code: 'migration-failed' });
      // Transactional: the first statement was rolled back with the failure. Without transactional
      // DDL it stayed, and is undone by hand before the migration is resolved as rolled back.
      const transactional = provider.capabilities.transactionalDdl;
      expect((await prod.introspect()).tables.some((t) => t.name === 'Half')).toBe(!transactional);
      const status = await migrateStatus({ ...base(), connection: prod });
      expect(status.problems.map((p) => p.code)).toEqual(
        transactional ? ['failed-migration'] : ['failed-migration', 'drift'],
      );
      await expect(migrateDeploy({ ...base(), connection: prod })).rejects.toMatchObject({ code: 'history-problems' });

      if (!transactional) await prod.execute(`DROP TABLE ${q('Half')};`);
      await migrateResolve({ ...base(), connection: prod, rolledBack: name });
      await writeFile(path.join(folder, 'migration.sql'), `CREATE TABLE ${q('Half')} (${q('id')} INTEGER);\n`);
      const result = await migrateDeploy({ ...base(), connection: prod });
      expect(result.applied.map((a) => a.name)).toEqual([name]);
      expect((await migrateStatus({ ...base(), connection: prod })).inSync).toBe(true);
      names.push(name);
    });

    test('editing an applied migration is a checksum mismatch; restoring it clears it', async () => {
      const sqlPath = path.join(migrationsDir, names[0] as string, 'migration.sql');
      const original = await readFile(sqlPath, 'utf8');
      await writeFile(sqlPath, `${original}\n-- edited\n`);
      const status = await migrateStatus({ ...base(), connection: prod });
      expect(status.problems.map((p) => p.code)).toContain('checksum-mismatch');
      await expect(migrateDeploy({ ...base(), connection: prod })).rejects.toMatchObject({ code: 'history-problems' });
      await writeFile(sqlPath, original.replace(/\n/g, '\r\n'));
      const restored = await migrateStatus({ ...base(), connection: prod });
      expect(restored.problems.filter((p) => p.severity !== 'info')).toEqual([]);
      await writeFile(sqlPath, original);
    });

    test('an applied migration missing locally is reported', async () => {
      const moved = path.join(project, 'aside');
      await rename(path.join(migrationsDir, names[1] as string), moved);
      try {
        const status = await migrateStatus({ ...base(), connection: prod });
        expect(status.problems).toContainEqual(
          expect.objectContaining({ code: 'applied-migration-missing-locally', migration: names[1] }),
        );
      } finally {
        await rename(moved, path.join(migrationsDir, names[1] as string));
      }
    });

    test('rollback of the last migration, then back to the first; deploy applies them again', async () => {
      // The hand-written migration has no snapshots: prod cannot roll it back automatically, and an
      // applied migration is not "resolved" as rolled back (resolve only answers failures).
      const hand = names.pop() as string;
      await expect(migrateRollback({ ...base(), connection: prod })).rejects.toMatchObject({
        code: 'unsupported-change',
        hint: expect.stringContaining('`strata migrate dev`'),
      });
      await expect(migrateResolve({ ...base(), connection: prod, rolledBack: hand })).rejects.toMatchObject({
        code: 'invalid-argument',
        details: { state: 'applied' },
      });
      // dev never had it
      await rm(path.join(migrationsDir, hand), { recursive: true });

      const last = await migrateRollback({ ...base(), connection: dev });
      expect(last.rolledBack.map((r) => r.name)).toEqual([names[2]]);
      let status = await migrateStatus({ ...base(), connection: dev });
      expect(status.pending.map((m) => m.name)).toEqual([names[2]]);
      expect(status.problems).toEqual([]);

      const toFirst = await migrateRollback({ ...base(), connection: dev, to: names[0] as string });
      expect(toFirst.rolledBack.map((r) => r.name)).toEqual([names[1]]);
      // The rename is undone as a rename: alice is still there under the old column.
      expect(await count(dev, `SELECT count(*) FROM ${q('User')} WHERE ${q('username')} = 'alice'`)).toBe(1);

      const redeploy = await migrateDeploy({ ...base(), connection: dev, allowWarnings: true });
      expect(redeploy.applied.map((a) => a.name)).toEqual([names[1], names[2]]);
      status = await migrateStatus({ ...base(), connection: dev });
      expect(status.inSync).toBe(true);
      expect(status.problems).toEqual([]);
    });

    test('a change that would fail stops dev; --create-only writes it, the SQL is edited, dev applies it', async () => {
      await writeSchema(
        schemaV3(provider.id).replace('  displayName String\n', '  displayName String\n  nickname    String\n'),
      );
      const before = await folders(migrationsDir);
      await expect(
        migrateDev({ ...base(), connection: dev, name: 'nickname', allowWarnings: true }),
      ).rejects.toMatchObject({ code: 'would-fail' });
      expect(await folders(migrationsDir)).toEqual(before);

      const created = await migrateDev({ ...base(), connection: dev, name: 'nickname', createOnly: true });
      expect(created.outcome).toBe('created');
      if (created.outcome === 'no-changes') return;
      expect(created.warnings.some((w) => w.severity === 'would-fail')).toBe(true);
      expect((await migrateStatus({ ...base(), connection: dev })).pending.map((m) => m.name)).toEqual([
        created.migration.name,
      ]);
      // The way on chosen here: clear the rows that are in the way, by hand, in the reviewed SQL.
      const sqlPath = path.join(created.migration.path, 'migration.sql');
      await writeFile(sqlPath, `DELETE FROM ${q('User')};\n${await readFile(sqlPath, 'utf8')}`);

      // Gated like any pending migration: on SQLite the rebuild it needs is a data-loss warning
      // counted against the rows the table has before the edit's DELETE runs.
      const applied = await migrateDev({ ...base(), connection: dev, allowWarnings: true });
      expect(applied.outcome).toBe('no-changes');
      expect(applied.appliedPending.map((a) => a.name)).toEqual([created.migration.name]);
      names.push(created.migration.name);
      expect((await migrateStatus({ ...base(), connection: dev })).inSync).toBe(true);
    });

    test('reset refuses without force, then drops everything and deploys again', async () => {
      await expect(migrateReset({ ...base(), connection: dev })).rejects.toMatchObject({ code: 'needs-input' });
      const result = await migrateReset({ ...base(), connection: dev, force: true });
      expect(result.deploy?.applied.map((a) => a.name)).toEqual(names);
      expect(await count(dev, `SELECT count(*) FROM ${q('User')}`)).toBe(0);
      expect((await migrateStatus({ ...base(), connection: dev })).inSync).toBe(true);
    });
  });
}

/**
 * Adoption from Prisma Migrate: a database built by replaying a real Prisma history, with
 * `_prisma_migrations` filled as Prisma fills it, is in sync under `status` against that folder,
 * and `deploy` has nothing to do.
 */
export function describeAdoptionScenario(
  label: string,
  getTarget: () => AdoptionTarget,
  corpusRoot: () => string | undefined,
): void {
  describe(`${label}: adoption from Prisma Migrate`, () => {
    test('a replayed corpus history is imported and in sync', async () => {
      const root = corpusRoot();
      if (root === undefined) return;
      const target = getTarget();
      for (const project of target.corpusProjects) {
        const source = path.join(root, project, 'migrations');
        const work = mkdtempSync(path.join(tmpdir(), 'strata-adopt-'));
        const migrationsDir = path.join(work, 'migrations');
        await cp(source, migrationsDir, { recursive: true });
        const url = await target.createDatabase();
        const connection = await openDatabase(target.provider, url, { baseDir: work, createIfMissing: true });
        try {
          await target.createPrismaHistoryTable(connection);
          const migrations = await folders(migrationsDir);
          let replayed = true;
          for (const [index, name] of migrations.entries()) {
            const bytes = await readFile(path.join(migrationsDir, name, 'migration.sql'));
            try {
              await connection.execute(bytes.toString('utf8'));
            } catch (error) {
              const reason = target.replaySkipReason?.(project, error);
              if (reason === undefined) throw error;
              console.log(`${label}: adoption of ${project} skipped: ${reason}`);
              replayed = false;
              break;
            }
            const at = new Date(Date.UTC(2024, 0, 1, 0, 0, index));
            await target.insertPrismaRow(connection, {
              id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
              checksum: migrationChecksum(bytes),
              migrationName: name,
              startedAt: at,
              finishedAt: at,
              appliedStepsCount: 1,
            });
          }
          if (!replayed) continue;
          const status = await migrateStatus({ provider: target.provider, connection, migrationsDir });
          expect(status.importedFromPrisma).toBe(migrations.length);
          expect(status.adoptedFromPrisma).toBe(true);
          expect(status.applied.map((m) => m.name)).toEqual(migrations);
          expect(status.pending).toEqual([]);
          expect(status.problems.filter((p) => p.severity !== 'info')).toEqual([]);
          expect(status.inSync).toBe(true);
          const deploy = await migrateDeploy({ provider: target.provider, connection, migrationsDir });
          expect(deploy.applied).toEqual([]);
          // db pull of a real-world database prints a schema that lowers back to that database.
          const pulled = await dbPull({ provider: target.provider, connection });
          const pulledPath = path.join(work, 'pulled.prisma');
          await writeFile(pulledPath, pulled.schema);
          const roundTrip = await migrateDiff({
            provider: target.provider,
            from: { kind: 'url', url },
            to: { kind: 'schema', path: pulledPath },
          });
          expect(roundTrip.summary).toEqual([]);

          // The first strata migration after Prisma's starts from the live database, records real
          // snapshots (the database as PSL), and can be rolled back.
          const projectSchema = path.join(work, 'schema.prisma');
          await writeFile(projectSchema, `${pulled.schema}\nmodel StrataAdopted {\n  id Int @id\n}\n`);
          const devResult = await migrateDev({
            provider: target.provider,
            connection,
            schemaPath: projectSchema,
            migrationsDir,
            name: 'after adoption',
          });
          expect(devResult.outcome).toBe('applied');
          if (devResult.outcome === 'no-changes') continue;
          expect(devResult.changes.map((c) => c.kind)).toEqual(['CreateTable']);
          const before = await readFile(path.join(devResult.migration.path, 'before.prisma'), 'utf8');
          expect(before.startsWith('// strata:unknown-snapshot')).toBe(false);
          const afterDev = await migrateStatus({ provider: target.provider, connection, migrationsDir });
          expect(afterDev.problems).toEqual([]);
          expect(afterDev.inSync).toBe(true);
          const rolledBack = await migrateRollback({ provider: target.provider, connection, migrationsDir });
          expect(rolledBack.rolledBack.map((r) => r.name)).toEqual([devResult.migration.name]);
          expect((await connection.introspect()).tables.some((t) => t.name === 'StrataAdopted')).toBe(false);
          const again = await migrateStatus({ provider: target.provider, connection, migrationsDir });
          expect(again.importedFromPrisma).toBe(0);
          expect(again.applied).toHaveLength(migrations.length);
        } finally {
          await connection.close();
          await rm(work, { recursive: true, force: true });
        }
      }
    });
  });
}

export interface KilledDeployTarget extends WorkflowScenarioTarget {
  /** The command that runs `migrateDeploy` in a child process and prints progress events as JSON lines. */
  childCommand(
    url: string,
    migrationsDir: string,
  ): { readonly command: string; readonly args: readonly string[]; readonly cwd: string };
  /** SQL that takes a few seconds and creates (and fills) the table `Slow`. */
  readonly slowMigrationSql: string;
  /** Why this backend cannot run the scenario (printed), or undefined. */
  readonly skipReason?: () => string | undefined;
}

/**
 * A deploy killed with SIGKILL in the middle of a long migration leaves the database and the
 * history consistent: that migration is fully applied and recorded, or absent; the next deploy
 * finishes the job.
 */
export function describeKilledDeployScenario(label: string, getTarget: () => KilledDeployTarget): void {
  describe(`${label}: a deploy killed in the middle of a migration`, () => {
    test('leaves the migration applied and recorded, or absent; the next deploy finishes', async () => {
      const target = getTarget();
      const reason = target.skipReason?.();
      if (reason !== undefined) {
        console.log(`${label}: killed-deploy scenario skipped: ${reason}`);
        return;
      }
      const work = mkdtempSync(path.join(tmpdir(), 'strata-kill-'));
      const migrationsDir = path.join(work, 'migrations');
      const first = '20260101000000_base';
      const slow = '20260102000000_slow';
      await mkdir(path.join(migrationsDir, first), { recursive: true });
      await mkdir(path.join(migrationsDir, slow));
      await writeFile(path.join(migrationsDir, 'migration_lock.toml'), `provider = "${target.provider.id}"\n`);
      await writeFile(
        path.join(migrationsDir, first, 'migration.sql'),
        'CREATE TABLE "Base" ("id" INTEGER NOT NULL PRIMARY KEY);\n',
      );
      await writeFile(path.join(migrationsDir, slow, 'migration.sql'), target.slowMigrationSql);
      const url = await target.createDatabase();

      const events = await runAndKill(target.childCommand(url, migrationsDir), slow);
      const killed = !events.some((e) => e.type === 'done');

      const connection = await openDatabase(target.provider, url, { baseDir: work });
      try {
        const tables = (await connection.introspect()).tables.map((t) => t.name);
        const rows = (await connection.history.list()).filter((r) => r.migrationName === slow);
        const recorded = rows.some((r) => r.finishedAt !== undefined && r.rolledBackAt === undefined);
        // Consistent: the table exists exactly when a finished row says so, and nothing is half-recorded.
        expect(tables.includes('Slow')).toBe(recorded);
        expect(rows.filter((r) => r.finishedAt === undefined)).toEqual([]);
        expect(tables).toContain('Base');
        if (killed) console.log(`${label}: deploy killed during ${slow}; recorded afterwards: ${recorded}`);

        const next = await migrateDeploy({ provider: target.provider, connection, migrationsDir });
        expect(next.applied.map((a) => a.name)).toEqual(recorded ? [] : [slow]);
        const status = await migrateStatus({ provider: target.provider, connection, migrationsDir });
        expect(status.applied.map((m) => m.name)).toEqual([first, slow]);
        expect(status.problems.filter((p) => p.severity !== 'info')).toEqual([]);
        const history = await connection.history.list();
        expect(history.filter((r) => r.migrationName === slow)).toHaveLength(1);
        expect(await count(connection, 'SELECT count(*) FROM "Slow"')).toBeGreaterThan(0);
      } finally {
        await connection.close();
        await rm(work, { recursive: true, force: true });
      }
    });
  });
}

type ChildEvent = { readonly type: string; readonly name?: string };

/** Runs the child deploy; SIGKILLs it shortly after `migration` has started. Resolves with the events seen. */
function runAndKill(
  command: { command: string; args: readonly string[]; cwd: string },
  migration: string,
): Promise<ChildEvent[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.command, [...command.args], { cwd: command.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const events: ChildEvent[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        const event = JSON.parse(line) as ChildEvent;
        events.push(event);
        // Give the statement time to be under way in the database, then kill without warning.
        if (event.type === 'migration-started' && event.name === migration)
          setTimeout(() => child.kill('SIGKILL'), 400);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0)
        reject(new Error(`child deploy exited with ${code}: ${stderr}${JSON.stringify(events)}`));
      else if (!events.some((e) => e.type === 'migration-started'))
        reject(new Error(`child deploy never started a migration: ${stderr}`));
      else resolve(events);
    });
  });
}

const safetySchema = (provider: string, extra = ''): string => `datasource db {
  provider = "${provider}"
}

model User {
  id       Int     @id @default(autoincrement())
  email    String  @unique
  username String?${extra}
}
`;

/**
 * The paths that apply, resolve, roll back and recover, each held to what it promises: one
 * warnings gate for every migration that runs, resolve only for failures, a failed rollback that
 * changed nothing leaves the migration applied, an empty migration for hand-written SQL, the
 * failed statement named, and the drift advice followed literally.
 */
function describeSafetyScenarios(label: string, getTarget: () => WorkflowScenarioTarget): void {
  describe(`${label}: safety of the apply, resolve and recovery paths`, () => {
    let provider: Provider;
    const q = (name: string) => provider.quoteIdentifier(name);
    let project: string;
    let schemaPath: string;
    let migrationsDir: string;
    let dev: Database;
    const names: Record<string, string> = {};
    const base = () => ({ provider, schemaPath, migrationsDir });
    const writeSchema = (text: string) => writeFile(schemaPath, text);
    const sqlOf = (name: string) => path.join(migrationsDir, name, 'migration.sql');
    const rowsOf = async (name: string) => (await dev.history.list()).filter((r) => r.migrationName === name);
    const transactional = () => provider.capabilities.transactionalDdl;
    const createEmpty = async (name: string, sql: string): Promise<string> => {
      const created = await migrateDev({ ...base(), connection: dev, name, createOnly: true });
      if (created.outcome !== 'created') throw new Error(`expected a created migration, got ${created.outcome}`);
      await writeFile(sqlOf(created.migration.name), sql);
      return created.migration.name;
    };

    beforeAll(async () => {
      const target = getTarget();
      provider = target.provider;
      project = mkdtempSync(path.join(tmpdir(), 'strata-safety-'));
      await mkdir(path.join(project, 'prisma'));
      schemaPath = path.join(project, 'prisma', 'schema.prisma');
      migrationsDir = path.join(project, 'prisma', 'migrations');
      const url = await target.createDatabase();
      dev = await openDatabase(provider, url, { baseDir: path.dirname(schemaPath), createIfMissing: true });
      await writeSchema(safetySchema(provider.id));
      const init = await migrateDev({ ...base(), connection: dev, name: 'init' });
      if (init.outcome !== 'applied') throw new Error('init was not applied');
      names.init = init.migration.name;
      await dev.execute(
        `INSERT INTO ${q('User')} (${q('email')}, ${q('username')}) VALUES ('Ann@Example.com', 'ann');`,
      );
    });

    afterAll(async () => {
      await dev?.close();
      if (project) await rm(project, { recursive: true, force: true });
    });

    test('dev stops a pending migration that drops data without allowWarnings, as deploy does', async () => {
      await writeSchema(safetySchema(provider.id).replace('  username String?\n', ''));
      const created = await migrateDev({ ...base(), connection: dev, name: 'drop_username', createOnly: true });
      if (created.outcome !== 'created') throw new Error('not created');
      names.drop = created.migration.name;
      // the pending migration is applied by the next dev: counted in this database, ann's username is lost
      await expect(migrateDev({ ...base(), connection: dev })).rejects.toMatchObject({
        code: 'warnings-block',
        details: { warnings: [expect.objectContaining({ code: 'drop-column', rows: 1 })] },
      });
      expect(await count(dev, `SELECT count(*) FROM ${q('User')} WHERE ${q('username')} = 'ann'`)).toBe(1);
      expect((await migrateStatus({ ...base(), connection: dev })).pending.map((m) => m.name)).toEqual([names.drop]);
      const allowed = await migrateDev({ ...base(), connection: dev, allowWarnings: true });
      expect(allowed.outcome).toBe('no-changes');
      expect(allowed.appliedPending.map((a) => a.name)).toEqual([names.drop]);
    });

    test('--create-only without a schema change writes an empty migration; dev applies the SQL written into it', async () => {
      const created = await migrateDev({ ...base(), connection: dev, name: 'lowercase_emails', createOnly: true });
      expect(created.outcome).toBe('created');
      if (created.outcome !== 'created') return;
      expect(created.changes).toEqual([]);
      expect((await readdir(created.migration.path)).sort()).toEqual([
        'after.prisma',
        'before.prisma',
        'metadata.txt',
        'migration.sql',
      ]);
      expect(await readFile(sqlOf(created.migration.name), 'utf8')).toBe('-- This is an empty migration.\n');
      expect((await migrateStatus({ ...base(), connection: dev })).pending.map((m) => m.name)).toEqual([
        created.migration.name,
      ]);
      await writeFile(sqlOf(created.migration.name), `UPDATE ${q('User')} SET ${q('email')} = lower(${q('email')});\n`);
      const applied = await migrateDev({ ...base(), connection: dev });
      expect(applied.appliedPending.map((a) => a.name)).toEqual([created.migration.name]);
      expect(await count(dev, `SELECT count(*) FROM ${q('User')} WHERE ${q('email')} = 'ann@example.com'`)).toBe(1);
      expect((await migrateStatus({ ...base(), connection: dev })).inSync).toBe(true);
    });

    test('a failed migration names its statement (index, line, text) in the error and the history row', async () => {
      const script = `UPDATE ${q('User')} SET ${q('email')} = 'bob@example.com' WHERE ${q('id')} = -1;\n\n-- the broken one\nINSERT INTO ${q('NoSuchTable')} VALUES (1);\n`;
      const name = await createEmpty('broken', script);
      const statement = { index: 2, total: 2, line: 4, text: `INSERT INTO ${q('NoSuchTable')} VALUES (1);` };
      const failure = await migrateDev({ ...base(), connection: dev }).catch((e: unknown) => e);
      expect(failure).toMatchObject({
        code: 'migration-failed',
        message: expect.stringContaining(
          `statement 2 of 2 (migration.sql line 4: INSERT INTO ${q('NoSuchTable')} VALUES (1);)`,
        ),
        // without transactional DDL the script runs statement by statement: the first one stayed
        details: transactional()
          ? { statement, transactional: true, appliedSteps: 0 }
          : { statement, transactional: false, appliedSteps: 1 },
      });
      const [row] = await rowsOf(name);
      expect(row?.logs).toContain(
        `Failed at statement 2 of 2 (migration.sql line 4: INSERT INTO ${q('NoSuchTable')} VALUES (1);)`,
      );
      const status = await migrateStatus({ ...base(), connection: dev });
      expect(status.problems).toContainEqual(
        expect.objectContaining({ code: 'failed-migration', message: expect.stringContaining('migration.sql line 4') }),
      );
      // the hint: resolve as rolled back, fix it, apply again
      await migrateResolve({ ...base(), connection: dev, rolledBack: name });
      await writeFile(sqlOf(name), script.replace(`INSERT INTO ${q('NoSuchTable')} VALUES (1);\n`, ''));
      expect((await migrateDev({ ...base(), connection: dev })).appliedPending.map((a) => a.name)).toEqual([name]);
    });

    test('a failed migration outside a transaction names its statement and what was applied before it', async () => {
      const script = `-- strata:no-transaction\nUPDATE ${q('User')} SET ${q('email')} = ${q('email')} WHERE ${q('id')} = -1;\nUPDATE ${q('NoSuchTable')} SET ${q('a')} = 1;\n`;
      const name = await createEmpty('broken_outside', script);
      await expect(migrateDev({ ...base(), connection: dev })).rejects.toMatchObject({
        code: 'migration-failed',
        hint: expect.stringContaining('1 statement(s) were applied'),
        details: {
          statement: { index: 2, total: 2, line: 3, text: `UPDATE ${q('NoSuchTable')} SET ${q('a')} = 1;` },
          transactional: false,
          appliedSteps: 1,
        },
      });
      const [row] = await rowsOf(name);
      expect(row?.appliedStepsCount).toBe(1);
      expect(row?.logs).toContain(
        `Failed at statement 2 of 2 (migration.sql line 3: UPDATE ${q('NoSuchTable')} SET ${q('a')} = 1;)`,
      );
      // finished by hand: the second statement had nothing to do
      await migrateResolve({ ...base(), connection: dev, applied: name });
      expect((await migrateStatus({ ...base(), connection: dev })).inSync).toBe(true);
    });

    test('resolve answers only failures: an applied or pending migration is refused, naming its state', async () => {
      await expect(
        migrateResolve({ ...base(), connection: dev, rolledBack: names.drop as string }),
      ).rejects.toMatchObject({
        code: 'invalid-argument',
        message: expect.stringContaining('is applied in this database'),
        hint: expect.stringContaining(`strata migrate rollback --to ${names.init}`),
        details: { state: 'applied' },
      });
      await expect(migrateResolve({ ...base(), connection: dev, applied: names.init as string })).rejects.toMatchObject(
        {
          code: 'invalid-argument',
          details: { state: 'applied' },
        },
      );
      const pending = await createEmpty(
        'later',
        `UPDATE ${q('User')} SET ${q('email')} = ${q('email')} WHERE ${q('id')} = -1;\n`,
      );
      await expect(migrateResolve({ ...base(), connection: dev, rolledBack: pending })).rejects.toMatchObject({
        code: 'invalid-argument',
        details: { state: 'pending' },
      });
      await expect(migrateResolve({ ...base(), connection: dev, rolledBack: 'nope' })).rejects.toMatchObject({
        code: 'not-found',
      });
      // nothing was recorded by the refusals: the history still applies it
      expect((await migrateDev({ ...base(), connection: dev })).appliedPending.map((a) => a.name)).toEqual([pending]);
      expect((await migrateStatus({ ...base(), connection: dev })).inSync).toBe(true);
    });

    test('a rollback that fails inside its transaction changes nothing: the migration stays applied', async () => {
      if (!transactional()) {
        console.log(`${label}: no transactional DDL: a rollback cannot fail inside a transaction (skipped)`);
        return;
      }
      await writeSchema(safetySchema(provider.id, '\n  nick     String?').replace('  username String?\n', ''));
      const added = await migrateDev({ ...base(), connection: dev, name: 'add_nick' });
      if (added.outcome !== 'applied') throw new Error('not applied');
      // made by hand: an index on the column (SQLite refuses to drop an indexed column) and, where
      // that is not enough (PostgreSQL drops the index with the column), a view over it. On SQLite a
      // view over a dropped column is caught before anything runs (sqlite-dependent-breaks).
      const withView = provider.id !== 'sqlite';
      if (withView) await dev.execute(`CREATE VIEW ${q('NickView')} AS SELECT ${q('nick')} FROM ${q('User')};`);
      await dev.execute(`CREATE INDEX ${q('User_nick_by_hand')} ON ${q('User')} (${q('nick')});`);
      const failure = await migrateRollback({ ...base(), connection: dev }).catch((e: unknown) => e);
      expect(failure).toMatchObject({
        code: 'migration-failed',
        hint: expect.stringContaining(
          `Nothing changed: the rollback ran in a transaction and ${added.migration.name} is still applied`,
        ),
        details: { transactional: true, statement: expect.objectContaining({ index: 1 }) },
      });
      const status = await migrateStatus({ ...base(), connection: dev, checkDrift: false });
      expect(status.problems).toEqual([]);
      expect(status.applied.at(-1)?.name).toBe(added.migration.name);
      // the attempt is kept in the history, with its error
      expect((await rowsOf(added.migration.name)).some((r) => r.kind === 'rollback' && r.logs !== undefined)).toBe(
        true,
      );
      // the hint: fix what the error names, then roll back again
      if (withView) await dev.execute(`DROP VIEW ${q('NickView')};`);
      await dev.execute(`DROP INDEX ${q('User_nick_by_hand')};`);
      const rolledBack = await migrateRollback({ ...base(), connection: dev });
      expect(rolledBack.rolledBack.map((r) => r.name)).toEqual([added.migration.name]);
      await rm(path.join(migrationsDir, added.migration.name), { recursive: true });
      await writeSchema(safetySchema(provider.id).replace('  username String?\n', ''));
      expect((await migrateStatus({ ...base(), connection: dev })).inSync).toBe(true);
    });

    test('drift made by hand: the printed fix works as written (create-only, resolve --applied, in sync)', async () => {
      // String's own column type, so that the schema's `String?` matches the column made by hand
      const text = provider.types.columnType({ scalar: 'String', list: false, autoincrement: false });
      if ('error' in text) throw new Error(text.error);
      await dev.execute(`ALTER TABLE ${q('User')} ADD COLUMN ${q('nickname')} ${text.native};`);
      const refused = await migrateDev({ ...base(), connection: dev }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'drift' });
      const hint = (refused as { hint: string }).hint;
      expect(hint).toContain('strata db pull --print');
      expect(hint).toContain('strata migrate dev --create-only --name <name>');
      expect(hint).toContain('strata migrate resolve --applied <that migration>');
      // 1. the database as PSL shows the column; it goes into the schema
      const pulled = await dbPull({ ...base(), connection: dev });
      expect(pulled.schema).toMatch(/nickname\s+String\?/);
      await writeSchema(safetySchema(provider.id, '\n  nickname String?').replace('  username String?\n', ''));
      // 2. its migration, planned from the migrations (so other databases get the column)
      const created = await migrateDev({ ...base(), connection: dev, name: 'nickname', createOnly: true });
      expect(created.outcome).toBe('created');
      if (created.outcome !== 'created') return;
      expect(created.drift).toEqual({ differences: [expect.stringContaining('nickname')], matchesSchema: true });
      expect(created.migration.sql.replace(/\s+/g, ' ')).toContain(`ADD COLUMN ${q('nickname')}`);
      // 3. recorded as applied here, where the column already is
      await migrateResolve({ ...base(), connection: dev, applied: created.migration.name });
      const after = await migrateDev({ ...base(), connection: dev });
      expect(after).toMatchObject({ outcome: 'no-changes', appliedPending: [] });
      const status = await migrateStatus({ ...base(), connection: dev });
      expect(status.problems).toEqual([]);
      expect(status.inSync).toBe(true);
    });
  });
}
