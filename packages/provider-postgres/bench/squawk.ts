/**
 * strata's PostgreSQL linter next to squawk (squawk-cli, the SQL-only PostgreSQL migration
 * linter), on the real migration histories of the corpus (Prisma's SQL and the hand edits in it),
 * linted SQL only as the corpus has no snapshots.
 *
 * squawk's rules are sorted into strata's families and tied to the strata codes that judge the
 * same risk (`SQUAWK_RULES`). A squawk finding is matched when strata makes one of those on the
 * same statement (the statement whose lines hold squawk's position), or anywhere in the file for
 * the timeouts, which both tools report once per file. Every squawk finding strata does not match
 * is explained by one of `SQUAWK_EXCEPTIONS` or left unexplained; every strata finding squawk does
 * not make has its code's reason in `STRATA_ONLY_REASONS`.
 *
 * Shared by bench/lint-vs-squawk.mjs (runs squawk when installed, writes the snapshot of its
 * findings, prints the report) and test/lint-vs-squawk.test.ts (reads the snapshot: squawk never
 * runs in a test).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type AnalyzedStatement,
  type LintFamily,
  type LintRule,
  lineStarts,
  lintMigration,
  rangeOf,
  type StatementEffect,
} from '@strata/core';
import { provider } from '../src/index.js';
import { type PgTree, tableName } from '../src/lint-effects.js';
import { referencedTables } from '../src/lint-rules.js';

/** The PostgreSQL histories of the corpus compared. */
export const SQUAWK_PROJECTS = ['umami-software__umami', 'documenso__documenso', 'lukevella__rallly'] as const;

/** How squawk is run on each project's files (from the corpus folder); `--reporter json` is the bench's. */
export const SQUAWK_ARGS = ['--pg-version', '15'] as const;

/** squawk's rules in strata's families; `style` is out of the comparison (see docs/lint.md). */
export type SquawkFamily = 'locking' | 'destructive' | 'backward-incompatible' | 'style';

export interface SquawkRule {
  readonly family: SquawkFamily;
  /** The strata codes that judge the same risk on the same statement. */
  readonly strata: readonly string[];
  /** squawk reports it once per file, at the first statement it concerns: matched by file. */
  readonly perFile?: boolean;
}

export const SQUAWK_RULES: Readonly<Record<string, SquawkRule>> = {
  'require-concurrent-index-creation': { family: 'locking', strata: ['index-without-concurrently'] },
  'require-concurrent-index-deletion': { family: 'locking', strata: ['pg-drop-index-without-concurrently'] },
  'ban-concurrent-index-creation-in-transaction': { family: 'locking', strata: ['pg-concurrently-in-transaction'] },
  // squawk asks NOT VALID of a PRIMARY KEY too (PostgreSQL refuses it): the risk there is the index build
  'constraint-missing-not-valid': {
    family: 'locking',
    strata: ['pg-constraint-without-not-valid', 'pg-add-key-builds-index'],
  },
  'adding-foreign-key-constraint': { family: 'locking', strata: ['pg-constraint-without-not-valid'] },
  'adding-serial-primary-key-field': { family: 'locking', strata: ['pg-add-key-builds-index'] },
  'disallowed-unique-constraint': { family: 'locking', strata: ['pg-add-key-builds-index'] },
  // with snapshots, a narrowing is `narrow-type` alone (as in the plan's warnings)
  'changing-column-type': { family: 'locking', strata: ['type-change-rewrites-table', 'narrow-type'] },
  'adding-not-nullable-field': { family: 'locking', strata: ['pg-set-not-null-scans'] },
  'adding-field-with-default': { family: 'locking', strata: ['pg-volatile-default'] },
  'require-lock-timeout': { family: 'locking', strata: ['pg-missing-lock-timeout'], perFile: true },
  // a timeout bounds the wait for a lock, so it is about locking; strata asks for lock_timeout only
  'require-statement-timeout': { family: 'locking', strata: [], perFile: true },
  'ban-drop-column': { family: 'destructive', strata: ['drop-column', 'drop-in-use'] },
  'ban-drop-table': { family: 'destructive', strata: ['drop-table', 'drop-in-use'] },
  'ban-drop-database': { family: 'destructive', strata: [] },
  'ban-truncate-cascade': { family: 'destructive', strata: ['truncate-table'] },
  'renaming-column': { family: 'backward-incompatible', strata: ['rename-breaks-readers'] },
  'renaming-table': { family: 'backward-incompatible', strata: ['rename-breaks-readers'] },
  'ban-drop-not-null': { family: 'backward-incompatible', strata: [] },
  // strata files it under data-dependent: it fails only if the table has rows
  'adding-required-field': { family: 'backward-incompatible', strata: ['add-required-column-no-default'] },
  'require-enum-value-ordering': { family: 'backward-incompatible', strata: [] },
  'prefer-robust-stmts': { family: 'style', strata: [] },
  'prefer-text-field': { family: 'style', strata: [] },
  'prefer-bigint-over-int': { family: 'style', strata: [] },
  'prefer-bigint-over-smallint': { family: 'style', strata: [] },
  'prefer-identity': { family: 'style', strata: [] },
  'prefer-timestamp-tz': { family: 'style', strata: [] },
  'ban-char-field': { family: 'style', strata: [] },
};

