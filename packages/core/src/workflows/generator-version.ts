import type { Provider } from '../provider/contract.js';
import { CORE_VERSION } from '../version.js';

/** What generated a migration: core and the provider, each with its version (metadata.txt). */
export function generatorVersion(provider: Provider): string {
  return `@strata/core@${CORE_VERSION}+${provider.packageName}@${provider.version}`;
}
