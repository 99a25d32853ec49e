/**
 * `migrate lint`: the engine (`lintMigration`) over the migrations of a folder. Each folder's
 * before.prisma/after.prisma become the schemas before and after it (schema-aware rules), its
 * recorded renames are replayed, and, with a database, the tables its statements touch are
 * counted there (a migration that is not applied yet only: an applied one already changed them).
 *
 * Read-only: it never writes a file, and never writes the database (a Prisma history is read as
 * it is, not imported).
 */
import type { Database } from '../database/database.js';
import type { RenameDecision } from '../diff/renames.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { lintMigration } from '../lint/lint-migration.js';
import { sameTable } from '../lint/rules/index.js';
import type { LintFinding, StatementEffect } from '../lint/types.js';
import { isKnownSnapshot, type LocalMigration } from '../migrations/local-migration.js';
import { assertLockProvider } from '../migrations/lock-file.js';
import { computeStatus } from '../migrations/status.js';
import { warningDefinition } from '../plan/catalogue.js';
import type { Warning, WarningSeverity } from '../plan/warning.js';
import type { Provider } from '../provider/contract.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { type BaseWorkflowOptions, loadMigrations, report, snapshotToDatabase, withConnection } from './context.js';

export interface MigrateLintOptions extends BaseWorkflowOptions {
  /** Lint these migrations (folder names). */
  readonly names?: readonly string[];
  /** Else the last `latest` migrations of the folder. */
  readonly latest?: number;
  /** Codes not to run (project configuration). */
  readonly disabled?: readonly string[];
}

/**
 * Which migrations were linted: the given names, the latest N, those not applied to the
 * database (when one is given), or all.
 */
export type LintSelection = 'names' | 'latest' | 'pending' | 'all';

export interface LintedMigration {
  readonly name: string;
  /** The migration folder. */
  readonly path: string;
  /** migration.sql as it was linted: the findings' ranges point into it. */
  readonly sql: string;
  /** True when before.prisma and after.prisma are known: the schema-aware rules ran. */
  readonly schemaAware: boolean;
  /** Rows per table (as the SQL names it) counted in the database, when they were. */
  readonly rows?: Readonly<Record<string, number>>;
  readonly findings: readonly LintFinding[];
}

export interface LintSummary {
  readonly migrations: number;
  /** Findings that no `-- strata:lint-ignore` silenced, by severity. */
  readonly bySeverity: Readonly<Record<WarningSeverity, number>>;
  readonly suppressed: number;
}

export interface LintResult {
  readonly migrationsDir: string;
  readonly selection: LintSelection;
  /** The database linted against (password masked), when one was given. */
  readonly database?: string;
  readonly migrations: readonly LintedMigration[];
  readonly summary: LintSummary;
}

export async function migrateLint(options: MigrateLintOptions): Promise<LintResult> {
  const local = await loadMigrations(options);
  if (local.lock !== undefined) assertLockProvider(local.lock, options.provider.id, `${local.dir}/migration_lock.toml`);
  const explicit = options.names !== undefined || options.latest !== undefined;
  // checked before connecting: a mistyped name fails without waiting for a database
  const selected = selectMigrations(local.migrations, options);
  const selection: LintSelection = options.names !== undefined ? 'names' : explicit ? 'latest' : 'all';
  if (options.connection === undefined && options.url === undefined)
    return lintSelected(local.dir, selected, selection, options);
  return withConnection(options, async (database) => {
    const status = computeStatus(local, await readHistoryRows(database), undefined, {
      provider: options.provider.id,
    });
    const pending = new Set(status.pending.map((m) => m.name));
    return lintSelected(
      local.dir,
      explicit ? selected : selected.filter((m) => pending.has(m.name)),
      explicit ? selection : 'pending',
      options,
      { database, pending },
    );
  });
}

async function lintSelected(
  migrationsDir: string,
  selected: readonly LocalMigration[],
  selection: LintSelection,
  options: MigrateLintOptions,
  against?: { readonly database: Database; readonly pending: ReadonlySet<string> },
): Promise<LintResult> {
  const started = Date.now();
  const migrations: LintedMigration[] = [];
  for (const [i, migration] of selected.entries()) {
    const linted = await lintLocalMigration(migration, {
      provider: options.provider,
      // an applied migration already changed the tables: today's rows say nothing about it
      ...(against?.pending.has(migration.name) ? { database: against.database } : {}),
      ...(options.disabled === undefined ? {} : { disabled: options.disabled }),
    });
    migrations.push(linted);
    report(options, {
      type: 'migration-linted',
      name: migration.name,
      index: i + 1,
      total: selected.length,
      findings: linted.findings.filter((f) => f.suppressed === undefined).length,
      elapsedMs: Date.now() - started,
    });
  }
  return {
    migrationsDir,
    selection,
    ...(against === undefined ? {} : { database: against.database.displayUrl }),
    migrations,
    summary: summarize(migrations),
  };
}

