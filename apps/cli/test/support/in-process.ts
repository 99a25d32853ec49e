/**
 * Runs a strata command inside the test process, through oclif and the built commands exactly as
 * `bin/run.js` does, with everything it writes captured: for property tests that need many runs
 * (a subprocess per run would take a second each). The built binary stays the reference: keep a
 * few `runCli` cases next to any in-process property.
 */
import { Config } from '@oclif/core';
import { CLI_DIR } from './run-cli.js';

export interface InProcessResult {
  readonly exitCode: number;
  /** process.stdout and console.log (oclif's `logJson` writes through console.log). */
  readonly stdout: string;
  /** process.stderr and console.error. */
  readonly stderr: string;
}

let config: Promise<Config> | undefined;

export async function runInProcess(
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string | undefined>> },
): Promise<InProcessResult> {
  config ??= Config.load(CLI_DIR);
  const loaded = await config;
  const [id, ...argv] = commandOf(loaded, args);
  let stdout = '';
  let stderr = '';
  const saved = {
    cwd: process.cwd(),
    out: process.stdout.write,
    err: process.stderr.write,
    log: console.log,
    error: console.error,
    exitCode: process.exitCode,
    env: Object.fromEntries(Object.keys(options.env ?? {}).map((k) => [k, process.env[k]])),
  };
  const text = (chunk: unknown, ...rest: unknown[]): string =>
    [chunk, ...rest]
      .map((c) => (typeof c === 'string' ? c : c instanceof Uint8Array ? Buffer.from(c).toString() : String(c)))
      .join(' ');
  process.stdout.write = ((chunk: unknown) => {
    stdout += text(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => {
    stderr += text(chunk);
    return true;
  }) as typeof process.stderr.write;
  console.log = (...parts: unknown[]) => {
    stdout += `${text(parts[0] ?? '', ...parts.slice(1))}\n`;
  };
  console.error = (...parts: unknown[]) => {
    stderr += `${text(parts[0] ?? '', ...parts.slice(1))}\n`;
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let exitCode = 0;
  try {
    process.chdir(options.cwd);
    process.exitCode = undefined;
    await loaded.runCommand(id!, argv);
    exitCode = Number(process.exitCode ?? 0);
  } catch (error) {
    // BaseCommand.catch ends with oclif's ExitError, which carries the exit code
    const exit = (error as { oclif?: { exit?: unknown } }).oclif?.exit;
    if (typeof exit !== 'number') throw error;
    exitCode = exit;
  } finally {
    process.chdir(saved.cwd);
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    console.log = saved.log;
    console.error = saved.error;
    process.exitCode = saved.exitCode;
    for (const [k, v] of Object.entries(saved.env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { exitCode, stdout, stderr };
}

/** `['migrate', 'status', '--json']` -> `['migrate:status', '--json']`: the longest known command id. */
function commandOf(config: Config, args: readonly string[]): string[] {
  for (let n = Math.min(args.length, 3); n > 0; n--) {
    const id = args.slice(0, n).join(':');
    if (config.findCommand(id)) return [id, ...args.slice(n)];
  }
  throw new Error(`no strata command in ${args.join(' ')}`);
}
