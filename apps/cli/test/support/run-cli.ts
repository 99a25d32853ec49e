/**
 * Runs the built `strata` binary as a subprocess, the way a user or a CI job does: pipes for
 * stdin/stdout/stderr (so never a TTY), its own working directory and environment.
 * Asynchronous on purpose: the PGlite test database lives in this process and must keep
 * answering while the CLI talks to it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const CLI_DIR = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(CLI_DIR, 'bin/run.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as the one JSON document `--json` promises. */
  json<T = Record<string, unknown>>(): T;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly input?: string;
}

export function runCli(args: readonly string[], options: RunOptions): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A test must not inherit the developer's database or jest's module flags.
    if (v !== undefined && k !== 'DATABASE_URL' && k !== 'NODE_OPTIONS') env[k] = v;
  }
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not one JSON document:\n${stdout}\n--- stderr:\n${stderr}`);
          }
        },
      }),
    );
    child.stdin.end(options.input ?? '');
  });
}
