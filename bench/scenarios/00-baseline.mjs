// Baselines that other scenarios compare themselves with.
import { execFileSync } from 'node:child_process';

export const scenarios = [
  {
    name: 'node-startup',
    notes: 'node -e 0, the floor for any CLI command',
    run() {
      execFileSync(process.execPath, ['-e', '0']);
    },
  },
];
