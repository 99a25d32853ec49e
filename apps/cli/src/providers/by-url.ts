/**
 * The provider of a database URL given without a schema (`init --url`, `migrate diff --from-url`,
 * `db pull --url`, `db execute --url`): the one whose `urlSchemes` list the URL's scheme, from the
 * discovered providers in their order of precedence (project, plugins, bundled).
 */

import { urlSchemeOf } from '@strata/core';
import type { CliConfig } from '../runner/config.js';
import type { ProviderReport } from './discover.js';
import { BUNDLED_PROVIDER_METADATA, discoverFromCli } from './from-cli.js';

/** The id of the provider for `url`, or undefined when no installed provider claims its scheme. */
export async function providerIdForUrl(
  config: CliConfig,
  projectDir: string,
  url: string,
): Promise<string | undefined> {
  const scheme = urlSchemeOf(url);
  if (scheme === undefined) return undefined;
  return providerIdOfScheme(await discoverFromCli(config, projectDir, { urlScheme: scheme }), scheme);
}

export function providerIdOfScheme(reports: readonly ProviderReport[], scheme: string): string | undefined {
  const active = reports.find((r) => r.active && r.provider?.urlSchemes.includes(scheme));
  if (active !== undefined) return active.id;
  // A bundled scheme whose package cannot be used (a broken project pin of it): still that
  // provider's URL, so that selecting it reports what is wrong with the package.
  return Object.values(BUNDLED_PROVIDER_METADATA).find((m) => m.urlSchemes.includes(scheme))?.ids[0];
}
