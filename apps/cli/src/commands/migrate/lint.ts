import path from 'node:path';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { StrataCliError } from '../../errors/cli-error.js';
import { ExitCode } from '../../errors/exit-codes.js';
import type { Failure } from '../../errors/failure.js';
import type { LintJson, LintSelectionJson } from '../../lint/json.js';
import { FAIL_ON } from '../../project/lint-config.js';
import { Args, Flags } from '../../runner/flags.js';
import { progressRenderer } from '../../workflow/progress.js';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

/** `--format json` is `--json`: one JSON document on stdout, errors included. */
function formatOf(argv: readonly string[]): string | undefined {
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '--format') format = argv[i + 1];
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
  }
  return format;
}

/** A migration named by its folder's path (tab completion) is named by the folder. */
function migrationName(argument: string): string {
  const trimmed = argument.replace(/[\\/]+$/, '').replace(/[\\/]migration\.sql$/, '');
  return path.basename(trimmed);
}

export default class MigrateLint extends BaseCommand {
  static override summary =
    'Lint migration.sql files: what can lose data, fail on existing rows, lock tables or break the running application';

  static override description =
    `Judges every statement of each selected migration.sql (hand-written SQL included) with the migration's schemas before and after (before.prisma, after.prisma) and, with --url, the rows of the tables it touches. Which migrations: the NAMEs given, else --since (the folders changed since a git revision), else --latest N, else those not applied to --url, else all.

Silence a finding on the line before its statement with \`-- strata:lint-ignore CODE reason\` (the reason is required and shown). package.json "strata": { "lint": { "disabled": [codes], "failOn": "error" } } configures the project.

Exit codes: 0 no finding at --fail-on, 1 findings at or above it, 2 the lint could not run (arguments, configuration, migrations), 3 the database could not be reached, 4 it is busy.`;

  static override examples = [
    '<%= config.bin %> migrate lint',
    '<%= config.bin %> migrate lint --since origin/main --format github',
    '<%= config.bin %> migrate lint --latest 1 --fail-on warning',
    '<%= config.bin %> migrate lint --url "$DATABASE_URL" --format sarif',
  ];

  // NAME... : any number of migration folders
  static override strict = false;

  static override args = {
    name: Args.string({ description: 'Migration folders to lint (names or paths); default: see the description' }),
  };

  static override flags = {
    ...projectFlags,
    url: Flags.string({
      description: 'A database: lint the migrations not applied there, and count the rows of the tables they touch',
      helpGroup: 'PROJECT',
    }),
    since: Flags.string({
      description: 'Lint the migration folders changed since this git revision (e.g. origin/main)',
      exclusive: ['latest'],
      helpGroup: 'SELECTION',
    }),
    latest: Flags.integer({
      description: 'Lint the last N migrations of the folder',
      min: 1,
      exclusive: ['since'],
      helpGroup: 'SELECTION',
    }),
    format: Flags.string({
      description: 'text (code frames), json, sarif (SARIF 2.1.0) or github (workflow annotations)',
      options: [...FORMATS],
      default: 'text',
    }),
    'fail-on': Flags.string({
      description:
        'Exit 1 for findings at or above: error (data-loss, would-fail), warning (also review), never [default: package.json strata.lint.failOn, else error]',
      options: [...FAIL_ON],
    }),
  };

  public override jsonEnabled(): boolean {
    return super.jsonEnabled() || formatOf(this.argv) === 'json';
  }

