#!/usr/bin/env node
// The `strata` binary. oclif reads the shipped manifest, so only the command that runs is
// imported. `strata --version` is answered before oclif loads at all (same text as oclif's),
// because scripts call it often and loading oclif alone costs most of the 250 ms budget.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const { execute } = await import('@oclif/core/execute');
  await execute({ dir: import.meta.url });
}
