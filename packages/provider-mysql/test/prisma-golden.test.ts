/**
 * Prisma's MySQL SQL = strata's, on real data: umami's MySQL line (shared/corpus), whose
 * committed migrations Prisma generated. For every migration whose schema the corpus keeps (the
 * last schema version committed with it, per history/index.tsv), strata plans the step from the
 * previous version (the first from an empty database) and must write the same statements once
 * whitespace is normalized. `11_add_segment` and `12_update_report_parameter` have no schema
 * version of their own: they are compared together with `13_add_revenue`.
 *
 * Every remaining difference is listed with its reason (hand-written SQL in the migration, almost
 * always); the test also fails when a listed one no longer occurs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { type DatabaseSchema, emptySchema, type RenameDecision } from '@strata/core';
import { normalizedStatements, statementsMissingFrom } from '@strata/core/testing';
import { corpusDir, lowerMysql, migrationScript } from './support.js';

const corpus = corpusDir();
const UMAMI = corpus === undefined ? undefined : path.join(corpus, 'umami-software__umami-mysql');

interface Step {
  /** The migration folders this step covers. */
  readonly migrations: readonly string[];
  /** The history/ schema version committed with the last of them. */
  readonly schema: string;
  /** Renames the migration made by hand (Prisma never writes them), given to strata as the user would. */
  readonly renames?: readonly RenameDecision[];
}

const column = (table: string, from: string, to: string): RenameDecision => ({ kind: 'column', table, from, to });

const STEPS: readonly Step[] = [
  { migrations: ['01_init'], schema: 'fa3659fcf69678fd20b0998bf436ae1410c5edf6' },
  {
    migrations: ['02_report_schema_session_data'],
    schema: '31a11be1ac8f29660bb2cf920e9fdc8cbf43e044',
    renames: [
      column('event_data', 'event_data_type', 'data_type'),
      column('event_data', 'event_date_value', 'date_value'),
      column('event_data', 'event_id', 'event_data_id'),
      column('event_data', 'event_numeric_value', 'number_value'),
      column('event_data', 'event_string_value', 'string_value'),
    ],
  },
  { migrations: ['03_metric_performance_index'], schema: '6dba68c823df80302fc261b3a5d854a660d7cade' },
  { migrations: ['04_team_redesign'], schema: 'e5e8d0acc8a37e26c01e89986f4605cda325338c' },
  { migrations: ['05_add_visit_id'], schema: 'af1a118374edd3c0502230c56ae9f77e4288643a' },
  {
    migrations: ['06_session_data'],
    schema: '7381254cc25a71b3b872d23bbe7e6f7e99948fbb',
    renames: [column('event_data', 'event_key', 'data_key'), column('session_data', 'event_key', 'data_key')],
  },
  { migrations: ['07_add_tag'], schema: '07330bd930b9cd86b6e0f40af67c4845009ab71e' },
  { migrations: ['08_add_utm_clid'], schema: 'e7fc482a30edf6ba17887ebf74a87c8c0c16aee8' },
  {
    migrations: ['09_update_hostname_region'],
    schema: '5aaff55a70845a38b62e17b42b3bae1bc45fbf01',
    renames: [column('session', 'subdivision1', 'region')],
  },
  { migrations: ['10_add_distinct_id'], schema: 'e89cf9e93068d39121e93de9d16fdba43580cf50' },
  {
    migrations: ['11_add_segment', '12_update_report_parameter', '13_add_revenue'],
    schema: 'da7f4cb2d0dec2a810e789ed53fceb77cb659a58',
  },
];

interface Difference {
  /** The statement, normalized as `normalizedStatements` prints it (after `comparable`). */
  readonly statement: string;
  readonly onlyIn: 'prisma' | 'strata';
}

interface Explained extends Difference {
  readonly why: string;
}

const DATA_MIGRATION = 'a data migration written by hand into the migration';

/** Differences per migration step (keyed by its first migration), each with its reason. */
const CHANGE_BY_HAND =
  'umami renamed the column by hand with CHANGE (its definition restated); strata, told the rename, writes RENAME COLUMN (MySQL 8.0.3+, MariaDB 10.5.2+), which keeps the definition as it is';
