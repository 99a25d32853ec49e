/**
 * The provider through core's planner (`planMigration`): the migration.sql text itself, byte for
 * byte, against umami's Prisma-generated migrations that were never edited by hand, and core's
 * warnings together with this provider's notes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { planMigration } from '@strata/core';
import provider from '../src/index.js';
import { corpusDir, lowerMysql } from './support.js';

const corpus = corpusDir();
const UMAMI = corpus === undefined ? undefined : path.join(corpus, 'umami-software__umami-mysql');
const at = (commit: string) =>
  lowerMysql(readFileSync(path.join(UMAMI as string, 'history', `${commit}.prisma`), 'utf8'));

/** Migrations Prisma wrote and nobody edited (no data migration, no hand-made renames), with the schema versions around them. */
const UNTOUCHED: readonly (readonly [string, string, string])[] = [
  [
    '03_metric_performance_index',
    '31a11be1ac8f29660bb2cf920e9fdc8cbf43e044',
    '6dba68c823df80302fc261b3a5d854a660d7cade',
  ],
  ['07_add_tag', '7381254cc25a71b3b872d23bbe7e6f7e99948fbb', '07330bd930b9cd86b6e0f40af67c4845009ab71e'],
  ['10_add_distinct_id', '5aaff55a70845a38b62e17b42b3bae1bc45fbf01', 'e89cf9e93068d39121e93de9d16fdba43580cf50'],
];

describe('migration.sql as Prisma writes it', () => {
  test.each(UNTOUCHED)('%s: byte for byte', async (migration, from, to) => {
    if (UMAMI === undefined) return;
    const plan = await planMigration({ from: at(from), to: at(to), provider, renames: [] });
    const theirs = readFileSync(path.join(UMAMI, 'migrations', migration, 'migration.sql'), 'utf8');
    // 03 lists its CREATE INDEXes in the schema's declaration order, strata in name order (the IR's)
    const lines = (script: string) => (migration.startsWith('03') ? script.split('\n\n').sort() : [script]);
    expect(lines(plan.script.trimEnd())).toEqual(lines(theirs.trimEnd()));
  });
});

describe('warnings', () => {
  const schema = (values: string) =>
    lowerMysql(
      `datasource db {\n  provider = "mysql"\n  url = env("DATABASE_URL")\n}\nenum Role {\n${values}}\nmodel User {\n  id Int @id\n  role Role\n}\n`,
    );

  test('removing an enum value: core warns, the columns are MODIFYed', async () => {
    const plan = await planMigration({
      from: schema('  USER\n  ADMIN\n'),
      to: schema('  USER\n'),
      provider,
      renames: [],
    });
    expect(plan.warnings.map((w) => w.code)).toContain('remove-enum-value');
    expect(plan.statements.map((s) => s.sql)).toEqual(["ALTER TABLE `User` MODIFY `role` ENUM('USER') NOT NULL;"]);
    expect(plan.transactional).toBe(true);
  });

  test("umami's 04_team_redesign: dropping a table is a data-loss warning (and nothing in it can fail half-way)", async () => {
    if (UMAMI === undefined) return;
    const plan = await planMigration({
      from: at('6dba68c823df80302fc261b3a5d854a660d7cade'),
      to: at('e5e8d0acc8a37e26c01e89986f4605cda325338c'),
      provider,
      renames: [],
    });
    expect(plan.warnings.map((w) => w.code)).toEqual(['drop-table']);
  });
});
