/**
 * What deploy and status over a fleet share: the migrations folder and the schema read once,
 * the pool, the events, and a failure turned into a report entry instead of an exception.
 */
import { isStrataError, maskSecrets } from '../errors/strata-error.js';
import type { MigrationsFolder } from '../migrations/migrations-folder.js';
import { createSessionShelf, type SessionShelf } from '../provider/session-shelf.js';
import {
  type BaseWorkflowOptions,
  createSnapshotCache,
  declaredSchemas,
  loadMigrations,
  type SnapshotCache,
} from '../workflows/context.js';
import type { FleetEvent, FleetListener, TargetError } from './events.js';
import { runPool } from './pool.js';
import type { FleetTarget } from './targets.js';

/** Four targets at a time: enough to hide each one's round trips, few enough for any server's connection limit. */
export const DEFAULT_FLEET_CONCURRENCY = 4;

export interface FleetOptions<Report> extends Omit<BaseWorkflowOptions, 'url' | 'connection' | 'onProgress'> {
  readonly targets: readonly FleetTarget[];
  /** Targets worked on at once (default 4). Each has its own connection and, for deploy, its own lock. */
  readonly concurrency?: number;
  /** Once aborted, no further target starts; those running finish their current migration and stop. */
  readonly signal?: AbortSignal;
  readonly onProgress?: FleetListener<Report>;
}

export interface FleetRun<Report> {
  /** One report per target, in the order of `targets`. */
  readonly targets: readonly Report[];
  /** The run stopped before every target was worked on (Ctrl-C, or fail-fast). */
  readonly stopped?: 'interrupted' | 'fail-fast';
  readonly durationMs: number;
}

export interface TargetWork<Report> {
  /** Works on one target; reports failures in its report, never throws for them. */
  run(target: FleetTarget, shared: SharedInput, emit: (event: FleetEvent<Report>) => void): Promise<Report>;
  /** The report of a target never started. */
  notStarted(target: FleetTarget): Report;
  /** Whether this report stops a fail-fast run. */
  failed(report: Report): boolean;
}

/** Read once for every target. */
export interface SharedInput {
  readonly migrationsFolder: MigrationsFolder;
  readonly namespaces?: readonly string[];
  /** Every target's snapshots are the same folder's: each is lowered once for the whole run. */
  readonly snapshots: SnapshotCache;
  /** Targets on one server and database share sessions: each opens a few for the whole run, not one per target. */
  readonly sessions: SessionShelf;
}

export async function runFleet<Report>(
  options: FleetOptions<Report> & { readonly failFast?: boolean },
  work: TargetWork<Report>,
): Promise<FleetRun<Report>> {
  const started = Date.now();
  const emit = (event: FleetEvent<Report>): void => options.onProgress?.(event);
  const { onProgress: _listener, ...base } = options;
  const migrationsFolder = await loadMigrations(base);
  const namespaces = options.namespaces ?? declaredSchemas(options.schema ?? options.schemaPath);
  // the run's own shelf is ended when the run ends; a shelf the caller gave is the caller's to end
  const ownSessions = options.sessions === undefined ? createSessionShelf() : undefined;
  const shared: SharedInput = {
    migrationsFolder,
    ...(namespaces === undefined ? {} : { namespaces }),
    snapshots: options.snapshots ?? createSnapshotCache(),
    sessions: options.sessions ?? (ownSessions as SessionShelf),
  };
  const total = options.targets.length;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_FLEET_CONCURRENCY));
  emit({ type: 'fleet-started', total, concurrency });
  let done = 0;
  let failedFast = false;
  const onAbort = (): void => emit({ type: 'fleet-stopping', reason: 'interrupted' });
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const reports = await runPool(
      options.targets,
      { concurrency, ...(options.signal ? { signal: options.signal } : {}), stop: () => failedFast },
      async (target, index) => {
        emit({ type: 'target-started', target: target.name, index: index + 1, total });
        const report = await work.run(target, shared, emit);
        done++;
        emit({ type: 'target-finished', target: target.name, report, done, total });
        if (options.failFast && !failedFast && work.failed(report)) {
          failedFast = true;
          emit({ type: 'fleet-stopping', reason: 'fail-fast' });
        }
        return report;
      },
    );
    const stopped = options.signal?.aborted ? 'interrupted' : failedFast ? 'fail-fast' : undefined;
    return {
      targets: reports.map((report, i) => report ?? work.notStarted(options.targets[i] as FleetTarget)),
      ...(stopped === undefined ? {} : { stopped }),
      durationMs: Date.now() - started,
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await ownSessions?.endAll();
  }
}

/** A thrown error as a report's `error`: StrataError fields kept, anything else by its message. */
export function targetError(error: unknown): TargetError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; details?: unknown };
  const details = (typeof shape.details === 'object' && shape.details !== null ? shape.details : {}) as {
    migration?: unknown;
    statement?: TargetError['statement'];
  };
  const strata = isStrataError(error);
  return {
    code: strata ? error.code : 'internal',
    message: maskSecrets(typeof shape.message === 'string' ? shape.message : String(error)),
    ...(strata && typeof error.hint === 'string' ? { hint: maskSecrets(error.hint) } : {}),
    ...(typeof details.migration === 'string' ? { migration: details.migration } : {}),
    ...(details.statement === undefined ? {} : { statement: details.statement }),
  };
}
