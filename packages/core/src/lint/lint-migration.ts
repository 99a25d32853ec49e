/**
 * `lintMigration(...)`: one migration.sql judged statement by statement. The provider's analyzer
 * says what each statement does (PostgreSQL through the real parser), core's neutral rules and
 * the provider's dialect rules judge it, knowing the schemas before and after (the folder's
 * snapshots, when it has them), which tables the migration itself creates, and, with a database,
 * how many rows each table holds. `-- strata:lint-ignore CODE reason` on a line before a
 * statement silences that rule there, with the reason kept in the finding.
 *
 * Pure but for the provider's analyzer (which may load a parser): no database, no files.
 */
import { runsInTransaction } from '../database/executor.js';
import type { RenameDecision } from '../diff/renames.js';
import { marksNoTransaction } from '../migrations/migration-sql.js';
import { warningDefinition } from '../plan/catalogue.js';
import { planMigration } from '../plan/plan.js';
import type { Provider } from '../provider/contract.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { CORE_LINT_RULES, PLAN_ONLY_CODES, plannedShape, sameTable } from './rules/index.js';
import { findTable } from './rules/tables.js';
import { type LintIgnore, lineStarts, lintIgnores, rangeOf, statementEnd } from './source.js';
import type { AnalyzedStatement, LintContext, LintFinding, LintRule } from './types.js';

export interface LintMigrationInput {
  readonly provider: Provider;
  /** The migration folder's name. */
  readonly name: string;
  /** migration.sql. */
  readonly sql: string;
  readonly before?: DatabaseSchema;
  readonly after?: DatabaseSchema;
  /** The renames recorded when it was planned (metadata.txt): the planner's statements use them. */
  readonly renames?: readonly RenameDecision[];
  /** Rows per table (as the SQL names it) in the database it would run on. */
  readonly rows?: ReadonlyMap<string, number>;
  /** Codes not to run (project configuration). */
  readonly disabled?: readonly string[];
}

export const LINT_IGNORE_INVALID = 'lint-ignore-invalid';

/** Every rule that runs for a provider: core's, then the dialect's. */
export function lintRules(provider: Pick<Provider, 'lint'>): readonly LintRule[] {
  return [...CORE_LINT_RULES, ...(provider.lint?.rules ?? [])];
}

/** Statements without a dialect analyzer: where they are, not what they do. */
function splitOnly(provider: Provider, sql: string): AnalyzedStatement[] {
  return provider.splitStatements(sql).map((s, index) => ({
    ...s,
    index,
    end: statementEnd(s),
    effects: [{ kind: 'other' }],
  }));
}

export async function lintMigration(input: LintMigrationInput): Promise<LintFinding[]> {
  const { provider, sql } = input;
  const statements = provider.lint === undefined ? splitOnly(provider, sql) : await provider.lint.analyze(sql);
  const starts = lineStarts(sql);
  const context: LintContext = {
    migration: {
      name: input.name,
      sql,
      transactional: runsInTransaction({ transactional: !marksNoTransaction(sql) }, provider, statements),
    },
    statements,
    ...(input.before === undefined ? {} : { before: input.before }),
    ...(input.after === undefined ? {} : { after: input.after }),
    existedBefore: (table, statement) => existedBefore(table, statement, statements, input.before),
    ...(input.rows === undefined ? {} : { rows: input.rows }),
    ...(input.before === undefined || input.after === undefined
      ? {}
      : { plan: await plannedFor(provider, input.before, input.after, input.renames ?? []) }),
  };
  const disabled = new Set(input.disabled ?? []);
  const rules = lintRules(provider).filter((rule) => !disabled.has(rule.code));

  const findings: LintFinding[] = [];
  let gapStart = 0;
  for (const statement of statements) {
    const ignores = lintIgnores(sql, starts, gapStart, statement.start);
    gapStart = statement.end;
    const location = {
      index: statement.index,
      text: sql.slice(statement.start, statement.end),
      range: rangeOf(starts, statement.start, statement.end),
    };
    for (const ignore of ignores.filter((i) => i.reason === ''))
      findings.push(invalidIgnore(input.name, ignore, sql, starts));
    for (const rule of rules) {
      for (const hit of rule.check(statement, context)) {
        const ignore = ignores.find((i) => i.code === rule.code && i.reason !== '');
        findings.push({
          code: rule.code,
          family: rule.family,
          severity: hit.severity ?? rule.severity,
          message: withoutAction(hit.message, rule.safer),
          safer: rule.safer,
          migration: input.name,
          statement: location,
          ...(hit.table === undefined ? {} : { table: hit.table }),
          ...(hit.column === undefined ? {} : { column: hit.column }),
          ...(hit.rows === undefined ? {} : { rows: hit.rows }),
          ...(ignore === undefined ? {} : { suppressed: { reason: ignore.reason } }),
        });
      }
    }
  }
  // a migration without statements (SQLite writes none when an enum loses a value): what the
  // plan still warns about is said about the file
  if (statements.length === 0)
    for (const warning of context.plan?.warnings ?? [])
      if (PLAN_ONLY_CODES.has(warning.code) && !disabled.has(warning.code))
        findings.push({
          code: warning.code,
          family: 'data-dependent',
          severity: warning.severity,
          message: withoutAction(warning.message, warningDefinition(warning.code)?.action ?? ''),
          safer: warningDefinition(warning.code)?.action ?? '',
          migration: input.name,
          ...(warning.table === undefined ? {} : { table: warning.table }),
          ...(warning.column === undefined ? {} : { column: warning.column }),
        });
  return findings;
}

