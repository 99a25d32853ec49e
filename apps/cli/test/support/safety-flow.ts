/**
 * The safety of the apply and recovery paths through the built CLI, the same for every provider:
 * dev gates a pending migration that loses data, --create-only writes an empty migration, a
 * failed migration names its statement (text and --json), resolve refuses what is not a failure,
 * and every hint strata prints for drift is followed as printed (the commands are taken from the
 * printed text and run), until the database is in sync.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { FlowDatabase } from './flow.js';
import { createProject, type ErrorJson, type TestProject } from './project.js';
import { FLOW_PROVIDERS, type FlowProvider } from './schemas.js';

const schema = (provider: FlowProvider, fields: string) => `datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
${fields}}
`;

/** The `strata ...` commands quoted in a hint or message, as argument lists (placeholders filled). */
function quotedCommands(text: string, fill: Record<string, string> = {}): string[][] {
  return [...text.matchAll(/`strata ([^`]+)`/g)].map((m) => {
    let command = m[1] as string;
    for (const [placeholder, value] of Object.entries(fill)) command = command.replace(placeholder, value);
    return command.split(' ');
  });
}

export function defineSafetyFlow(provider: FlowProvider, open: () => Promise<FlowDatabase>): void {
  describe(`the apply and recovery paths on ${provider}`, () => {
    let db: FlowDatabase;
    let project: TestProject;
    const names: Record<string, string> = {};
    const { quoteIdentifier: q, capabilities } = FLOW_PROVIDERS[provider];
    const sqlFile = (name: string) => path.join(project.dir, 'prisma/migrations', name, 'migration.sql');
    const execute = async (sql: string) => {
      const result = await project.runWith({ input: sql }, 'db', 'execute', '--stdin', '--json');
      expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
    };
    const createOnly = async (name: string): Promise<string> => {
      const created = await project.run('migrate', 'dev', '--create-only', '--name', name, '--json');
      expect(created.code).toBe(0);
      return created.json<{ migration: { name: string } }>().migration.name;
    };

    beforeAll(async () => {
      db = await open();
      project = createProject(`strata-safety-${provider}-`, { DATABASE_URL: db.url });
      project.writeSchema(schema(provider, '  name  String?\n'));
      const init = await project.run('migrate', 'dev', '--name', 'init', '--json');
      expect(init.code).toBe(0);
      names.init = init.json<{ migration: { name: string } }>().migration.name;
      await execute(`INSERT INTO ${q('User')} (${q('email')}, ${q('name')}) VALUES ('Ann@Example.com', 'Ann');\n`);
    });
    afterAll(async () => {
      project?.close();
      await db?.close();
    });

    test('migrate dev stops a pending migration that loses data; its hint (--allow-warnings) applies it', async () => {
      project.writeSchema(schema(provider, ''));
      names.drop = await createOnly('drop_name');
      const blocked = await project.run('migrate', 'dev', '--json');
      expect(blocked.code).toBe(1);
      const error = blocked.json<ErrorJson>().error;
      expect(error.code).toBe('warnings-block');
      expect(error.message).toContain(names.drop);
      expect(error.hint).toBe('Review the warnings, then run again with --allow-warnings to accept them.');
      const allowed = await project.run('migrate', 'dev', '--allow-warnings', '--json');
      expect(allowed.code).toBe(0);
      expect(allowed.json<{ appliedPending: { name: string }[] }>().appliedPending.map((a) => a.name)).toEqual([
        names.drop,
      ]);
    });

    test('--create-only with no schema change writes an empty migration that dev then applies', async () => {
      const created = await project.run('migrate', 'dev', '--create-only', '--name', 'lowercase_emails');
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/an empty migration \(no schema change\)/);
      const name = project.migrations().at(-1) as string;
      expect(name).toMatch(/_lowercase_emails$/);
      expect(project.read(path.join('prisma/migrations', name, 'migration.sql'))).toBe(
        '-- This is an empty migration.\n',
      );
      writeFileSync(sqlFile(name), `UPDATE ${q('User')} SET ${q('email')} = lower(${q('email')});\n`);
      const applied = await project.run('migrate', 'dev', '--json');
      expect(applied.code).toBe(0);
      expect(applied.json<{ outcome: string; appliedPending: { name: string }[] }>()).toMatchObject({
        outcome: 'no-changes',
        appliedPending: [{ name }],
      });
    });

    test('a failed migration names the statement, its line and text, in text and in --json', async () => {
      const harmless = `UPDATE ${q('User')} SET ${q('email')} = ${q('email')} WHERE ${q('id')} = -1;`;
      const broken = `INSERT INTO ${q('NoSuchTable')} VALUES (1);`;
      const name = await createOnly('broken');
      writeFileSync(sqlFile(name), `${harmless}\n\n-- the broken one\n${broken}\n`);
      const where = `statement 2 of 2 (migration.sql line 4: ${broken})`;
      const human = await project.run('migrate', 'dev');
      expect(human.code).toBe(1);
      expect(human.stderr).toContain(`Migration ${name} failed at ${where}`);
      const status = await project.run('migrate', 'status', '--json');
      const problems = status.json<{ problems: { code: string; message: string }[] }>().problems;
      expect(problems).toEqual([
        expect.objectContaining({ code: 'failed-migration', message: expect.stringContaining(where) }),
      ]);

      expect((await project.run('migrate', 'resolve', '--rolled-back', name)).code).toBe(0);
      const json = await project.run('migrate', 'dev', '--json');
      expect(json.code).toBe(1);
      expect(json.json<ErrorJson>().error).toMatchObject({
        code: 'migration-failed',
        details: {
          statement: { index: 2, total: 2, line: 4, text: broken },
          // where DDL commits statement by statement (MySQL) the script runs outside a transaction
          transactional: capabilities.transactionalDdl,
        },
      });
      // its hint: resolve as rolled back, fix migration.sql, apply again
      expect((await project.run('migrate', 'resolve', '--rolled-back', name, '--json')).code).toBe(0);
      writeFileSync(sqlFile(name), `${harmless}\n`);
      expect((await project.run('migrate', 'dev', '--json')).code).toBe(0);
    });

    test('resolve refuses a migration that is not a failure, naming its state', async () => {
      const rolledBack = await project.run('migrate', 'resolve', '--rolled-back', names.drop as string, '--json');
      expect(rolledBack.code).toBe(1);
      expect(rolledBack.json<ErrorJson>().error).toMatchObject({
        code: 'invalid-argument',
        message: expect.stringContaining(`Migration ${names.drop} is applied in this database`),
        hint: expect.stringContaining(`strata migrate rollback --to ${names.init}`),
        details: { state: 'applied' },
      });
      const applied = await project.run('migrate', 'resolve', '--applied', names.init as string, '--json');
      expect(applied.code).toBe(1);
      expect(applied.json<ErrorJson>().error.details).toMatchObject({ state: 'applied' });
      expect((await project.run('migrate', 'status', '--json')).code).toBe(0);
    });

    test('drift by hand: the printed fix is followed command by command until the database is in sync', async () => {
      await execute(`ALTER TABLE ${q('User')} ADD COLUMN ${q('nickname')} TEXT;\n`);
      const refused = await project.run('migrate', 'dev', '--json');
      expect(refused.code).toBe(1);
      const error = refused.json<ErrorJson>().error;
      expect(error.code).toBe('drift');
      const steps = quotedCommands(error.hint as string, { '<name>': 'nickname' });
      expect(steps.map((s) => s.slice(0, 2).join(' '))).toEqual([
        'migrate reset',
        'db pull',
        'migrate dev',
        'migrate resolve',
      ]);
      // "add them to the schema (`strata db pull --print` shows the database as PSL)"
      const pulled = await project.run(...(steps[1] as string[]));
      expect(pulled.code).toBe(0);
      const line = pulled.stdout.split('\n').find((l) => /^\s+nickname\s/.test(l));
      expect(line).toMatch(/nickname\s+String\?/);
      project.writeSchema(schema(provider, `${line}\n`));
      // "write their migration with `strata migrate dev --create-only --name <name>`"
      const created = await project.run(...(steps[2] as string[]));
      expect(created.code).toBe(0);
      const name = project.migrations().at(-1) as string;
      expect(name).toMatch(/_nickname$/);
      expect(project.read(path.join('prisma/migrations', name, 'migration.sql'))).toMatch(
        new RegExp(`ADD COLUMN\\s+${q('nickname').replace(/[^\w]/g, '\\$&')}`),
      );
      // the command it prints, then the hint's last step with the migration it wrote: the same command
      const printed = quotedCommands(created.stdout);
      const last = quotedCommands(error.hint as string, { '<that migration>': name }).at(-1) as string[];
      expect(printed).toEqual([last]);
      const resolved = await project.run(...last);
      expect(resolved.code).toBe(0);
      const dev = await project.run('migrate', 'dev', '--json');
      expect(dev.code).toBe(0);
      expect(dev.json<{ outcome: string }>().outcome).toBe('no-changes');
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(0);
      expect(status.json<{ inSync: boolean; problems: unknown[] }>()).toMatchObject({ inSync: true, problems: [] });
    });

    test('drift by hand on a development database: the printed reset is followed until in sync', async () => {
      await execute(`CREATE TABLE ${q('Scratch')} (${q('id')} INTEGER NOT NULL PRIMARY KEY);\n`);
      const refused = await project.run('migrate', 'dev', '--json');
      expect(refused.code).toBe(1);
      const [reset] = quotedCommands(refused.json<ErrorJson>().error.hint as string);
      expect(reset).toEqual(['migrate', 'reset']);
      // without a terminal, reset asks for --force: its own hint
      const asked = await project.run(...(reset as string[]), '--json');
      expect(asked.code).toBe(1);
      expect(asked.json<ErrorJson>().error.hint).toBe('Pass --force.');
      expect((await project.run(...(reset as string[]), '--force', '--json')).code).toBe(0);
      const status = await project.run('migrate', 'status', '--json');
      expect(status.code).toBe(0);
      expect(status.json<{ inSync: boolean }>().inSync).toBe(true);
    });
  });
}
