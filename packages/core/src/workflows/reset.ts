/**
 * `migrate reset`: drops what strata manages in the connection's namespaces (tables, enums, the
 * history tables) and the objects the database cannot keep without them (views on those tables,
 * triggers...), then deploys every migration again. Everything else (functions and views that
 * depend on nothing dropped, other schemas) stays. Destructive, so it refuses without `force`;
 * the CLI shows `planMigrateReset()`'s list, asks on a terminal and passes `force` when the user
 * agreed. The workflow announces the list (`reset-dropping`) right before it drops.
 */

import type { Database } from '../database/database.js';
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { ResetObject } from '../provider/contract.js';
import { type BaseWorkflowOptions, report, withConnection } from './context.js';
import { type DeployResult, migrateDeploy } from './deploy.js';
import { takeMigrationLock } from './history.js';

export interface ResetOptions extends BaseWorkflowOptions {
  readonly force?: boolean;
  /** Drop without re-deploying (leaves an empty database). */
  readonly skipDeploy?: boolean;
  readonly lockTimeoutMs?: number;
}

export interface ResetResult {
  readonly database: string;
  /** What was dropped, managed objects first, then the objects that depended on them. */
  readonly dropped: readonly ResetObject[];
  readonly deploy?: DeployResult;
}

export interface ResetPlan {
  readonly database: string;
  /** What `migrateReset` would drop now. */
  readonly objects: readonly ResetObject[];
}

/** What `migrate reset` would drop, without dropping anything. */
export async function planMigrateReset(options: BaseWorkflowOptions): Promise<ResetPlan> {
  return withConnection(options, async (connection) => ({
    database: connection.displayUrl,
    objects: await planOf(connection),
  }));
}

/** `planReset()` came with the reset list; a provider built before it cannot say what reset drops. */
function planOf(connection: Database): Promise<ResetObject[]> {
  if (typeof connection.planReset !== 'function') {
    throw new StrataError(
      ErrorCodes.providerIncompatible,
      `The ${connection.provider} provider cannot list what migrate reset would drop (no planReset()).`,
      { hint: 'Update the provider package to a version for this strata release.' },
    );
  }
  return connection.planReset();
}

export async function migrateReset(options: ResetOptions): Promise<ResetResult> {
  if (options.force !== true) {
    throw new StrataError(ErrorCodes.needsInput, 'migrate reset drops every table and all data in the database.', {
      hint: 'Run it in a terminal to confirm, or pass --force.',
    });
  }
  return withConnection(options, async (connection) => {
    const release = await takeMigrationLock(connection, options);
    let dropped: readonly ResetObject[];
    try {
      report(options, { type: 'reset-dropping', objects: await planOf(connection) });
      dropped = await connection.reset();
    } finally {
      await release();
    }
    if (options.skipDeploy) return { database: connection.displayUrl, dropped };
    const deploy = await migrateDeploy({ ...options, connection, allowWarnings: true });
    return { database: connection.displayUrl, dropped, deploy };
  });
}
