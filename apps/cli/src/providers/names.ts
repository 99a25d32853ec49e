/** Which package names are strata providers (docs/cli.md#provider-discovery). */
import type { PackageJson } from './package-resolve.js';

const PROVIDER_NAME =
  /^(@strata\/provider-[a-z0-9._-]+|strata-provider-[a-z0-9._-]+|@[a-z0-9._-]+\/strata-provider-[a-z0-9._-]+)$/;

export function isProviderPackageName(name: string): boolean {
  return PROVIDER_NAME.test(name);
}

/** Provider packages a project depends on, in the order its package.json lists them (dependencies first). */
export function providerDependencies(pkg: PackageJson): string[] {
  const names = [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.devDependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
  ];
  return [...new Set(names)].filter(isProviderPackageName);
}
