import { PROVIDER_API_VERSION } from '@strata/core';
import { BaseCommand } from '../base-command.js';
import { findProjectDir } from '../project/locate.js';
import type { ProviderReport } from '../providers/discover.js';
import { discoverFromCli } from '../providers/from-cli.js';
import { paint } from '../ui/terminal.js';

export interface ProvidersJson {
  readonly projectDir: string;
  readonly supportedApiVersion: number;
  readonly providers: readonly Omit<ProviderReport, 'provider'>[];
}

export default class Providers extends BaseCommand {
  static override summary = 'List every provider found, where it came from, and which one is active for each id';

  static override description =
    `Providers are searched, in order of precedence, in the project's own dependencies (packages named @strata/provider-*, strata-provider-* or @<scope>/strata-provider-*, resolved from the project folder), then in installed plugins answering the strata:provider hook, then among the providers bundled with the CLI. For each id the first compatible one is active. A package that cannot be used is listed with its status (incompatible, invalid, not-installed, load-failed), the reason and the command that fixes it; a project package that fails to load is never replaced by another version of the same provider.`;

  static override examples = ['<%= config.bin %> providers', '<%= config.bin %> providers --json'];

  async run(): Promise<ProvidersJson> {
    await this.parse(Providers);
    const projectDir = findProjectDir(process.cwd());
    const reports = await discoverFromCli(this.config, projectDir);
    const providers = reports.map(({ provider: _loaded, ...report }) => report);
    this.print(providers);
    return { projectDir, supportedApiVersion: PROVIDER_API_VERSION, providers };
  }

  private print(reports: readonly Omit<ProviderReport, 'provider'>[]): void {
    const t = this.terminal;
    for (const r of reports) {
      const names =
        r.id !== undefined
          ? [r.id, ...r.aliases].join(', ')
          : r.presumedIds !== undefined && r.presumedIds.length > 0
            ? `${r.presumedIds.join(', ')} (by its name)`
            : '(unknown id)';
      const state = r.active
        ? paint(t, 'green', 'active')
        : r.status === 'compatible'
          ? paint(t, 'dim', 'shadowed')
          : paint(t, 'red', r.status);
      const version = r.packageVersion ?? r.version ?? '?';
      t.out(`${paint(t, 'bold', names)}  ${r.packageName}@${version}  [${r.source}] ${state}`);
      if (r.location) t.out(`    ${paint(t, 'dim', r.location)}`);
      if (r.apiVersion !== undefined) t.out(`    provider API ${String(r.apiVersion)}`);
      if (r.problem) t.out(`    ${paint(t, 'yellow', r.problem)}`);
      if (r.fix) t.out(`    ${paint(t, 'cyan', '→')} ${r.fix}`);
    }
    if (reports.length === 0) t.out('No providers found.');
  }
}
