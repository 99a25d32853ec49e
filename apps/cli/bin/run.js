#!/usr/bin/env node
// The `strata` binary. The build (scripts/bundle.mjs) makes each command one ESM file sharing a
// few chunks with oclif bundled in; src/execute.ts finds the command in the shipped manifest and
// runs it without loading oclif when it can, so only the command that runs is imported.
// `strata --version` is answered right here (same text as oclif's), because scripts call it often.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  // A stack trace is printed only under --verbose: then it should name the TypeScript sources.
  // Node reads a module's source map as the module loads, so this comes before any import, and
  // only when asked for (the maps are as large as the code).
  if (args.includes('--verbose')) process.setSourceMapsEnabled(true);
  const { execute } = await import('../dist/execute.js');
  await execute({ dir: import.meta.url });
}
