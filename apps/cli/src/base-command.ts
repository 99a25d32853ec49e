/**
 * The one base of every strata command: the shared flags, the terminal, project location, and
 * THE error mapping (any thrown error -> one message + hint + code on stderr, or a JSON
 * document on stdout with `--json`, and an exit code from `errors/exit-codes.ts`).
 *
 * Deliberately light: it imports neither core nor a provider nor oclif, so that `strata` starts
 * fast (src/execute.ts runs a command without oclif when it can). It is shaped like oclif's
 * Command (the same static fields, `run(argv, config)`), so oclif still reads its commands for
 * the manifest and `--help`, and runs them whenever src/execute.ts leaves a command line to it.
 * A command imports what its usual run needs at the top of its file (Node then loads it all in
 * one go, in parallel), and what only some runs need (fleets, diagrams, prompts, SARIF) inside `run()`.
 */
import path from 'node:path';
import { StrataCliError } from './errors/cli-error.js';
import { type Failure, rememberSecretsOf, toFailure } from './errors/failure.js';
import { loadDotEnv, locateProject, type ProjectPaths } from './project/locate.js';
import { fixFor, insideGuardedImport, providerPackageOf, reasonOf } from './providers/load-failure.js';
import { commonJs } from './runner/common-js.js';
import type { CliConfig } from './runner/config.js';
import { allFlags, type Flag, Flags, type FlagValue } from './runner/flags.js';
import { parseSimple } from './runner/parse.js';
import { createTerminal, paint, type Terminal } from './ui/terminal.js';

// Writing to a closed pipe (`strata migrate diff ... | head`) ends the output, not the process:
// what oclif's Command module does as it loads.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error?.code === 'EPIPE') return;
  throw error;
});

/** Flags for commands that work on a project; spread them into a command's `flags`. */
export const projectFlags = {
  schema: Flags.string({
    description:
      'Schema file or folder of .prisma files [default: prisma/schema.prisma, then schema.prisma, then package.json "strata.schema"]',
    helpGroup: 'PROJECT',
  }),
  url: Flags.string({
    description: 'Database URL; overrides the datasource url (and DATABASE_URL)',
    helpGroup: 'PROJECT',
  }),
  migrations: Flags.string({
    description: 'Migrations folder [default: migrations/ next to the schema]',
    helpGroup: 'PROJECT',
  }),
};

const baseFlags = {
  verbose: Flags.boolean({
    description: 'On an error, list every way on (not only the first) and the stack trace',
    helpGroup: 'GLOBAL',
  }),
};

/** The static side of a command, as `parse` reads it. */
export interface CommandClass {
  readonly flags?: Readonly<Record<string, Flag>>;
  readonly baseFlags?: Readonly<Record<string, Flag>>;
  readonly args?: Readonly<Record<string, unknown>>;
  readonly strict?: boolean;
  readonly enableJsonFlag?: boolean;
}

/** The values of a command's flags (its own, --verbose and --json), as `parse` returns them. */
export type FlagValues<C extends CommandClass> = {
  [K in keyof C['flags']]: FlagValue<C['flags'][K]>;
} & { verbose: boolean | undefined; json: boolean | undefined };

/**
 * How a failed command ends: oclif's ExitError, by shape (oclif prints nothing for it and exits
 * with its code; src/execute.ts does the same).
 */
export class CommandExit extends Error {
  readonly code = 'EEXIT';
  readonly oclif: { readonly exit: number };
  readonly skipOclifErrorHandling = true;

  constructor(exitCode: number) {
    super(`EEXIT: ${exitCode}`);
    this.oclif = { exit: exitCode };
  }
}

export abstract class BaseCommand {
  // The static fields oclif's Command has (the manifest lists a command's static fields).
  static aliases: string[] = [];
  static args: Record<string, unknown> = {};
  static enableJsonFlag = true;
  static baseFlags = baseFlags;
  static hasDynamicHelp = false;
  static hiddenAliases: string[] = [];
  static strict = true;
  declare static id: string | undefined;
  declare static flags: Record<string, Flag> | undefined;
  declare static summary: string | undefined;
  declare static description: string | undefined;
  declare static examples: string[] | undefined;

