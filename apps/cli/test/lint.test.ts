/**
 * `strata migrate lint` end to end: the built binary on a real SQLite project whose migrations
 * `migrate dev` wrote, a real git repository for `--since`, and the SARIF checked against the
 * SARIF 2.1.0 JSON schema. Expectations use core's findings that need no dialect rules
 * (`narrow-type` from the snapshots' plan, `unplanned-statement` for hand-written SQL, the
 * lint-ignore comments), so they hold whatever rules the SQLite provider adds.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestSqlite, type TestSqlite } from '@strata/testkit';
import { createProject, type ErrorJson, type TestProject } from './support/project.js';

interface FindingJson {
  code: string;
  family: string;
  severity: string;
  level: string;
  message: string;
  safer: string;
  migration: string;
  file: string;
  statement?: {
    index: number;
    text: string;
    range: { line: number; column: number; endLine: number; endColumn: number };
  };
  table?: string;
  column?: string;
  rows?: number;
  suppressed?: { reason: string };
}

interface LintJson {
  version: number;
  provider: string;
  migrationsDir: string;
  selection: { by: string; ref?: string; database?: string };
  database?: string;
  failOn: string;
  failed: boolean;
  summary: {
    migrations: number;
    errors: number;
    warnings: number;
    bySeverity: Record<string, number>;
    suppressed: number;
  };
  migrations: { name: string; file: string; schemaAware: boolean; findings: FindingJson[] }[];
}

const schema = (codeType: 'String' | 'Int', extra = '') => `datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}

model Member {
  id    Int     @id
  email String  @unique
  code  ${codeType}?${extra}
}
`;

const UPDATE = 'UPDATE "Member" SET "email" = lower("email") WHERE "email" <> lower("email")';
const HAND_SQL = `
-- strata:lint-ignore unplanned-statement one-off fix agreed in #42
UPDATE "Member" SET "email" = lower("email") WHERE "email" <> lower("email");
-- strata:lint-ignore unplanned-statement
DELETE FROM "Member" WHERE "email" = '';
`;

/** The SARIF 2.1.0 schema as published to the npm registry by Microsoft (the final 2.1.0, rtm.5). */
function sarifValidator() {
  const require = createRequire(import.meta.url);
  // CommonJS packages: required, so the class is what they export whatever the module interop
  const Ajv = (require('ajv-draft-04') as typeof import('ajv-draft-04')).default;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  const schemaFile = path.join(
    path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
    'lib/schemas/sarif-2.1.0-rtm.5.json',
  );
  // the schema's `language` pattern (`...{2}]?$`) is no valid regular expression in unicode mode
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
}

/** A workflow command's value as the Actions runner reads it back. */
function unescapeGithub(text: string): string {
  return text
    .replace(/%2C/g, ',')
    .replace(/%3A/g, ':')
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%25/g, '%');
}