/**
 * The migrations `names` or `latest` select, in folder order. A name that is no migration folder,
 * or a folder without migration.sql, is an error: a mistyped name must not pass as "no findings".
 */
export function selectMigrations(
  migrations: readonly LocalMigration[],
  selection: Pick<MigrateLintOptions, 'names' | 'latest'>,
): LocalMigration[] {
  if (selection.names !== undefined) {
    const wanted = new Set(selection.names);
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...wanted].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new StrataError(
        ErrorCodes.invalidArgument,
        `No migration ${unknown.map((n) => `"${n}"`).join(', ')} in the migrations folder.`,
        {
          hint: 'Name migration folders as they are in the migrations folder (`strata migrate status` lists them).',
          details: { unknown },
        },
      );
    }
    const selected = migrations.filter((m) => wanted.has(m.name));
    const withoutSql = selected.filter((m) => m.sql === undefined).map((m) => m.name);
    if (withoutSql.length > 0) {
      throw new StrataError(
        ErrorCodes.invalidArgument,
        `Migration ${withoutSql.map((n) => `"${n}"`).join(', ')} has no migration.sql to lint.`,
        { hint: 'Restore migration.sql from version control.', details: { withoutSql } },
      );
    }
    return selected;
  }
  if (selection.latest !== undefined) {
    if (!Number.isInteger(selection.latest) || selection.latest < 1) {
      throw new StrataError(ErrorCodes.invalidArgument, `latest must be a whole number of at least 1.`, {
        details: { latest: selection.latest },
      });
    }
    return migrations.filter((m) => m.sql !== undefined).slice(-selection.latest);
  }
  return migrations.filter((m) => m.sql !== undefined);
}

/**
 * The database's history as it is: strata's, else Prisma Migrate's (read, not imported: linting
 * writes nothing), else none.
 */
async function readHistoryRows(database: Database) {
  if (await database.history.exists()) return database.history.list();
  return (await database.history.readPrismaHistory()) ?? [];
}

interface LintLocalOptions {
  readonly provider: Provider;
  /** Count the rows of the tables the statements touch here. */
  readonly database?: Database;
  readonly disabled?: readonly string[];
}

/** One migration folder through the engine, with its snapshots and renames. */
async function lintLocalMigration(migration: LocalMigration, options: LintLocalOptions): Promise<LintedMigration> {
  const { provider } = options;
  const sql = migration.sql ?? '';
  const snapshots =
    isKnownSnapshot(migration.beforeSchema) && migration.afterSchema !== undefined
      ? {
          before: snapshotToDatabase(migration.beforeSchema, provider, `${migration.name}/before.prisma`),
          after: snapshotToDatabase(migration.afterSchema, provider, `${migration.name}/after.prisma`),
        }
      : undefined;
  const rows = options.database === undefined ? undefined : await countTouchedRows(options.database, provider, sql);
  const findings = await lintMigration({
    provider,
    name: migration.name,
    sql,
    ...(snapshots ?? {}),
    ...(migration.renames === undefined ? {} : { renames: migration.renames }),
    ...(rows === undefined ? {} : { rows }),
    ...(options.disabled === undefined ? {} : { disabled: options.disabled }),
  });
  return {
    name: migration.name,
    path: migration.path,
    sql,
    schemaAware: snapshots !== undefined,
    ...(rows === undefined || rows.size === 0 ? {} : { rows: Object.fromEntries(rows) }),
    findings,
  };
}

/** The tables a statement's effects name, as the SQL names them. */
function tablesOf(effect: StatementEffect): string[] {
  if (effect.kind === 'rename-table') return [effect.from];
  if ('table' in effect && typeof effect.table === 'string') return [effect.table];
  return [];
}

/**
 * Rows of every existing table the migration's statements touch, keyed as the SQL names them
 * (the rules look them up that way). A table the migration creates, or that an earlier pending
 * migration creates, is not there yet and is not counted. Needs the provider's analyzer: without
 * it the statements' effects, and so their tables, are unknown.
 */
