/**
 * Child processes cannot use jest's module mapping to the TypeScript sources: they import the
 * BUILT packages. Turbo builds the dependencies before `test` (`^build`) but not this package
 * itself, and a plain `pnpm test` builds nothing, so tests that spawn children call
 * `ensureBuilt()` first: it compiles (with the repository's tsc) every package whose dist is
 * missing or older than its sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const packagesDir = path.resolve(import.meta.dirname, '../..');
const tsc = path.resolve(packagesDir, '../node_modules/.bin/tsc');

/** In dependency order: core first. */
const CHILD_PACKAGES = ['core', 'provider-sqlite'];

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(path.join(dir, file)).mtimeMs);
  }
  return newest;
}

function isStale(packageDir: string): boolean {
  const entry = path.join(packageDir, 'dist/index.js');
  return !existsSync(entry) || statSync(entry).mtimeMs < newestSourceMtime(path.join(packageDir, 'src'));
}

export function ensureBuilt(): void {
  for (const name of CHILD_PACKAGES) {
    const dir = path.join(packagesDir, name);
    if (!isStale(dir)) continue;
    try {
      execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'pipe' });
    } catch (error) {
      // tsc still emits JavaScript on type errors (a package being edited by someone else); the
      // children only need the JavaScript, so a type error is reported but not fatal.
      const output = String((error as { stdout?: Buffer }).stdout ?? error);
      if (!existsSync(path.join(dir, 'dist/index.js'))) {
        throw new Error(
          `packages/${name}/dist is missing and could not be built; build it with\n` +
            `  cd /work/main && pnpm turbo run build --filter @strata/provider-sqlite...\n${output}`,
        );
      }
      console.warn(`packages/${name}: tsc reported errors, using the JavaScript it emitted:\n${output.slice(0, 2000)}`);
    }
  }
}
