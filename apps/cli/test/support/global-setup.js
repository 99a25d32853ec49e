// The end-to-end tests run the BUILT binary. `pnpm test` builds the CLI first; this check gives
// a clear message when jest is started some other way on a stale or missing build.
import { existsSync } from 'node:fs';
import path from 'node:path';

export default function globalSetup() {
  const cliDir = path.resolve(import.meta.dirname, '../..');
  const required = [
    ['apps/cli/dist/commands/init.js', 'cd apps/cli && pnpm run build'],
    ['apps/cli/dist/execute.js', 'cd apps/cli && pnpm run build'],
    ['apps/cli/oclif.manifest.json', 'cd apps/cli && pnpm run build'],
    ['packages/core/dist/index.js', 'pnpm turbo run build --filter @strata/cli...'],
    ['packages/provider-sqlite/dist/index.js', 'pnpm turbo run build --filter @strata/cli...'],
    ['packages/provider-postgres/dist/index.js', 'pnpm turbo run build --filter @strata/cli...'],
    ['packages/provider-mysql/dist/index.js', 'pnpm turbo run build --filter @strata/cli...'],
  ];
  const root = path.resolve(cliDir, '../..');
  const missing = required.filter(([file]) => !existsSync(path.join(root, file)));
  if (missing.length > 0) {
    throw new Error(
      `The CLI tests run the built strata binary, but these files are missing:\n${missing.map(([f, fix]) => `  ${f}  (build: ${fix})`).join('\n')}`,
    );
  }
}
