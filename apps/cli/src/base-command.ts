/**
 * The one base of every strata command: the shared flags, the terminal, project location, and
 * THE error mapping (any thrown error -> one message + hint + code on stderr, or a JSON
 * document on stdout with `--json`, and an exit code from `errors/exit-codes.ts`).
 *
 * Deliberately light: it imports neither core nor a provider, so `strata --help` and the
 * start-up path stay fast. Commands import heavy modules inside `run()`.
 */
import path from 'node:path';
import type { Interfaces } from '@oclif/core';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { StrataCliError } from './errors/cli-error.js';
import { type Failure, rememberSecretsOf, toFailure } from './errors/failure.js';
import { loadDotEnv, locateProject, type ProjectPaths } from './project/locate.js';
import { fixFor, insideGuardedImport, providerPackageOf, reasonOf } from './providers/load-failure.js';
import { createTerminal, paint, type Terminal } from './ui/terminal.js';

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

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    verbose: Flags.boolean({
      description: 'On an error, list every way on (not only the first) and the stack trace',
      helpGroup: 'GLOBAL',
    }),
  };

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

  public override async init(): Promise<void> {
    await super.init();
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

  protected override async catch(error: Interfaces.CommandError): Promise<never> {
    const failure = await this.report(error);
    // `exit` throws oclif's ExitError, which oclif turns into the exit code without printing anything more.
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
