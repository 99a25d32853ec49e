/**
 * `migrate lint` and `migrate dev`'s lint on a real database, for every provider. Expectations
 * hold whatever dialect rules the provider has (none, or many): they name the findings of core's
 * rules that only the snapshots and the plan give (`narrow-type`, `unplanned-statement`),
 * and, for `migrate dev`, a rule the scenario adds to the provider's own (`kit-new-table`), since
 * the planner's SQL gives core's rules nothing beyond the plan's warnings.
 */
import { mkdtempSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, openDatabase } from '../database/database.js';
import { normalizeSql } from '../lint/rules/index.js';
import { statementEnd } from '../lint/source.js';
import type { LintRule } from '../lint/types.js';
import { readMigrationsFolder } from '../migrations/folder-fs.js';
import type { Provider } from '../provider/contract.js';
import { migrateDev } from '../workflows/dev.js';
import { failingFindings, lintLevel, migrateLint } from '../workflows/lint.js';
import { migrateStatus } from '../workflows/status.js';

export interface LintScenarioTarget {
  readonly provider: Provider;
  /** A fresh, empty database URL for each call. */
  createDatabase(): Promise<string>;
}

const schema = (provider: string, codeType: 'String' | 'Int'): string => `datasource db {
  provider = "${provider}"
}

model Member {
  id    Int     @id
  email String  @unique
  code  ${codeType}?
}
`;

/** Flags every CREATE TABLE: a dialect-independent rule, to follow findings through `migrate dev`. */
const newTableRule: LintRule = {
  code: 'kit-new-table',
  family: 'hand-edit',
  severity: 'review',
  summary: 'A table is created (a rule of the lint scenario).',
  safer: 'Nothing to do: the scenario follows this finding through migrate dev.',
  check: (statement) =>
    /^CREATE TABLE\b/i.test(normalizeSql(statement.text)) ? [{ message: 'Creates a table.' }] : [],
};

/** The provider with the scenario's rule after its own (its analyzer, else statements without effects). */
function withNewTableRule(provider: Provider): Provider {
  const analyze =
    provider.lint?.analyze ??
    (async (sql: string) =>
      provider
        .splitStatements(sql)
        .map((s, index) => ({ ...s, index, end: statementEnd(s), effects: [{ kind: 'other' as const }] })));
  return { ...provider, lint: { analyze, rules: [...(provider.lint?.rules ?? []), newTableRule] } };
}

