/**
 * Finds an installed package from a given folder the way Node does (walking up `node_modules`),
 * and its ESM entry point. Done by hand because `require.resolve` refuses packages whose
 * `exports` only have an `import` condition, which is exactly how providers are published, and
 * `import.meta.resolve(specifier, parent)` is still behind a flag on Node 20.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly main?: string;
  readonly exports?: unknown;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

export interface InstalledPackage {
  /** The package folder, symlinks resolved (pnpm links them from a store). */
  readonly dir: string;
  readonly json: PackageJson;
}

export function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The folder of package `name` as seen from `fromDir`, or undefined when it is not installed. */
export function findInstalledPackage(name: string, fromDir: string): InstalledPackage | undefined {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) {
      const real = realpathSync(candidate);
      const json = readPackageJson(real);
      if (json !== undefined) return { dir: real, json };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The file `import(name)` loads: `exports['.']` (import/node/default conditions), else `main`, else index.js. */
export function packageEntryFile(pkg: InstalledPackage): string {
  const fromExports = resolveExportsTarget(rootExport(pkg.json.exports));
  const relative = fromExports ?? pkg.json.main ?? 'index.js';
  return path.resolve(pkg.dir, relative);
}

function rootExport(exports: unknown): unknown {
  if (exports === undefined || typeof exports === 'string' || Array.isArray(exports)) return exports;
  if (typeof exports === 'object' && exports !== null) {
    const record = exports as Record<string, unknown>;
    const keys = Object.keys(record);
    // Either a subpath map ({".": ...}) or conditions for the root ({"import": ...}).
    return keys.some((k) => k.startsWith('.')) ? record['.'] : record;
  }
  return undefined;
}

const CONDITIONS = ['import', 'node', 'default'];

function resolveExportsTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = resolveExportsTarget(item);
      if (resolved !== undefined) return resolved;
    }
    return undefined;
  }
  if (typeof target === 'object' && target !== null) {
    // Conditions are matched in the object's own order, as Node does.
    for (const [condition, value] of Object.entries(target as Record<string, unknown>)) {
      if (CONDITIONS.includes(condition)) {
        const resolved = resolveExportsTarget(value);
        if (resolved !== undefined) return resolved;
      }
    }
  }
  return undefined;
}
