/**
 * `migrate deploy --targets` / `--targets-from-query`: core's `deployFleet` with the CLI around
 * it: the progress display, Ctrl-C, the summary table, `--json`, and the exit code.
 */
import {
  type DeployFleetResult,
  deployFleet,
  type TargetDeployReport,
  type TargetDeployState,
  type TargetError,
} from '@strata/core';
import { ExitCode } from '../errors/exit-codes.js';
import { formatTable } from '../ui/table.js';
import { paint, type Terminal } from '../ui/terminal.js';
import { fleetProgress, interruptOnSignals } from './progress.js';
import { type Fleet, fleetProject } from './targets.js';

export interface FleetDeployJson {
  /** Every target ended applied or up to date. */
  readonly ok: boolean;
  /** The run stopped before every target was deployed. */
  readonly stopped?: 'interrupted' | 'fail-fast';
  readonly counts: Readonly<Record<TargetDeployState, number>>;
  readonly targets: readonly {
    readonly name: string;
    readonly database: string;
    readonly state: TargetDeployState;
    readonly applied: readonly string[];
    readonly pending?: readonly string[];
    readonly created?: boolean;
    readonly error?: TargetError;
    readonly durationMs: number;
  }[];
  readonly durationMs: number;
}

export interface FleetDeployInput extends Fleet {
  readonly terminal: Terminal;
  readonly concurrency?: number | undefined;
  readonly failFast: boolean;
  readonly allowWarnings: boolean;
  readonly lockTimeoutMs: number;
  readonly createIfMissing: boolean;
}

/** Above this many targets the summary lists only those that need attention (--json lists all). */
const FULL_TABLE_LIMIT = 30;

const STATE_WORDS: Readonly<Record<TargetDeployState, string>> = {
  applied: 'applied',
  'up-to-date': 'up to date',
  failed: 'failed',
  locked: 'locked',
  interrupted: 'interrupted',
  'not-started': 'not started',
};

export async function deployTargets(input: FleetDeployInput): Promise<{ json: FleetDeployJson; exitCode: number }> {
  const t = input.terminal;
  const progress = fleetProgress<TargetDeployReport>(t, {
    verb: 'deploying',
    isProblem: (report) => report.state === 'failed' || report.state === 'locked',
    describe: describeReport,
    everyTarget: true,
  });
  const controller = new AbortController();
  const uninstall = interruptOnSignals(controller);
  let result: DeployFleetResult;
  try {
    result = await deployFleet({
      ...fleetProject(input),
      ...(input.concurrency === undefined ? {} : { concurrency: input.concurrency }),
      failFast: input.failFast,
      allowWarnings: input.allowWarnings,
      lockTimeoutMs: input.lockTimeoutMs,
      createIfMissing: input.createIfMissing,
      signal: controller.signal,
      onProgress: progress.listener,
    });
  } finally {
    uninstall();
    progress.end();
  }
  if (!input.createIfMissing) result = { ...result, targets: result.targets.map(refusedToCreate) };
  const json = deployJson(result);
  renderSummary(t, result, json);
  return { json, exitCode: exitCodeOf(result) };
}

/** With --no-create, a missing target is not one to create with a development command. */
function refusedToCreate(report: TargetDeployReport): TargetDeployReport {
  if (report.error?.code !== 'database-missing') return report;
  return {
    ...report,
    error: {
      ...report.error,
      message: `${report.error.message} Not created (--no-create).`,
      hint: 'Check its URL; if this target is to be created, run the same command without --no-create.',
    },
  };
}

function describeReport(report: TargetDeployReport): string {
  switch (report.state) {
    case 'applied':
      return `applied ${report.applied.length} migration(s)${report.created ? ' (database created)' : ''}`;
    case 'up-to-date':
      return 'up to date';
    case 'interrupted':
      return `interrupted after ${report.applied.length} migration(s), ${report.pending?.length ?? 0} pending`;
    default:
      return `${STATE_WORDS[report.state]}: ${report.error?.message ?? ''}`;
  }
}

function deployJson(result: DeployFleetResult): FleetDeployJson {
  const counts = Object.fromEntries(Object.keys(STATE_WORDS).map((state) => [state, 0])) as Record<
    TargetDeployState,
    number
  >;
  for (const target of result.targets) counts[target.state]++;
  return {
    ok: result.ok,
    ...(result.stopped === undefined ? {} : { stopped: result.stopped }),
    counts,
    targets: result.targets.map((target) => ({
      name: target.name,
      database: target.database,
      state: target.state,
      applied: target.applied.map((a) => a.name),
      ...(target.pending === undefined ? {} : { pending: target.pending }),
      ...(target.created ? { created: true } : {}),
      ...(target.error === undefined ? {} : { error: target.error }),
      durationMs: Math.round(target.durationMs),
    })),
    durationMs: Math.round(result.durationMs),
  };
}

function renderSummary(t: Terminal, result: DeployFleetResult, json: FleetDeployJson): void {
  const attention = result.targets.filter((target) => target.state !== 'applied' && target.state !== 'up-to-date');
  const listed = result.targets.length <= FULL_TABLE_LIMIT ? result.targets : attention;
  if (listed.length > 0) {
    const rows = listed.map((target) => [
      target.name,
      paintState(t, target.state),
      String(target.applied.length),
      target.pending === undefined ? '?' : String(target.pending.length),
      `${(target.durationMs / 1000).toFixed(1)} s`,
    ]);
    for (const line of formatTable(['TARGET', 'STATE', 'APPLIED', 'PENDING', 'TIME'], rows)) t.out(line);
    if (listed !== result.targets)
      t.out(
        paint(
          t,
          'dim',
          `(${result.targets.length - listed.length} target(s) applied or up to date are not listed; --json lists every target)`,
        ),
      );
  }
  for (const target of attention) {
    if (target.error === undefined) continue;
    t.out(`${paint(t, 'red', target.name)} ${paint(t, 'dim', `[${target.error.code}]`)} ${target.error.message}`);
    if (target.error.hint) t.out(`    ${paint(t, 'dim', 'fix:')} ${target.error.hint}`);
  }
  const c = json.counts;
  const parts = [
    `${c.applied} deployed`,
    `${c['up-to-date']} up to date`,
    ...(c.failed > 0 ? [paint(t, 'red', `${c.failed} failed`)] : []),
    ...(c.locked > 0 ? [paint(t, 'yellow', `${c.locked} locked`)] : []),
    ...(c.interrupted > 0 ? [paint(t, 'yellow', `${c.interrupted} interrupted`)] : []),
    ...(c['not-started'] > 0 ? [paint(t, 'yellow', `${c['not-started']} not started`)] : []),
  ];
  t.out(`${result.targets.length} target(s): ${parts.join(', ')} in ${(result.durationMs / 1000).toFixed(1)} s.`);
  if (!result.ok) t.out('Fix what is listed, then run the same command again: it deploys only what is still pending.');
}

function paintState(t: Terminal, state: TargetDeployState): string {
  const colour = state === 'failed' ? 'red' : state === 'applied' || state === 'up-to-date' ? 'green' : 'yellow';
  return paint(t, colour, STATE_WORDS[state]);
}

/** Interrupted: 130; a failure: 1; only locks in the way: 4 (busy, retry later); else 0. */
function exitCodeOf(result: DeployFleetResult): number {
  if (result.stopped === 'interrupted') return ExitCode.interrupted;
  if (result.targets.some((t) => t.state === 'failed' || t.state === 'not-started')) return ExitCode.failure;
  if (result.targets.some((t) => t.state === 'locked')) return ExitCode.busy;
  return ExitCode.ok;
}
