/**
 * Runs the built binary inside a pseudo-terminal (util-linux `script`), answering prompts as a
 * person would: each answer is typed once its prompt has appeared on the terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { BIN } from './run-cli.js';

export function ttyAvailable(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface Answer {
  readonly when: RegExp;
  readonly send: string;
}

export function runInTty(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; answers: readonly Answer[] },
): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'NODE_OPTIONS' && k !== 'DATABASE_URL' && k !== 'NO_COLOR') env[k] = v;
  Object.assign(env, { TERM: 'xterm' }, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const pending = [...options.answers];
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const next = pending[0];
      if (next?.when.test(output)) {
        pending.shift();
        child.stdin.write(next.send);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
