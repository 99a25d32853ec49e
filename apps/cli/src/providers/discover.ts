/**
 * Provider discovery (ARCHITECTURE.md 3.9), in order of precedence:
 * 1. the project's own dependencies (`@strata/provider-*`, `strata-provider-*`,
 *    `@<scope>/strata-provider-*`), resolved from the project folder, so the version the team
 *    pinned is the one that runs;
 * 2. oclif plugins the user installed, answering the `strata:provider` hook;
 * 3. the providers bundled with the CLI.
 * Every candidate is reported (`strata providers`); for each id the first compatible one, in
 * that order, is active. Nothing here throws for a bad candidate: it is reported instead.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Provider } from '@strata/core';
import { providerDependencies } from './names.js';
import { findInstalledPackage, packageEntryFile, readPackageJson } from './package-resolve.js';
import { checkProviderShape, providerExportOf } from './shape.js';

export type ProviderSource = 'project' | 'plugin' | 'bundled';

/** `skipped`: a bundled provider for another id, known without importing it (see `only`). */
export type ProviderStatus = 'compatible' | 'incompatible' | 'invalid' | 'not-installed' | 'load-failed' | 'skipped';

export interface ProviderReport {
  readonly source: ProviderSource;
  /** The npm package (or oclif plugin) it came from. */
  readonly packageName: string;
  /** The version in that package's package.json: what is installed on disk. */
  readonly packageVersion?: string;
  /** Where it was found: the package folder (symlinks resolved) or the plugin root. */
  readonly location?: string;
  readonly id?: string;
  readonly aliases: readonly string[];
  /** The version the provider object declares (`provider.version`). */
  readonly version?: string;
  readonly apiVersion?: unknown;
  readonly status: ProviderStatus;
  readonly problem?: string;
  /** True for the one that serves its id. */
  readonly active: boolean;
  /** The loaded provider, for compatible candidates only (never serialized). */
  readonly provider?: Provider;
}

/** What one oclif plugin's `strata:provider` hook returned (a provider, or a list of them), or its failure. */
export interface PluginHookResult {
  readonly pluginName: string;
  readonly pluginVersion?: string;
  readonly pluginRoot?: string;
  readonly value?: unknown;
  readonly error?: unknown;
}

export interface DiscoverOptions {
  readonly projectDir: string;
  /** Folder the bundled providers resolve from (the CLI package). */
  readonly bundledFrom: string;
  readonly bundled: readonly string[];
  readonly supportedApiVersion: number;
  /** Runs the `strata:provider` hook; absent means no plugins. */
  readonly pluginProviders?: () => Promise<readonly PluginHookResult[]>;
  /**
   * Only this provider id is needed (a command, not `strata providers`): bundled packages whose
   * ids are known (`bundledIds`) and do not match are not imported at all, which keeps start-up
   * fast (importing a provider loads its database driver).
   */
  readonly only?: string;
  readonly bundledIds?: Readonly<Record<string, readonly string[]>>;
}

type Candidate = Omit<ProviderReport, 'active'>;

export async function discoverProviders(options: DiscoverOptions): Promise<ProviderReport[]> {
  const project = readPackageJson(options.projectDir);
  const projectNames = project === undefined ? [] : providerDependencies(project);
  const candidates: Candidate[] = [];
  for (const name of projectNames)
    candidates.push(await loadPackage(name, options.projectDir, 'project', options.supportedApiVersion));
  if (options.pluginProviders !== undefined) {
    for (const result of await options.pluginProviders())
      candidates.push(...fromPlugin(result, options.supportedApiVersion));
  }
  for (const name of options.bundled) {
    // A project that depends on a bundled package already got it (its own version) above.
    if (projectNames.includes(name)) continue;
    const ids = options.bundledIds?.[name];
    if (options.only !== undefined && ids !== undefined && !ids.includes(options.only)) {
      candidates.push({ source: 'bundled', packageName: name, id: ids[0]!, aliases: ids.slice(1), status: 'skipped' });
      continue;
    }
    candidates.push(await loadPackage(name, options.bundledFrom, 'bundled', options.supportedApiVersion));
  }
  return markActive(candidates);
}

/** Every name a report answers to. */
export function namesOf(report: Pick<ProviderReport, 'id' | 'aliases'>): string[] {
  return report.id === undefined ? [] : [report.id, ...report.aliases];
}

function markActive(candidates: readonly Candidate[]): ProviderReport[] {
  const claimed = new Set<string>();
  return candidates.map((candidate) => {
    const names = namesOf(candidate);
    // The first candidate naming an id decides it, compatible or not: a project that pinned an
    // incompatible version must hear about it, not silently get the bundled one.
    const decides = names.length > 0 && !names.some((n) => claimed.has(n));
    if (candidate.status !== 'invalid' && candidate.status !== 'load-failed' && candidate.status !== 'not-installed')
      for (const n of names) claimed.add(n);
    return { ...candidate, active: decides && candidate.status === 'compatible' };
  });
}

async function loadPackage(
  name: string,
  fromDir: string,
  source: ProviderSource,
  supportedApiVersion: number,
): Promise<Candidate> {
  const installed = findInstalledPackage(name, fromDir);
  if (installed === undefined) {
    return {
      source,
      packageName: name,
      aliases: [],
      status: 'not-installed',
      problem: `listed in ${path.join(fromDir, 'package.json')} but not installed (run your package manager's install)`,
    };
  }
  const base = {
    source,
    packageName: name,
    ...(installed.json.version === undefined ? {} : { packageVersion: installed.json.version }),
    location: installed.dir,
  };
  let moduleNamespace: unknown;
  try {
    moduleNamespace = await import(pathToFileURL(packageEntryFile(installed)).href);
  } catch (error) {
    return { ...base, aliases: [], status: 'load-failed', problem: `could not be imported: ${messageOf(error)}` };
  }
  return { ...base, ...classify(providerExportOf(moduleNamespace), supportedApiVersion) };
}

function fromPlugin(result: PluginHookResult, supportedApiVersion: number): Candidate[] {
  const base = {
    source: 'plugin' as const,
    packageName: result.pluginName,
    ...(result.pluginVersion === undefined ? {} : { packageVersion: result.pluginVersion }),
    ...(result.pluginRoot === undefined ? {} : { location: result.pluginRoot }),
  };
  if (result.error !== undefined) {
    return [
      {
        ...base,
        aliases: [],
        status: 'load-failed',
        problem: `its strata:provider hook failed: ${messageOf(result.error)}`,
      },
    ];
  }
  const values = Array.isArray(result.value) ? result.value : [result.value];
  return values
    .filter((v) => v !== undefined && v !== null)
    .map((value) => ({ ...base, ...classify(value, supportedApiVersion) }));
}

function classify(
  value: unknown,
  supportedApiVersion: number,
): Omit<Candidate, 'source' | 'packageName' | 'packageVersion' | 'location'> {
  const check = checkProviderShape(value, supportedApiVersion);
  switch (check.kind) {
    case 'compatible':
      return {
        id: check.provider.id,
        aliases: check.provider.aliases,
        version: check.provider.version,
        apiVersion: check.provider.apiVersion,
        status: 'compatible',
        provider: check.provider,
      };
    case 'incompatible':
      return {
        id: check.id,
        aliases: check.aliases,
        ...(check.version === undefined ? {} : { version: check.version }),
        apiVersion: check.apiVersion,
        status: 'incompatible',
        problem: `implements provider API ${String(check.apiVersion)}; this strata supports API ${supportedApiVersion}`,
      };
    case 'invalid':
      return { aliases: [], status: 'invalid', problem: check.problem };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
