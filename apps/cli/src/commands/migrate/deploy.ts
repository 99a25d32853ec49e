import * as Flags from '@oclif/core/flags';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { StrataCliError } from '../../errors/cli-error.js';
import { type ProblemJson, problemJson } from '../../workflow/json.js';

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
  };

  async run(): Promise<DeployJson> {
    const { flags } = await this.parse(MigrateDeploy);
    const paths = this.locate(flags);
    const { openSession } = await import('../../workflow/session.js');
    const { progressRenderer } = await import('../../workflow/progress.js');
    const { migrateDeploy } = await import('@strata/core');
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    const result = await migrateDeploy({
      provider: session.provider,
      url: session.database!.url,
      schemaPath: paths.schemaPath,
      migrationsDir: paths.migrationsDir,
      allowWarnings: flags['allow-warnings'],
      lockTimeoutMs: flags['lock-timeout'] * 1000,
      createIfMissing: flags.create,
      resume: flags.resume,
      onProgress: progressRenderer(this.terminal),
    }).catch((error: unknown) => {
      throw flags.create ? error : refusedToCreate(error);
    });
    const { renderProblems } = await import('../../workflow/render.js');
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