export async function countTouchedRows(
  database: Database,
  provider: Provider,
  sql: string,
): Promise<Map<string, number> | undefined> {
  if (provider.lint === undefined) return undefined;
  const tables = new Set((await provider.lint.analyze(sql)).flatMap((s) => s.effects.flatMap(tablesOf)));
  const rows = new Map<string, number>();
  for (const table of tables) {
    const dot = table.lastIndexOf('.');
    const exists =
      dot < 0
        ? await database.connection.hasTable(table)
        : await database.connection.hasTable(table.slice(dot + 1), table.slice(0, dot));
    if (exists) rows.set(table, await database.probe.countRows(table));
  }
  return rows;
}

export function summarize(migrations: readonly LintedMigration[]): LintSummary {
  const bySeverity: Record<WarningSeverity, number> = { 'data-loss': 0, 'would-fail': 0, review: 0 };
  let suppressed = 0;
  for (const finding of migrations.flatMap((m) => m.findings)) {
    if (finding.suppressed !== undefined) suppressed++;
    else bySeverity[finding.severity]++;
  }
  return { migrations: migrations.length, bySeverity, suppressed };
}

/**
 * How a finding is reported to tools (SARIF levels, GitHub annotations, `--fail-on`): what can
 * lose data or fail the deploy is an error, what asks for a look is a warning.
 */
export type LintLevel = 'error' | 'warning';

export function lintLevel(severity: WarningSeverity): LintLevel {
  return severity === 'review' ? 'warning' : 'error';
}

/** `--fail-on`: the lowest level that fails the run, or `never`. */
export type LintFailOn = LintLevel | 'never';

export const LINT_FAIL_ON: readonly LintFailOn[] = ['error', 'warning', 'never'];

/** The findings that fail a run at `failOn`: not suppressed, at or above the level. */
export function failingFindings(findings: readonly LintFinding[], failOn: LintFailOn): LintFinding[] {
  if (failOn === 'never') return [];
  return findings.filter(
    (f) => f.suppressed === undefined && (failOn === 'warning' || lintLevel(f.severity) === 'error'),
  );
}

/**
 * The lint findings of a migration `migrate dev` just planned that its plan warnings do not
 * already say: not silenced, and not the same code on the same table and column as a warning. A
 * plan counted against the database judged its catalogue codes from what the rows hold (NULLs,
 * duplicates, values), which a lint rule estimates from the row count only, so those stand as the
 * plan left them, a warning it dropped as harmless included.
 */
export function findingsBeyondPlan(
  findings: readonly LintFinding[],
  warnings: readonly Warning[],
  planCounted: boolean,
): LintFinding[] {
  return findings.filter((finding) => {
    if (finding.suppressed !== undefined) return false;
    if (planCounted && warningDefinition(finding.code) !== undefined) return false;
    return !warnings.some(
      (w) =>
        w.code === finding.code &&
        (w.table === undefined || finding.table === undefined
          ? w.table === finding.table
          : sameTable(w.table, finding.table)) &&
        w.column === finding.column,
    );
  });
}

/** A finding as a warnings.txt line's warning: its message says where in migration.sql it is. */
export function findingAsWarning(finding: LintFinding): Warning {
  const line = finding.statement?.range.line;
  return {
    code: finding.code,
    severity: finding.severity,
    // the rules put the row count in the message already: no `rows`, or it would show twice
    message: `${finding.message}${line === undefined ? '' : ` (migration.sql line ${line})`}`,
    ...(finding.table === undefined ? {} : { table: finding.table }),
    ...(finding.column === undefined ? {} : { column: finding.column }),
  };
}

export interface NewMigrationLintInput {
  readonly provider: Provider;
  readonly name: string;
  readonly sql: string;
  readonly before: DatabaseSchema;
  readonly after: DatabaseSchema;
  readonly renames: readonly RenameDecision[];
  /** The development database, when its counts hold for `before` (no drift). */
  readonly database?: Database;
  readonly disabled?: readonly string[];
}

/** `migrate dev`: the findings of the migration it is about to write. */
export async function lintNewMigration(input: NewMigrationLintInput): Promise<LintFinding[]> {
  const rows =
    input.database === undefined ? undefined : await countTouchedRows(input.database, input.provider, input.sql);
  return lintMigration({
    provider: input.provider,
    name: input.name,
    sql: input.sql,
    before: input.before,
    after: input.after,
    renames: input.renames,
    ...(rows === undefined ? {} : { rows }),
    ...(input.disabled === undefined ? {} : { disabled: input.disabled }),
  });
}