/**
 * A plan warning's message ends with what to do (migration.sql and warnings.txt show it alone);
 * a finding says it apart, as `safer`, so it is not said twice.
 */
function withoutAction(message: string, action: string): string {
  if (action === '') return message;
  // the rows counted follow the action: ` (3 rows)`
  const at = message.lastIndexOf(` ${action}`);
  const rest = at === -1 ? undefined : message.slice(at + action.length + 1);
  return rest !== undefined && /^( \(\d+ rows?\))?$/.test(rest) ? message.slice(0, at) + rest : message;
}

function invalidIgnore(migration: string, ignore: LintIgnore, sql: string, starts: readonly number[]): LintFinding {
  const start = starts[ignore.line - 1] ?? 0;
  const line = sql.slice(start, starts[ignore.line] ?? sql.length).replace(/\r?\n$/, '');
  return {
    code: LINT_IGNORE_INVALID,
    family: 'hand-edit',
    severity: 'review',
    message: `\`-- strata:lint-ignore ${ignore.code}\` has no reason, so it silences nothing.`,
    safer: 'Say why the finding does not apply: `-- strata:lint-ignore CODE the reason`.',
    migration,
    statement: {
      index: -1,
      text: `-- strata:lint-ignore ${ignore.code}`,
      range: {
        line: ignore.line,
        column: 1,
        endLine: ignore.line,
        endColumn: 1 + line.length,
      },
    },
  };
}

/**
 * A table existed before a statement unless this migration created it earlier (or in that very
 * statement), or, with a snapshot, the schema before the migration lacks it and nothing earlier
 * renamed it into being.
 */
function existedBefore(
  table: string,
  statement: AnalyzedStatement,
  statements: readonly AnalyzedStatement[],
  before: DatabaseSchema | undefined,
): boolean {
  let name = table;
  for (let i = statement.index; i >= 0; i--) {
    for (const effect of statements[i]?.effects ?? []) {
      if (effect.kind === 'create-table' && sameTable(effect.table, name)) return false;
      // a table renamed earlier in the file existed under its old name
      if (effect.kind === 'rename-table' && i < statement.index && sameTable(effect.to, name)) name = effect.from;
    }
  }
  return before === undefined || findTable(before, name) !== undefined || findTable(before, table) !== undefined;
}

async function plannedFor(
  provider: Provider,
  before: DatabaseSchema,
  after: DatabaseSchema,
  renames: readonly RenameDecision[],
): Promise<NonNullable<LintContext['plan']>> {
  const plan = await planMigration({ from: before, to: after, provider, renames, warnDeclinedRenames: false });
  const statements = new Set<string>();
  for (const statement of plan.statements)
    for (const part of provider.splitStatements(statement.sql)) statements.add(plannedShape(part.text));
  return { statements, warnings: plan.warnings };
}
