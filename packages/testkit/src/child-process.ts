/**
 * Child processes that run the workspace's TypeScript sources, as the tests do: jest maps
 * `@strata/*` to the sources and compiles them with SWC, a plain `node` child has neither, so it
 * runs with the module hooks in `packages/testkit/child/ts-loader.mjs`.
 */
import path from 'node:path';

// From src/ (jest) or dist/ (built) alike: the scripts stay in the package's child/ folder.
const childDir = path.resolve(import.meta.dirname, '../child');

/** The node arguments (`--import <loader>`) that let a child process import the TypeScript sources. */
export function tsLoaderArgs(): string[] {
  return ['--import', path.join(childDir, 'ts-loader.mjs')];
}

export interface ChildCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/**
 * `migrate deploy` with `providerPackage` (e.g. '@strata/provider-sqlite') in a child process
 * (child/deploy.mjs): progress events on stdout as JSON lines, then a `done` line with the
 * migrations it applied and how many were already applied (or an `error` line, exit code 1).
 */
export function deployChildCommand(
  providerPackage: string,
  url: string,
  migrationsDir: string,
  options: { readonly lockTimeoutMs?: number } = {},
): ChildCommand {
  const lockTimeout = options.lockTimeoutMs === undefined ? [] : [String(options.lockTimeoutMs)];
  return {
    command: process.execPath,
    args: [...tsLoaderArgs(), path.join(childDir, 'deploy.mjs'), providerPackage, url, migrationsDir, ...lockTimeout],
    cwd: childDir,
  };
}
