/**
 * The MySQL linter (`provider.lint`) through core's public `lintMigration`, on migration.sql
 * files written to disk and read back, as `strata migrate lint` reads them: what each statement
 * does (backticks, MySQL's string escapes and comments), MySQL's rules judged as `explain` judges
 * a plan (the same codes and words for a planned migration), core's neutral rules on MySQL SQL,
 * snapshots, suppression, the real umami history, and, on a real server, what the implicit
 * commit finding warns about.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type LintFinding, lintMigration, openDatabase, planMigration } from '@strata/core';
import { createLintFixture, type LintFixtureFiles } from '@strata/core/testing';
import { corpusHistories, corpusOrSkip, createTempDir, startTestMysql, type TestMysql } from '@strata/testkit';
import { treeOf } from '../src/lint.js';
import { describeMysql, lowerMysql, provider } from './support.js';

const temp = createTempDir('strata-mysql-lint-');
afterAll(() => temp.close());

const fixture = createLintFixture(provider);
afterAll(() => fixture.close());
const lint = (files: LintFixtureFiles, rows?: ReadonlyMap<string, number>) => fixture.lint(files, rows);

/** `code@statement` for each finding, in order. */
function codes(findings: readonly LintFinding[]): string[] {
  return findings.map((f) => `${f.code}@${f.statement?.index}`);
}

const datasource = 'datasource db {\n  provider = "mysql"\n}\n';

const SHOP = `${datasource}
model Customer {
  id     Int     @id
  email  String  @db.VarChar(255)
  name   String?
  code   Int
  status Status
  orders Order[]
}

model Order {
  id         Int      @id
  customerId Int
  customer   Customer @relation(fields: [customerId], references: [id])
}

enum Status {
  ACTIVE
  BLOCKED
}
`;