/** The families compared, in report order. */
export const COMPARED_FAMILIES = ['locking', 'destructive', 'backward-incompatible'] as const;

// ---------------------------------------------------------------------------------------------
// squawk's findings and their snapshot

/** One squawk finding: the file relative to the corpus, the 1-based line, the rule. */
export interface SquawkFinding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
}

/** What test/fixtures/squawk-corpus.json holds: what squawk found on the corpus, no more. */
export interface SquawkSnapshot {
  /** `squawk --version`. */
  readonly squawk: string;
  readonly command: string;
  /** Every migration.sql squawk read, relative to the corpus. */
  readonly files: readonly string[];
  /** By file, then rule: the lines (1-based; squawk's JSON counts from 0) of its findings, but style rules'. */
  readonly findings: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
  /** The style rules' findings, counted by rule, then project. */
  readonly styleCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** The compared projects' migration.sql files, relative to the corpus, in order. */
export function corpusFiles(corpus: string): string[] {
  return SQUAWK_PROJECTS.flatMap((project) => {
    const dir = path.join(corpus, project, 'migrations');
    return readdirSync(dir)
      .filter((name) => existsSync(path.join(dir, name, 'migration.sql')))
      .sort()
      .map((name) => `${project}/migrations/${name}/migration.sql`);
  });
}

export function projectOf(file: string): string {
  return file.slice(0, file.indexOf('/'));
}

/** The snapshot of squawk's JSON report (`line` 0-based there) over `files`. */
export function squawkSnapshot(
  version: string,
  files: readonly string[],
  report: readonly { readonly file: string; readonly line: number; readonly rule_name: string }[],
): SquawkSnapshot {
  const findings: Record<string, Record<string, number[]>> = {};
  const styleCounts: Record<string, Record<string, number>> = {};
  for (const { file, line, rule_name: rule } of report) {
    if (SQUAWK_RULES[rule]?.family === 'style')
      count(
        entry(styleCounts, rule, () => ({})),
        projectOf(file),
      );
    else
      entry(
        entry(findings, file, () => ({})),
        rule,
        (): number[] => [],
      ).push(line + 1);
  }
  const sorted = Object.fromEntries(
    Object.keys(findings)
      .sort()
      .map((file) => [
        file,
        Object.fromEntries(
          Object.entries(findings[file] ?? {})
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([rule, lines]) => [rule, lines.sort((a, b) => a - b)]),
        ),
      ]),
  );
  return {
    squawk: version,
    command: `squawk --reporter json ${SQUAWK_ARGS.join(' ')} <project>/migrations/*/migration.sql (in the corpus folder)`,
    files,
    findings: sorted,
    styleCounts,
  };
}

