/**
 * The migration linter's vocabulary (`strata migrate lint`): what a statement of a migration.sql
 * does (its effects, in neutral terms, found by the provider's parser), the rules that judge it,
 * and the findings they report. Findings use the warning catalogue's codes and severities
 * (docs/lint.md): a rule that judges what a plan warning judges uses the warning's code.
 *
 * Pure types: the engine is lint-migration.ts, the neutral rules are in rules/, and dialect
 * rules come from the provider (`Provider.lint`).
 */

import type { StatementSpan } from '../migrations/failed-statement.js';
import type { Warning, WarningSeverity } from '../plan/warning.js';
import type { DatabaseSchema } from '../sql/ir.js';

/**
 * What a statement does to the schema, as far as the rules need to know. Tables are named as the
 * SQL names them (`namespace.name` when it qualifies them); a provider reports every effect it
 * recognizes and `{ kind: 'other' }` for a statement it does not.
 */
export type StatementEffect =
  | { readonly kind: 'create-table'; readonly table: string }
  | { readonly kind: 'drop-table'; readonly table: string }
  | { readonly kind: 'rename-table'; readonly from: string; readonly to: string }
  | {
      readonly kind: 'add-column';
      readonly table: string;
      readonly column: string;
      readonly notNull: boolean;
      readonly default?: 'constant' | 'volatile';
    }
  | { readonly kind: 'drop-column'; readonly table: string; readonly column: string }
  | { readonly kind: 'rename-column'; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'alter-column-type'; readonly table: string; readonly column: string }
  | { readonly kind: 'set-not-null'; readonly table: string; readonly column: string }
  | { readonly kind: 'drop-not-null'; readonly table: string; readonly column: string }
  | {
      readonly kind: 'create-index';
      readonly table: string;
      readonly index?: string;
      readonly unique: boolean;
      /** PostgreSQL `CONCURRENTLY`; absent where the dialect has no such option. */
      readonly concurrently?: boolean;
    }
  | { readonly kind: 'drop-index'; readonly index: string; readonly table?: string; readonly concurrently?: boolean }
  | {
      readonly kind: 'add-constraint';
      readonly table: string;
      readonly constraint: 'foreign-key' | 'check' | 'unique' | 'primary-key';
      /** PostgreSQL `NOT VALID` (checked later by `VALIDATE CONSTRAINT`). */
      readonly notValid?: boolean;
    }
  | { readonly kind: 'drop-constraint'; readonly table: string; readonly constraint: string }
  | { readonly kind: 'truncate'; readonly table: string }
  | { readonly kind: 'set-timeout'; readonly setting: 'lock' | 'statement' }
  | { readonly kind: 'other' };

export type StatementEffectKind = StatementEffect['kind'];

/** A statement of migration.sql, where it is, and what it does (a splitter's `ScriptStatement`, located). */
export interface AnalyzedStatement extends StatementSpan {
  /** False when the statement cannot run in a transaction block (as `ScriptStatement.transactional`). */
  readonly transactional?: boolean;
  /** 0-based among the file's statements. */
  readonly index: number;
  /** Offset just past the statement's last character of code. */
  readonly end: number;
  readonly effects: readonly StatementEffect[];
  /** The dialect's parse tree, for the provider's own rules (core never reads it). */
  readonly tree?: unknown;
}

/** Families of rules, as docs/lint.md groups them. */
export type LintFamily = 'destructive' | 'data-dependent' | 'backward-incompatible' | 'locking' | 'hand-edit';

/** What a rule sees of the migration it lints. */
export interface LintContext {
  readonly migration: {
    readonly name: string;
    readonly sql: string;
    /** True when the executor runs the file in one transaction (see `runsInTransaction`). */
    readonly transactional: boolean;
  };
  readonly statements: readonly AnalyzedStatement[];
  /** The schema before and after the migration (before.prisma, after.prisma), when known. */
  readonly before?: DatabaseSchema;
  readonly after?: DatabaseSchema;
  /**
   * Whether `table` already held rows' worth of existence before `statement`: false for a table
   * this migration created earlier in the file (or, with snapshots, that `before` lacks).
   */
  existedBefore(table: string, statement: AnalyzedStatement): boolean;
  /** Rows of a table before the migration, when linted against a database (`--url`). */
  readonly rows?: ReadonlyMap<string, number>;
  /**
   * With both snapshots: the statements the planner writes for `before` -> `after`, normalized
   * (`normalizeSql`), and the warnings of that plan. A statement outside the set is a hand edit;
   * the warnings are what only the schemas show (a narrowed type, a removed enum value).
   */
  readonly plan?: { readonly statements: ReadonlySet<string>; readonly warnings: readonly Warning[] };
}

/** What a rule reports for one statement; the engine adds the rule's code, family and severity. */
export interface RuleHit {
  /** The sentence for this statement: what it does and why that is risky here. */
  readonly message: string;
  /** Overrides the rule's severity (e.g. a drop of an empty table is only `review`). */
  readonly severity?: WarningSeverity;
  readonly table?: string;
  readonly column?: string;
  readonly rows?: number;
}

export interface LintRule {
  /** Stable kebab-case code, documented in docs/lint.md; a dialect's own are prefixed (`pg-`, `sqlite-`, `mysql-`). */
  readonly code: string;
  readonly family: LintFamily;
  readonly severity: WarningSeverity;
  /** Why it is risky, one line (docs, `--json`, SARIF rule descriptions). */
  readonly summary: string;
  /** The safer way. */
  readonly safer: string;
  check(statement: AnalyzedStatement, context: LintContext): readonly RuleHit[];
}

/** A provider's part of the linter (`Provider.lint`). */
export interface ProviderLint {
  /**
   * The statements of a migration.sql with their effects: PostgreSQL parses each with the real
   * parser; others read them from their splitter's statements. May load a parser on first use.
   */
  analyze(script: string): Promise<readonly AnalyzedStatement[]>;
  /** The dialect's rules (run after core's neutral ones). */
  readonly rules: readonly LintRule[];
}

/** Where a finding is in migration.sql: 1-based lines and columns, the end exclusive. */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface LintFinding {
  readonly code: string;
  readonly family: LintFamily;
  readonly severity: WarningSeverity;
  readonly message: string;
  readonly safer: string;
  /** The migration folder's name. */
  readonly migration: string;
  /** The statement it points at (absent for a finding about the whole file). */
  readonly statement?: { readonly index: number; readonly text: string; readonly range: SourceRange };
  readonly table?: string;
  readonly column?: string;
  readonly rows?: number;
  /** Set when a `-- strata:lint-ignore CODE reason` line before the statement silences it. */
  readonly suppressed?: { readonly reason: string };
}