describe('what each statement does', () => {
  test('effects of MySQL statements, every clause of an ALTER TABLE, names in backticks', async () => {
    const sql = [
      '# a hash comment',
      'CREATE TABLE IF NOT EXISTS `shop`.`Tag` (`id` INTEGER NOT NULL, PRIMARY KEY (`id`));',
      'CREATE UNIQUE INDEX `Tag_id_key` ON `Tag`(`id`);',
      'ALTER TABLE `Customer` ADD COLUMN `a` INTEGER NOT NULL DEFAULT 0,',
      '    ADD COLUMN `b` VARCHAR(36) NULL DEFAULT (uuid()),',
      '    DROP COLUMN `legacy`,',
      '    MODIFY `email` VARCHAR(100) NOT NULL,',
      '    CHANGE `name` `full_name` VARCHAR(191) NULL,',
      '    ADD PRIMARY KEY (`id`),',
      '    ADD UNIQUE INDEX `Customer_code_key`(`code`),',
      '    ADD INDEX `Customer_a_idx`(`a`),',
      '    ADD CONSTRAINT `Customer_chk` CHECK (`code` > 0),',
      '    DROP INDEX `old_idx`,',
      '    DROP FOREIGN KEY `old_fkey`,',
      '    RENAME COLUMN `x` TO `y`,',
      '    ALGORITHM=INPLACE, LOCK=NONE;',
      'ALTER TABLE `Order` ADD CONSTRAINT `Order_customerId_fkey` FOREIGN KEY (`customerId`) REFERENCES `Customer`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;',
      'DROP INDEX `Tag_id_key` ON `Tag`;',
      'RENAME TABLE `a` TO `b`, `c` TO `d`;',
      'ALTER TABLE `b` RENAME TO `e`;',
      'DROP TABLE IF EXISTS `x`, `y`;',
      'TRUNCATE TABLE `Session`;',
      'DELETE FROM `Token`;',
      'DELETE FROM `Token` WHERE `expired` = 1;',
      'SET SESSION lock_wait_timeout = 5;',
      "UPDATE `Customer` SET `name` = 'it\\'s; DROP TABLE `Customer`' WHERE `id` = 1;",
    ].join('\n');
    const statements = await provider.lint!.analyze(sql);
    expect(statements.map((s) => s.effects)).toEqual([
      // the database qualifier is left out: strata's MySQL schemas have no namespaces
      [{ kind: 'create-table', table: 'Tag' }],
      [{ kind: 'create-index', table: 'Tag', index: 'Tag_id_key', unique: true }],
      [
        { kind: 'add-column', table: 'Customer', column: 'a', notNull: true, default: 'constant' },
        { kind: 'add-column', table: 'Customer', column: 'b', notNull: false, default: 'volatile' },
        { kind: 'drop-column', table: 'Customer', column: 'legacy' },
        { kind: 'alter-column-type', table: 'Customer', column: 'email' },
        { kind: 'rename-column', table: 'Customer', from: 'name', to: 'full_name' },
        { kind: 'alter-column-type', table: 'Customer', column: 'full_name' },
        { kind: 'add-constraint', table: 'Customer', constraint: 'primary-key' },
        { kind: 'create-index', table: 'Customer', index: 'Customer_code_key', unique: true },
        { kind: 'create-index', table: 'Customer', index: 'Customer_a_idx', unique: false },
        { kind: 'add-constraint', table: 'Customer', constraint: 'check' },
        { kind: 'drop-index', table: 'Customer', index: 'old_idx' },
        { kind: 'drop-constraint', table: 'Customer', constraint: 'old_fkey' },
        { kind: 'rename-column', table: 'Customer', from: 'x', to: 'y' },
      ],
      [{ kind: 'add-constraint', table: 'Order', constraint: 'foreign-key' }],
      [{ kind: 'drop-index', table: 'Tag', index: 'Tag_id_key' }],
      [
        { kind: 'rename-table', from: 'a', to: 'b' },
        { kind: 'rename-table', from: 'c', to: 'd' },
      ],
      [{ kind: 'rename-table', from: 'b', to: 'e' }],
      [
        { kind: 'drop-table', table: 'x' },
        { kind: 'drop-table', table: 'y' },
      ],
      [{ kind: 'truncate', table: 'Session' }],
      [{ kind: 'truncate', table: 'Token' }],
      [{ kind: 'other' }],
      [{ kind: 'set-timeout', setting: 'lock' }],
      [{ kind: 'other' }],
    ]);
    // a MODIFY and a CHANGE keep what the column becomes, for the rules
    expect(treeOf(statements[2]!)?.restated).toEqual([
      { table: 'Customer', from: 'email', column: 'email', clause: 'MODIFY', type: 'VARCHAR(100)', nullable: false },
      { table: 'Customer', from: 'name', column: 'full_name', clause: 'CHANGE', type: 'VARCHAR(191)', nullable: true },
    ]);
  });

  test('keywords inside strings (backslash escapes too) and comments are not statements', async () => {
    const findings = await lint({
      sql: [
        "INSERT INTO `Log` (`msg`) VALUES ('it\\'s DROP TABLE `Customer`; TRUNCATE `Order`');",
        '/* DROP TABLE `Customer`; */ UPDATE `Log` SET `msg` = "ALTER TABLE `Customer` DROP COLUMN `x`";',
        '# DROP TABLE `Customer`;',
        '-- DROP TABLE `Customer`;',
        '/*!40101 SET NAMES utf8mb4 */;',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
  });
});

describe('mysql-implicit-commit', () => {
  test('a statement that can fail on its rows after another: the first one is reported', async () => {
    const findings = await lint({
      sql: [
        'ALTER TABLE `Customer` ADD COLUMN `visit` VARCHAR(36) NULL;',
        'UPDATE `Customer` SET `visit` = uuid();',
        'ALTER TABLE `Customer` MODIFY `visit` VARCHAR(36) NOT NULL;',
        'CREATE UNIQUE INDEX `Customer_visit_key` ON `Customer`(`visit`);',
      ].join('\n'),
    });
    expect(codes(findings.filter((f) => f.code === 'mysql-implicit-commit'))).toEqual(['mysql-implicit-commit@2']);
    expect(findings.find((f) => f.code === 'mysql-implicit-commit')?.message).toContain(
      'statement 3 of 4 can fail on the rows it finds (`ALTER TABLE `Customer` MODIFY `visit` VARCHAR(36) NOT NULL`), and if it does, the 2 before it stay applied',
    );
  });

  test('none when the risky statement comes first, only follows a SET, or is on a table the file creates', async () => {
    const first = await lint({
      sql: 'CREATE UNIQUE INDEX `Customer_code_key` ON `Customer`(`code`);\nALTER TABLE `Customer` ADD COLUMN `x` INT NULL;',
    });
    expect(first.map((f) => f.code)).toEqual(['add-unique-over-duplicates']);
    const afterSet = await lint({
      sql: 'SET lock_wait_timeout = 5;\nCREATE UNIQUE INDEX `Customer_code_key` ON `Customer`(`code`);',
    });
    expect(afterSet.map((f) => f.code)).toEqual(['add-unique-over-duplicates']);
    const created = await lint({
      sql: [
        'CREATE TABLE `Tag` (`id` INTEGER NOT NULL, `name` VARCHAR(191) NOT NULL, PRIMARY KEY (`id`));',
        'CREATE UNIQUE INDEX `Tag_name_key` ON `Tag`(`name`);',
        'ALTER TABLE `Tag` ADD CONSTRAINT `Tag_id_fkey` FOREIGN KEY (`id`) REFERENCES `Customer`(`id`);',
      ].join('\n'),
    });
    expect(created).toEqual([]);
  });

  test('the same words as the plan warning `explain` gives for a planned migration', async () => {
    const after = SHOP.replace('  code   Int\n', '  code   Int     @unique\n').concat(
      'model Visit {\n  id Int @id\n}\n',
    );
    const plan = await planMigration({ from: lowerMysql(SHOP), to: lowerMysql(after), provider });
    const warning = plan.warnings.find((w) => w.code === 'mysql-implicit-commit');
    expect(warning).toBeDefined();
    const findings = await lint({ sql: plan.script, before: SHOP, after });
    expect(findings.filter((f) => f.code === 'mysql-implicit-commit').map((f) => f.message)).toEqual([
      warning?.message,
    ]);
  });
});

describe('MODIFY and CHANGE: mysql-modify-rewrites-table, type-change-rewrites-table, mysql-varchar-narrowing, mysql-charset-change', () => {
  /** The codes of MySQL's MODIFY rules for a statement, with SHOP as before.prisma or without it. */
  async function modifyCodes(sql: string, before?: string): Promise<string[]> {
    const findings = await lint({ sql, ...(before === undefined ? {} : { before }) });
    return findings
      .filter((f) => f.code.startsWith('mysql-') || f.code === 'type-change-rewrites-table')
      .map((f) => `${f.code}:${f.column}`);
  }

  test('without before.prisma, a MODIFY is reported as the table copy it may be', async () => {
    expect(await modifyCodes('ALTER TABLE `Customer` MODIFY `code` BIGINT NOT NULL;')).toEqual([
      'mysql-modify-rewrites-table:code',
    ]);
  });

  test('with before.prisma, what changes: nullability, type, a shorter VARCHAR, another character set', async () => {
    expect(await modifyCodes('ALTER TABLE `Customer` MODIFY `name` VARCHAR(191) NOT NULL;', SHOP)).toEqual([
      'mysql-modify-rewrites-table:name',
    ]);
    expect(await modifyCodes('ALTER TABLE `Customer` MODIFY `code` BIGINT NOT NULL;', SHOP)).toEqual([
      'type-change-rewrites-table:code',
    ]);
    // a narrowing is narrow-type's (the plan's), not a rewrite; the shorter VARCHAR is MySQL's own
    expect(await modifyCodes('ALTER TABLE `Customer` MODIFY `email` VARCHAR(32) NOT NULL;', SHOP)).toEqual([
      'mysql-varchar-narrowing:email',
    ]);
    expect(
      await modifyCodes('ALTER TABLE `Customer` MODIFY `email` VARCHAR(255) CHARACTER SET latin1 NOT NULL;', SHOP),
    ).toEqual(['type-change-rewrites-table:email', 'mysql-charset-change:email']);
    const [finding] = await lint({ sql: 'ALTER TABLE `Customer` MODIFY `name` VARCHAR(191) NOT NULL;', before: SHOP });
    expect(finding?.message).toBe(
      'Making `name` on `Customer` required is a MODIFY that rebuilds the table and blocks writes to it until done. For a big table, run it at a quiet time or with an online schema change tool.',
    );
  });

  test('none when nothing but the name changes, an ENUM only gains values, or the table is new or empty', async () => {
    expect(await modifyCodes('ALTER TABLE `Customer` CHANGE `code` `number` INTEGER NOT NULL;', SHOP)).toEqual([]);
    expect(
      await modifyCodes("ALTER TABLE `Customer` MODIFY `status` ENUM('ACTIVE', 'BLOCKED', 'GONE') NOT NULL;", SHOP),
    ).toEqual([]);
    expect(
      await modifyCodes(
        'CREATE TABLE `Tag` (`id` INTEGER NOT NULL, PRIMARY KEY (`id`));\nALTER TABLE `Tag` MODIFY `id` BIGINT NOT NULL;',
      ),
    ).toEqual([]);
    const empty = await lint(
      { sql: 'ALTER TABLE `Customer` MODIFY `code` BIGINT NOT NULL;' },
      new Map([['Customer', 0]]),
    );
    expect(empty).toEqual([]);
    // a longer VARCHAR copies the table but is no narrowing
    expect(await modifyCodes('ALTER TABLE `Customer` MODIFY `email` VARCHAR(500) NOT NULL;', SHOP)).toEqual([
      'type-change-rewrites-table:email',
    ]);
  });

  test('CONVERT TO CHARACTER SET converts every text column of an existing table', async () => {
    expect(await modifyCodes('ALTER TABLE `Customer` CONVERT TO CHARACTER SET latin1;')).toEqual([
      'mysql-charset-change:undefined',
    ]);
    expect(
      await modifyCodes(
        'CREATE TABLE `Tag` (`id` INTEGER NOT NULL, PRIMARY KEY (`id`));\nALTER TABLE `Tag` CONVERT TO CHARACTER SET latin1;',
      ),
    ).toEqual([]);
  });
});

describe("core's neutral rules on MySQL SQL", () => {
  test('drops, renames, a unique index and an emptied table on existing tables', async () => {
    const findings = await lint({
      sql: [
        'DROP TABLE `Legacy`;',
        'ALTER TABLE `Customer` DROP COLUMN `name`;',
        'ALTER TABLE `Customer` RENAME COLUMN `email` TO `mail`;',
        'RENAME TABLE `Order` TO `Purchase`;',
        'TRUNCATE `Session`;',
        'ALTER TABLE `Customer` ADD COLUMN `vat` VARCHAR(20) NOT NULL;',
      ].join('\n'),
    });
    expect(codes(findings)).toEqual([
      'drop-table@0',
      'drop-column@1',
      'rename-breaks-readers@2',
      'rename-breaks-readers@3',
      'truncate-table@4',
      'add-required-column-no-default@5',
    ]);
    const unique = await lint({ sql: 'CREATE UNIQUE INDEX `Customer_email_key` ON `Customer`(`email`);' });
    expect(codes(unique)).toEqual(['add-unique-over-duplicates@0']);
  });

  test('on a table the same file creates, none of them', async () => {
    const findings = await lint({
      sql: [
        'CREATE TABLE `Tag` (`id` INTEGER NOT NULL, `name` VARCHAR(191) NOT NULL, `old` INT NULL, PRIMARY KEY (`id`));',
        'CREATE UNIQUE INDEX `Tag_name_key` ON `Tag`(`name`);',
        'ALTER TABLE `Tag` ADD COLUMN `slug` VARCHAR(191) NOT NULL, DROP COLUMN `old`;',
        'ALTER TABLE `Tag` RENAME COLUMN `name` TO `label`;',
      ].join('\n'),
    });
    expect(findings).toEqual([]);
  });

  test('drop-in-use: a column dropped that after.prisma still has', async () => {
    const sql = 'ALTER TABLE `Customer` DROP COLUMN `name`;';
    // (with nothing to change from before to after, the file is a hand-written one on purpose:
    // no unplanned-statement)
    expect(codes(await lint({ sql, before: SHOP, after: SHOP }))).toEqual(['drop-column@0', 'drop-in-use@0']);
    const after = SHOP.replace('  name   String?\n', '');
    expect(codes(await lint({ sql, before: SHOP, after }))).toEqual(['drop-column@0']);
  });

  test('unplanned-statement: a statement the planner does not write for before -> after', async () => {
    const after = SHOP.replace('  name   String?\n', '  name   String?\n  slug   String?\n');
    const plan = await planMigration({ from: lowerMysql(SHOP), to: lowerMysql(after), provider });
    const sql = `${plan.script}\n-- backfill, by hand\nUPDATE \`Customer\` SET \`slug\` = LOWER(\`name\`);\n`;
    expect(codes(await lint({ sql, before: SHOP, after }))).toEqual(['unplanned-statement@1']);
    expect(codes(await lint({ sql: plan.script, before: SHOP, after }))).toEqual([]);
  });
});

describe('suppression', () => {
  test('`-- strata:lint-ignore CODE reason` silences that code on the next statement and keeps the reason', async () => {
    const findings = await lint({
      sql: [
        'ALTER TABLE `Customer` ADD COLUMN `x` INT NULL;',
        '-- strata:lint-ignore mysql-implicit-commit checked: no duplicate codes in production',
        'CREATE UNIQUE INDEX `Customer_code_key` ON `Customer`(`code`);',
      ].join('\n'),
    });
    expect(findings.map((f) => [f.code, f.suppressed?.reason])).toEqual([
      ['add-unique-over-duplicates', undefined],
      ['mysql-implicit-commit', 'checked: no duplicate codes in production'],
    ]);
  });
});

describe('the real MySQL history of the corpus (umami)', () => {
  const corpus = corpusOrSkip();

  test('every migration.sql lints without a crash; the findings per code are pinned', async () => {
    if (corpus === undefined) return;
    const histories = corpusHistories(corpus, 'mysql');
    expect(histories.map((h) => [h.project, h.migrations.length])).toEqual([['umami-software__umami-mysql', 13]]);
    const found: Record<string, number> = {};
    const where: string[] = [];
    for (const migration of histories[0]?.migrations ?? []) {
      const sql = readFileSync(migration.file, 'utf8');
      for (const finding of await lintMigration({ provider, name: migration.name, sql })) {
        found[finding.code] = (found[finding.code] ?? 0) + 1;
        where.push(`${migration.name.slice(0, 2)}:${finding.code}@${finding.statement?.index}`);
      }
    }
    expect(found).toEqual({
      'drop-column': 2,
      'drop-table': 1,
      'mysql-implicit-commit': 2,
      'mysql-modify-rewrites-table': 7,
      'rename-breaks-readers': 8,
    });
    expect(where).toEqual([
      // five CHANGEs that rename and restate columns of event_data; the second is the first after another
      ...[0, 1, 2, 3, 4].flatMap((i) => [
        `02:rename-breaks-readers@${i}`,
        ...(i === 1 ? ['02:mysql-implicit-commit@1'] : []),
        `02:mysql-modify-rewrites-table@${i}`,
      ]),
      '04:drop-table@4',
      // ADD COLUMN, UPDATE, then MODIFY ... NOT NULL: a NULL left fails it, the two before it stay
      '05:mysql-implicit-commit@2',
      '05:mysql-modify-rewrites-table@2',
      '06:rename-breaks-readers@2',
      '06:rename-breaks-readers@3',
      '09:rename-breaks-readers@4',
      '09:drop-column@5',
      '09:drop-column@6',
      '12:mysql-modify-rewrites-table@0',
    ]);
  });
});

describeMysql('on a real server', () => {
  let server: TestMysql;
  beforeAll(async () => {
    server = await startTestMysql();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('what mysql-implicit-commit warns about: the statement fails on duplicates, the one before it stays', async () => {
    const db = await openDatabase(provider, server.url);
    try {
      await db.execute(
        'CREATE TABLE `Customer` (`id` INTEGER NOT NULL, `code` INTEGER NOT NULL, PRIMARY KEY (`id`));\nINSERT INTO `Customer` VALUES (1, 7), (2, 7);',
      );
      const sql =
        'ALTER TABLE `Customer` ADD COLUMN `x` INT NULL;\nCREATE UNIQUE INDEX `Customer_code_key` ON `Customer`(`code`);';
      const rows = new Map([['Customer', await db.probe.countRows('Customer')]]);
      expect(codes(await lint({ sql }, rows))).toEqual(['add-unique-over-duplicates@1', 'mysql-implicit-commit@1']);
      const result = await db.run({ name: 'm', sql, transactional: true });
      expect(result).toMatchObject({ ok: false, appliedSteps: 1, transactional: false });
      const columns = await db.query<{ name: string }>(
        "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'Customer' ORDER BY ORDINAL_POSITION",
      );
      expect(columns.map((c) => c.name)).toEqual(['id', 'code', 'x']);
      // counted empty, the table cannot hold duplicates: nothing to report
      await db.execute('DELETE FROM `Customer`');
      const empty = new Map([['Customer', await db.probe.countRows('Customer')]]);
      expect(await lint({ sql }, empty)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