const RENAME_COLUMN = 'the same rename as the CHANGE above, in the form strata writes';

const EXCEPTIONS: Readonly<Record<string, readonly Explained[]>> = {
  '01_init': [
    {
      statement:
        "INSERT INTO user (user_id, username, role, password) VALUES ('41e2b680-648e-4b09-bcd7-3e2b10c06264' , 'admin', 'admin', '$2b$10$BUli0c.muyCW1ErNJc3jL.vFRFtFJWrT8/GcR4A.sUdCznaXiqFXa');",
      onlyIn: 'prisma',
      why: 'the admin user umami seeds by hand (`-- AddSystemUser`)',
    },
  ],
  '02_report_schema_session_data': [
    {
      statement: 'ALTER TABLE `event_data` CHANGE `event_data_type` `data_type` INTEGER UNSIGNED NOT NULL;',
      onlyIn: 'prisma',
      why: CHANGE_BY_HAND,
    },
    {
      statement: 'ALTER TABLE `event_data` RENAME COLUMN `event_data_type` TO `data_type`;',
      onlyIn: 'strata',
      why: RENAME_COLUMN,
    },
    {
      statement: 'ALTER TABLE `event_data` CHANGE `event_date_value` `date_value` TIMESTAMP(0) NULL;',
      onlyIn: 'prisma',
      why: CHANGE_BY_HAND,
    },
    {
      statement: 'ALTER TABLE `event_data` RENAME COLUMN `event_date_value` TO `date_value`;',
      onlyIn: 'strata',
      why: RENAME_COLUMN,
    },
    {
      statement: 'ALTER TABLE `event_data` CHANGE `event_id` `event_data_id` VARCHAR(36) NOT NULL;',
      onlyIn: 'prisma',
      why: CHANGE_BY_HAND,
    },
    {
      statement: 'ALTER TABLE `event_data` RENAME COLUMN `event_id` TO `event_data_id`;',
      onlyIn: 'strata',
      why: RENAME_COLUMN,
    },
    {
      statement: 'ALTER TABLE `event_data` CHANGE `event_numeric_value` `number_value` DECIMAL(19,4) NULL;',
      onlyIn: 'prisma',
      why: CHANGE_BY_HAND,
    },
    {
      statement: 'ALTER TABLE `event_data` RENAME COLUMN `event_numeric_value` TO `number_value`;',
      onlyIn: 'strata',
      why: RENAME_COLUMN,
    },
    {
      statement: 'ALTER TABLE `event_data` CHANGE `event_string_value` `string_value` VARCHAR(500) NULL;',
      onlyIn: 'prisma',
      why: CHANGE_BY_HAND,
    },
    {
      statement: 'ALTER TABLE `event_data` RENAME COLUMN `event_string_value` TO `string_value`;',
      onlyIn: 'strata',
      why: RENAME_COLUMN,
    },
    {
      statement: 'UPDATE event_data SET string_value = number_value WHERE data_type = 2;',
      onlyIn: 'prisma',
      why: DATA_MIGRATION,
    },
    {
      statement:
        "UPDATE event_data SET string_value = CONCAT(REPLACE(DATE_FORMAT(date_value, '%Y-%m-%d %T'), ' ', 'T'), 'Z') WHERE data_type = 4;",
      onlyIn: 'prisma',
      why: DATA_MIGRATION,
    },
  ],
  '04_team_redesign': [
    {
      statement: 'UPDATE `website` SET created_by = user_id WHERE team_id IS NULL;',
      onlyIn: 'prisma',
      why: DATA_MIGRATION,
    },
  ],
  '05_add_visit_id': [
    {
      statement: 'ALTER TABLE `website_event` ADD COLUMN `visit_id` VARCHAR(36) NULL;',
      onlyIn: 'prisma',
      why: 'umami adds the required column as optional, backfills it, then makes it required (hand-edited; Prisma writes the required column at once, as strata does, with a would-fail warning when the table has rows)',
    },
    {
      statement:
        "UPDATE `website_event` we JOIN (SELECT DISTINCT s.session_id, s.visit_time, BIN_TO_UUID(RANDOM_BYTES(16) & 0xffffffffffff0fff3fffffffffffffff | 0x00000000000040008000000000000000) uuid FROM (SELECT DISTINCT session_id, DATE_FORMAT(created_at, '%Y-%m-%d %H:00:00') visit_time FROM `website_event`) s) a ON we.session_id = a.session_id and DATE_FORMAT(we.created_at, '%Y-%m-%d %H:00:00') = a.visit_time SET we.visit_id = a.uuid WHERE we.visit_id IS NULL;",
      onlyIn: 'prisma',
      why: DATA_MIGRATION,
    },
    {
      statement: 'ALTER TABLE `website_event` MODIFY `visit_id` VARCHAR(36) NOT NULL;',
      onlyIn: 'prisma',
      why: 'the last step of the hand-written backfill above',
    },
    {
      statement: 'ALTER TABLE `website_event` ADD COLUMN `visit_id` VARCHAR(36) NOT NULL;',
      onlyIn: 'strata',
      why: 'what the schema change is without the hand-written backfill',
    },
  ],
  '09_update_hostname_region': [
    {
      statement:
        'UPDATE `website_event` w JOIN `session` s ON s.website_id = w.website_id and s.session_id = w.session_id SET w.hostname = s.hostname;',
      onlyIn: 'prisma',
      why: DATA_MIGRATION,
    },
    {
      statement: 'ALTER TABLE `session` DROP COLUMN `subdivision2`;',
      onlyIn: 'prisma',
      why: "written by hand as one ALTER TABLE per column; Prisma's (and strata's) shape is one ALTER TABLE per table",
    },
    {
      statement: 'ALTER TABLE `session` DROP COLUMN `hostname`;',
      onlyIn: 'prisma',
      why: 'as above',
    },
    {
      statement: 'ALTER TABLE `session` DROP COLUMN `hostname`, DROP COLUMN `subdivision2`;',
      onlyIn: 'strata',
      why: "the two hand-written drops above in Prisma's one-statement shape (columns in byte order)",
    },
  ],
};

