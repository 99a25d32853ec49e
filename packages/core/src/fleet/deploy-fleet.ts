/**
 * `migrate deploy --targets`: one migrations folder deployed to many databases. Each target is
 * deployed exactly as `migrateDeploy` deploys one (its own connection, its own migration lock,
 * the same gate, history and recount of warnings against its own rows); a target that fails is
 * reported and the others go on, unless `failFast`. A re-run deploys only what is still pending.
 */
import { ErrorCodes } from '../errors/codes.js';
import { maskSecrets } from '../errors/strata-error.js';
import { type DeployOptions, migrateDeploy } from '../workflows/deploy.js';
import type { TargetError } from './events.js';
import { type FleetOptions, type FleetRun, runFleet, targetError } from './run-fleet.js';
import type { FleetTarget } from './targets.js';

/**
 * - `applied`: this run applied migrations to it;
 * - `up-to-date`: nothing was pending;
 * - `failed`: a migration failed, or deploy refused (history problems, warnings, no database);
 * - `locked`: another run held its migration lock past `lockTimeoutMs`;
 * - `interrupted`: the run was stopped after some of its migrations (the rest are pending);
 * - `not-started`: the run stopped (Ctrl-C, fail-fast) before this target's turn.
 */
export type TargetDeployState = 'applied' | 'up-to-date' | 'failed' | 'locked' | 'interrupted' | 'not-started';

export interface TargetDeployReport {
  readonly name: string;
  /** The target's URL with its password masked. */
  readonly database: string;
  readonly state: TargetDeployState;
  /** Migrations this run applied to it, in order. */
  readonly applied: readonly { readonly name: string; readonly durationMs: number }[];
  /** Migrations still pending on it after this run; absent when deploy did not get to read its history. */
  readonly pending?: readonly string[];
  /** The database did not exist and deploy created it. */
  readonly created?: boolean;
  readonly error?: TargetError;
  readonly durationMs: number;
}

export interface DeployFleetOptions
  extends FleetOptions<TargetDeployReport>,
    Omit<DeployOptions, 'url' | 'connection' | 'onProgress' | 'signal' | 'migrationsFolder' | 'namespaces'> {
  /** Stop starting new targets once one fails or is locked (those running finish). Default false. */
  readonly failFast?: boolean;
}

export interface DeployFleetResult extends FleetRun<TargetDeployReport> {
  /** True when every target ended `applied` or `up-to-date`. */
  readonly ok: boolean;
}

export async function deployFleet(options: DeployFleetOptions): Promise<DeployFleetResult> {
  const {
    targets: _targets,
    concurrency: _concurrency,
    failFast: _failFast,
    onProgress: _onProgress,
    ...deploy
  } = options;
  const run = await runFleet(options, {
    async run(target, shared, emit): Promise<TargetDeployReport> {
      const started = Date.now();
      let pending: readonly string[] | undefined;
      const applied: { name: string; durationMs: number }[] = [];
      try {
        const result = await migrateDeploy({
          ...deploy,
          ...shared,
          url: target.url,
          onProgress: (event) => {
            if (event.type === 'deploy-planned') pending = event.pending;
            if (event.type === 'migration-applied' && event.action !== 'rollback')
              applied.push({ name: event.name, durationMs: event.durationMs });
            emit({ type: 'target-progress', target: target.name, event });
          },
        });
        return {
          name: target.name,
          database: result.database,
          state: result.interrupted ? 'interrupted' : applied.length > 0 ? 'applied' : 'up-to-date',
          applied,
          pending: result.pending,
          ...(result.created ? { created: true } : {}),
          durationMs: Date.now() - started,
        };
      } catch (error) {
        const failure = targetError(error);
        const done = new Set(applied.map((a) => a.name));
        return {
          name: target.name,
          database: maskSecrets(target.url),
          state: failure.code === ErrorCodes.lockTimeout ? 'locked' : 'failed',
          applied,
          ...(pending === undefined ? {} : { pending: pending.filter((name) => !done.has(name)) }),
          error: failure,
          durationMs: Date.now() - started,
        };
      }
    },
    notStarted: (target: FleetTarget): TargetDeployReport => ({
      name: target.name,
      database: maskSecrets(target.url),
      state: 'not-started',
      applied: [],
      durationMs: 0,
    }),
    failed: (report) => report.state === 'failed' || report.state === 'locked',
  });
  return { ...run, ok: run.targets.every((t) => t.state === 'applied' || t.state === 'up-to-date') };
}
