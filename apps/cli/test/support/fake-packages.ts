/**
 * Real packages written to disk for discovery tests: a package.json and an ESM entry in
 * node_modules, exactly what a package manager would leave there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PackageSpec {
  readonly name: string;
  readonly version: string;
  /** The ESM source of the entry file. */
  readonly source: string;
  /** Entry file inside the package; published the way providers are (exports with `import`). */
  readonly entry?: string;
  readonly extraJson?: Record<string, unknown>;
}

export function writePackage(nodeModulesParent: string, spec: PackageSpec): string {
  const dir = path.join(nodeModulesParent, 'node_modules', spec.name);
  const entry = spec.entry ?? 'dist/index.js';
  mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: spec.name,
        version: spec.version,
        type: 'module',
        exports: { '.': { import: `./${entry}` } },
        ...spec.extraJson,
      },
      null,
      2,
    ),
  );
  writeFileSync(path.join(dir, entry), spec.source);
  return dir;
}

export function writeProjectPackageJson(
  dir: string,
  dependencies: Record<string, string>,
  devDependencies: Record<string, string> = {},
): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'app', private: true, dependencies, devDependencies }, null, 2),
  );
}

/** A complete provider object literal as JS source; it never connects (discovery never does). */
export function providerSource(options: {
  id: string;
  aliases?: string[];
  version: string;
  packageName: string;
  apiVersion?: number;
  /** Static metadata, as a provider written by hand declares it; absent fields are left out. */
  urlSchemes?: string[];
  init?: Record<string, unknown>;
}): string {
  return `const provider = {
  id: ${JSON.stringify(options.id)},
  aliases: ${JSON.stringify(options.aliases ?? [])},
  apiVersion: ${options.apiVersion ?? 2},
  packageName: ${JSON.stringify(options.packageName)},
  version: ${JSON.stringify(options.version)},
  capabilities: { maxIdentifierLength: 63, transactionalDdl: true, nativeEnums: false, scalarLists: false, namespaces: false, foreignKeys: true, partialIndexes: false },
  types: { nativeTypes: {}, columnType: () => ({ error: 'no types' }), checkNativeType: () => undefined, fieldType: () => undefined },
  diffHooks: {},
  defaultNamespaces: [],${options.urlSchemes === undefined ? '' : `\n  urlSchemes: ${JSON.stringify(options.urlSchemes)},`}${options.init === undefined ? '' : `\n  init: ${JSON.stringify(options.init)},`}
  quoteIdentifier: (name) => '"' + name + '"',
  placeholder: () => '?',
  splitStatements: () => [],
  emit: () => [],
  connect: async () => { throw new Error(${JSON.stringify(`${options.id} cannot connect in tests`)}); },
};
export default provider;
`;
}
