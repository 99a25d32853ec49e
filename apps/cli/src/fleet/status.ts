/**
 * `migrate status --targets` / `--targets-from-query`: core's `statusFleet` as a matrix of
 * targets × state on stdout (every target: status is for reading), `--json`, and the exit code.
 */
import { type StatusFleetResult, statusFleet, type TargetStatusReport, type TargetStatusState } from '@strata/core';
import { ExitCode } from '../errors/exit-codes.js';
import { formatTable } from '../ui/table.js';
import { paint, type Terminal } from '../ui/terminal.js';
import { type ProblemJson, problemJson } from '../workflow/json.js';
import { fleetProgress } from './progress.js';
import { type Fleet, fleetProject } from './targets.js';

export interface FleetStatusJson {
  readonly inSync: boolean;
  readonly counts: Readonly<Record<TargetStatusState, number>>;
  /** Core's reports, their problems as in `migrate status --json`, without the full status. */
  readonly targets: readonly (Omit<TargetStatusReport, 'problems' | 'status'> & {
    readonly problems: readonly ProblemJson[];
  })[];
  readonly durationMs: number;
}

export interface FleetStatusInput extends Fleet {
  readonly terminal: Terminal;
  readonly concurrency?: number | undefined;
}

/** Reading status is cheap on the server: more at once than deploy. */
const STATUS_CONCURRENCY = 8;

const STATES: readonly TargetStatusState[] = [
  'in-sync',
  'pending',
  'drift',
  'checksum',
  'failed',
  'problems',
  'unreachable',
];

export async function statusOfTargets(input: FleetStatusInput): Promise<{ json: FleetStatusJson; exitCode: number }> {
  const t = input.terminal;
  const progress = fleetProgress<TargetStatusReport>(t, {
    verb: 'reading',
    isProblem: (report) => report.state === 'unreachable',
    describe: stateText,
    everyTarget: false,
  });
  let result: StatusFleetResult;
  try {
    result = await statusFleet({
      ...fleetProject(input),
      concurrency: input.concurrency ?? STATUS_CONCURRENCY,
      onProgress: progress.listener,
    });
  } finally {
    progress.end();
  }
  const counts = Object.fromEntries(STATES.map((state) => [state, 0])) as Record<TargetStatusState, number>;
  for (const target of result.targets) counts[target.state]++;
  const rows = result.targets.map((target) => [
    target.name,
    paint(t, colourOf(target.state), stateText(target)),
    String(target.applied),
    String(target.pending.length),
    problemsText(target),
  ]);
  for (const line of formatTable(['TARGET', 'STATE', 'APPLIED', 'PENDING', 'PROBLEMS'], rows)) t.out(line);
  const summary = STATES.filter((state) => counts[state] > 0).map(
    (state) => `${counts[state]} ${state.replace('-', ' ')}`,
  );
  t.out(`${result.targets.length} target(s): ${summary.join(', ')}.`);
  // a target whose database does not exist yet is one deploy creates (unless --no-create)
  const missing = result.targets.filter((target) => target.error?.code === 'database-missing').length;
  if (counts.pending + missing > 0 && counts.pending + missing === result.targets.length - counts['in-sync'])
    t.out(
      missing === 0
        ? 'Run `strata migrate deploy` with the same targets to apply the pending migrations.'
        : 'Run `strata migrate deploy` with the same targets: it creates the missing databases and applies the pending migrations.',
    );
  else if (!result.inSync)
    t.out('`strata migrate status --url <target>` shows one target’s problems with the command that fixes each.');
  const json: FleetStatusJson = {
    inSync: result.inSync,
    counts,
    targets: result.targets.map((target) => ({
      name: target.name,
      database: target.database,
      state: target.state,
      applied: target.applied,
      pending: target.pending,
      running: target.running,
      problems: target.problems.map(problemJson),
      ...(target.error === undefined ? {} : { error: target.error }),
      durationMs: Math.round(target.durationMs),
    })),
    durationMs: Math.round(result.durationMs),
  };
  return { json, exitCode: result.inSync ? ExitCode.ok : ExitCode.failure };
}

function stateText(report: TargetStatusReport): string {
  switch (report.state) {
    case 'pending':
      return `pending ${report.pending.length}${report.running ? ' (deploy running)' : ''}`;
    case 'unreachable':
      return `unreachable (${report.error?.code ?? 'error'})`;
    default:
      return report.state.replace('-', ' ');
  }
}

function problemsText(report: TargetStatusReport): string {
  if (report.error !== undefined) return report.error.message;
  const codes = [...new Set(report.problems.filter((p) => p.severity === 'error').map((p) => p.code))];
  return codes.join(', ');
}

function colourOf(state: TargetStatusState): 'green' | 'yellow' | 'red' {
  if (state === 'in-sync') return 'green';
  return state === 'pending' ? 'yellow' : 'red';
}