describe('strata migrate lint', () => {
  let project: TestProject;
  let db: TestSqlite;
  let init: string;
  let backfill: string;
  let narrowing: string;
  const lint = (...args: string[]) => project.run('migrate', 'lint', ...args);
  const packageJson = (strata?: unknown) =>
    writeFileSync(
      path.join(project.dir, 'package.json'),
      JSON.stringify({ name: 'app', private: true, ...(strata === undefined ? {} : { strata }) }, null, 2),
    );

  beforeAll(async () => {
    db = createTestSqlite('dev.db');
    project = createProject('strata-lint-', { DATABASE_URL: db.url });
    packageJson();
    project.writeSchema(schema('String').replace(/ {2}code .*\n/, ''));
    expect((await project.run('migrate', 'dev', '--name', 'init')).code).toBe(0);
    // a planned migration (the column `code`) with SQL written by hand after it: statements the
    // planner would not write
    project.writeSchema(schema('String'));
    expect((await project.run('migrate', 'dev', '--create-only', '--name', 'backfill')).code).toBe(0);
    [init, backfill] = project.migrations() as [string, string];
    appendFileSync(path.join(project.dir, 'prisma/migrations', backfill, 'migration.sql'), HAND_SQL);
    // applies backfill (pending) first, then writes the narrowing, not applied
    project.writeSchema(schema('Int'));
    const dev = await project.run('migrate', 'dev', '--create-only', '--name', 'code_as_number', '--json');
    expect(dev.code).toBe(0);
    expect(dev.json<{ lint: unknown[] }>().lint).toEqual(expect.any(Array));
    narrowing = project.migrations()[2] as string;
  }, 60_000);

  afterAll(() => {
    project?.close();
    db?.close();
  });

  test('without a selection, every migration; exit 1 for an error finding, 0 with --fail-on never', async () => {
    const result = await lint('--format', 'json');
    expect(result.code).toBe(1);
    const json = result.json<LintJson>();
    expect(json.selection).toEqual({ by: 'all' });
    expect(json.migrations.map((m) => m.name)).toEqual([init, backfill, narrowing]);
    expect(json.failed).toBe(true);
    const narrow = json.migrations[2]?.findings.find((f) => f.code === 'narrow-type');
    expect(narrow).toMatchObject({ severity: 'data-loss', level: 'error', table: 'Member', column: 'code' });
    expect((await lint('--fail-on', 'never')).code).toBe(0);
  });

  test('names (or folder paths), --latest N, and the pending migrations of --url', async () => {
    const named = await lint('--json', init, `prisma/migrations/${backfill}/`);
    expect(named.json<LintJson>().selection).toEqual({ by: 'names' });
    expect(named.json<LintJson>().migrations.map((m) => m.name)).toEqual([init, backfill]);

    const latest = await lint('--latest', '1', '--json');
    expect(latest.json<LintJson>().selection).toEqual({ by: 'latest' });
    expect(latest.json<LintJson>().migrations.map((m) => m.name)).toEqual([narrowing]);

    const pending = await lint('--url', db.url, '--json', '--fail-on', 'never');
    expect(pending.code).toBe(0);
    const json = pending.json<LintJson>();
    expect(json.selection).toEqual({ by: 'pending', database: json.database });
    expect(json.database).toContain('dev.db');
    expect(json.migrations.map((m) => m.name)).toEqual([narrowing]);

    const unknown = await lint('20000101000000_nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No migration "20000101000000_nope"');
  });

  test('text: a code frame at path:line:column with the statement underlined, why and the safer way', async () => {
    const result = await lint(narrowing);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('error[narrow-type]'));
    expect(lines[at]).toBe('error[narrow-type] data-loss');
    const file = `prisma/migrations/${narrowing}/migration.sql`;
    const json = (await lint(narrowing, '--json')).json<LintJson>();
    const range = json.migrations[0]?.findings.find((f) => f.code === 'narrow-type')?.statement?.range;
    expect(lines[at + 1]).toBe(`  --> ${file}:${range?.line}:${range?.column}`);
    // the statement's first line, numbered, then carets under it from its column (to its end,
    // the `;` left out, or to the end of the line when it goes on)
    const { line = 0, column = 1, endLine = 0, endColumn = 0 } = range ?? {};
    const first = project.read(file).split('\n')[line - 1] ?? '';
    const width = String(endLine).length;
    const numbered = lines.indexOf(`${String(line).padStart(width)} | ${first}`);
    expect(numbered).toBeGreaterThan(at);
    const underlined = line === endLine ? endColumn - column : first.trimEnd().length - column + 1;
    expect(underlined).toBeGreaterThan(0);
    expect(lines[numbered + 1]).toBe(`${' '.repeat(width)} | ${' '.repeat(column - 1)}${'^'.repeat(underlined)}`);
    expect(result.stdout).toContain('   = why: The column `code` on the `Member` table changes from TEXT to INTEGER');
    expect(result.stdout).toMatch(/ {3}= safer: \S/);
    expect(lines.at(-2)).toMatch(/^Linted 1 migration: [1-9]\d* errors?, \d+ warnings?\. Fails at --fail-on error\.$/);
  });

  test('suppression: the reason is shown; an ignore without a reason is reported and silences nothing', async () => {
    const result = await lint(backfill, '--fail-on', 'never');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Suppressed (1):');
    expect(result.stdout).toMatch(
      new RegExp(`prisma/migrations/${backfill}/migration\\.sql:\\d+:1 unplanned-statement: one-off fix agreed in #42`),
    );
    expect(result.stdout).toContain('warning[lint-ignore-invalid] review');
    expect(result.stdout).toContain(
      '= why: `-- strata:lint-ignore unplanned-statement` has no reason, so it silences nothing.',
    );

    const findings = (await lint(backfill, '--json')).json<LintJson>().migrations[0]?.findings ?? [];
    const hand = findings.filter((f) => f.code === 'unplanned-statement');
    expect(hand.map((f) => [f.statement?.text, f.suppressed])).toEqual([
      [UPDATE, { reason: 'one-off fix agreed in #42' }],
      ['DELETE FROM "Member" WHERE "email" = \'\'', undefined],
    ]);
    expect(findings.filter((f) => f.code === 'lint-ignore-invalid')).toHaveLength(1);
  });

  test('--fail-on thresholds and exit codes; package.json strata.lint.failOn; 2 when the lint cannot run', async () => {
    // backfill holds review findings only (hand-written SQL), narrowing a data-loss one
    expect((await lint(backfill)).code).toBe(0);
    expect((await lint(backfill, '--fail-on', 'warning')).code).toBe(1);
    expect((await lint(backfill, '--fail-on', 'never')).code).toBe(0);
    expect((await lint(narrowing, '--fail-on', 'error')).code).toBe(1);
    try {
      packageJson({ lint: { failOn: 'warning' } });
      const configured = await lint(backfill, '--json');
      expect([configured.code, configured.json<LintJson>().failOn]).toEqual([1, 'warning']);
      expect((await lint(backfill, '--fail-on', 'error')).code).toBe(0);

      packageJson({ lint: { failOn: 'sometimes' } });
      const bad = await lint(backfill, '--json');
      expect(bad.code).toBe(2);
      expect(bad.json<ErrorJson>().error).toMatchObject({ code: 'invalid-argument', exitCode: 2 });
      expect(bad.json<ErrorJson>().error.message).toContain('"strata.lint.failOn" is "sometimes"');
    } finally {
      packageJson();
    }
    expect((await lint('--latest', '1', backfill)).code).toBe(2);
    expect((await lint('--latest', '1', '--since', 'HEAD')).code).toBe(2);
    expect((await lint('--format', 'yaml')).code).toBe(2);
  });

  test('package.json strata.lint.disabled turns rules off, in lint and in dev; an unknown code is an error', async () => {
    try {
      packageJson({ lint: { disabled: ['unplanned-statement'] } });
      const findings = (await lint(backfill, '--json')).json<LintJson>().migrations[0]?.findings ?? [];
      expect(findings.map((f) => f.code)).not.toContain('unplanned-statement');

      packageJson({ lint: { disabled: ['unplaned-statement'] } });
      const typo = await lint(backfill);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('names no rule "unplaned-statement"');
      // migrate dev reads the same configuration (and exits 1, its code for a failure)
      expect((await project.run('migrate', 'dev', '--name', 'nothing')).code).toBe(1);
    } finally {
      packageJson();
    }
  });

  test('json: the documented shape', async () => {
    const json = (await lint(backfill, '--format', 'json')).json<LintJson>();
    expect(Object.keys(json).sort()).toEqual(
      ['failOn', 'failed', 'migrations', 'migrationsDir', 'provider', 'selection', 'summary', 'version'].sort(),
    );
    expect(json).toMatchObject({ version: 1, provider: 'sqlite', migrationsDir: 'prisma/migrations', failOn: 'error' });
    expect(json.summary).toEqual({
      migrations: 1,
      errors: expect.any(Number),
      warnings: expect.any(Number),
      bySeverity: { 'data-loss': expect.any(Number), 'would-fail': expect.any(Number), review: expect.any(Number) },
      suppressed: 1,
    });
    const [migration] = json.migrations;
    expect(migration).toMatchObject({
      name: backfill,
      file: `prisma/migrations/${backfill}/migration.sql`,
      schemaAware: true,
    });
    const suppressed = migration?.findings.find((f) => f.suppressed !== undefined);
    expect(suppressed).toEqual({
      code: 'unplanned-statement',
      family: 'hand-edit',
      severity: 'review',
      level: 'warning',
      message: expect.any(String),
      safer: expect.any(String),
      migration: backfill,
      file: `prisma/migrations/${backfill}/migration.sql`,
      statement: {
        index: expect.any(Number),
        text: UPDATE,
        range: { line: expect.any(Number), column: 1, endLine: expect.any(Number), endColumn: UPDATE.length + 1 },
      },
      suppressed: { reason: 'one-off fix agreed in #42' },
    });
    const source = project.read(`prisma/migrations/${backfill}/migration.sql`).split('\n');
    expect(source[(suppressed?.statement?.range.line ?? 0) - 1]).toBe(`${UPDATE};`);
  });

  test('sarif: valid SARIF 2.1.0, with the rules, the results at their statements and the suppressions', async () => {
    const result = await lint('--format', 'sarif');
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout);
    const validate = sarifValidator();
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // the schema does judge: a level SARIF does not know is refused
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);

    const json = (await lint('--json')).json<LintJson>();
    const findings = json.migrations.flatMap((m) => m.findings);
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe('strata');
    const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; help: { text: string } }[];
    // every rule of the provider, each once, and one for each code found
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const code of [
      'drop-table',
      'drop-column',
      'unplanned-statement',
      'narrow-type',
      ...findings.map((f) => f.code),
    ])
      expect(rules.map((r) => r.id)).toContain(code);
    expect(rules.find((r) => r.id === 'narrow-type')?.help.text).toMatch(/\S/);
    expect(run.results).toHaveLength(findings.length);
    for (const [i, f] of findings.entries()) {
      const r = run.results[i];
      expect(r.ruleId).toBe(f.code);
      expect(rules[r.ruleIndex]?.id).toBe(f.code);
      expect(r.level).toBe(f.level);
      expect(r.message.text).toBe(f.message);
      const location = r.locations[0].physicalLocation;
      expect(location.artifactLocation).toEqual({ uri: f.file, uriBaseId: 'PROJECTROOT' });
      expect(location.region).toEqual({
        startLine: f.statement?.range.line,
        startColumn: f.statement?.range.column,
        endLine: f.statement?.range.endLine,
        endColumn: f.statement?.range.endColumn,
      });
      expect(r.suppressions).toEqual(
        f.suppressed === undefined ? undefined : [{ kind: 'inSource', justification: f.suppressed.reason }],
      );
    }
    expect(run.originalUriBaseIds.PROJECTROOT.uri).toMatch(/^file:\/\/\/.*\/$/);
  });

  test('github: one workflow command per finding, escaped as the runner reads it', async () => {
    const result = await lint(backfill, narrowing, '--format', 'github');
    expect(result.code).toBe(1);
    const findings = (await lint(backfill, narrowing, '--json')).json<LintJson>().migrations.flatMap((m) => m.findings);
    const commands = result.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(findings.length);
    for (const [i, f] of findings.entries()) {
      const range = f.statement?.range;
      const kind = f.suppressed !== undefined ? 'notice' : f.level;
      const columns =
        range?.line === range?.endLine ? `,col=${range?.column},endColumn=${(range?.endColumn ?? 0) - 1}` : '';
      const title = f.suppressed === undefined ? f.code : `${f.code} (suppressed)`;
      expect(commands[i]).toBe(
        `::${kind} file=${f.file},line=${range?.line},endLine=${range?.endLine}${columns},title=${title}::${commands[i]?.split('::')[2]}`,
      );
      const text =
        f.suppressed === undefined
          ? `${f.message}\nSafer: ${f.safer}`
          : `${f.message}\nSuppressed: ${f.suppressed.reason}`;
      expect(unescapeGithub(commands[i]?.split('::')[2] ?? '')).toBe(text);
    }
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Linted 2 migrations: /);

    // a folder and a code with the characters the runner would misread
    const odd = '20990101000000_a,b:c%d';
    mkdirSync(path.join(project.dir, 'prisma/migrations', odd));
    writeFileSync(
      path.join(project.dir, 'prisma/migrations', odd, 'migration.sql'),
      '-- strata:lint-ignore 100%,a:b\nSELECT 1;\n',
    );
    try {
      const escaped = await lint(odd, '--format', 'github');
      const [line] = escaped.stdout.split('\n');
      expect(line).toMatch(
        /^::warning file=prisma\/migrations\/20990101000000_a%2Cb%3Ac%25d\/migration\.sql,line=1,endLine=1,col=1,endColumn=\d+,title=lint-ignore-invalid::`-- strata:lint-ignore 100%25,a:b` has no reason, so it silences nothing\.%0ASafer: /,
      );
    } finally {
      execFileSync('rm', ['-rf', path.join(project.dir, 'prisma/migrations', odd)]);
    }
  });

  test('--since: the migration folders changed since a git revision, in a real repository', async () => {
    const notRepo = await lint('--since', 'HEAD');
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toContain('--since needs a git repository');

    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=strata', '-c', 'user.email=strata@example.com', ...args], {
        cwd: project.dir,
        encoding: 'utf8',
      });
    git('init', '--quiet');
    writeFileSync(path.join(project.dir, '.gitignore'), '*.db\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'three migrations');

    const none = await lint('--since', 'HEAD');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No migration changed since HEAD: nothing to lint.');

    // a new, untracked migration (dev applies the pending narrowing first) and an edit to a committed one
    project.writeSchema(schema('Int', '\n  note  String?'));
    expect((await project.run('migrate', 'dev', '--create-only', '--name', 'add_note')).code).toBe(0);
    const added = project.migrations().at(-1) as string;
    appendFileSync(path.join(project.dir, 'prisma/migrations', backfill, 'migration.sql'), '-- reviewed\n');
    const since = await lint('--since', 'HEAD', '--json', '--fail-on', 'never');
    expect(since.code).toBe(0);
    expect(since.json<LintJson>().selection).toEqual({ by: 'since', ref: 'HEAD' });
    expect(since.json<LintJson>().migrations.map((m) => m.name)).toEqual([backfill, added]);

    git('add', '.');
    git('commit', '--quiet', '-m', 'add note');
    const committed = await lint('--since', 'HEAD~1', '--json', '--fail-on', 'never');
    expect(committed.json<LintJson>().migrations.map((m) => m.name)).toEqual([backfill, added]);

    const unknown = await lint('--since', 'no-such-branch');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--since no-such-branch: git knows no such commit.');
  });
});
