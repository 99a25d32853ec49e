/**
 * @strata/cli as a library: the provider discovery the `strata` binary uses, and the type
 * generator behind `strata generate`. The commands themselves are run by bin/run.js (src/execute.ts).
 */

export { ExitCode, exitCodeFor } from './errors/exit-codes.js';
export type { SchemaModelView } from './generate/model-view.js';
export {
  DEFAULT_TYPES_OUTPUT,
  TYPES_GENERATOR_PROVIDER,
  typesOutputFromSchema,
  writeIfChanged,
} from './generate/output.js';
export { GENERATED_HEADER, generateTypes } from './generate/typescript-types.js';
export {
  type DiscoverOptions,
  discoverProviders,
  type PluginHookResult,
  type ProviderReport,
  type ProviderSource,
  type ProviderStatus,
} from './providers/discover.js';
export { isProviderPackageName } from './providers/names.js';
export { selectProvider } from './providers/select.js';
