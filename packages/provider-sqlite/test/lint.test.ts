/**
 * The SQLite linter (`provider.lint`) through core's public `lintMigration`, on migration.sql
 * files written to disk and read back, as `strata migrate lint` reads them: what each statement
 * does (quotes, comments and string literals as SQLite reads them), the table rebuild ranked by
 * rows counted in a real database, `PRAGMA foreign_keys` judged by what strata's executor really
 * does with the file (shown by running the same files on a real database), core's neutral rules
 * on SQLite SQL, snapshots from before.prisma/after.prisma, suppression, and the real histories
 * of the corpus.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  analyzeSchema,
  type DatabaseSchema,
  type LintFinding,
  lintMigration,
  lower,
  openDatabase,
  planMigration,
  validateOptionsFor,
} from '@strata/core';
import { createLintFixture, type LintFixtureFiles } from '@strata/core/testing';
import { corpusHistories, corpusOrSkip, createTempDir } from '@strata/testkit';
import { provider } from '../src/index.js';
import { BIG_TABLE_ROWS } from '../src/lint-rules.js';
import { datasource } from './support.js';

const temp = createTempDir('strata-sqlite-lint-');
afterAll(() => temp.close());

let folders = 0;

/** A Prisma schema lowered for SQLite through core's public API, as the linter's caller does with a snapshot. */
function lowerSchemaText(text: string, file = 'schema.prisma'): DatabaseSchema {
  const analysis = analyzeSchema([{ path: file, text }], validateOptionsFor(provider));
  if (analysis.model === undefined) throw new Error(analysis.errors.map((e) => e.message).join('\n'));
  return lower(analysis.model, provider);
}

const fixture = createLintFixture(provider);
afterAll(() => fixture.close());
const lint = (files: LintFixtureFiles, rows?: ReadonlyMap<string, number>) => fixture.lint(files, rows);

/** `code@statement` for each finding, in order. */
function codes(findings: readonly LintFinding[]): string[] {
  return findings.map((f) => `${f.code}@${f.statement?.index}`);
}

const TWO_TABLES = `${datasource}
model Parent {
  id       Int     @id
  name     String
  note     String?
  children Child[]
}

model Child {
  id       Int    @id
  parentId Int
  parent   Parent @relation(fields: [parentId], references: [id], onDelete: Cascade)
}
`;

const CREATE_TWO_TABLES = `
CREATE TABLE "Parent" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "note" TEXT);
CREATE TABLE "Child" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "parentId" INTEGER NOT NULL,
    CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "Parent" VALUES (1, 'a', NULL), (2, 'b', NULL);
INSERT INTO "Child" VALUES (10, 1), (11, 1), (12, 2);
`;

