/**
 * strata's PostgreSQL linter next to squawk, the anchor of issue 18, on the corpus histories
 * (umami, documenso, rallly): what squawk 2.66 found there is the committed snapshot
 * (fixtures/squawk-corpus.json, written by `pnpm bench:squawk --update` where squawk is installed;
 * squawk never runs here), strata lints the same files (SQL only: the corpus has no snapshots),
 * and the comparison (bench/squawk.ts) is pinned: every locking, destructive and
 * backward-incompatible squawk finding has a strata finding with a corresponding code on the same
 * statement, or one of the listed differences explains why not; each difference still is one; and
 * what strata finds that squawk does not is counted per code, each with its reason. The claims the
 * differences make about PostgreSQL are checked on a real database.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Database, lintMigration, openDatabase } from '@strata/core';
import { corpusOrSkip, startTestPostgres, type TestPostgres } from '@strata/testkit';
import {
  COMPARED_FAMILIES,
  type Comparison,
  compareWithSquawk,
  corpusFiles,
  explainedFigures,
  lintCorpus,
  matchedFigures,
  SQUAWK_EXCEPTIONS,
  SQUAWK_RULES,
  type SquawkSnapshot,
  STRATA_ONLY_REASONS,
  snapshotFindings,
  squawkFigures,
  strataOnlyFigures,
} from '../bench/squawk.js';
import { provider } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const snapshot: SquawkSnapshot = JSON.parse(readFileSync(path.join(here, 'fixtures/squawk-corpus.json'), 'utf8'));

describe('strata and squawk on the corpus histories', () => {
  const corpus = corpusOrSkip();
  let comparison: Comparison;

  beforeAll(async () => {
    if (corpus === undefined) return;
    comparison = compareWithSquawk(snapshotFindings(snapshot), await lintCorpus(corpus, snapshot.files));
  });

  /** The outcomes of squawk's findings in the compared families. */
  const compared = () => comparison.squawk.filter((o) => (COMPARED_FAMILIES as readonly string[]).includes(o.family));

  test('the snapshot is squawk 2.66 on exactly these corpus files, and every rule it reports has a family', () => {
    if (corpus === undefined) return;
    expect(snapshot.squawk).toBe('2.66.0');
    expect(snapshot.files).toEqual(corpusFiles(corpus));
    expect(snapshot.files).toHaveLength(19 + 163 + 145);
    const rules = new Set([...snapshotFindings(snapshot).map((f) => f.rule), ...Object.keys(snapshot.styleCounts)]);
    expect([...rules].filter((rule) => SQUAWK_RULES[rule] === undefined)).toEqual([]);
  });

  test('every squawk finding of the compared families is matched by strata or explained by a listed difference', () => {
    if (corpus === undefined) return;
    const unexplained = compared().filter((o) => !o.matched && o.exception === undefined);
    expect(unexplained.map((o) => `${o.finding.file}:${o.finding.line} ${o.finding.rule}`)).toEqual([]);
  });

  test('each listed difference still is one: it explains some findings, and none that strata does make', () => {
    if (corpus === undefined) return;
    // where a difference applies, strata indeed makes no corresponding finding
    const contradicted = compared().filter((o) => o.exception !== undefined && o.matched);
    expect(contradicted.map((o) => `${o.finding.file}:${o.finding.line} ${o.finding.rule} ${o.exception}`)).toEqual([]);
    const explained = explainedFigures(comparison);
    expect(Object.keys(explained).sort()).toEqual(SQUAWK_EXCEPTIONS.map((e) => e.id).sort());
    for (const exception of SQUAWK_EXCEPTIONS)
      for (const rule of Object.keys(explained[exception.id] ?? {})) expect(exception.rules).toContain(rule);
    expect(explained).toEqual({
      // tables the same migration created: unused and empty (squawk itself skips most of them
      // with --assume-in-transaction, which is how Prisma and strata run these files)
      'new-table': {
        'require-concurrent-index-creation': 194,
        'constraint-missing-not-valid': 107,
        'adding-foreign-key-constraint': 107,
        'adding-not-nullable-field': 2,
        'ban-drop-column': 5,
      },
      // files that lock no table in use: squawk asks for the timeout all the same
      'lock-timeout-nothing-in-use': { 'require-lock-timeout': 13 },
      // files whose only change to what exists is ALTER TYPE ... ADD VALUE (locks the type alone)
      'lock-timeout-enum-value': { 'require-lock-timeout': 16 },
      // `DEFAULT -1`, a constant squawk takes for an expression
      'constant-default': { 'adding-field-with-default': 2 },
      // strata asks for lock_timeout, not statement_timeout
      'statement-timeout': { 'require-statement-timeout': 310 },
      // backward-incompatible rules strata has no counterpart for
      'drop-not-null': { 'ban-drop-not-null': 20 },
      'enum-value-order': { 'require-enum-value-ordering': 39 },
    });
  });

  test('the figures per family and corpus (squawk findings, matched by strata, explained, unexplained)', () => {
    if (corpus === undefined) return;
    const figures = squawkFigures(comparison);
    const brief = (family: string) =>
      Object.fromEntries(
        Object.entries(figures[family] ?? {}).map(([scope, f]) => [
          scope,
          [f.squawk, f.matched, Object.values(f.explained).reduce((a, b) => a + b, 0), f.unexplained],
        ]),
      );
    expect(Object.keys(figures).sort()).toEqual([...COMPARED_FAMILIES].sort());
    expect(brief('locking')).toEqual({
      'umami-software__umami': [157, 64, 93, 0],
      documenso__documenso: [760, 386, 374, 0],
      lukevella__rallly: [641, 357, 284, 0],
      all: [1558, 807, 751, 0],
    });
    expect(brief('destructive')).toEqual({
      'umami-software__umami': [6, 6, 0, 0],
      documenso__documenso: [51, 46, 5, 0],
      lukevella__rallly: [41, 41, 0, 0],
      all: [98, 93, 5, 0],
    });
    expect(brief('backward-incompatible')).toEqual({
      'umami-software__umami': [8, 8, 0, 0],
      documenso__documenso: [63, 10, 53, 0],
      lukevella__rallly: [49, 43, 6, 0],
      all: [120, 61, 59, 0],
    });
  });

  test('the locking findings squawk makes on tables in use are all strata findings, rule by rule', () => {
    if (corpus === undefined) return;
    expect(matchedFigures(comparison)).toEqual({
      'require-concurrent-index-creation': 158, // index-without-concurrently
      'require-concurrent-index-deletion': 80, // pg-drop-index-without-concurrently
      'constraint-missing-not-valid': 111, // pg-constraint-without-not-valid; 5 primary keys: pg-add-key-builds-index
      'adding-foreign-key-constraint': 100, // pg-constraint-without-not-valid
      'adding-serial-primary-key-field': 5, // pg-add-key-builds-index
      'changing-column-type': 20, // type-change-rewrites-table
      'adding-not-nullable-field': 51, // pg-set-not-null-scans
      'adding-field-with-default': 1, // pg-volatile-default
      'require-lock-timeout': 281, // pg-missing-lock-timeout, in the same file
      'ban-drop-column': 72, // drop-column
      'ban-drop-table': 21, // drop-table
      'renaming-column': 43, // rename-breaks-readers
      'renaming-table': 7, // rename-breaks-readers
      'adding-required-field': 11, // add-required-column-no-default
    });
  });

  test('what strata finds that squawk does not, per code, each with its reason', () => {
    if (corpus === undefined) return;
    const figures = strataOnlyFigures(comparison);
    expect(figures).toEqual({
      // data-dependent: SET NOT NULL fails on a NULL; squawk judges only its lock
      'make-required-with-nulls': {
        'umami-software__umami': 1,
        documenso__documenso: 32,
        lukevella__rallly: 18,
        all: 51,
      },
      // data-dependent: a unique index fails on duplicates; squawk judges only its lock
      'add-unique-over-duplicates': { documenso__documenso: 26, lukevella__rallly: 22, all: 48 },
    });
    // the schema-aware codes (drop-in-use, unplanned-statement, narrow-type, remove-enum-value) need
    // the snapshots the corpus lacks, and rows (--url) a database: none of them can fire here
    expect(Object.keys(STRATA_ONLY_REASONS).sort()).toEqual(Object.keys(figures).sort());
  });

  test('the comparison fails where strata misses a finding: a rule turned off is unmatched and unexplained', async () => {
    if (corpus === undefined) return;
    const file = 'documenso__documenso/migrations/20240227003622_migrate_to_cuids_for_webhooks/migration.sql';
    const [linted] = await lintCorpus(corpus, [file]);
    const findings = snapshotFindings(snapshot).filter((f) => f.file === file);
    const withRule = compareWithSquawk(findings, [linted!]);
    const without = compareWithSquawk(findings, [
      { ...linted!, findings: linted!.findings.filter((f) => f.code !== 'pg-add-key-builds-index') },
    ]);
    const missed = (c: Comparison) =>
      c.squawk.filter((o) => !o.matched && o.exception === undefined).map((o) => o.finding.rule);
    expect(missed(withRule)).toEqual([]);
    expect(missed(without).sort()).toEqual(['adding-serial-primary-key-field', 'constraint-missing-not-valid']);
  });
});

