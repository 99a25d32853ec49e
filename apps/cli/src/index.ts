/**
 * @strata/cli as a library: the provider discovery the `strata` binary uses, and the type
 * generator behind `strata generate`. The commands themselves are run by oclif (bin/run.js).
 */
export { type DiscoverOptions, discoverProviders, type PluginHookResult, type ProviderReport, type ProviderSource, type ProviderStatus } from './providers/discover.js';
export { isProviderPackageName } from './providers/names.js';
export { selectProvider } from './providers/select.js';
export { ExitCode, exitCodeFor } from './errors/exit-codes.js';
