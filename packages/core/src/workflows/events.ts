import type { FailedStatement } from '../migrations/failed-statement.js';
import type { ResetObject } from '../provider/contract.js';

/**
 * Whether a migration event is about running a migration forwards (the default, when absent) or
 * rolling it back; renderers word their lines after it.
 */
export type MigrationAction = 'apply' | 'rollback';

/**
 * Progress events every workflow may emit through `onProgress`. The CLI renders them; a library
 * user may log them. Plain data, so they can be forwarded as JSON lines.
 */
export type WorkflowEvent =
  | { readonly type: 'history-imported'; readonly count: number; readonly from: '_prisma_migrations' }
  /** Another process holds the migration lock: sent once the lock has not come within half a second. */
  | { readonly type: 'lock-waiting'; readonly timeoutMs: number; readonly waitedMs: number }
  /** The lock came after a wait that `lock-waiting` announced (an uncontended lock sends neither). */
  | { readonly type: 'lock-acquired'; readonly waitedMs: number }
  | {
      readonly type: 'migration-started';
      readonly name: string;
      readonly action?: MigrationAction;
      readonly index: number;
      readonly total: number;
      readonly elapsedMs: number;
    }
  | {
      readonly type: 'migration-applied';
      readonly name: string;
      readonly action?: MigrationAction;
      readonly index: number;
      readonly total: number;
      readonly durationMs: number;
      readonly elapsedMs: number;
    }
  | {
      readonly type: 'migration-failed';
      readonly name: string;
      readonly action?: MigrationAction;
      readonly index: number;
      readonly total: number;
      readonly error: string;
      readonly elapsedMs: number;
    }
  /**
   * A statement of a running migration has run longer than `slowStatementMs` (2 s by default): sent
   * once per statement, so a long table rewrite does not look like a hang.
   */
  | {
      readonly type: 'statement-running';
      readonly name: string;
      readonly statement: FailedStatement;
      readonly runningMs: number;
    }
  /** `migrate deploy`, under the lock, once it knows what it will apply (before the first migration). */
  | { readonly type: 'deploy-planned'; readonly pending: readonly string[]; readonly alreadyApplied: number }
  | { readonly type: 'folder-written'; readonly name: string; readonly path: string }
  /** `migrate lint` judged a migration; `findings` counts those no lint-ignore comment silenced. */
  | {
      readonly type: 'migration-linted';
      readonly name: string;
      readonly index: number;
      readonly total: number;
      readonly findings: number;
      readonly elapsedMs: number;
    }
  /** The command created the database it was pointed at (it did not exist); `database` is masked. */
  | { readonly type: 'database-created'; readonly database: string }
  /** `migrate reset`, under the lock, right before it drops these objects. */
  | { readonly type: 'reset-dropping'; readonly objects: readonly ResetObject[] }
  | { readonly type: 'info'; readonly message: string };

export type ProgressListener = (event: WorkflowEvent) => void;
