/**
 * `migrate status --targets`: every target's status, as a matrix a team reads at a glance.
 * Read-only; a target that cannot be reached is a row of the matrix, not the end of the run.
 */
import { maskSecrets } from '../errors/strata-error.js';
import type { StatusProblem } from '../migrations/status.js';
import { migrateStatus, type StatusOptions, type StatusResult } from '../workflows/status.js';
import type { TargetError } from './events.js';
import { type FleetOptions, type FleetRun, runFleet, targetError } from './run-fleet.js';
import type { FleetTarget } from './targets.js';

/**
 * One word per target, the most serious that applies:
 * - `unreachable`: no status could be read (connection refused, no such database, ...: see `error`);
 * - `failed`: a migration is recorded as failed;
 * - `checksum`: an applied migration was edited or is missing locally;
 * - `drift`: the live schema differs from what the migrations produce;
 * - `problems`: other problems that block deploy (see `problems`);
 * - `pending`: migrations wait to be deployed (`running`: and another process holds its lock now);
 * - `in-sync`.
 */
export type TargetStatusState = 'unreachable' | 'failed' | 'checksum' | 'drift' | 'problems' | 'pending' | 'in-sync';

export interface TargetStatusReport {
  readonly name: string;
  readonly database: string;
  readonly state: TargetStatusState;
  readonly applied: number;
  readonly pending: readonly string[];
  /** Another process holds the target's migration lock while migrations are pending. */
  readonly running: boolean;
  readonly problems: readonly StatusProblem[];
  readonly error?: TargetError;
  readonly durationMs: number;
  /** The full status (absent when unreachable or not started). */
  readonly status?: StatusResult;
}

export type StatusFleetOptions = FleetOptions<TargetStatusReport> &
  Omit<StatusOptions, 'url' | 'connection' | 'onProgress' | 'migrationsFolder' | 'namespaces'>;

export interface StatusFleetResult extends FleetRun<TargetStatusReport> {
  /** Every target is in sync. */
  readonly inSync: boolean;
}

export async function statusFleet(options: StatusFleetOptions): Promise<StatusFleetResult> {
  const { targets: _targets, concurrency: _concurrency, onProgress: _onProgress, signal: _signal, ...status } = options;
  const run = await runFleet(options, {
    async run(target, shared, emit): Promise<TargetStatusReport> {
      const started = Date.now();
      try {
        const result = await migrateStatus({
          ...status,
          ...shared,
          url: target.url,
          onProgress: (event) => emit({ type: 'target-progress', target: target.name, event }),
        });
        return {
          name: target.name,
          database: result.database,
          state: statusState(result),
          applied: result.applied.length,
          pending: result.pending.map((m) => m.name),
          running: result.migrationRunning !== undefined,
          problems: result.problems,
          durationMs: Date.now() - started,
          status: result,
        };
      } catch (error) {
        return unreachable(target, targetError(error), Date.now() - started);
      }
    },
    notStarted: (target: FleetTarget) =>
      unreachable(target, { code: 'not-started', message: 'The run stopped before this target.' }, 0),
    failed: (report) => report.state !== 'in-sync' && report.state !== 'pending',
  });
  return { ...run, inSync: run.targets.every((t) => t.state === 'in-sync') };
}

function unreachable(target: FleetTarget, error: TargetError, durationMs: number): TargetStatusReport {
  return {
    name: target.name,
    database: maskSecrets(target.url),
    state: 'unreachable',
    applied: 0,
    pending: [],
    running: false,
    problems: [],
    error,
    durationMs,
  };
}

export function statusState(status: StatusResult): TargetStatusState {
  const codes = new Set(status.problems.filter((p) => p.severity === 'error').map((p) => p.code));
  if (codes.has('failed-migration')) return 'failed';
  if (codes.has('checksum-mismatch') || codes.has('applied-migration-missing-locally')) return 'checksum';
  if (codes.has('drift')) return 'drift';
  if (codes.size > 0) return 'problems';
  if (status.pending.length > 0) return 'pending';
  return status.inSync ? 'in-sync' : 'problems';
}
