/** Discovery as the CLI runs it: the oclif config supplies the plugins and the bundled providers' home. */

import { PROVIDER_API_VERSION } from '@strata/core';
import type { CliConfig } from '../runner/config.js';
import { discoverProviders, type PluginHookResult, type ProviderReport } from './discover.js';

/** The providers shipped as dependencies of @strata/cli. */
export const BUNDLED_PROVIDERS = [
  '@strata/provider-postgres',
  '@strata/provider-sqlite',
  '@strata/provider-mysql',
] as const;

export interface BundledMetadata {
  readonly ids: readonly string[];
  readonly urlSchemes: readonly string[];
}

/** The hook a plugin implements to contribute providers: it returns a provider or a list of them. */
export const PROVIDER_HOOK = 'strata:provider';

/**
 * The ids (id first, then aliases) and URL schemes of the bundled packages, so that a command that
 * needs one provider does not import the others (importing a provider loads its database driver).
 * A copy of the providers' own metadata, kept here for a lazy start-up; a test
 * (test/bundled-metadata.test.ts) checks that it equals what the packages declare.
 */
export const BUNDLED_PROVIDER_METADATA: Readonly<Record<string, BundledMetadata>> = {
  '@strata/provider-postgres': { ids: ['postgresql', 'postgres'], urlSchemes: ['postgresql:', 'postgres:'] },
  '@strata/provider-sqlite': { ids: ['sqlite'], urlSchemes: ['file:'] },
  '@strata/provider-mysql': { ids: ['mysql'], urlSchemes: ['mysql:', 'mariadb:'] },
};

export const BUNDLED_PROVIDER_IDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(BUNDLED_PROVIDER_METADATA).map(([name, metadata]) => [name, metadata.ids]),
);

/**
 * The hint for a schema without a datasource provider: the block to add, one setting per line (as
 * Prisma requires: `datasource db { provider = "..." }` does not parse), naming the bundled providers.
 */
export function missingDatasourceHint(): string {
  const [first, ...others] = Object.values(BUNDLED_PROVIDER_METADATA).map((metadata) => metadata.ids[0]);
  const alternatives = others.map((id) => `"${id}"`).join(' or ');
  return `Add a datasource block, one setting per line: \`datasource db {\`, then \`provider = "${first}"\` (or ${alternatives}), then \`}\`.`;
}

/** Which providers a command needs: the one with this id or alias, or the ones serving this URL scheme. */
export type ProviderNeed = { readonly id: string } | { readonly urlScheme: string };

export function discoverFromCli(config: CliConfig, projectDir: string, only?: ProviderNeed): Promise<ProviderReport[]> {
  return discoverProviders({
    projectDir,
    bundledFrom: config.root,
    bundled: BUNDLED_PROVIDERS,
    bundledIds: BUNDLED_PROVIDER_IDS,
    bundledUrlSchemes: Object.fromEntries(
      Object.entries(BUNDLED_PROVIDER_METADATA).map(([name, metadata]) => [name, metadata.urlSchemes]),
    ),
    ...(only === undefined ? {} : 'id' in only ? { only: only.id } : { onlyUrlScheme: only.urlScheme }),
    supportedApiVersion: PROVIDER_API_VERSION,
    pluginProviders: () => runProviderHook(config),
  });
}

async function runProviderHook(config: CliConfig): Promise<PluginHookResult[]> {
  // oclif only loads the hook files of plugins that declare this hook, so this costs nothing
  // when no provider plugin is installed.
  const outcome = await config.runHook(PROVIDER_HOOK, {});
  return [
    ...outcome.successes.map(({ plugin, result }) => ({
      pluginName: plugin.name,
      pluginVersion: plugin.version,
      pluginRoot: plugin.root,
      value: result,
    })),
    ...outcome.failures.map(({ plugin, error }) => ({
      pluginName: plugin.name,
      pluginVersion: plugin.version,
      pluginRoot: plugin.root,
      error,
    })),
  ];
}
