/** Discovery as the CLI runs it: the oclif config supplies the plugins and the bundled providers' home. */
import type { Config } from '@oclif/core';
import { PROVIDER_API_VERSION } from '@strata/core';
import { discoverProviders, type PluginHookResult, type ProviderReport } from './discover.js';

/** The providers shipped as dependencies of @strata/cli. */
export const BUNDLED_PROVIDERS = ['@strata/provider-postgres', '@strata/provider-sqlite'] as const;

/** The hook a plugin implements to contribute providers: it returns a provider or a list of them. */
export const PROVIDER_HOOK = 'strata:provider';

/** The ids the bundled packages serve, so a command that needs one does not import the other. */
export const BUNDLED_PROVIDER_IDS: Readonly<Record<string, readonly string[]>> = {
  '@strata/provider-postgres': ['postgresql', 'postgres'],
  '@strata/provider-sqlite': ['sqlite'],
};

export function discoverFromCli(config: Config, projectDir: string, only?: string): Promise<ProviderReport[]> {
  return discoverProviders({
    projectDir,
    bundledFrom: config.root,
    bundled: BUNDLED_PROVIDERS,
    bundledIds: BUNDLED_PROVIDER_IDS,
    ...(only === undefined ? {} : { only }),
    supportedApiVersion: PROVIDER_API_VERSION,
    pluginProviders: () => runProviderHook(config),
  });
}

async function runProviderHook(config: Config): Promise<PluginHookResult[]> {
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
