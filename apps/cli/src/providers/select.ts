/** Picks the provider for a datasource `provider` value, with errors that say how to fix it. */
import type { Provider } from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import { claimedNamesOf, namesOf, type ProviderReport } from './discover.js';

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
    const pinAnother = `Install a version of ${deciding.packageName} made for this strata (provider API ${supportedApiVersion}), or upgrade strata.`;
    const pkg = `${deciding.packageName}${deciding.packageVersion ? `@${deciding.packageVersion}` : ''}`;
    throw new StrataCliError(
      'provider-incompatible',
      `The provider "${requested}" from ${pkg} ${deciding.problem ?? 'is incompatible'}.`,
      {
        // A command when there is one that works (removing the pin, for an id strata bundles).
        hint: deciding.fix ?? pinAnother,
        details: {
          provider: requested,
          packageName: deciding.packageName,
          packageVersion: deciding.packageVersion,
          location: deciding.location,
          apiVersion: deciding.apiVersion,
          nextSteps: deciding.fix === undefined ? [pinAnother] : [deciding.fix, pinAnother],
        },
      },
    );
  }
  // A project package that could not be used and presumably serves this id: the team pinned it,
  // so it is that version or an error, never another version in its place.
  const broken = reports.find(
    (r) =>
      r.source === 'project' &&
      (r.status === 'load-failed' || r.status === 'not-installed' || r.status === 'invalid') &&
      claimedNamesOf(r).includes(requested),
  );
  if (broken !== undefined) {
    const pkg = `${broken.packageName}${broken.packageVersion ? `@${broken.packageVersion}` : ''}`;
    const where = broken.location === undefined ? '' : ` (${broken.location})`;
    throw new StrataCliError(
      broken.status === 'not-installed' ? 'provider-not-installed' : 'provider-load-failed',
      `The provider "${requested}" pinned by the project, ${pkg}${where}, ${broken.problem ?? 'cannot be used'}.`,
      {
        ...(broken.fix === undefined ? {} : { hint: broken.fix }),
        details: {
          provider: requested,
          packageName: broken.packageName,
          packageVersion: broken.packageVersion,
          location: broken.location,
          status: broken.status,
          reason: broken.problem,
        },
      },
    );
  }
  const installed = reports.filter((r) => r.active || r.status === 'skipped').map((r) => namesOf(r).join('/'));
  throw new StrataCliError(
    'provider-unknown',
    `No installed provider handles "${requested}" (installed: ${installed.length > 0 ? installed.join(', ') : 'none'}).`,
    {
      hint: `Add a package that provides "${requested}" to the project (its name must match strata-provider-*, @<scope>/strata-provider-* or @strata/provider-*), or install one as a plugin: strata plugins install <package>. See \`strata providers\`.`,
      details: { provider: requested, installed },
    },
  );
}