  async run(): Promise<LintJson> {
    const { flags, argv } = await this.parse(MigrateLint);
    const names = (argv as string[]).map(String);
    const stray = names.find((name) => name.startsWith('-'));
    if (stray !== undefined)
      throw new StrataCliError('invalid-argument', `Nonexistent flag: ${stray}`, {
        hint: 'Run `strata migrate lint --help` to see its flags.',
      });
    if (names.length > 0 && (flags.since !== undefined || flags.latest !== undefined))
      throw new StrataCliError(
        'invalid-argument',
        `Name the migrations, or select them with ${flags.since !== undefined ? '--since' : '--latest'}: not both.`,
        { hint: 'Leave out the names, or the flag.' },
      );
    const paths = this.locate(flags);
    const cwd = process.cwd();
    const [{ openSession }, core, { readLintConfig, checkDisabledCodes }, { lintJson, projectRelative }] =
      await Promise.all([
        import('../../workflow/session.js'),
        import('@strata/core'),
        import('../../project/lint-config.js'),
        import('../../lint/json.js'),
      ]);
    const config = readLintConfig(paths.projectDir);
    const failOn = (flags['fail-on'] as (typeof FAIL_ON)[number] | undefined) ?? config.failOn ?? 'error';
    const session = await openSession(this.config, paths, { requireUrl: false });
    const { provider } = session;
    const rules = core.lintRules(provider);
    checkDisabledCodes(
      config,
      paths.projectDir,
      rules.map((r) => r.code),
    );

    let selected: string[] | undefined = names.length > 0 ? names.map(migrationName) : undefined;
    if (flags.since !== undefined) {
      const { migrationsChangedSince } = await import('../../project/git-changes.js');
      selected = await migrationsChangedSince(flags.since, paths.migrationsDir, cwd);
    }
    let url: string | undefined;
    if (flags.url !== undefined) {
      const { resolveDatabaseUrl } = await import('../../project/database-url.js');
      url = resolveDatabaseUrl(flags.url, undefined).url;
    }
    const result = await core.migrateLint({
      provider,
      schemaPath: paths.schemaPath,
      schema: session.schema,
      migrationsDir: paths.migrationsDir,
      ...(url === undefined ? {} : { url }),
      ...(selected === undefined ? {} : { names: selected }),
      ...(flags.latest === undefined ? {} : { latest: flags.latest }),
      disabled: config.disabled,
      onProgress: progressRenderer(this.terminal),
    });
    const selection: LintSelectionJson =
      flags.since !== undefined
        ? { by: 'since', ref: flags.since }
        : result.selection === 'pending'
          ? { by: 'pending', database: result.database ?? '' }
          : { by: result.selection };
    const json = lintJson({ result, provider: provider.id, projectDir: paths.projectDir, selection, failOn });

    const format = flags.format as (typeof FORMATS)[number];
    if (format === 'sarif') {
      const { lintSarif } = await import('../../lint/sarif.js');
      const sarif = lintSarif({ json, rules, toolVersion: this.config.version, projectDir: paths.projectDir });
      process.stdout.write(`${JSON.stringify(sarif, null, 2)}\n`);
    } else if (format === 'github') {
      const [{ githubAnnotations }, { repositoryRoot }, { summaryLine }] = await Promise.all([
        import('../../lint/github.js'),
        import('../../project/git-changes.js'),
        import('../../lint/text.js'),
      ]);
      // annotations name files from the repository's root, which may hold the project in a folder
      const root = repositoryRoot(paths.projectDir);
      const prefix = root === undefined ? '.' : projectRelative(root, paths.projectDir);
      for (const line of githubAnnotations(json, prefix === '.' ? '' : `${prefix}/`)) process.stdout.write(`${line}\n`);
      process.stdout.write(`${summaryLine(json, nothingSelected(json, flags.since))}\n`);
    } else if (format === 'text') {
      const { lintText } = await import('../../lint/text.js');
      const sources = new Map(
        result.migrations.map((m) => [projectRelative(paths.projectDir, path.join(m.path, 'migration.sql')), m.sql]),
      );
      const shown = (file: string) => path.relative(cwd, path.join(paths.projectDir, file)) || file;
      for (const line of lintText(this.terminal, {
        json,
        sources,
        shown,
        nothingSelected: nothingSelected(json, flags.since),
      }))
        this.terminal.out(line);
    }
    if (json.failed) this.setExitCode(ExitCode.failure);
    return json;
  }

  protected override failureExitCode(failure: Failure): number {
    // 1 means findings: what fails every other command with 1 means here that the lint did not run
    return failure.exitCode === ExitCode.failure ? ExitCode.lintNotRun : failure.exitCode;
  }
}

function nothingSelected(json: LintJson, since: string | undefined): string {
  switch (json.selection.by) {
    case 'since':
      return `No migration changed since ${since}: nothing to lint.`;
    case 'pending':
      return `No migration is pending on ${json.selection.database}: nothing to lint.`;
    default:
      return 'No migrations to lint.';
  }
}
