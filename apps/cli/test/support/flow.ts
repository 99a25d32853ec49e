/**
 * The whole reviewed flow through the built CLI, the same for every provider: init, check,
 * format, generate, migrate dev (with and without a TTY-only answer, renames, warnings,
 * --create-only), status, deploy, diff, rollback, a failed migration and resolve, db execute,
 * db push, reset. Each step asserts the exit code and the parsed --json document. The SQL it runs by
 * hand quotes identifiers the provider's way (MySQL reads a double-quoted name as a string).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createProject, type ErrorJson, type TestProject } from './project.js';
import { FLOW_PROVIDERS, type FlowProvider, schemaV1, schemaV2, schemaV3, schemaV4 } from './schemas.js';

export interface FlowDatabase {
  /** DATABASE_URL for the project. */
  readonly url: string;
  /** A second, empty database for `db push`. */
  readonly pushUrl: string;
  close(): Promise<void>;
}

export function defineFlow(provider: FlowProvider, open: () => Promise<FlowDatabase>): void {
  describe(`the reviewed flow on ${provider}`, () => {
    let db: FlowDatabase;
    let project: TestProject;
    const names: Record<string, string> = {};
    const { quoteIdentifier: q, capabilities } = FLOW_PROVIDERS[provider];
    const execute = (sql: string, ...args: string[]) =>
      project.runWith({ input: sql }, 'db', 'execute', '--stdin', ...args);

    beforeAll(async () => {
      db = await open();
      project = createProject(`strata-flow-${provider}-`, { DATABASE_URL: db.url });
    });
    afterAll(async () => {
      project?.close();
      await db?.close();
    });

    test('init creates the project; check and format accept it', async () => {
      const init = await project.run('init', '--provider', provider, '--json');
      expect(init.code).toBe(0);
      expect(init.json<{ provider: string }>().provider).toBe(provider);
      project.writeSchema(schemaV1(provider));
      const check = await project.run('check', '--json');
      expect(check.code).toBe(0);
      expect(check.json<{ ok: boolean; provider: { id: string; source: string } }>()).toMatchObject({
        ok: true,
        provider: { id: provider, source: 'bundled' },
      });
      const formatCheck = await project.run('format', '--check', '--json');
      expect(formatCheck.json<{ changed: number }>().changed).toBe(0);
      expect(formatCheck.code).toBe(0);
    });

    test('migrate dev without --name and without a TTY fails at once, naming the flag', async () => {
      const result = await project.run('migrate', 'dev', '--json');
      expect(result.code).toBe(1);
      expect(result.json<ErrorJson>().error).toMatchObject({ code: 'needs-input', hint: 'Pass --name <name>.' });
      expect(project.migrations()).toEqual([]);
    });

    test('migrate dev creates and applies the first migration, and generates the types', async () => {
      const result = await project.run('migrate', 'dev', '--name', 'init', '--json');
      expect(result.code).toBe(0);
      const json = result.json<{
        outcome: string;
        migration: { name: string };
        summary: string[];
        types: { status: string; output: string };
      }>();
      expect(json.outcome).toBe('applied');
      expect(json.migration.name).toMatch(/^\d{14}_init$/);
      expect(json.summary.length).toBeGreaterThan(0);
      expect(json.types).toMatchObject({ status: 'written', output: path.join(project.dir, 'generated/db.ts') });
      expect(project.read('generated/db.ts')).toContain('export interface DB {');
      expect(result.stderr).toMatch(/\[1\/1\] applied \d{14}_init/);
      names.init = json.migration.name;
      expect(project.migrations()).toEqual([names.init]);
      for (const file of ['migration.sql', 'before.prisma', 'after.prisma', 'metadata.txt']) {
        expect(existsSync(path.join(project.dir, 'prisma/migrations', names.init, file))).toBe(true);
      }
    });

    test('status is in sync (exit 0); generate does not rewrite unchanged types', async () => {
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(0);
      expect(status.json<{ inSync: boolean; applied: { name: string }[]; pending: string[] }>()).toMatchObject({
        inSync: true,
        applied: [{ name: names.init }],
        pending: [],
      });
      const typesFile = path.join(project.dir, 'generated/db.ts');
      const before = statSync(typesFile).mtimeMs;
      const generate = await project.run('generate', '--json');
      expect(generate.code).toBe(0);
      expect(generate.json<{ status: string }>().status).toBe('unchanged');
      expect(statSync(typesFile).mtimeMs).toBe(before);
    });

    test('a rename is never guessed: without --rename it is reported, with it the column is renamed', async () => {
      const insert = await execute(
        `INSERT INTO ${q('User')} (${q('email')}, ${q('name')}) VALUES ('ann@example.com', 'Ann');\n`,
        '--json',
      );
      expect(insert.code).toBe(0);
      project.writeSchema(schemaV2(provider));
      const unresolved = await project.run('migrate', 'dev', '--name', 'rename_name', '--json');
      expect(unresolved.code).toBe(1);
      const error = unresolved.json<ErrorJson>().error;
      expect(error.code).toBe('warnings-block');
      expect(error.details.unresolvedRenames).toEqual([
        { kind: 'column', from: 'User.name', to: 'displayName', flag: '--rename User.name=displayName' },
      ]);
      expect(error.hint).toContain('--rename User.name=displayName');
      expect(project.migrations()).toEqual([names.init]);

      const renamed = await project.run(
        'migrate',
        'dev',
        '--name',
        'rename_name',
        '--rename',
        'User.name=displayName',
        '--json',
      );
      expect(renamed.code).toBe(0);
      const json = renamed.json<{ outcome: string; migration: { name: string }; sql: string; warnings: unknown[] }>();
      expect(json.outcome).toBe('applied');
      expect(json.sql).toContain(`RENAME COLUMN ${q('name')} TO ${q('displayName')}`);
      names.rename = json.migration.name;
    });

    test('--create-only writes a folder that status reports as pending and deploy applies', async () => {
      project.writeSchema(schemaV3(provider));
      const created = await project.run('migrate', 'dev', '--name', 'published', '--create-only', '--json');
      expect(created.code).toBe(0);
      const json = created.json<{ outcome: string; migration: { name: string } }>();
      expect(json.outcome).toBe('created');
      names.published = json.migration.name;

      const pending = await project.run('migrate', 'status', '--json');
      expect(pending.code).toBe(1);
      expect(pending.json<{ inSync: boolean; pending: string[] }>()).toMatchObject({
        inSync: false,
        pending: [names.published],
      });
      const human = await project.run('migrate', 'status');
      expect(human.code).toBe(1);
      expect(human.stdout).toContain('strata migrate deploy');

      const deploy = await project.run('migrate', 'deploy', '--json');
      expect(deploy.code).toBe(0);
      expect(deploy.json<{ applied: { name: string }[]; alreadyApplied: number }>()).toMatchObject({
        applied: [{ name: names.published }],
        alreadyApplied: 2,
      });
      expect((await project.run('migrate', 'status')).code).toBe(0);
    });

    test('migrate diff: summary, --script and --exit-code (0 none, 2 differences, 1 error)', async () => {
      const same = await project.run(
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema',
        'prisma/schema.prisma',
        '--exit-code',
      );
      expect(same.code).toBe(0);
      expect(same.stdout).toBe('No difference.\n');
      const script = await project.run(
        'migrate',
        'diff',
        '--from-empty',
        '--to-schema',
        'prisma/schema.prisma',
        '--script',
        '--exit-code',
      );
      expect(script.code).toBe(2);
      expect(script.stdout).toContain(`CREATE TABLE ${q('User')}`);
      const json = await project.run('migrate', 'diff', '--from-url', db.url, '--to-empty', '--json');
      expect(json.code).toBe(0);
      expect(json.json<{ empty: boolean; summary: string[] }>()).toMatchObject({ empty: false });
      const broken = await project.run(
        'migrate',
        'diff',
        '--from-schema',
        'nope.prisma',
        '--to-empty',
        '--exit-code',
        '--json',
      );
      expect(broken.code).toBe(1);
      expect(broken.json<ErrorJson>().error.code).toBe('schema-not-found');
      const usage = await project.run('migrate', 'diff', '--from-empty', '--json');
      expect(usage.code).toBe(1);
      expect(usage.json<ErrorJson>().error.code).toBe('invalid-argument');
    });

    test('a change that loses data needs --allow-warnings; rollback undoes it', async () => {
      const post = `INSERT INTO ${q('Post')} (${q('title')}, ${q('authorId')}) SELECT 'Hello', ${q('id')} FROM ${q('User')};\n`;
      expect((await execute(post)).code).toBe(0);
      project.writeSchema(schemaV4(provider));
      const blocked = await project.run('migrate', 'dev', '--name', 'drop_title', '--json');
      expect(blocked.code).toBe(1);
      const error = blocked.json<ErrorJson>().error;
      expect(error.code).toBe('warnings-block');
      expect(error.hint).toContain('--allow-warnings');
      const human = await project.run('migrate', 'dev', '--name', 'drop_title');
      expect(human.code).toBe(1);
      expect(human.stderr).toMatch(/^Error \[warnings-block\]/m);
      expect(human.stderr).not.toMatch(/\n\s+at /);

      const allowed = await project.run('migrate', 'dev', '--name', 'drop_title', '--allow-warnings', '--json');
      expect(allowed.code).toBe(0);
      const json = allowed.json<{
        migration: { name: string };
        warnings: { code: string; severity: string; rows?: number }[];
      }>();
      expect(json.warnings).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'drop-column', severity: 'data-loss', rows: 1 })]),
      );
      names.drop = json.migration.name;

      // The way back adds a required column: it can only succeed on an empty table.
      expect((await execute(`DELETE FROM ${q('Post')};\n`)).code).toBe(0);

      const dry = await project.run('migrate', 'rollback', '--dry-run', '--allow-warnings', '--json');
      expect(dry.code).toBe(0);
      expect(dry.json<{ dryRun: boolean; rolledBack: { name: string; sql: string }[] }>()).toMatchObject({
        dryRun: true,
        rolledBack: [{ name: names.drop }],
      });
      const rollback = await project.run('migrate', 'rollback', '--allow-warnings', '--json');
      expect(rollback.code).toBe(0);
      expect(rollback.json<{ rolledBack: { name: string }[] }>().rolledBack.map((m) => m.name)).toEqual([names.drop]);
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      expect(status.json<{ pending: string[]; rolledBack: string[] }>()).toMatchObject({
        pending: [names.drop],
        rolledBack: [names.drop],
      });
      expect((await project.run('migrate', 'deploy', '--json')).code).toBe(0);
    });

    test('a failed migration blocks deploy until migrate resolve', async () => {
      project.writeSchema(schemaV4(provider).replace('model Post {', 'model Tag {\n  id Int @id\n}\n\nmodel Post {'));
      const created = await project.run('migrate', 'dev', '--name', 'add_tag', '--create-only', '--json');
      expect(created.code).toBe(0);
      names.tag = created.json<{ migration: { name: string } }>().migration.name;
      const sqlFile = path.join(project.dir, 'prisma/migrations', names.tag, 'migration.sql');
      const goodSql = project.read(path.join('prisma/migrations', names.tag, 'migration.sql'));
      writeFileSync(sqlFile, `${goodSql}\nTHIS IS NOT SQL;\n`);

      const failed = await project.run('migrate', 'deploy', '--json');
      expect(failed.code).toBe(1);
      const error = failed.json<ErrorJson>().error;
      expect(error.code).toBe('migration-failed');
      const details = error.details as { statement: { index: number; total: number }; appliedSteps: number };
      // the statement that failed is the line appended, the last one
      expect(details.statement.index).toBe(details.statement.total);
      const tagTable = await execute(`SELECT COUNT(*) FROM ${q('Tag')};\n`);
      if (capabilities.transactionalDdl) {
        // The migration ran in one transaction: the failure rolled back the CREATE TABLE before it.
        expect(details).toMatchObject({ transactional: true, appliedSteps: 0 });
        expect(error.hint).toContain(`strata migrate resolve --rolled-back ${names.tag}`);
        expect(tagTable.code).toBe(1);
      } else {
        // Without transactional DDL (MySQL commits every DDL statement by itself) the statements
        // before the failing one stay applied: the table is there, and is dropped by hand below
        // before the migration is resolved as rolled back. (flow-mysql.test.ts resumes one instead.)
        expect(details).toMatchObject({ transactional: false, appliedSteps: details.statement.total - 1 });
        expect(error.hint).toContain(`--rolled-back ${names.tag}`);
        expect(tagTable.code).toBe(0);
      }
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(1);
      const problems = status.json<{ problems: { code: string; migration?: string; fix: string }[] }>().problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'failed-migration',
            migration: names.tag,
            fix: expect.stringContaining('migrate resolve'),
          }),
        ]),
      );
      const blocked = await project.run('migrate', 'deploy', '--json');
      expect(blocked.code).toBe(1);
      expect(blocked.json<ErrorJson>().error.code).toBe('history-problems');

      writeFileSync(sqlFile, goodSql);
      if (!capabilities.transactionalDdl) expect((await execute(`DROP TABLE ${q('Tag')};\n`)).code).toBe(0);
      const resolved = await project.run('migrate', 'resolve', '--rolled-back', names.tag, '--json');
      expect(resolved.code).toBe(0);
      expect(resolved.json()).toEqual({ migration: names.tag, recordedAs: 'rolled-back' });
      const deploy = await project.run('migrate', 'deploy', '--json');
      expect(deploy.code).toBe(0);
      expect(deploy.json<{ applied: { name: string }[] }>().applied.map((a) => a.name)).toEqual([names.tag]);
      const neither = await project.run('migrate', 'resolve', '--json');
      expect(neither.code).toBe(1);
      expect(neither.json<ErrorJson>().error.code).toBe('invalid-argument');
    });

    test('db push makes another database match the schema, without history', async () => {
      const push = await project.run('db', 'push', '--url', db.pushUrl, '--json');
      expect(push.code).toBe(0);
      expect(push.json<{ inSync: boolean; summary: string[] }>()).toMatchObject({ inSync: false });
      const again = await project.run('db', 'push', '--url', db.pushUrl, '--json');
      expect(again.json<{ inSync: boolean }>().inSync).toBe(true);
      const bad = await execute('THIS IS NOT SQL;', '--url', db.pushUrl, '--json');
      expect(bad.code).toBe(1);
      expect(bad.json<ErrorJson>().error.code).toBe('execute-failed');
    });

    test('db pull prints or writes the live schema, and never overwrites models without --force', async () => {
      const printed = await project.run('db', 'pull', '--print', '--json');
      expect(printed.code).toBe(0);
      const json = printed.json<{ schema: string; models: number; written?: string }>();
      expect(json.schema).toMatch(/model User \{/);
      expect(json.schema).toContain('displayName');
      expect(json.written).toBeUndefined();
      const refused = await project.run('db', 'pull', '--json');
      expect(refused.code).toBe(1);
      expect(refused.json<ErrorJson>().error).toMatchObject({
        code: 'invalid-argument',
        hint: expect.stringContaining('--force'),
      });

      const fresh = createProject(`strata-pull-${provider}-`);
      try {
        const pulled = await fresh.run('db', 'pull', '--url', db.pushUrl, '--json');
        expect({ code: pulled.code, out: pulled.code === 0 ? '' : pulled.stdout + pulled.stderr }).toEqual({
          code: 0,
          out: '',
        });
        expect(pulled.json<{ written: string }>().written).toBe(path.join(fresh.dir, 'prisma/schema.prisma'));
        expect(fresh.read('prisma/schema.prisma')).toMatch(/model Post \{/);
        const check = await fresh.runWith({ env: { DATABASE_URL: db.pushUrl } }, 'check', '--json');
        expect(check.code).toBe(0);
      } finally {
        fresh.close();
      }
    });

    test('migrate reset needs --force without a TTY, then drops and re-applies everything', async () => {
      const refused = await project.run('migrate', 'reset', '--json');
      expect(refused.code).toBe(1);
      expect(refused.json<ErrorJson>().error).toMatchObject({ code: 'needs-input', hint: 'Pass --force.' });
      // a view created by hand that reads no managed table is not strata's: reset keeps it
      expect((await execute(`CREATE VIEW ${q('answer')} AS SELECT 42 AS ${q('value')};\n`)).code).toBe(0);
      type Dropped = { kind: string; name: string; namespace?: string; dependsOn?: string }[];
      const dry = await project.run('migrate', 'reset', '--dry-run', '--json');
      expect(dry.code).toBe(0);
      const listed = dry.json<{ dropped: Dropped; applied: string[] }>();
      expect(listed.applied).toEqual([]);
      expect(listed.dropped.map((o) => `${o.kind} ${o.name}`)).toEqual(
        expect.arrayContaining(['table User', 'table Post', 'history-table _strata_migrations']),
      );
      expect(listed.dropped.some((o) => o.name === 'answer')).toBe(false);
      const human = await project.run('migrate', 'reset', '--dry-run');
      expect(human.stdout).toContain('Would drop');
      expect(human.stdout).toContain('  - table User');
      const reset = await project.run('migrate', 'reset', '--force', '--json');
      expect(reset.code).toBe(0);
      const result = reset.json<{ dropped: Dropped; applied: string[] }>();
      expect(result.applied).toEqual(project.migrations());
      // the list shown before is what was dropped, and it was shown (stderr) before the drop
      expect(result.dropped).toEqual(listed.dropped);
      expect(reset.stderr.indexOf('dropping')).toBeGreaterThanOrEqual(0);
      expect(reset.stderr.indexOf('dropping')).toBeLessThan(reset.stderr.indexOf('applying'));
      const kept = await execute(`SELECT ${q('value')} FROM ${q('answer')};\n`);
      expect(kept.code).toBe(0);
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(0);
      expect(project.migrations()).toEqual([names.init, names.rename, names.published, names.drop, names.tag]);
    });

    test('check finds an edited artifact; stdout stays pure JSON throughout', async () => {
      const after = path.join(project.dir, 'prisma/migrations', names.init!, 'after.prisma');
      writeFileSync(after, `${project.read(path.join('prisma/migrations', names.init!, 'after.prisma'))}\n// edited\n`);
      const check = await project.run('check', '--json');
      expect(check.code).toBe(1);
      const json = check.json<{ ok: boolean; migrations: { problems: { migration?: string; code: string }[] } }>();
      expect(json.ok).toBe(false);
      expect(json.migrations.problems.some((p) => p.migration === names.init)).toBe(true);
    });
  });
}