describe('what the differences say about PostgreSQL, on a real database', () => {
  let pg: TestPostgres;
  let db: Database;

  beforeAll(async () => {
    pg = await startTestPostgres();
    db = await openDatabase(provider, pg.url);
    await db.execute(
      `CREATE TYPE "Status" AS ENUM ('ACTIVE');` +
        `CREATE TABLE "Field" ("id" INTEGER PRIMARY KEY, "status" "Status" NOT NULL DEFAULT 'ACTIVE');` +
        'INSERT INTO "Field" ("id") SELECT generate_series(1, 100);',
    );
  });

  afterAll(async () => {
    await db?.close();
    await pg?.close();
  });

  const fileOf = async (table: string) =>
    (
      await db.query<{ file: number }>('SELECT relfilenode::int AS file FROM pg_class WHERE oid = to_regclass($1)', [
        `"${table}"`,
      ])
    )[0]?.file;

  test('constant-default: ADD COLUMN ... DEFAULT -1 keeps the table (strata: no finding); a volatile default rewrites it', async () => {
    const sql = 'ALTER TABLE "Field" ADD COLUMN "height" INTEGER NOT NULL DEFAULT -1;\n';
    expect(await lintMigration({ provider, name: 'm', sql }).then((f) => f.map((x) => x.code))).toEqual([
      'pg-missing-lock-timeout',
    ]);
    const file = await fileOf('Field');
    await db.execute(sql);
    expect(await fileOf('Field')).toBe(file);
    const volatile = 'ALTER TABLE "Field" ADD COLUMN "seed" FLOAT DEFAULT random();\n';
    expect((await lintMigration({ provider, name: 'm', sql: volatile })).map((x) => x.code)).toContain(
      'pg-volatile-default',
    );
    await db.execute(volatile);
    expect(await fileOf('Field')).not.toBe(file);
  });

  test('lock-timeout-enum-value: ALTER TYPE ... ADD VALUE waits for no lock on the tables using the type', async () => {
    if (!pg.supportsConcurrentSessions) {
      console.log('skipped: PGlite has one backend session, a lock cannot be held against another');
      return;
    }
    const sql = `ALTER TYPE "Status" ADD VALUE 'ARCHIVED';\n`;
    expect(await lintMigration({ provider, name: 'm', sql })).toEqual([]);
    const holder = await openDatabase(provider, pg.url);
    const migration = await openDatabase(provider, pg.url);
    try {
      await holder.execute('BEGIN');
      await holder.execute('LOCK TABLE "Field" IN ACCESS EXCLUSIVE MODE');
      await migration.execute(`SET lock_timeout = '1s'`);
      await migration.execute(sql);
      // while a statement that does lock the table is stopped by the timeout
      await expect(migration.execute('ALTER TABLE "Field" ADD COLUMN "note" TEXT')).rejects.toThrow(/lock timeout/);
      await holder.execute('COMMIT');
      const values = await db.query<{ v: string }>(`SELECT unnest(enum_range(NULL::"Status"))::text AS v`);
      expect(values.map((r) => r.v)).toEqual(['ACTIVE', 'ARCHIVED']);
    } finally {
      await holder.close();
      await migration.close();
    }
  });

  test('new-table: a table created in the migration is not even visible to other sessions until it commits', async () => {
    if (!pg.supportsConcurrentSessions) {
      console.log('skipped: PGlite has one backend session');
      return;
    }
    const other = await openDatabase(provider, pg.url);
    try {
      await db.execute('BEGIN');
      await db.execute('CREATE TABLE "Banner" ("id" INTEGER NOT NULL, "fieldId" INTEGER NOT NULL)');
      await db.execute('CREATE INDEX "Banner_fieldId_idx" ON "Banner"("fieldId")');
      expect(await other.query(`SELECT to_regclass('"Banner"') AS t`)).toEqual([{ t: null }]);
    } finally {
      await db.execute('ROLLBACK');
      await other.close();
    }
  });

  test('constraint-missing-not-valid on a PRIMARY KEY asks for what PostgreSQL refuses: strata says pg-add-key-builds-index', async () => {
    await db.execute('CREATE TABLE "Webhook" ("id" TEXT NOT NULL)');
    const notValid = 'ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id") NOT VALID';
    await expect(db.execute(notValid)).rejects.toThrow(/cannot be marked NOT VALID/);
    const sql = 'ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id");\n';
    expect((await lintMigration({ provider, name: 'm', sql })).map((f) => f.code)).toContain('pg-add-key-builds-index');
  });
});
