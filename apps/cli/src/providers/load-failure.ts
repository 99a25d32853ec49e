/**
 * A provider package that cannot be used must be reported, never crash strata: its import may
 * throw (synchronously, from a native module that will not load, from a missing dependency or
 * peer), or fail later (a promise it never awaits, a timer, an event emitter without a listener).
 * This module imports a package with all of those caught, says which fix applies to each kind
 * of failure, and remembers where the loaded providers live so a failure that surfaces even
 * later (during `connect`, ...) can still be attributed to its package (see BaseCommand).
 *
 * Deliberately free of core: the error path must not load it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InstalledPackage } from './package-resolve.js';

/** What discovery knows about a package once it is found on disk. */
export interface ProviderPackage {
  readonly packageName: string;
  readonly packageVersion?: string;
  /** The package folder (symlinks resolved). */
  readonly location: string;
  readonly source?: 'project' | 'plugin' | 'bundled';
  /** The project it was loaded for (where its fix runs). */
  readonly projectDir?: string;
}

let guardedImports = 0;

/** True while `importCatchingLateFailures` runs: the process-wide handlers leave its failures to it. */
export function insideGuardedImport(): boolean {
  return guardedImports > 0;
}

/**
 * Imports `entryFile`; an error it throws, and any uncaught exception or unhandled rejection it
 * causes until the import has settled and the event loop has turned once more, is returned
 * instead of thrown (the first one wins).
 */
export async function importCatchingLateFailures(
  entryFile: string,
): Promise<{ ok: true; namespace: unknown } | { ok: false; error: unknown }> {
  const late: unknown[] = [];
  const onFailure = (error: unknown) => {
    late.push(error);
  };
  process.on('uncaughtException', onFailure);
  process.on('unhandledRejection', onFailure);
  guardedImports++;
  try {
    let namespace: unknown;
    try {
      namespace = await import(pathToFileURL(entryFile).href);
    } catch (error) {
      return { ok: false, error };
    }
    // Rejections are reported after the microtask queue drains, timers of 0 ms in the next turn.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    return late.length > 0 ? { ok: false, error: late[0] } : { ok: true, namespace };
  } finally {
    guardedImports--;
    process.off('uncaughtException', onFailure);
    process.off('unhandledRejection', onFailure);
  }
}

/**
 * The ids a provider package presumably serves, from its name alone (`strata-provider-X`,
 * `@scope/strata-provider-X`, `@strata/provider-X` -> X, or the bundled packages' known ids):
 * when it cannot be loaded, that is all there is to tell which datasource it was meant for.
 */
export function presumedIds(
  packageName: string,
  knownIds: Readonly<Record<string, readonly string[]>> = {},
): readonly string[] {
  const known = knownIds[packageName];
  if (known !== undefined) return known;
  const suffix = /(?:^@strata\/provider-|(?:^|\/)strata-provider-)([a-z0-9._-]+)$/.exec(packageName)?.[1];
  return suffix === undefined ? [] : [suffix];
}

type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** The package manager a project uses, by its lockfile (nearest folder upwards); npm when none. */
export function packageManagerOf(projectDir: string): PackageManager {
  for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-lock.yaml'))) return 'pnpm';
    if (existsSync(path.join(dir, 'yarn.lock'))) return 'yarn';
    if (existsSync(path.join(dir, 'package-lock.json'))) return 'npm';
    if (path.dirname(dir) === dir) return 'npm';
  }
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function inProject(projectDir: string, command: string): string {
  return `cd ${shellQuote(projectDir)} && ${command}`;
}

/** The package a "Cannot find module/package 'X'" error names, if any. */
function missingModuleOf(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const name = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if (name === undefined) return undefined;
  // 'bindings', '@strata/core', '@strata/core/x' -> the package name; a path stays a path.
  if (name.startsWith('.') || name.startsWith('/') || name.startsWith('file:')) return name;
  const parts = name.split('/');
  return name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isNativeLoadFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return (
    code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|\.node\b|invalid ELF header|wrong ELF class/.test(message)
  );
}

/**
 * The one command that fixes a package that failed to load, run in the project folder:
 * - its peer `@strata/core` is missing: install that peer (the range the package asks for);
 * - a native module of it does not load (built for another Node/platform): rebuild;
 * - another dependency of it is missing: install the project's dependencies;
 * - its own code throws: nothing to reinstall; remove it when strata bundles a provider for
 *   the same id (the user then chooses the bundled one), else pin another version.
 */
export function fixFor(
  error: unknown,
  pkg: ProviderPackage & { readonly json?: InstalledPackage['json'] },
  projectDir: string,
  source: 'project' | 'plugin' | 'bundled',
  coreVersion: string | undefined,
  /** strata bundles a provider for the same id: removing the broken package falls back to it, on purpose. */
  bundledAlternative = false,
): string {
  if (source === 'plugin') return `Reinstall the plugin: strata plugins install ${pkg.packageName}`;
  if (source === 'bundled') return 'Reinstall strata (its bundled provider is damaged): npm install -g @strata/cli';
  const pm = packageManagerOf(projectDir);
  const missing = missingModuleOf(error);
  if (missing === '@strata/core') {
    const peers = (pkg.json as { peerDependencies?: Record<string, string> } | undefined)?.peerDependencies;
    const range = peers?.['@strata/core'] ?? (coreVersion === undefined ? undefined : `^${coreVersion}`);
    const spec = `@strata/core${range === undefined || range.startsWith('workspace:') ? '' : `@${range}`}`;
    return inProject(projectDir, `${pm === 'npm' ? 'npm install' : `${pm} add`} ${shellQuote(spec)}`);
  }
  if (isNativeLoadFailure(error))
    return inProject(projectDir, pm === 'yarn' ? 'yarn install --force' : `${pm} rebuild`);
  if (missing !== undefined) return inProject(projectDir, `${pm} install`);
  // Its own code fails: reinstalling the same version changes nothing.
  if (bundledAlternative) return uninstallFix(projectDir, pkg.packageName);
  return `Pin another version of ${pkg.packageName} in ${path.join(projectDir, 'package.json')}, then: ${inProject(projectDir, `${pm} install`)}`;
}

/** Removes a pinned package from the project, with the project's package manager. */
export function uninstallFix(projectDir: string, packageName: string): string {
  const pm = packageManagerOf(projectDir);
  return inProject(projectDir, `${pm === 'npm' ? 'npm uninstall' : `${pm} remove`} ${packageName}`);
}

/** The first line of an error, whatever was thrown. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim() || (error instanceof Error ? error.name : 'unknown error');
}

/** Packages whose providers were loaded in this process, for attributing later failures. */
const loaded: ProviderPackage[] = [];

export function rememberLoadedProvider(pkg: ProviderPackage): void {
  if (!loaded.some((p) => p.location === pkg.location)) loaded.push(pkg);
}

/** The loaded provider package a failure came from, judged by the files in its stack. */
export function providerPackageOf(error: unknown): ProviderPackage | undefined {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== 'string') return undefined;
  return loaded.find(
    (p) => stack.includes(`${p.location}${path.sep}`) || stack.includes(`${pathToFileURL(p.location).href}/`),
  );
}