/** Prisma's RedefineTables for Parent (its `note` column dropped), with `off` spelled as given. */
function prismaRebuild(off = 'PRAGMA foreign_keys=OFF;'): string {
  return `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
${off}
CREATE TABLE "new_Parent" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL
);
INSERT INTO "new_Parent" ("id", "name") SELECT "id", "name" FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;
}

describe('what each statement does', () => {
  test('effects, names in every quoting, and where each statement is', async () => {
    const sql = [
      '-- CreateTable',
      'CREATE TABLE IF NOT EXISTS [Audit] ("id" INTEGER PRIMARY KEY);',
      'CREATE UNIQUE INDEX "Audit_id_key" ON `Audit`("id");',
      'ALTER TABLE main."Post" ADD COLUMN "views" INTEGER NOT NULL DEFAULT 0;',
      'ALTER TABLE "Post" ADD "at" DATETIME DEFAULT CURRENT_TIMESTAMP;',
      'ALTER TABLE "Post" DROP COLUMN "legacy";',
      'ALTER TABLE "Post" RENAME COLUMN "a" TO "b";',
      'ALTER TABLE "Post" RENAME TO "Article";',
      'DROP INDEX IF EXISTS "old_idx";',
      'DROP TABLE "Tmp";',
      'DELETE FROM "Session";',
      'DELETE FROM "Token" WHERE "expired" = 1;',
      'PRAGMA foreign_keys = off;',
    ].join('\n');
    const statements = await provider.lint!.analyze(sql);
    expect(statements.map((s) => s.effects)).toEqual([
      [{ kind: 'create-table', table: 'Audit' }],
      [{ kind: 'create-index', table: 'Audit', index: 'Audit_id_key', unique: true }],
      [{ kind: 'add-column', table: 'Post', column: 'views', notNull: true, default: 'constant' }],
      [{ kind: 'add-column', table: 'Post', column: 'at', notNull: false, default: 'volatile' }],
      [{ kind: 'drop-column', table: 'Post', column: 'legacy' }],
      [{ kind: 'rename-column', table: 'Post', from: 'a', to: 'b' }],
      [{ kind: 'rename-table', from: 'Post', to: 'Article' }],
      [{ kind: 'drop-index', index: 'old_idx' }],
      [{ kind: 'drop-table', table: 'Tmp' }],
      // SQLite has no TRUNCATE: a DELETE without WHERE empties the table
      [{ kind: 'truncate', table: 'Session' }],
      [{ kind: 'other' }],
      [{ kind: 'other' }],
    ]);
    expect(statements.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // start is past the comment, end just past the code (before the `;`)
    expect(sql.slice(statements[0]!.start, statements[0]!.end)).toBe(
      'CREATE TABLE IF NOT EXISTS [Audit] ("id" INTEGER PRIMARY KEY)',
    );
  });

  test('keywords inside string literals and comments are not statements', async () => {
    const findings = await lint({
      sql: [
        `INSERT INTO "Log" ("msg") VALUES ('DROP TABLE "Post"; DELETE FROM "User"');`,
        '/* DROP TABLE "Post"; */ UPDATE "Post" SET "title" = \'ALTER TABLE "Post" DROP COLUMN "x"\' WHERE "id" = 1;',
        '-- DROP TABLE "User";',
        'SELECT 1;',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
  });

  test('the finding points at the statement: line, column and its text', async () => {
    const [finding] = await lint({ sql: '-- DropTable\n  DROP TABLE "Tmp";\n' });
    expect(finding).toMatchObject({
      code: 'drop-table',
      statement: { index: 0, text: 'DROP TABLE "Tmp"', range: { line: 2, column: 3, endLine: 2, endColumn: 19 } },
    });
  });
});

describe('sqlite-table-rebuild', () => {
  test("Prisma's rebuild is one finding at its CREATE; its DROP TABLE and RENAME are not a drop or a rename", async () => {
    const findings = await lint({ sql: prismaRebuild() });
    expect(codes(findings)).toEqual(['sqlite-table-rebuild@2']);
    expect(findings[0]).toMatchObject({ severity: 'data-loss', table: 'Parent', family: 'locking' });
    expect(findings[0]?.message).toBe(
      'Rebuilds `Parent`: its rows are copied into `new_Parent`, then `Parent` is dropped and the copy renamed.',
    );
  });

  test("strata's own rebuild (emitted from two schemas) is one finding per rebuilt table", async () => {
    const before = lowerSchemaText(TWO_TABLES);
    // Parent: `note` dropped and a default on `name`; Child: another ON DELETE. Both need a rebuild.
    const text = TWO_TABLES.replace('  note     String?\n', '')
      .replace('name     String', 'name     String  @default("x")')
      .replace('onDelete: Cascade', 'onDelete: Restrict');
    const after = lowerSchemaText(text);
    const plan = await planMigration({ from: before, to: after, provider });
    expect(plan.rebuildRequired).toBe(true);
    const findings = await lint({ sql: plan.script, before: TWO_TABLES, after: text });
    const rebuilds = findings.filter((f) => f.code === 'sqlite-table-rebuild');
    expect(rebuilds.map((f) => f.table).sort()).toEqual(['Child', 'Parent']);
    // the dropped `note` is named: the copy leaves it out
    expect(rebuilds.find((f) => f.table === 'Parent')?.message).toContain(
      'The copy leaves out `note`: its values are lost.',
    );
    expect(findings.filter((f) => f.code === 'drop-table' || f.code === 'rename-breaks-readers')).toEqual([]);
    // what the planner writes is not a hand edit
    expect(findings.filter((f) => f.code === 'unplanned-statement')).toEqual([]);
  });

  test('a table created earlier in the same file is rebuilt without a finding', async () => {
    const findings = await lint({
      sql: `CREATE TABLE "Parent" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "note" TEXT);\n${prismaRebuild()}`,
    });
    expect(codes(findings)).toEqual([]);
  });

  test('a DROP TABLE whose rows are not copied is a drop, not a rebuild', async () => {
    const findings = await lint({
      sql: [
        'CREATE TABLE "new_Parent" ("id" INTEGER NOT NULL PRIMARY KEY);',
        'DROP TABLE "Parent";',
        'ALTER TABLE "new_Parent" RENAME TO "Parent";',
      ].join('\n'),
    });
    expect(codes(findings)).toEqual(['drop-table@1']);
  });

  test(`ranked by the rows counted in the database: none for 0, review below ${BIG_TABLE_ROWS}, data-loss from it`, async () => {
    const url = `file:${path.join(temp.dir, 'rows.db')}`;
    const db = await openDatabase(provider, url, { createIfMissing: true });
    try {
      await db.execute(`
        CREATE TABLE "Parent" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "note" TEXT);
        INSERT INTO "Parent" ("id", "name")
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${BIG_TABLE_ROWS})
          SELECT i, 'p' || i FROM n;`);
      const rankAt = async (count: number) => {
        await db.execute(`DELETE FROM "Parent" WHERE "id" > ${count}`);
        const rows = new Map([['Parent', await db.probe.countRows('Parent')]]);
        const findings = await lint({ sql: prismaRebuild() }, rows);
        return findings.map((f) => `${f.severity}:${f.rows}`);
      };
      expect(await rankAt(BIG_TABLE_ROWS)).toEqual([`data-loss:${BIG_TABLE_ROWS}`]);
      expect(await rankAt(BIG_TABLE_ROWS - 1)).toEqual([`review:${BIG_TABLE_ROWS - 1}`]);
      expect(await rankAt(0)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('sqlite-foreign-keys-pragma-in-transaction', () => {
  /** Runs a migration.sql as strata runs it (one transaction), on a fresh database with the two tables. */
  async function run(sql: string): Promise<{ ok: boolean; error?: string; children: number }> {
    const db = await openDatabase(provider, `file:${path.join(temp.dir, `run-${++folders}.db`)}`, {
      createIfMissing: true,
    });
    try {
      await db.execute(CREATE_TWO_TABLES);
      const result = await db.run({ name: 'm', sql, transactional: true });
      const [count] = await db.query<{ n: number }>('SELECT count(*) AS n FROM "Child"');
      return { ok: result.ok, ...(result.ok ? {} : { error: result.error }), children: count?.n ?? -1 };
    } finally {
      await db.close();
    }
  }

  test('`PRAGMA foreign_keys=OFF` as Prisma writes it: strata turns it off before the transaction, nothing to report', async () => {
    const sql = prismaRebuild();
    expect(codes(await lint({ sql }))).toEqual(['sqlite-table-rebuild@2']);
    // and indeed: the rebuild of Parent keeps every child row
    expect(await run(sql)).toEqual({ ok: true, children: 3 });
  });

  test.each(["PRAGMA foreign_keys = 'off';", 'PRAGMA main.foreign_keys=OFF;', 'PRAGMA foreign_keys(0);'])(
    '`%s` is a no-op in the transaction: the DROP TABLE of the rebuild cascades (data-loss)',
    async (off) => {
      const sql = prismaRebuild(off);
      const findings = (await lint({ sql })).filter((f) => f.code === 'sqlite-foreign-keys-pragma-in-transaction');
      expect(codes(findings)).toEqual(['sqlite-foreign-keys-pragma-in-transaction@1']);
      expect(findings[0]?.severity).toBe('data-loss');
      expect(findings[0]?.message).toContain('statement 5 (`DROP TABLE "Parent"`) deletes the table\'s rows first');
      // what the finding says happens: the children of every parent are gone
      expect(await run(sql)).toEqual({ ok: true, children: 0 });
    },
  );

  test('without a transaction (`-- strata:no-transaction`) the pragma takes effect where it stands', async () => {
    const sql = `-- strata:no-transaction\n${prismaRebuild("PRAGMA foreign_keys = 'off';")}`;
    expect((await lint({ sql })).filter((f) => f.code.startsWith('sqlite-foreign'))).toEqual([]);
  });

  test('an unrecognized OFF with nothing after it that deletes rows is only for review', async () => {
    const findings = await lint({ sql: 'PRAGMA foreign_keys = \'off\';\nCREATE INDEX "i" ON "Child"("parentId");' });
    expect(findings.map((f) => `${f.code}:${f.severity}`)).toEqual([
      'sqlite-foreign-keys-pragma-in-transaction:review',
    ]);
  });

  test('`PRAGMA foreign_keys=ON` relied on before a DELETE: the actions do not run and the key check fails', async () => {
    const sql = [
      'PRAGMA foreign_keys=OFF;',
      'UPDATE "Parent" SET "name" = upper("name");',
      'PRAGMA foreign_keys=ON;',
      '-- the author expects ON DELETE CASCADE to take the children along',
      'DELETE FROM "Parent" WHERE "id" = 1;',
    ].join('\n');
    const findings = await lint({ sql, before: TWO_TABLES });
    expect(codes(findings)).toEqual(['sqlite-foreign-keys-pragma-in-transaction@2']);
    expect(findings[0]).toMatchObject({ severity: 'would-fail' });
    expect(findings[0]?.message).toContain('statement 4 (`DELETE FROM "Parent" WHERE "id" = 1`) runs no ON DELETE');
    // what the finding says happens: the children stay, the check before COMMIT refuses them
    const result = await run(sql);
    expect(result).toMatchObject({ ok: false, children: 3 });
    expect(result.error).toContain('foreign key check');
  });

  test('`PRAGMA foreign_keys=ON` with nothing relying on it, or only on tables nothing references, is fine', async () => {
    // Prisma's layout: ON at the end of RedefineTables, then more DDL
    const prisma = `${prismaRebuild()}CREATE INDEX "Child_parentId_idx" ON "Child"("parentId");\n`;
    expect((await lint({ sql: prisma })).filter((f) => f.code.startsWith('sqlite-foreign'))).toEqual([]);
    // before.prisma shows nothing references Child: deleting from it runs no action
    const leaf = 'PRAGMA foreign_keys=OFF;\nPRAGMA foreign_keys=ON;\nDELETE FROM "Child" WHERE "id" = 10;';
    expect((await lint({ sql: leaf, before: TWO_TABLES })).map((f) => f.code)).toEqual([]);
    // an ON without an OFF before it changes nothing: strata's connection has foreign keys on
    expect(
      (await lint({ sql: 'PRAGMA foreign_keys=ON;\nDELETE FROM "Parent" WHERE "id" = 1;' })).map((f) => f.code),
    ).toEqual([]);
  });
});

describe("core's neutral rules on SQLite SQL", () => {
  test('rename-breaks-readers: review for a rename after.prisma agrees with, would-fail when it still has the old name', async () => {
    const sql = 'ALTER TABLE "Parent" RENAME COLUMN "name" TO "title";';
    const renamed = TWO_TABLES.replace('  name     String\n', '  title    String\n');
    const real = await lint({ sql, before: TWO_TABLES, after: renamed });
    expect(real.filter((f) => f.code === 'rename-breaks-readers')).toEqual([
      expect.objectContaining({ severity: 'review', column: 'name' }),
    ]);
    const stale = await lint({ sql, before: TWO_TABLES, after: TWO_TABLES });
    expect(stale.filter((f) => f.code === 'rename-breaks-readers')).toEqual([
      expect.objectContaining({
        severity: 'would-fail',
        message: expect.stringContaining('after.prisma still has the old name'),
      }),
    ]);
  });

  test('drops, renames, a unique index and an emptied table on existing tables', async () => {
    const findings = await lint({
      sql: [
        'DROP TABLE "Legacy";',
        'ALTER TABLE "Parent" DROP COLUMN "note";',
        'ALTER TABLE "Parent" RENAME COLUMN "name" TO "title";',
        'ALTER TABLE "Child" RENAME TO "Kid";',
        'CREATE UNIQUE INDEX "Parent_title_key" ON "Parent"("title");',
        'DELETE FROM "Session";',
        'ALTER TABLE "Parent" ADD COLUMN "code" TEXT NOT NULL;',
      ].join('\n'),
    });
    expect(codes(findings)).toEqual([
      'drop-table@0',
      'drop-column@1',
      'rename-breaks-readers@2',
      'rename-breaks-readers@3',
      'add-unique-over-duplicates@4',
      'truncate-table@5',
      'add-required-column-no-default@6',
    ]);
  });

  test('on a table the same file creates, none of them', async () => {
    const findings = await lint({
      sql: [
        'CREATE TABLE "Tag" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "old" TEXT);',
        'CREATE UNIQUE INDEX "Tag_name_key" ON "Tag"("name");',
        'ALTER TABLE "Tag" ADD COLUMN "slug" TEXT NOT NULL;',
        'ALTER TABLE "Tag" RENAME COLUMN "name" TO "label";',
        'ALTER TABLE "Tag" DROP COLUMN "old";',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
  });

  test('drop-in-use: a column dropped that after.prisma still has', async () => {
    const findings = await lint({
      sql: 'ALTER TABLE "Parent" DROP COLUMN "note";',
      before: TWO_TABLES,
      after: TWO_TABLES,
    });
    expect(codes(findings)).toContain('drop-in-use@0');
    const after = TWO_TABLES.replace('  note     String?\n', '');
    const fine = await lint({ sql: 'ALTER TABLE "Parent" DROP COLUMN "note";', before: TWO_TABLES, after });
    expect(codes(fine)).toEqual(['drop-column@0']);
  });

  test('unplanned-statement: a statement the planner does not write for before -> after', async () => {
    const after = TWO_TABLES.replace('  note     String?\n', '  note     String?\n  slug     String?\n');
    const plan = await planMigration({ from: lowerSchemaText(TWO_TABLES), to: lowerSchemaText(after), provider });
    const sql = `${plan.script}\n-- backfill, by hand\nUPDATE "Parent" SET "slug" = lower("name");\n`;
    const findings = await lint({ sql, before: TWO_TABLES, after });
    expect(codes(findings)).toEqual(['unplanned-statement@1']);
    expect(codes(await lint({ sql: plan.script, before: TWO_TABLES, after }))).toEqual([]);
  });
});

describe('a migration without statements', () => {
  test('an enum losing a value writes no SQL on SQLite: the plan warning is said about the file', async () => {
    const enumSchema = (values: string) =>
      `${datasource}\nenum Role {\n${values}}\n\nmodel User {\n  id   Int  @id\n  role Role\n}\n`;
    const before = enumSchema('  USER\n  ADMIN\n');
    const after = enumSchema('  USER\n');
    const plan = await planMigration({ from: lowerSchemaText(before), to: lowerSchemaText(after), provider });
    expect(plan.statements).toEqual([]);
    const findings = await lint({ sql: plan.script, before, after });
    expect(findings).toEqual([expect.objectContaining({ code: 'remove-enum-value', severity: 'would-fail' })]);
    expect(findings[0]?.statement).toBeUndefined();
  });
});

describe('suppression', () => {
  test('`-- strata:lint-ignore CODE reason` silences that code on the next statement and keeps the reason', async () => {
    const findings = await lint({
      sql: [
        '-- strata:lint-ignore sqlite-table-rebuild the table holds 12 rows in production',
        prismaRebuild().replace('-- RedefineTables\nPRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\n', ''),
      ].join('\n'),
    });
    expect(findings.map((f) => [f.code, f.suppressed?.reason])).toEqual([
      ['sqlite-table-rebuild', 'the table holds 12 rows in production'],
    ]);
  });

  test('an ignore without a reason silences nothing and is reported', async () => {
    const findings = await lint({ sql: '-- strata:lint-ignore drop-table\nDROP TABLE "Legacy";' });
    expect(findings.map((f) => [f.code, f.suppressed])).toEqual([
      ['lint-ignore-invalid', undefined],
      ['drop-table', undefined],
    ]);
  });
});

describe('the real SQLite histories of the corpus', () => {
  const corpus = corpusOrSkip();
  const histories = corpus === undefined ? [] : corpusHistories(corpus, 'sqlite');

  test('every migration.sql lints without a crash; the findings and effects are pinned', async () => {
    if (corpus === undefined) return;
    const found: Record<string, Record<string, number>> = {};
    const effects: Record<string, Record<string, number>> = {};
    for (const history of histories) {
      found[history.project] = {};
      effects[history.project] = {};
      for (const migration of history.migrations) {
        const sql = readFileSync(migration.file, 'utf8');
        for (const finding of await lintMigration({ provider, name: migration.name, sql })) {
          const counts = found[history.project] as Record<string, number>;
          counts[finding.code] = (counts[finding.code] ?? 0) + 1;
        }
        for (const statement of await provider.lint!.analyze(sql))
          for (const effect of statement.effects) {
            const counts = effects[history.project] as Record<string, number>;
            counts[effect.kind] = (counts[effect.kind] ?? 0) + 1;
          }
      }
    }
    // both histories are a single init migration: new tables only, so nothing to report
    expect(found).toEqual({ 'epicweb-dev__epic-stack': {}, 'remix-run__indie-stack': {} });
    // every CREATE TABLE and CREATE [UNIQUE] INDEX of the files is read as one (epic-stack's 34
    // other statements are the INSERTs that seed its roles and permissions)
    expect(effects).toEqual({
      'epicweb-dev__epic-stack': { 'create-table': 13, 'create-index': 17, other: 34 },
      'remix-run__indie-stack': { 'create-table': 3, 'create-index': 2 },
    });
  });
});
