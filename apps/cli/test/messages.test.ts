/**
 * Issue #15, "every message a path that works": each sentence printed once, parse errors as one
 * readable line, the lock notice only when someone holds the lock, row counts in migration.sql,
 * and a description for every command's --help. Real processes, a real SQLite file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runInProcess } from './support/in-process.js';
import { createProject, type TestProject } from './support/project.js';
import { CLI_DIR, runCli } from './support/run-cli.js';
import { schemaV1, schemaV3 } from './support/schemas.js';

let project: TestProject;
let dbFile: string;

beforeAll(async () => {
  project = createProject('strata-messages-');
  dbFile = path.join(project.dir, 'dev.db');
  project.writeSchema(schemaV1('sqlite'));
  const dev = await project.runWith({ env: { DATABASE_URL: `file:${dbFile}` } }, 'migrate', 'dev', '--name', 'init');
  expect(dev.code).toBe(0);
});
afterAll(() => project.close());

const run = (...args: string[]) => project.runWith({ env: { DATABASE_URL: `file:${dbFile}` } }, ...args);

describe('flag parsing errors', () => {
  test.each([
    [['migrate', 'deploy', '--lock-timeout', 'abc'], /^Invalid value for --lock-timeout: Expected an integer/],
    [['migrate', 'deploy', '--nope'], /^Nonexistent flag: --nope$/],
    [['migrate', 'status', 'extra'], /^Unexpected argument: extra$/],
    [['db', 'execute'], /^Exactly one of the following must be provided: --file, --stdin$/],
    [['db', 'execute', '--stdin', '--file', 'x.sql'], /^--file cannot also be provided when using --stdin/],
  ])('%j: one line, words separated by single spaces, no repeated --help advice', async (args, expected) => {
    const result = await runInProcess([...args, '--json'], { cwd: project.dir });
    expect(result.exitCode).toBe(1);
    const error = (JSON.parse(result.stdout) as { error: { code: string; message: string; hint: string } }).error;
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toMatch(expected);
    expect(error.message).not.toMatch(/\s{2}|\t|\n|See more help/);
    expect(error.hint).toContain('--help');
  });

  test('on the terminal (built binary): the error line and the hint, nothing run together', async () => {
    const result = await run('migrate', 'deploy', '--lock-timeout', 'abc');
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'Error [invalid-argument] Invalid value for --lock-timeout: Expected an integer but received: abc',
      '→ Run the command with --help to see its flags.',
    ]);
  });
});

describe('a workflow stopped by history problems', () => {
  test('the fix is printed once: as the hint after →, not also as "fix:" in the message', async () => {
    const copy = createProject('strata-messages-edited-');
    try {
      const url = `file:${path.join(copy.dir, 'dev.db')}`;
      copy.writeSchema(schemaV1('sqlite'));
      expect((await copy.runWith({ env: { DATABASE_URL: url } }, 'migrate', 'dev', '--name', 'init')).code).toBe(0);
      const [folder] = copy.migrations();
      const sqlFile = path.join(copy.dir, 'prisma/migrations', folder!, 'migration.sql');
      writeFileSync(sqlFile, `${readFileSync(sqlFile, 'utf8')}\n-- edited after it was applied\n`);
      const deploy = await copy.runWith({ env: { DATABASE_URL: url } }, 'migrate', 'deploy');
      expect(deploy.code).toBe(1);
      const hint = /^→ (.*)$/m.exec(deploy.stderr)?.[1];
      expect(hint).toBeDefined();
      expect(deploy.stderr.split(hint!).length - 1).toBe(1);
      expect(deploy.stderr).not.toContain('fix:');
    } finally {
      copy.close();
    }
  });
});

/** A second process holding the SQLite migration lock (the provider's sidecar file) until killed. */
async function holdSqliteLock(database: string): Promise<ChildProcess> {
  const sqlite3 = path.resolve(CLI_DIR, '../../packages/provider-sqlite/node_modules/sqlite3');
  const script = `
    const sqlite3 = require(${JSON.stringify(sqlite3)});
    const db = new sqlite3.Database(${JSON.stringify(`${database}.strata-lock`)});
    db.exec('CREATE TABLE IF NOT EXISTS "strata_lock" ("holder" TEXT); BEGIN EXCLUSIVE;', (error) => {
      if (error) { console.error(error.message); process.exit(1); }
      console.log('held');
    });
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return child;
}

describe('the migration lock notice', () => {
  test('an uncontended deploy says nothing about the lock', async () => {
    const deploy = await run('migrate', 'deploy');
    expect(deploy.code).toBe(0);
    expect(deploy.stderr).not.toMatch(/lock/i);
  });

  test('a deploy that waits for another process says so, and how long it waited', async () => {
    project.writeSchema(schemaV3('sqlite').replace('  displayName String?', '  name  String?'));
    expect((await run('migrate', 'dev', '--name', 'published', '--create-only')).code).toBe(0);
    const holder = await holdSqliteLock(dbFile);
    // well after the CLI has started (over a second on a loaded machine) and asked for the lock
    const releaseLater = setTimeout(() => holder.kill(), 6000);
    try {
      const deploy = await run('migrate', 'deploy', '--lock-timeout', '20');
      expect(deploy.code).toBe(0);
      expect(deploy.stderr).toContain('another strata process holds the migration lock; waiting for it (up to 20.0 s)');
      expect(deploy.stderr).toMatch(/lock acquired after \d+\.\d s/);
    } finally {
      clearTimeout(releaseLater);
      holder.kill();
    }
  });
});

describe('migration.sql', () => {
  test('its warnings header carries the row counts that warnings.txt has', async () => {
    const seed = await project.runWith(
      {
        env: { DATABASE_URL: `file:${dbFile}` },
        input: `INSERT INTO "User" ("email", "name") VALUES ('a@x', 'A'), ('b@x', 'B'), ('c@x', 'C');`,
      },
      'db',
      'execute',
      '--stdin',
    );
    expect(seed.code).toBe(0);
    project.writeSchema(
      schemaV3('sqlite').replace('  displayName String?', '  name  String?').replace('  name  String?\n', ''),
    );
    const dev = await run('migrate', 'dev', '--name', 'drop_name', '--create-only');
    expect(dev.code).toBe(0);
    const folder = project.migrations().find((m) => m.endsWith('_drop_name'))!;
    const dir = path.join(project.dir, 'prisma/migrations', folder);
    const warnings = readFileSync(path.join(dir, 'warnings.txt'), 'utf8');
    expect(warnings).toMatch(/\(3 rows\)\n/);
    const header = /^\/\*\n {2}Warnings:\n\n([\s\S]*?)\n\*\/\n/.exec(
      readFileSync(path.join(dir, 'migration.sql'), 'utf8'),
    );
    expect(header?.[1]).toContain('(3 rows)');
    // every line of warnings.txt, without its code and severity, is a line of the header
    for (const line of warnings.trimEnd().split('\n'))
      expect(header![1]).toContain(`  - ${line.replace(/^\S+ \[[a-z-]+\] /, '')}`);
    // the folder, the earlier ones included, validates: status sees no edited migration
    const status = await run('migrate', 'status', '--json');
    expect(status.json<{ problems: { code: string }[] }>().problems.map((p) => p.code)).not.toContain('edited');
    expect(readdirSync(dir)).toContain('migration.sql');
  });
});

describe('--help', () => {
  test('every command has a description, db execute included', async () => {
    const help = await runCli(['db', 'execute', '--help'], { cwd: project.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/\nDESCRIPTION\n\s+\S/);
    expect(help.stdout).toContain('--stdin');
  });
});
