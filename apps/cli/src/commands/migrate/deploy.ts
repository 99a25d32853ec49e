import { migrateDeploy } from '@strata/core';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { StrataCliError } from '../../errors/cli-error.js';
import type { FleetDeployJson } from '../../fleet/deploy.js';
import { fleetFlags, isFleet } from '../../fleet/targets.js';
import { Flags } from '../../runner/flags.js';
import { type ProblemJson, problemJson } from '../../workflow/json.js';
import { progressRenderer } from '../../workflow/progress.js';
import { renderProblems } from '../../workflow/render.js';
import { openSession } from '../../workflow/session.js';

export interface DeployJson {
  readonly database: string;
  /** The database did not exist and deploy created it. */
  readonly created: boolean;
  readonly applied: readonly { readonly name: string; readonly steps: number; readonly durationMs: number }[];
  /** With --resume: the failed migration run on to its end (`steps`: the statements run now). */
  readonly resumed?: { readonly name: string; readonly steps: number; readonly durationMs: number };
  readonly alreadyApplied: number;
  readonly importedFromPrisma: number;
  readonly notices: readonly ProblemJson[];
  readonly durationMs: number;
}

/** With --no-create, the provider's hint (a development command) is not the way on: deploy is. */
function refusedToCreate(error: unknown): unknown {
  const shape = error as { isStrataError?: unknown; code?: unknown; message?: unknown; details?: unknown };
  if (shape.isStrataError !== true || shape.code !== 'database-missing') return error;
  return new StrataCliError('database-missing', `${String(shape.message)} Not created (--no-create).`, {
    hint: 'Check the URL; if this is the database to create, run `strata migrate deploy` without --no-create.',
    details: typeof shape.details === 'object' && shape.details !== null ? { ...shape.details } : {},
    cause: error,
  });
}

export default class MigrateDeploy extends BaseCommand {
  static override summary = 'Apply every pending migration exactly as reviewed (CI/CD, production)';

  static override description =
    'Takes the migration lock, refuses on failed, edited or missing-locally migrations, re-evaluates data-aware warnings against the target database, then runs each pending migration.sql byte for byte with its history row. Never creates migrations and never prompts. A database that does not exist (a PostgreSQL database, a SQLite file and its folders) is created and the output says so; --no-create refuses instead.';

  static override examples = [
    '<%= config.bin %> migrate deploy',
    '<%= config.bin %> migrate deploy --lock-timeout 60 --json',
    '<%= config.bin %> migrate deploy --no-create',
    '<%= config.bin %> migrate deploy --resume',
    '<%= config.bin %> migrate deploy --targets tenants.yaml --concurrency 8',
    '<%= config.bin %> migrate deploy --targets-from-query "SELECT slug AS name, schema_name AS schema FROM tenants"',
  ];

  static override flags = {
    ...projectFlags,
    'allow-warnings': Flags.boolean({ description: 'Apply even when the target data makes a migration lose data' }),
    create: Flags.boolean({
      description: 'Create the database when it does not exist (said in the output); --no-create refuses instead',
      default: true,
      allowNo: true,
    }),
    resume: Flags.boolean({
      description:
        'Run a migration that failed outside a transaction on from the statement that failed (fix the cause first, not migration.sql)',
    }),
    'lock-timeout': Flags.integer({
      description: 'Seconds to wait for the migration lock held by another deploy',
      default: 10,
      min: 0,
    }),
    ...fleetFlags,
    'fail-fast': Flags.boolean({
      description: 'With --targets: start no new target once one fails or is locked (running ones finish)',
      helpGroup: 'FLEET',
    }),
  };

  async run(): Promise<DeployJson | FleetDeployJson> {
    const { flags } = await this.parse(MigrateDeploy);
    const paths = this.locate(flags);
    if (isFleet(flags)) {
      if (flags.resume)
        throw new StrataCliError('invalid-argument', '--resume works on one database, not on --targets.', {
          hint: 'Resume the target that failed with `strata migrate deploy --resume --url <its URL>`.',
        });
      const { openFleet } = await import('../../fleet/targets.js');
      const fleet = await openFleet(this.config, paths, flags);
      const { deployTargets } = await import('../../fleet/deploy.js');
      const { json, exitCode } = await deployTargets({
        ...fleet,
        terminal: this.terminal,
        concurrency: flags.concurrency,
        failFast: flags['fail-fast'],
        allowWarnings: flags['allow-warnings'],
        lockTimeoutMs: flags['lock-timeout'] * 1000,
        createIfMissing: flags.create,
      });
      if (exitCode !== 0) this.setExitCode(exitCode);
      return json;
    }
    if (flags['fail-fast'] || flags.concurrency !== undefined)
      throw new StrataCliError(
        'invalid-argument',
        '--fail-fast and --concurrency work with --targets or --targets-from-query.',
        {
          hint: 'Name the targets: `strata migrate deploy --targets targets.txt`.',
        },
      );
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    const result = await migrateDeploy({
      provider: session.provider,
      url: session.database!.url,
      schemaPath: paths.schemaPath,
      schema: session.schema,
      migrationsDir: paths.migrationsDir,
      allowWarnings: flags['allow-warnings'],
      lockTimeoutMs: flags['lock-timeout'] * 1000,
      createIfMissing: flags.create,
      resume: flags.resume,
      onProgress: progressRenderer(this.terminal),
    }).catch((error: unknown) => {
      throw flags.create ? error : refusedToCreate(error);
    });
    renderProblems(this.terminal, result.notices);
    if (result.resumed !== undefined)
      this.terminal.out(
        `Resumed ${result.resumed.name}: ran its last ${result.resumed.steps} statement(s) to the end.`,
      );
    this.terminal.out(
      result.applied.length === 0
        ? `No pending migrations: ${result.alreadyApplied} already applied to ${result.database}.`
        : `Applied ${result.applied.length} migration(s) to ${result.database} in ${(result.durationMs / 1000).toFixed(1)} s.`,
    );
    return {
      database: result.database,
      created: result.created,
      applied: result.applied.map((a) => ({ name: a.name, steps: a.steps, durationMs: Math.round(a.durationMs) })),
      ...(result.resumed === undefined
        ? {}
        : {
            resumed: {
              name: result.resumed.name,
              steps: result.resumed.steps,
              durationMs: Math.round(result.resumed.durationMs),
            },
          }),
      alreadyApplied: result.alreadyApplied,
      importedFromPrisma: result.importedFromPrisma,
      notices: result.notices.map(problemJson),
      durationMs: Math.round(result.durationMs),
    };
  }
}