/** The snapshot as committed: one line per file, so that a new squawk's differences read as a diff. */
export function formatSnapshot(snapshot: SquawkSnapshot): string {
  const lines = (entries: [string, unknown][]) =>
    entries.map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(',\n');
  return [
    '{',
    `  "squawk": ${JSON.stringify(snapshot.squawk)},`,
    `  "command": ${JSON.stringify(snapshot.command)},`,
    `  "files": [\n${snapshot.files.map((file) => `    ${JSON.stringify(file)}`).join(',\n')}\n  ],`,
    `  "findings": {\n${lines(Object.entries(snapshot.findings))}\n  },`,
    `  "styleCounts": {\n${lines(Object.entries(snapshot.styleCounts))}\n  }`,
    '}',
    '',
  ].join('\n');
}

export function snapshotFindings(snapshot: SquawkSnapshot): SquawkFinding[] {
  return Object.entries(snapshot.findings).flatMap(([file, rules]) =>
    Object.entries(rules).flatMap(([rule, lines]) => lines.map((line) => ({ file, line, rule }))),
  );
}

// ---------------------------------------------------------------------------------------------
// strata's side

/** A statement of a linted file, as the engine saw it. */
export interface LintedStatement {
  readonly index: number;
  /** 1-based lines of its code (from its first character of code to its last). */
  readonly line: number;
  readonly endLine: number;
  /** Its parse tree's statement kinds (`AlterTableStmt`, `AlterEnumStmt`, `DropStmt OBJECT_FUNCTION`, ...). */
  readonly kinds: readonly string[];
  readonly effects: readonly StatementEffect[];
  /** The tables it changes, and whether each existed before it, as the engine judges. */
  readonly tables: readonly TableUse[];
  /** The tables its foreign keys reference (locked too). */
  readonly referenced: readonly TableUse[];
}

export interface TableUse {
  readonly table: string;
  readonly existed: boolean;
}

export interface LintedFile {
  readonly file: string;
  readonly statements: readonly LintedStatement[];
  readonly findings: readonly { readonly code: string; readonly family: LintFamily; readonly statement: number }[];
}

/**
 * The tables a statement changes: those of its effects, and any table an ALTER TABLE names (a
 * `SET DEFAULT` has no effect of its own). DROP INDEX without a snapshot does not say whose index
 * it drops: `table` is undefined, and the table is taken as in use.
 */
function changedTables(statement: AnalyzedStatement): { readonly table?: string }[] {
  const tree = statement.tree as PgTree | undefined;
  const altered = (tree !== undefined && 'stmts' in tree ? tree.stmts : []).flatMap((node) =>
    'AlterTableStmt' in node ? [{ table: tableName(node.AlterTableStmt.relation) }] : [],
  );
  return [
    ...statement.effects.flatMap((effect) => {
      if (effect.kind === 'rename-table') return [{ table: effect.from }];
      if (effect.kind === 'drop-index') return [effect.table === undefined ? {} : { table: effect.table }];
      return 'table' in effect ? [{ table: effect.table }] : [];
    }),
    ...altered,
  ];
}

/** Lints one corpus file with strata, SQL only, and keeps what the comparison reads. */
export async function lintCorpusFile(corpus: string, file: string): Promise<LintedFile> {
  const sql = readFileSync(path.join(corpus, file), 'utf8');
  const starts = lineStarts(sql);
  const statements: LintedStatement[] = [];
  // what each statement touches, as the engine's own `existedBefore` judges it, through a rule that reports nothing
  const recorder: LintRule = {
    code: 'squawk-comparison-recorder',
    family: 'hand-edit',
    severity: 'review',
    summary: '',
    safer: '',
    check(statement: AnalyzedStatement, context) {
      const tree = statement.tree as PgTree | undefined;
      const use = ({ table }: { readonly table?: string }): TableUse =>
        table === undefined
          ? { table: '(unknown)', existed: true }
          : { table, existed: context.existedBefore(table, statement) };
      const range = rangeOf(starts, statement.start, statement.end);
      statements.push({
        index: statement.index,
        line: range.line,
        endLine: range.endLine,
        kinds: (tree !== undefined && 'stmts' in tree ? tree.stmts : []).map((node) =>
          'DropStmt' in node ? `DropStmt ${node.DropStmt.removeType}` : (Object.keys(node)[0] ?? ''),
        ),
        effects: statement.effects,
        tables: changedTables(statement).map(use),
        referenced: referencedTables(statement).map((table) => use({ table })),
      });
      return [];
    },
  };
  const lint = provider.lint;
  if (lint === undefined) throw new Error('the PostgreSQL provider has no linter');
  const recording = { ...provider, lint: { analyze: lint.analyze, rules: [...lint.rules, recorder] } };
  const findings = await lintMigration({ provider: recording, name: path.basename(path.dirname(file)), sql });
  return {
    file,
    statements,
    findings: findings.map((f) => ({ code: f.code, family: f.family, statement: f.statement?.index ?? -1 })),
  };
}