  /** The command's id, `migrate:status`. */
  readonly id: string | undefined;

  constructor(
    public argv: string[],
    public readonly config: CliConfig,
  ) {
    this.id = (this.constructor as typeof BaseCommand).id;
  }

  /** Runs the command: oclif calls this, and so does src/execute.ts. */
  static async run<T extends BaseCommand>(
    this: new (
      argv: string[],
      config: CliConfig,
    ) => T,
    argv: string[],
    config: CliConfig,
  ): Promise<unknown> {
    return new this(argv, config)._run();
  }

  abstract run(): Promise<unknown>;

  /** oclif's order: init, run, catch on failure, then the result as JSON with --json. */
  async _run(): Promise<unknown> {
    let result: unknown;
    // oclif removes it for sub-processes (auto-updated clients); so does strata
    delete process.env.STRATA_REDIRECTED;
    try {
      await this.init();
      result = await this.run();
    } catch (error) {
      await this.catch(error);
    }
    if (result && this.jsonEnabled()) this.logJson(result);
    return result;
  }

  /** The command line, parsed as oclif parses it (by oclif itself whenever it is not plain). */
  protected async parse<C extends CommandClass>(
    command: C,
    argv: string[] = this.argv,
  ): Promise<{ flags: FlagValues<C>; args: Record<string, unknown>; argv: unknown[] }> {
    const input = {
      context: this,
      ...command,
      args: command.args ?? {},
      strict: command.strict ?? true,
      flags: allFlags(command.flags, command.baseFlags, command.enableJsonFlag),
    };
    this.argv = [...argv];
    const simple = await parseSimple(argv, input, this);
    // oclif's parser is loaded only for a command line it alone can judge (and its errors)
    const parsed = simple ?? (await commonJs(await import('@oclif/core/parser')).parse(argv, input as never));
    return parsed as never;
  }

  /** With --json (before any `--`) or STRATA_CONTENT_TYPE=json, as oclif decides it. */
  public jsonEnabled(): boolean {
    if (!(this.constructor as typeof BaseCommand).enableJsonFlag) return false;
    if (this.config.scopedEnvVar?.('CONTENT_TYPE')?.toLowerCase() === 'json') return true;
    const passThrough = this.argv.indexOf('--');
    const json = this.argv.indexOf('--json');
    return json !== -1 && (passThrough === -1 || json < passThrough);
  }

  /** One JSON document on stdout, indented as oclif writes it. */
  protected logJson(json: unknown): void {
    console.log(JSON.stringify(json, undefined, 2));
  }

  /** Ends the command now with this exit code (nothing more is printed). */
  protected exit(code: number): never {
    throw new CommandExit(code);
  }

  private terminalInstance: Terminal | undefined;

  /** Output for humans; silent on stdout with --json. */
  protected get terminal(): Terminal {
    this.terminalInstance ??= createTerminal({ json: this.jsonEnabled() });
    return this.terminalInstance;
  }

  /** Finds the schema and migrations, and loads `.env` next to the project and the schema. */
  protected locate(
    flags: { schema?: string | undefined; migrations?: string | undefined },
    options: { createsMigrations?: boolean } = {},
  ): ProjectPaths {
    const paths = locateProject({
      cwd: process.cwd(),
      ...options,
      ...(flags.schema === undefined ? {} : { schema: flags.schema }),
      ...(flags.migrations === undefined ? {} : { migrations: flags.migrations }),
    });
    loadDotEnv([paths.projectDir, paths.schemaIsFolder ? paths.schemaPath : path.dirname(paths.schemaPath)]);
    return paths;
  }

  /** Ends the command with an exit code other than 0, after its output (JSON included) is written. */
  protected setExitCode(code: number): void {
    process.exitCode = code;
  }

  /** The exit code of a failure; a command with its own exit code contract overrides it. */
  protected failureExitCode(failure: Failure): number {
    return failure.exitCode;
  }

