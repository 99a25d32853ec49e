/**
 * `strata migrate lint --format json` (and `--json`): the stable document tools read, documented
 * in docs/lint.md. Paths are relative to the project root (the folder of package.json), with `/`.
 * The other formats (text, SARIF, GitHub annotations) are made from this document, so they all
 * say the same.
 */
import path from 'node:path';
import { failingFindings, type LintFailOn, type LintFinding, type LintResult, lintLevel } from '@strata/core';

export interface LintRangeJson {
  readonly line: number;
  readonly column: number;
  /** Exclusive: the position just past the statement's last character. */
  readonly endLine: number;
  readonly endColumn: number;
}

export interface LintFindingJson {
  readonly code: string;
  readonly family: string;
  /** The warning catalogue's severity: `data-loss`, `would-fail`, `review`. */
  readonly severity: string;
  /** `error` (data-loss, would-fail) or `warning` (review): what `--fail-on` compares. */
  readonly level: 'error' | 'warning';
  readonly message: string;
  readonly safer: string;
  readonly migration: string;
  /** migration.sql, relative to the project root. */
  readonly file: string;
  /** Absent for a finding about the whole file; `index` is -1 for a lint-ignore comment. */
  readonly statement?: { readonly index: number; readonly text: string; readonly range: LintRangeJson };
  readonly table?: string;
  readonly column?: string;
  readonly rows?: number;
  readonly suppressed?: { readonly reason: string };
}

export type LintSelectionJson =
  | { readonly by: 'names' | 'latest' | 'all' }
  | { readonly by: 'since'; readonly ref: string }
  | { readonly by: 'pending'; readonly database: string };

export interface LintJson {
  /** Bumped only when a field changes meaning or goes away. */
  readonly version: 1;
  readonly provider: string;
  /** The migrations folder, relative to the project root. */
  readonly migrationsDir: string;
  readonly selection: LintSelectionJson;
  /** The database rows were counted in (`--url`, password masked). */
  readonly database?: string;
  readonly failOn: LintFailOn;
  /** True when a finding at or above `failOn` is not suppressed: the command exits 1. */
  readonly failed: boolean;
  readonly summary: {
    readonly migrations: number;
    /** Findings not suppressed, by level and by severity. */
    readonly errors: number;
    readonly warnings: number;
    readonly bySeverity: { readonly 'data-loss': number; readonly 'would-fail': number; readonly review: number };
    readonly suppressed: number;
  };
  readonly migrations: readonly {
    readonly name: string;
    readonly file: string;
    /** before.prisma and after.prisma were known: the schema-aware rules ran. */
    readonly schemaAware: boolean;
    /** Rows counted per table with `--url` (migrations not applied there only). */
    readonly rows?: Readonly<Record<string, number>>;
    readonly findings: readonly LintFindingJson[];
  }[];
}

export interface LintJsonInput {
  readonly result: LintResult;
  readonly provider: string;
  readonly projectDir: string;
  readonly selection: LintSelectionJson;
  readonly failOn: LintFailOn;
}

/** A path below the project root as a forward-slash relative path (the form SARIF and GitHub want). */
export function projectRelative(projectDir: string, absolute: string): string {
  return path.relative(projectDir, absolute).split(path.sep).join('/') || '.';
}

export function lintJson(input: LintJsonInput): LintJson {
  const { result, projectDir } = input;
  const findings = result.migrations.flatMap((m) => m.findings);
  const open = findings.filter((f) => f.suppressed === undefined);
  return {
    version: 1,
    provider: input.provider,
    migrationsDir: projectRelative(projectDir, result.migrationsDir),
    selection: input.selection,
    ...(result.database === undefined ? {} : { database: result.database }),
    failOn: input.failOn,
    failed: failingFindings(findings, input.failOn).length > 0,
    summary: {
      migrations: result.summary.migrations,
      errors: open.filter((f) => lintLevel(f.severity) === 'error').length,
      warnings: open.filter((f) => lintLevel(f.severity) === 'warning').length,
      bySeverity: result.summary.bySeverity,
      suppressed: result.summary.suppressed,
    },
    migrations: result.migrations.map((m) => {
      const file = projectRelative(projectDir, path.join(m.path, 'migration.sql'));
      return {
        name: m.name,
        file,
        schemaAware: m.schemaAware,
        ...(m.rows === undefined ? {} : { rows: m.rows }),
        findings: m.findings.map((f) => findingJson(f, file)),
      };
    }),
  };
}

export function findingJson(f: LintFinding, file: string): LintFindingJson {
  return {
    code: f.code,
    family: f.family,
    severity: f.severity,
    level: lintLevel(f.severity),
    message: f.message,
    safer: f.safer,
    migration: f.migration,
    file,
    ...(f.statement === undefined
      ? {}
      : { statement: { index: f.statement.index, text: f.statement.text, range: { ...f.statement.range } } }),
    ...(f.table === undefined ? {} : { table: f.table }),
    ...(f.column === undefined ? {} : { column: f.column }),
    ...(f.rows === undefined ? {} : { rows: f.rows }),
    ...(f.suppressed === undefined ? {} : { suppressed: { reason: f.suppressed.reason } }),
  };
}

/** Every finding of the document with its file, in migration order. */
export function allFindings(json: LintJson): LintFindingJson[] {
  return json.migrations.flatMap((m) => m.findings);
}