export async function lintCorpus(corpus: string, files: readonly string[]): Promise<LintedFile[]> {
  const linted: LintedFile[] = [];
  for (const file of files) linted.push(await lintCorpusFile(corpus, file));
  return linted;
}

// ---------------------------------------------------------------------------------------------
// The explained differences

/** A reason strata makes no finding where squawk makes one, and where it holds. */
export interface SquawkException {
  readonly id: string;
  readonly rules: readonly string[];
  /** Why strata is silent there, and why that is right. */
  readonly reason: string;
  /** `statement` is the one whose lines hold the finding. */
  applies(finding: SquawkFinding, statement: LintedStatement | undefined, file: LintedFile): boolean;
}

const onNewTablesOnly = (statement: LintedStatement): boolean =>
  statement.tables.length > 0 && statement.tables.every((t) => !t.existed);

/**
 * Statements that make no query on a table wait: they lock no table (types, extensions,
 * functions, settings, comments), or only in the modes queries take themselves (rows read and
 * written: ACCESS SHARE, ROW EXCLUSIVE), which block no query.
 */
const LOCK_FREE_KINDS = new Set([
  'CreateEnumStmt',
  'CreateExtensionStmt',
  'CreateFunctionStmt',
  'DropStmt OBJECT_FUNCTION',
  'VariableSetStmt',
  'CommentStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'SelectStmt',
]);
/** Statements that lock only the tables they name (and a foreign key's referenced table). */
const TABLE_KINDS = new Set(['CreateStmt', 'IndexStmt', 'AlterTableStmt']);

/** True when no statement of the file waits for a lock on a table in use (and none is beyond these kinds). */
function locksNothingInUse(file: LintedFile): boolean {
  return file.statements.every(
    (s) =>
      s.kinds.every((kind) => LOCK_FREE_KINDS.has(kind) || TABLE_KINDS.has(kind) || kind === 'AlterEnumStmt') &&
      [...s.tables, ...s.referenced].every((t) => !t.existed),
  );
}

