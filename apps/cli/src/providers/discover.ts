/**
 * Provider discovery (docs/cli.md#provider-discovery), in order of precedence:
 * 1. the project's own dependencies (`@strata/provider-*`, `strata-provider-*`,
 *    `@<scope>/strata-provider-*`), resolved from the project folder, so the version the team
 *    pinned is the one that runs;
 * 2. oclif plugins the user installed, answering the `strata:provider` hook;
 * 3. the providers bundled with the CLI.
 * Every candidate is reported (`strata providers`); for each id the first compatible one, in
 * that order, is active. Nothing here throws for a bad candidate: it is reported instead.
 */
import path from 'node:path';
import type { Provider } from '@strata/core';
import {
  fixFor,
  importCatchingLateFailures,
  presumedIds,
  reasonOf,
  rememberLoadedProvider,
  uninstallFix,
} from './load-failure.js';
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
  /** For a package that cannot be used: the command that fixes it. */
  readonly fix?: string;
  /**
   * For a package that could not be loaded (so declares no id): the ids its name suggests. A
   * project package claims them all the same, so that a broken pinned provider is an error,
   * never silently replaced by another version.
   */
  readonly presumedIds?: readonly string[];
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
  const context: LoadContext = {
    projectDir: options.projectDir,
    supportedApiVersion: options.supportedApiVersion,
    knownIds: options.bundledIds ?? {},
    coreVersion: findInstalledPackage('@strata/core', options.bundledFrom)?.json.version,
  };
  for (const name of projectNames) candidates.push(await loadPackage(name, options.projectDir, 'project', context));
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
    candidates.push(await loadPackage(name, options.bundledFrom, 'bundled', context));
  }
  return markActive(candidates);
}

/** Every name a report answers to. */
export function namesOf(report: Pick<ProviderReport, 'id' | 'aliases'>): string[] {
  return report.id === undefined ? [] : [report.id, ...report.aliases];
}

/** The names a report answers to, or for a project package that could not be loaded, the ones it presumably would. */
export function claimedNamesOf(report: Pick<ProviderReport, 'id' | 'aliases' | 'presumedIds' | 'source'>): string[] {
  const names = namesOf(report);
  return names.length > 0 || report.source !== 'project' ? names : [...(report.presumedIds ?? [])];
}

function markActive(candidates: readonly Candidate[]): ProviderReport[] {
  const claimed = new Set<string>();
  return candidates.map((candidate) => {
    const names = namesOf(candidate);
    // The first candidate naming an id decides it, compatible or not: a project that pinned an
    // incompatible or broken version must hear about it, not silently get the bundled one.
    const decides = names.length > 0 && !names.some((n) => claimed.has(n));
    const claims =
      candidate.status === 'invalid' || candidate.status === 'load-failed' || candidate.status === 'not-installed'
        ? candidate.source === 'project'
          ? claimedNamesOf(candidate)
          : []
        : names;
    for (const n of claims) claimed.add(n);
    return { ...candidate, active: decides && candidate.status === 'compatible' };
  });
}

interface LoadContext {
  readonly projectDir: string;
  readonly supportedApiVersion: number;
  readonly knownIds: Readonly<Record<string, readonly string[]>>;
  readonly coreVersion: string | undefined;
}

async function loadPackage(
  name: string,
  fromDir: string,
  source: ProviderSource,
  context: LoadContext,
): Promise<Candidate> {
  const presumed = presumedIds(name, context.knownIds);
  const installed = findInstalledPackage(name, fromDir);
  if (installed === undefined) {
    return {
      source,
      packageName: name,
      aliases: [],
      status: 'not-installed',
      problem: `listed in ${path.join(fromDir, 'package.json')} but not installed`,
      fix: fixFor(
        new Error(`Cannot find package '${name}'`),
        { packageName: name, location: fromDir },
        fromDir,
        source,
        context.coreVersion,
      ),
      presumedIds: presumed,
    };
  }
  const base = {
    source,
    packageName: name,
    ...(installed.json.version === undefined ? {} : { packageVersion: installed.json.version }),
    location: installed.dir,
  };
  const bundledAlternative = Object.values(context.knownIds).some((ids) => ids.some((id) => presumed.includes(id)));
  const failed = (error: unknown, when: string): Candidate => ({
    ...base,
    aliases: [],
    status: 'load-failed',
    problem: `${when}: ${reasonOf(error)}`,
    fix: fixFor(
      error,
      { ...base, json: installed.json },
      context.projectDir,
      source,
      context.coreVersion,
      source === 'project' && bundledAlternative,
    ),
    presumedIds: presumed,
  });
  const imported = await importCatchingLateFailures(packageEntryFile(installed));
  if (!imported.ok) return failed(imported.error, 'could not be loaded');
  try {
    // Reading the exports runs the module's getters, which may throw as well.
    const classified = classify(providerExportOf(imported.namespace), context.supportedApiVersion);
    rememberLoadedProvider({ ...base, projectDir: context.projectDir });
    // A pinned package for another provider API: when strata bundles a provider for its id,
    // removing the pin is a command that works (the user then chooses the bundled version).
    const replaceable =
      source === 'project' &&
      classified.status === 'incompatible' &&
      Object.values(context.knownIds).some((ids) => ids.includes(classified.id ?? ''));
    const fix = replaceable ? uninstallFix(context.projectDir, name) : undefined;
    return { ...base, ...classified, ...(fix === undefined ? {} : { fix }) };
  } catch (error) {
    return failed(error, 'could not be read');
  }
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
        problem: `its strata:provider hook failed: ${reasonOf(result.error)}`,
        fix: `Reinstall the plugin: strata plugins install ${result.pluginName}`,
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