  public async init(): Promise<void> {
    // A failure nothing awaits (a provider's timer, a rejected promise it dropped, an error event
    // of its driver) would otherwise end the process with Node's stack trace: it is reported like
    // any other error instead, attributed to the provider package it came from when it did.
    // One pair of listeners per process, for the command running now (tests run many in one).
    strayOwner = this;
    if (!strayListening) {
      strayListening = true;
      process.on('uncaughtException', onStray);
      process.on('unhandledRejection', onStray);
    }
  }

  /** Reports a failure that surfaced outside the command's awaited calls, then ends the process. */
  async reportStray(error: unknown): Promise<never> {
    const failure = await this.report(strayFailure(error));
    process.exit(failure.exitCode);
  }

  protected async catch(error: unknown): Promise<never> {
    const failure = await this.report(error);
    // oclif (or src/execute.ts) turns it into the exit code without printing anything more.
    return this.exit(failure.exitCode);
  }

  /** Prints a failure: the JSON document, or one line and its hint. */
  private async report(error: unknown): Promise<Failure> {
    // URLs given as arguments (--url, --from-url, ...) may be too malformed for the URL pattern
    for (const argument of this.argv) rememberSecretsOf(argument);
    const computed = toFailure(error);
    const failure = { ...computed, exitCode: this.failureExitCode(computed) };
    if (this.jsonEnabled()) {
      this.logJson({
        error: {
          code: failure.code,
          message: failure.message,
          ...(failure.hint ? { hint: failure.hint } : {}),
          details: failure.details,
          exitCode: failure.exitCode,
        },
      });
    } else {
      await this.renderFailure(failure);
    }
    return failure;
  }

  private async renderFailure(failure: Failure): Promise<void> {
    // A path or a name in a message may hold ESC or BEL (`--schema $'\e[2J'`): shown escaped,
    // never obeyed by the terminal. Core is loaded only now, on the way out.
    const { escapeControlCharacters: visible } = await import('@strata/core');
    const t = createTerminal({ json: false });
    t.err(`${paint(t, 'red', 'Error')} ${paint(t, 'dim', `[${failure.code}]`)} ${visible(failure.message)}`);
    // One line for what to do; the alternatives (details.nextSteps) only when asked for.
    if (failure.hint) t.err(`${paint(t, 'cyan', '→')} ${visible(failure.hint)}`);
    if (!this.argv.includes('--verbose')) return;
    const others = nextSteps(failure).filter((step) => step !== failure.hint);
    for (const step of others) t.err(`${paint(t, 'cyan', '→')} ${visible(step)}`);
    if (failure.stack) t.err(paint(t, 'dim', visible(failure.stack)));
  }
}

let strayListening = false;
let strayOwner: BaseCommand | undefined;

function onStray(error: unknown): void {
  if (insideGuardedImport()) return; // discovery reports it as the package's load failure
  if (strayOwner !== undefined) {
    void strayOwner.reportStray(error);
    return;
  }
  // Before any command started: the same one line, without a command to format it.
  const failure = toFailure(strayFailure(error));
  process.stderr.write(`Error [${failure.code}] ${failure.message}\n${failure.hint ? `→ ${failure.hint}\n` : ''}`);
  process.exit(failure.exitCode);
}

/** A failure that surfaced outside any awaited call, as a provider failure when its stack says so. */
function strayFailure(error: unknown): unknown {
  const pkg = providerPackageOf(error);
  if (pkg === undefined) return error;
  const pinned = `${pkg.packageName}@${pkg.packageVersion ?? '?'}`;
  return new StrataCliError(
    'provider-failed',
    `The provider package ${pinned} (${pkg.location}) failed: ${reasonOf(error)}`,
    {
      // A bundled provider failing at run time is strata's bug, not a broken install.
      hint:
        pkg.source === 'bundled'
          ? 'This is a bug in strata; run again with --verbose and report the stack trace.'
          : fixFor(error, pkg, pkg.projectDir ?? process.cwd(), pkg.source ?? 'project', undefined),
      details: {
        packageName: pkg.packageName,
        packageVersion: pkg.packageVersion,
        location: pkg.location,
        reason: reasonOf(error),
      },
      cause: error,
    },
  );
}

function nextSteps(failure: Failure): string[] {
  const steps = failure.details.nextSteps;
  return Array.isArray(steps) ? steps.filter((s): s is string => typeof s === 'string') : [];
}
