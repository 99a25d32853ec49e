/**
 * `migrate reset`: drops everything strata manages in the database (tables, enums, the history)
 * and deploys every migration again. Destructive, so it refuses without `force`; the CLI asks on
 * a terminal and passes `force` when the user agreed.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { type BaseWorkflowOptions, withConnection } from './context.js';
import { type DeployResult, migrateDeploy } from './deploy.js';
import { DEFAULT_LOCK_TIMEOUT_MS } from './history.js';

export interface ResetOptions extends BaseWorkflowOptions {
  readonly force?: boolean;
  /** Drop without re-deploying (leaves an empty database). */
  readonly skipDeploy?: boolean;
  readonly lockTimeoutMs?: number;
}

export interface ResetResult {
  readonly database: string;
  readonly deploy?: DeployResult;
}

export async function migrateReset(options: ResetOptions): Promise<ResetResult> {
  if (options.force !== true) {
    throw new StrataError(ErrorCodes.needsInput, 'migrate reset drops every table and all data in the database.', {
      hint: 'Run it in a terminal to confirm, or pass --force.',
    });
  }
  return withConnection(options, async (connection) => {
    const release = await connection.lock({ timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS });
    try {
      await connection.reset();
    } finally {
      await release();
    }
    if (options.skipDeploy) return { database: connection.displayUrl };
    const deploy = await migrateDeploy({ ...options, connection, allowWarnings: true });
    return { database: connection.displayUrl, deploy };
  });
}
