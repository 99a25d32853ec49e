/**
 * The workflows: dev, deploy, status, resolve, rollback, reset, diff, push, pull, as functions
 * over a provider connection and a migrations folder. The CLI is a thin shell over them.
 */
export type { AppliedMigrationResult } from './apply-migrations.js';
export type { BaseWorkflowOptions, GivenSchema, SnapshotCache } from './context.js';
export { createSnapshotCache } from './context.js';
export { type DeployOptions, type DeployResult, migrateDeploy } from './deploy.js';
export { type DevOptions, type DevResult, migrateDev } from './dev.js';
export {
  type MigrateDiffFormat,
  type MigrateDiffOptions,
  type MigrateDiffResult,
  type MigrateDiffSource,
  migrateDiff,
} from './diff.js';
export { validateOptionsFor } from './engine.js';
export type { MigrationAction, ProgressListener, WorkflowEvent } from './events.js';
export { type LoadedHistory, type LockHolder, loadHistory } from './history.js';
export {
  failingFindings,
  findingAsWarning,
  findingsBeyondPlan,
  LINT_FAIL_ON,
  type LintedMigration,
  type LintFailOn,
  type LintLevel,
  type LintResult,
  type LintSelection,
  type LintSummary,
  lintLevel,
  type MigrateLintOptions,
  migrateLint,
  selectMigrations,
} from './lint.js';
export {
  migratePlan,
  type PlanOptions as MigratePlanOptions,
  type PlanResult as MigratePlanResult,
} from './plan-next.js';
export { dbPull, type PullOptions, type PullResult } from './pull.js';
export { dbPush, type PushOptions, type PushResult } from './push.js';
export { migrateReset, planMigrateReset, type ResetOptions, type ResetPlan, type ResetResult } from './reset.js';
export { migrateResolve, type ResolveOptions, type ResolveResult } from './resolve.js';
export { migrateRollback, type RollbackOptions, type RollbackResult, type RolledBackMigration } from './rollback.js';
export { migrateStatus, type StatusOptions as MigrateStatusOptions, type StatusResult } from './status.js';
