/**
 * The providers @strata/api bundles, by the id a datasource names. Each is imported on first use,
 * so an application on SQLite never loads the PostgreSQL or MySQL driver.
 */
import { ErrorCodes, type Provider, StrataError } from '@strata/core';

const BUNDLED: Readonly<Record<string, () => Promise<{ readonly provider: Provider }>>> = {
  postgresql: () => import('@strata/provider-postgres'),
  postgres: () => import('@strata/provider-postgres'),
  sqlite: () => import('@strata/provider-sqlite'),
  mysql: () => import('@strata/provider-mysql'),
};

/** The ids a datasource may name for a bundled provider. */
export const BUNDLED_PROVIDER_IDS: readonly string[] = Object.keys(BUNDLED);

export async function bundledProvider(id: string): Promise<Provider> {
  const load = BUNDLED[id];
  if (load === undefined) {
    throw new StrataError(ErrorCodes.providerUnknown, `No bundled provider for "${id}".`, {
      hint: `The bundled providers are ${BUNDLED_PROVIDER_IDS.join(', ')}; for another database pass \`provider\` (a strata provider package's \`provider\` export).`,
      details: { provider: id },
    });
  }
  return (await load()).provider;
}