export const SQUAWK_EXCEPTIONS: readonly SquawkException[] = [
  {
    id: 'new-table',
    rules: [
      'require-concurrent-index-creation',
      'require-concurrent-index-deletion',
      'constraint-missing-not-valid',
      'adding-foreign-key-constraint',
      'adding-serial-primary-key-field',
      'disallowed-unique-constraint',
      'changing-column-type',
      'adding-not-nullable-field',
      'adding-field-with-default',
      'ban-drop-column',
      'ban-drop-table',
    ],
    reason:
      'The statement changes only tables the same migration created before it: no query uses them yet and they hold no rows, so no lock stalls anything and nothing is lost. strata knows the table is new; squawk, reading one statement at a time, does not. A foreign key from a new table locks the table it references for the rest of the migration: that wait is what pg-missing-lock-timeout bounds.',
    applies: (_finding, statement) => statement !== undefined && onNewTablesOnly(statement),
  },
  {
    id: 'lock-timeout-nothing-in-use',
    rules: ['require-lock-timeout'],
    reason:
      'squawk asks for lock_timeout before the first statement it deems slow, whatever table it is on; no statement of this file takes a lock that makes a query on a table in use wait (it creates tables, their indexes and keys, foreign keys between them, types, extensions, functions, or reads and writes rows, which locks nothing queries wait for), so there is no queue for a timeout to cut short.',
    applies: (_finding, _statement, file) =>
      locksNothingInUse(file) && !file.statements.some((s) => s.kinds.includes('AlterEnumStmt')),
  },
  {
    id: 'lock-timeout-enum-value',
    rules: ['require-lock-timeout'],
    reason:
      'The file changes nothing in use but enum types: ALTER TYPE ... ADD VALUE locks the type only, not the tables whose columns use it (on PostgreSQL 15 it runs while another session holds such a table ACCESS EXCLUSIVE), so it waits for no query on a table.',
    applies: (_finding, _statement, file) =>
      locksNothingInUse(file) && file.statements.some((s) => s.kinds.includes('AlterEnumStmt')),
  },
  {
    id: 'constant-default',
    rules: ['adding-field-with-default'],
    reason:
      'The default is a constant (`DEFAULT -1`: squawk takes the minus sign for a computed expression): since PostgreSQL 11 a non-volatile default is kept in the catalog and ADD COLUMN rewrites nothing (on PostgreSQL 15 the table keeps its file).',
    applies: (_finding, statement) => {
      const defaults = (statement?.effects ?? []).flatMap((e) => (e.kind === 'add-column' ? [e.default] : []));
      return defaults.includes('constant') && !defaults.includes('volatile');
    },
  },
  {
    id: 'statement-timeout',
    rules: ['require-statement-timeout'],
    reason:
      "strata asks for lock_timeout, not statement_timeout: what stalls the application is a statement queued for its lock, and lock_timeout ends exactly that wait. A statement_timeout also cuts short work that holds no one up (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT, a backfill) and makes a long migration fail at a point that depends on the data's size; and a migration that must bound its duration sets one itself.",
    applies: () => true,
  },
  {
    id: 'drop-not-null',
    rules: ['ban-drop-not-null'],
    reason:
      'DROP NOT NULL neither scans nor fails, and keeps every value: the running application still reads and writes the column. Only rows the new code later writes with NULL could surprise the old code, a deploy-order question the migration cannot settle; strata does not judge it.',
    applies: () => true,
  },
  {
    id: 'enum-value-order',
    rules: ['require-enum-value-ordering'],
    reason:
      'ADD VALUE without BEFORE/AFTER appends the value; that order matters only to ORDER BY and comparisons on the enum column, a design choice and no risk to the running application (Prisma always appends). strata does not judge it.',
    applies: () => true,
  },
];

/** Why strata makes findings squawk does not, by code. */
export const STRATA_ONLY_REASONS: Readonly<Record<string, string>> = {
  'make-required-with-nulls':
    'Data-dependent: SET NOT NULL fails if a row holds NULL there. squawk judges the same statement for its lock only (adding-not-nullable-field, matched by pg-set-not-null-scans).',
  'add-unique-over-duplicates':
    'Data-dependent: a unique index or key fails if the rows hold duplicates. squawk judges CREATE UNIQUE INDEX for its lock only (require-concurrent-index-creation, matched by index-without-concurrently).',
};

// ---------------------------------------------------------------------------------------------
// The comparison

export interface SquawkOutcome {
  readonly finding: SquawkFinding;
  readonly family: SquawkFamily | 'unmapped';
  /** strata makes a corresponding finding. */
  readonly matched: boolean;
  /** The first exception that applies (unmatched or not: a matched one would say the exception is wrong). */
  readonly exception?: string;
}

export interface StrataOutcome {
  readonly file: string;
  readonly code: string;
  readonly family: LintFamily;
  /** squawk makes a finding of a rule tied to this code on the same statement (file, for a per-file rule). */
  readonly matched: boolean;
}

export interface Comparison {
  readonly squawk: readonly SquawkOutcome[];
  readonly strata: readonly StrataOutcome[];
}

function statementAt(file: LintedFile | undefined, line: number): LintedStatement | undefined {
  return file?.statements.find((s) => s.line <= line && line <= s.endLine);
}

