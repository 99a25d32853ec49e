import { migrateStatus } from '@strata/core';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { StrataCliError } from '../../errors/cli-error.js';
import { ExitCode } from '../../errors/exit-codes.js';
import type { FleetStatusJson } from '../../fleet/status.js';
import { fleetFlags, isFleet } from '../../fleet/targets.js';
import { paint } from '../../ui/terminal.js';
import { type ProblemJson, problemJson } from '../../workflow/json.js';
import { progressRenderer } from '../../workflow/progress.js';
import { renderProblems } from '../../workflow/render.js';
import { openSession } from '../../workflow/session.js';

export interface StatusJson {
  readonly inSync: boolean;
  readonly database: string;
  readonly migrationsDir: string;
  readonly applied: readonly { readonly name: string; readonly appliedAt?: string; readonly kind: string }[];
  readonly pending: readonly string[];
  readonly rolledBack: readonly string[];
  readonly problems: readonly ProblemJson[];
  readonly drift?: { readonly differences: readonly string[] };
  readonly unmanaged: readonly { readonly kind: string; readonly name: string; readonly namespace?: string }[];
  readonly importedFromPrisma: number;
  readonly adoptedFromPrisma: boolean;
  /** Migrations are pending and another process holds the migration lock (a deploy is running). */
  readonly migrationRunning?: { readonly heldBy?: string };
}

/**
 * A missing database named by `--url` is a deployment target: the provider's hint (a
 * development command) does not apply there; `migrate deploy` creates it and applies everything.
 */
function missingTargetError(error: unknown): unknown {
  const shape = error as { isStrataError?: unknown; code?: unknown; message?: unknown; details?: unknown };
  if (shape.isStrataError !== true || shape.code !== 'database-missing') return error;
  return new StrataCliError('database-missing', String(shape.message), {
    hint: 'Check the URL; to create this database and apply the migrations, run `strata migrate deploy` with the same --url.',
    details: typeof shape.details === 'object' && shape.details !== null ? { ...shape.details, target: true } : {},
    cause: error,
  });
}

export default class MigrateStatus extends BaseCommand {
  static override summary = 'Compare the migrations folder with the database history and the live schema';

  static override description =
    'Exits 0 when everything is applied and nothing is wrong; 1 otherwise. Every problem is listed with its code and the command that fixes it.';

  static override examples = [
    '<%= config.bin %> migrate status',
    '<%= config.bin %> migrate status --json',
    '<%= config.bin %> migrate status --targets tenants.yaml',
  ];

  static override flags = { ...projectFlags, ...fleetFlags };

  async run(): Promise<StatusJson | FleetStatusJson> {
    const { flags } = await this.parse(MigrateStatus);
    const paths = this.locate(flags);
    if (isFleet(flags)) {
      const { openFleet } = await import('../../fleet/targets.js');
      const fleet = await openFleet(this.config, paths, flags);
      const { statusOfTargets } = await import('../../fleet/status.js');
      const { json, exitCode } = await statusOfTargets({
        ...fleet,
        terminal: this.terminal,
        concurrency: flags.concurrency,
      });
      if (exitCode !== 0) this.setExitCode(exitCode);
      return json;
    }
    if (flags.concurrency !== undefined)
      throw new StrataCliError('invalid-argument', '--concurrency works with --targets or --targets-from-query.', {
        hint: 'Name the targets: `strata migrate status --targets targets.txt`.',
      });
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    const status = await migrateStatus({
      provider: session.provider,
      url: session.database!.url,
      schemaPath: paths.schemaPath,
      schema: session.schema,
      migrationsDir: paths.migrationsDir,
      onProgress: progressRenderer(this.terminal),
    }).catch((error: unknown) => {
      throw session.database!.target ? missingTargetError(error) : error;
    });
    const json: StatusJson = {
      inSync: status.inSync,
      database: status.database,
      migrationsDir: status.migrationsDir,
      applied: status.applied.map((a) => ({
        name: a.name,
        ...(a.row.finishedAt === undefined ? {} : { appliedAt: new Date(a.row.finishedAt).toISOString() }),
        kind: a.row.kind,
      })),
      pending: status.pending.map((m) => m.name),
      rolledBack: [...status.rolledBack],
      problems: status.problems.map(problemJson),
      ...(status.drift === undefined ? {} : { drift: { differences: status.drift.differences } }),
      unmanaged: status.unmanaged.map((u) => ({
        kind: u.kind,
        name: u.name,
        ...(u.namespace === undefined ? {} : { namespace: u.namespace }),
      })),
      importedFromPrisma: status.importedFromPrisma,
      adoptedFromPrisma: status.adoptedFromPrisma,
      ...(status.migrationRunning === undefined ? {} : { migrationRunning: status.migrationRunning }),
    };
    const t = this.terminal;
    const running = status.migrationRunning;
    t.out(
      `${status.database}: ${json.applied.length} applied, ${json.pending.length} ${running ? 'pending or being applied now' : 'pending'}`,
    );
    for (const name of json.pending) t.out(`  pending  ${name}`);
    if (running)
      t.out(
        paint(
          t,
          'yellow',
          `A migration run is in progress: another process holds the migration lock${running.heldBy ? ` (${running.heldBy})` : ''}.`,
        ),
      );
    renderProblems(t, status.problems);
    if (status.unmanaged.length > 0)
      t.out(
        paint(
          t,
          'dim',
          `${status.unmanaged.length} object(s) not managed by strata (views, triggers, ...) are ignored.`,
        ),
      );
    if (status.inSync) {
      t.out(paint(t, 'green', 'The database is in sync with the migrations.'));
    } else {
      if (running) t.out('Wait for it to finish, then run `strata migrate status` again.');
      else if (json.pending.length > 0 && status.problems.every((p) => p.severity !== 'error'))
        t.out('Run `strata migrate deploy` to apply the pending migrations.');
      this.setExitCode(ExitCode.failure);
    }
    return json;
  }
}