/**
 * Differences removed from both sides before comparing, each for a reason that holds for the
 * whole history:
 * - a leading `/* ... *\/` comment: Prisma's warnings header (`04_team_redesign`), not a statement;
 * - ` ENGINE=InnoDB`: umami added it by hand to `01_init` and `02` years later; Prisma never
 *   writes ENGINE (its later `11_add_segment` has none);
 * - the order of the index clauses inside a CREATE TABLE: Prisma writes `@@index`es in their
 *   declaration order, which the IR does not record (strata writes them in name order, after the
 *   field-level `@unique`s in column order, as Prisma does). The clauses themselves must match.
 */
/** Tables whose CREATE TABLE lists its index clauses in another order than Prisma's (see `comparable`). */
const CLAUSE_ORDER: Readonly<Record<string, readonly string[]>> = {
  '01_init': ['website', 'website_event', 'event_data'],
  '02_report_schema_session_data': ['session_data', 'report'],
  '11_add_segment': ['revenue'],
};

function withoutHandEdits(statement: string): string {
  return statement
    .replace(/^\/\*.*?\*\/ /s, '')
    .replace(/\) ENGINE=InnoDB DEFAULT CHARACTER SET/, ') DEFAULT CHARACTER SET');
}

function comparable(statement: string): string {
  const s = statement
    .replace(/^\/\*.*?\*\/ /s, '')
    .replace(/\) ENGINE=InnoDB DEFAULT CHARACTER SET/, ') DEFAULT CHARACTER SET');
  const create = /^(CREATE TABLE `[^`]+` \()(.*)(\) DEFAULT CHARACTER SET .*)$/.exec(s);
  if (create === null) return s;
  const clauses = splitTopLevel(create[2] as string);
  const columns = clauses.filter((c) => c.startsWith('`'));
  const indexes = clauses.filter((c) => /^(UNIQUE |FULLTEXT )?INDEX /.test(c)).sort();
  const rest = clauses.filter((c) => !c.startsWith('`') && !/^(UNIQUE |FULLTEXT )?INDEX /.test(c));
  return `${create[1]}${[...columns, ...indexes, ...rest].join(', ')} ${create[3]}`;
}

