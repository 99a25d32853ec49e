// CLI start-up: `strata --version` (target 250 ms) and `strata migrate status` on a small SQLite
// project that is in sync (target 500 ms), each as a whole process, as a user runs them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'apps/cli/bin/run.js');
const strata = (cwd, ...args) => execFileSync(process.execPath, [cli, ...args], { cwd, stdio: 'pipe' });

export const scenarios = [
  {
    name: 'cli-version',
    targetMs: 250,
    run() {
      strata(repo, '--version');
    },
  },
  {
    name: 'cli-migrate-status-sqlite',
    targetMs: 500,
    setup() {
      const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-'));
      cpSync(path.join(repo, 'examples/blog'), dir, { recursive: true });
      strata(dir, 'migrate', 'dev', '--name', 'init');
      return { dir };
    },
    run({ dir }) {
      strata(dir, 'migrate', 'status');
    },
    teardown({ dir }) {
      rmSync(dir, { recursive: true, force: true });
    },
  },
];