export function compareWithSquawk(findings: readonly SquawkFinding[], linted: readonly LintedFile[]): Comparison {
  const files = new Map(linted.map((file) => [file.file, file]));
  const byFile = new Map<string, SquawkFinding[]>();
  for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);

  const squawk = findings.map((finding): SquawkOutcome => {
    const rule = SQUAWK_RULES[finding.rule];
    const file = files.get(finding.file);
    const statement = statementAt(file, finding.line);
    if (rule === undefined || file === undefined) return { finding, family: 'unmapped', matched: false };
    const matched = file.findings.some(
      (f) => rule.strata.includes(f.code) && (rule.perFile === true || f.statement === statement?.index),
    );
    const exception = SQUAWK_EXCEPTIONS.find(
      (e) => e.rules.includes(finding.rule) && e.applies(finding, statement, file),
    )?.id;
    return { finding, family: rule.family, matched, ...(exception === undefined ? {} : { exception }) };
  });

  const strata = linted.flatMap((file) =>
    file.findings.map((f): StrataOutcome => {
      const matched = (byFile.get(file.file) ?? []).some((finding) => {
        const rule = SQUAWK_RULES[finding.rule];
        if (rule === undefined || !rule.strata.includes(f.code)) return false;
        return rule.perFile === true || statementAt(file, finding.line)?.index === f.statement;
      });
      return { file: file.file, code: f.code, family: f.family, matched };
    }),
  );
  return { squawk, strata };
}

export interface FamilyFigures {
  /** squawk's findings of the family. */
  readonly squawk: number;
  /** ... that strata matches. */
  readonly matched: number;
  /** ... that strata does not, by exception. */
  readonly explained: Readonly<Record<string, number>>;
  /** ... that strata does not, and no exception explains. */
  readonly unexplained: number;
}

/** squawk's side by family, then project (and `all`). */
export function squawkFigures(comparison: Comparison): Record<string, Record<string, FamilyFigures>> {
  const figures: Record<string, Record<string, { -readonly [K in keyof FamilyFigures]: FamilyFigures[K] }>> = {};
  for (const outcome of comparison.squawk) {
    for (const scope of [projectOf(outcome.finding.file), 'all']) {
      const f = entry(
        entry(figures, outcome.family, () => ({})),
        scope,
        () => ({
          squawk: 0,
          matched: 0,
          explained: {},
          unexplained: 0,
        }),
      );
      f.squawk += 1;
      if (outcome.matched) f.matched += 1;
      else if (outcome.exception !== undefined) f.explained = count({ ...f.explained }, outcome.exception);
      else f.unexplained += 1;
    }
  }
  return figures;
}

/** squawk's findings strata matches, by rule. */
export function matchedFigures(comparison: Comparison): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const outcome of comparison.squawk) if (outcome.matched) count(figures, outcome.finding.rule);
  return figures;
}

/** squawk's findings strata does not match, by the difference that explains them, then rule. */
export function explainedFigures(comparison: Comparison): Record<string, Record<string, number>> {
  const figures: Record<string, Record<string, number>> = {};
  for (const outcome of comparison.squawk)
    if (!outcome.matched && outcome.exception !== undefined)
      count(
        entry(figures, outcome.exception, () => ({})),
        outcome.finding.rule,
      );
  return figures;
}

/** strata's findings squawk does not make, by code, then project (and `all`). */
export function strataOnlyFigures(comparison: Comparison): Record<string, Record<string, number>> {
  const figures: Record<string, Record<string, number>> = {};
  for (const outcome of comparison.strata) {
    if (outcome.matched) continue;
    for (const scope of [projectOf(outcome.file), 'all'])
      count(
        entry(figures, outcome.code, () => ({})),
        scope,
      );
  }
  return figures;
}

/** `record[key]`, made first when absent. */
function entry<T>(record: Record<string, T>, key: string, make: () => T): T {
  const found = record[key];
  if (found !== undefined) return found;
  const made = make();
  record[key] = made;
  return made;
}

/** Adds one to `counts[key]`; returns `counts`. */
function count(counts: Record<string, number>, key: string): Record<string, number> {
  counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