/** Comma-separated clauses outside parentheses and quotes, trimmed. */
function splitTopLevel(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const ch of body) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

function prismaScript(migrations: readonly string[]): string {
  return migrations
    .map((m) => readFileSync(path.join(UMAMI as string, 'migrations', m, 'migration.sql'), 'utf8'))
    .join('\n;\n');
}

function schemaAt(commit: string): DatabaseSchema {
  return lowerMysql(
    readFileSync(path.join(UMAMI as string, 'history', `${commit}.prisma`), 'utf8'),
    `${commit}.prisma`,
  );
}

describe("umami (MySQL): each committed migration = strata's plan between the schema versions", () => {
  test('every committed migration is covered by a step', () => {
    if (UMAMI === undefined) return;
    const folders = readFileSync(path.join(UMAMI, 'history', 'index.tsv'), 'utf8');
    expect(folders).toContain('13_add_revenue');
    expect(STEPS.flatMap((s) => s.migrations)).toEqual([
      '01_init',
      '02_report_schema_session_data',
      '03_metric_performance_index',
      '04_team_redesign',
      '05_add_visit_id',
      '06_session_data',
      '07_add_tag',
      '08_add_utm_clid',
      '09_update_hostname_region',
      '10_add_distinct_id',
      '11_add_segment',
      '12_update_report_parameter',
      '13_add_revenue',
    ]);
  });

  test('the last step reaches the final schema.prisma', () => {
    if (UMAMI === undefined) return;
    const final = lowerMysql(readFileSync(path.join(UMAMI, 'schema.prisma'), 'utf8'));
    expect(final).toEqual(schemaAt(STEPS[STEPS.length - 1]!.schema));
  });

  STEPS.forEach((step, i) => {
    const name = step.migrations.join(' + ');
    test(`${name}: the same statements`, () => {
      if (UMAMI === undefined) return;
      const before = i === 0 ? emptySchema('mysql') : schemaAt(STEPS[i - 1]!.schema);
      const after = schemaAt(step.schema);
      const theirs = normalizedStatements(prismaScript(step.migrations)).map(comparable);
      const mine = normalizedStatements(migrationScript(before, after, step.renames ?? [])).map(comparable);
      const found: Difference[] = [
        ...statementsMissingFrom(theirs, mine).map((statement) => ({ statement, onlyIn: 'prisma' as const })),
        ...statementsMissingFrom(mine, theirs).map((statement) => ({ statement, onlyIn: 'strata' as const })),
      ];
      const listed = EXCEPTIONS[step.migrations[0]!] ?? [];
      const isListed = (f: Difference) => listed.some((e) => e.statement === f.statement && e.onlyIn === f.onlyIn);
      expect({ name, unexplained: found.filter((f) => !isListed(f)) }).toEqual({ name, unexplained: [] });
      const listedButAbsent = listed
        .filter((e) => !found.some((f) => f.statement === e.statement && f.onlyIn === e.onlyIn))
        .map((e) => e.statement);
      expect({ name, listedButAbsent }).toEqual({ name, listedButAbsent: [] });
      expect(theirs.length).toBeGreaterThan(listed.filter((e) => e.onlyIn === 'prisma').length);

      // the CREATE TABLEs that match only once their index clauses are sorted, by name
      const exact = normalizedStatements(migrationScript(before, after, step.renames ?? []));
      const reordered = normalizedStatements(prismaScript(step.migrations))
        .map(withoutHandEdits)
        .filter((p) => p.startsWith('CREATE TABLE') && !exact.includes(p))
        .map((p) => /^CREATE TABLE `([^`]+)`/.exec(p)?.[1]);
      expect({ name, reordered }).toEqual({ name, reordered: CLAUSE_ORDER[step.migrations[0]!] ?? [] });
    });
  });
});