export function describeLintScenario(label: string, getTarget: () => LintScenarioTarget): void {
  describe(`${label}: migrate lint and the lint of migrate dev`, () => {
    let provider: Provider;
    const q = (name: string) => provider.quoteIdentifier(name);
    let project: string;
    let schemaPath: string;
    let migrationsDir: string;
    let dev: Database;
    let url: string;
    const base = () => ({ provider, schemaPath, migrationsDir });
    const names: string[] = [];

    beforeAll(async () => {
      const target = getTarget();
      provider = target.provider;
      project = mkdtempSync(path.join(tmpdir(), 'strata-lint-'));
      await mkdir(path.join(project, 'prisma'));
      schemaPath = path.join(project, 'prisma', 'schema.prisma');
      migrationsDir = path.join(project, 'prisma', 'migrations');
      url = await target.createDatabase();
      dev = await openDatabase(provider, url, { baseDir: project, createIfMissing: true });
    });

    afterAll(async () => {
      await dev?.close();
      if (project) await rm(project, { recursive: true, force: true });
    });

    test('migrate dev prints what the linter finds beyond the warnings, and warnings.txt lists it', async () => {
      await writeFile(schemaPath, schema(provider.id, 'String'));
      const result = await migrateDev({
        ...base(),
        provider: withNewTableRule(provider),
        connection: dev,
        name: 'init',
      });
      if (result.outcome === 'no-changes') throw new Error('expected a migration');
      names.push(result.migration.name);
      expect(result.lint).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'kit-new-table', severity: 'review', migration: result.migration.name }),
        ]),
      );
      const warnings = await readFile(path.join(result.migration.path, 'warnings.txt'), 'utf8');
      const line = result.lint.find((f) => f.code === 'kit-new-table')?.statement?.range.line;
      expect(warnings).toContain(`kit-new-table [review] Creates a table. (migration.sql line ${line})`);
      // the folder stays valid (warning count, checksums) and is the one applied
      const folder = await readMigrationsFolder(migrationsDir);
      expect(folder.migrations.map((m) => [m.kind, m.issues])).toEqual([['strata', []]]);
      expect(folder.migrations[0]?.warnings?.length).toBe(warnings.trim().split('\n').length);
      const status = await migrateStatus({ ...base(), connection: dev });
      expect(status.problems).toEqual([]);
      expect(status.inSync).toBe(true);
      // project configuration turns a rule off in dev as in lint
      const linted = await migrateLint({
        ...base(),
        provider: withNewTableRule(provider),
        names: [result.migration.name],
        disabled: ['kit-new-table'],
      });
      expect(linted.migrations[0]?.findings.map((f) => f.code)).not.toContain('kit-new-table');
    });

    test('pending against a database: only what is not applied, rows counted for it alone', async () => {
      await dev.execute(
        `INSERT INTO ${q('Member')} (${q('id')}, ${q('email')}) VALUES (1, 'a@example.com'), (2, 'b@example.com');`,
      );
      // text to integer: narrow-type, which only the plan of the snapshots sees
      await writeFile(schemaPath, schema(provider.id, 'Int'));
      const created = await migrateDev({ ...base(), connection: dev, name: 'code as number', createOnly: true });
      if (created.outcome === 'no-changes') throw new Error('expected a migration');
      names.push(created.migration.name);

      const events: string[] = [];
      const result = await migrateLint({
        ...base(),
        url,
        baseDir: project,
        onProgress: (e) => {
          if (e.type === 'migration-linted') events.push(`${e.index}/${e.total} ${e.name}`);
        },
      });
      expect(result.selection).toBe('pending');
      expect(result.database).toBe(dev.displayUrl);
      expect(result.migrations.map((m) => m.name)).toEqual([created.migration.name]);
      expect(events).toEqual([`1/1 ${created.migration.name}`]);
      const [linted] = result.migrations;
      expect(linted?.schemaAware).toBe(true);
      const narrowing = linted?.findings.find((f) => f.code === 'narrow-type');
      expect(narrowing).toMatchObject({
        severity: 'data-loss',
        table: expect.stringMatching(/Member$/),
        column: 'code',
      });
      expect(lintLevel(narrowing!.severity)).toBe('error');
      expect(failingFindings(linted?.findings ?? [], 'error')).toContain(narrowing);
      expect(failingFindings(linted?.findings ?? [], 'never')).toEqual([]);
      expect(result.summary.migrations).toBe(1);
      expect(result.summary.bySeverity['data-loss']).toBeGreaterThanOrEqual(1);
      // with an analyzer, the table the statements touch is counted in the database
      if (provider.lint !== undefined)
        expect(Object.entries(linted?.rows ?? {})).toEqual(
          expect.arrayContaining([[expect.stringMatching(/Member$/), 2]]),
        );

      // an applied migration, named: linted, but today's rows say nothing about it
      const applied = await migrateLint({ ...base(), url, baseDir: project, names: [names[0]!] });
      expect(applied.selection).toBe('names');
      expect(applied.migrations.map((m) => [m.name, m.rows])).toEqual([[names[0], undefined]]);
    });

    test('without a database: all, the latest N, names; a hand edit and its suppression', async () => {
      const all = await migrateLint(base());
      expect(all.selection).toBe('all');
      expect(all.database).toBeUndefined();
      expect(all.migrations.map((m) => m.name)).toEqual(names);
      const latest = await migrateLint({ ...base(), latest: 1 });
      expect([latest.selection, latest.migrations.map((m) => m.name)]).toEqual(['latest', [names[1]]]);
      const named = await migrateLint({ ...base(), names: [names[0]!] });
      expect([named.selection, named.migrations.map((m) => m.name)]).toEqual(['names', [names[0]]]);
      await expect(migrateLint({ ...base(), names: ['20000101000000_nope'] })).rejects.toMatchObject({
        code: 'invalid-argument',
      });

      // hand-written statements the planner would not write, one silenced with a reason, one without
      const touch = `UPDATE ${q('Member')} SET ${q('email')} = ${q('email')} WHERE ${q('id')} = 0;`;
      await appendFile(
        path.join(migrationsDir, names[1]!, 'migration.sql'),
        `\n-- strata:lint-ignore unplanned-statement a no-op kept for the scenario\n${touch}\n-- strata:lint-ignore unplanned-statement\n${touch}\n`,
      );
      const edited = await migrateLint({ ...base(), names: [names[1]!] });
      const findings = edited.migrations[0]?.findings ?? [];
      const unplanned = findings.filter(
        (f) => f.code === 'unplanned-statement' && f.statement?.text.includes('UPDATE'),
      );
      expect(unplanned).toEqual([
        expect.objectContaining({ suppressed: { reason: 'a no-op kept for the scenario' } }),
        expect.not.objectContaining({ suppressed: expect.anything() }),
      ]);
      expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'lint-ignore-invalid' })]));
      expect(edited.summary.suppressed).toBeGreaterThanOrEqual(1);
      const disabled = await migrateLint({ ...base(), names: [names[1]!], disabled: ['unplanned-statement'] });
      expect(disabled.migrations[0]?.findings.map((f) => f.code)).not.toContain('unplanned-statement');
    });
  });
}
