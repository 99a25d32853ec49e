/**
 * A held lock and Ctrl-C, in real processes: by default the lock is released and the process ends
 * by the signal, as it would have; when the application handles the signal itself (a fleet deploy,
 * a server's graceful shutdown) the lock leaves the shutdown to it and is released by the work
 * that holds it. Handlers of two copies of core recognise each other (a provider's own copy).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';

// core cannot depend on the testkit (it depends on core): its TypeScript loader, by path
const tsLoader = path.resolve(import.meta.dirname, '../../../testkit/child/ts-loader.mjs');
const release = path.resolve(import.meta.dirname, '../../src/provider/release.ts');
// a second copy of the module, as a provider with its own copy of core has
const copyDir = mkdtempSync(path.join(tmpdir(), 'strata-release-'));
const copy = path.join(copyDir, 'release.ts');
copyFileSync(release, copy);
afterAll(() => rmSync(copyDir, { recursive: true, force: true }));

function run(script: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string } {
  const result = spawnSync(process.execPath, ['--import', tsLoader, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (result.stderr.trim() !== '') throw new Error(result.stderr);
  return { status: result.status, signal: result.signal, stdout: result.stdout };
}

test('Ctrl-C releases the lock, then ends the process by the signal', () => {
  const result = run(`
    const { releaseOnSignals } = await import(${JSON.stringify(release)});
    releaseOnSignals(async () => { process.stdout.write('unlocked\\n'); });
    setTimeout(() => process.stdout.write('still running\\n'), 500);
    process.kill(process.pid, 'SIGINT');
  `);
  expect(result).toEqual({ status: null, signal: 'SIGINT', stdout: 'unlocked\n' });
});

test('two locks (two copies of core): both released before the process ends', () => {
  const result = run(`
    const a = await import(${JSON.stringify(release)});
    const b = await import(${JSON.stringify(copy)});
    a.releaseOnSignals(async () => { process.stdout.write('a\\n'); });
    b.releaseOnSignals(async () => { process.stdout.write('b\\n'); });
    setTimeout(() => process.stdout.write('still running\\n'), 500);
    process.kill(process.pid, 'SIGINT');
  `);
  expect(result.signal).toBe('SIGINT');
  expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['a', 'b']);
});

test('an application that handles SIGINT owns the shutdown: the lock is released by the work, not the signal', () => {
  const result = run(`
    const { releaseOnSignals } = await import(${JSON.stringify(release)});
    process.on('SIGINT', () => process.stdout.write('app stops new work\\n'));
    const release = releaseOnSignals(async () => { process.stdout.write('unlocked\\n'); });
    process.kill(process.pid, 'SIGINT');
    setTimeout(async () => { process.stdout.write('migration finished\\n'); await release(); }, 200);
  `);
  expect(result).toEqual({
    status: 0,
    signal: null,
    stdout: 'app stops new work\nmigration finished\nunlocked\n',
  });
});
