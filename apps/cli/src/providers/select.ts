/** Picks the provider for a datasource `provider` value, with errors that say how to fix it. */
import type { Provider } from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import { namesOf, type ProviderReport } from './discover.js';

export function selectProvider(
  reports: readonly ProviderReport[],
  requested: string,
  supportedApiVersion: number,
): { provider: Provider; report: ProviderReport } {
  const matching = reports.filter((r) => namesOf(r).includes(requested));
  const active = matching.find((r) => r.active && r.provider !== undefined);
  if (active?.provider !== undefined) return { provider: active.provider, report: active };
  const deciding = matching.find((r) => r.status === 'incompatible');
  if (deciding !== undefined) {
    const pkg = `${deciding.packageName}${deciding.packageVersion ? `@${deciding.packageVersion}` : ''}`;
    throw new StrataCliError(
      'provider-incompatible',
      `The provider "${requested}" from ${pkg} ${deciding.problem ?? 'is incompatible'}.`,
      {
        hint: `Install a version of ${deciding.packageName} made for this strata (provider API ${supportedApiVersion}), or upgrade strata.`,
        details: {
          provider: requested,
          packageName: deciding.packageName,
          packageVersion: deciding.packageVersion,
          location: deciding.location,
          apiVersion: deciding.apiVersion,
        },
      },
    );
  }
  const installed = reports.filter((r) => r.active || r.status === 'skipped').map((r) => namesOf(r).join('/'));
  throw new StrataCliError(
    'provider-unknown',
    `No installed provider handles "${requested}" (installed: ${installed.length > 0 ? installed.join(', ') : 'none'}).`,
    {
      hint: `Add one to the project (npm install strata-provider-${requested}, or any package named strata-provider-* / @scope/strata-provider-*), or install it as a plugin: strata plugins install <package>. See \`strata providers\`.`,
      details: { provider: requested, installed },
    },
  );
}
