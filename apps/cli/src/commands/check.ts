import path from 'node:path';
import { renderDiagnostics } from '@strata/core';
import { BaseCommand, projectFlags } from '../base-command.js';
import { ExitCode } from '../errors/exit-codes.js';
import { toFailure } from '../errors/failure.js';
import { analyzeProject, type DiagnosticJson, diagnosticJson } from '../project/analyze.js';
import { checkMigrations, type MigrationsCheck } from '../project/check-migrations.js';
import { paint } from '../ui/terminal.js';

export interface CheckJson {
  readonly ok: boolean;
  readonly schema: { readonly path: string; readonly valid: boolean; readonly diagnostics: readonly DiagnosticJson[] };
  readonly provider:
    | { readonly id: string; readonly packageName: string; readonly version?: string; readonly source: string }
    | { readonly error: { code: string; message: string; hint?: string } }
    | null;
  readonly migrations: MigrationsCheck;
}

export default class Check extends BaseCommand {
  static override summary = 'Validate the schema and every migration folder, without a database';

  static override description =
    'Checks the schema with the rules of its provider, the migrations folder (complete artifacts, intact checksums, the lock file provider). Exits 1 when there is any error; warnings alone exit 0.';

  static override examples = ['<%= config.bin %> check', '<%= config.bin %> check --schema prisma/schema --json'];

  static override flags = { schema: projectFlags.schema, migrations: projectFlags.migrations };

  async run(): Promise<CheckJson> {
    const { flags } = await this.parse(Check);
    const paths = this.locate(flags);
    const project = await analyzeProject(this.config, paths, { requireProvider: false });
    const migrations = await checkMigrations(paths.migrationsDir, project.datasourceProvider);
    const providerFailure = project.providerError === undefined ? undefined : toFailure(project.providerError);
    const errors =
      project.analysis.errors.length +
      migrations.problems.filter((p) => p.severity === 'error').length +
      (providerFailure === undefined ? 0 : 1);

    const t = this.terminal;
    const cwd = process.cwd();
    if (project.analysis.diagnostics.length > 0)
      t.err(`${renderDiagnostics(project.analysis.diagnostics, project.sources)}\n`);
    if (providerFailure !== undefined) {
      t.err(`${paint(t, 'red', 'error')}[${providerFailure.code}]: ${providerFailure.message}`);
      if (providerFailure.hint) t.err(`  = hint: ${providerFailure.hint}`);
    }
    for (const p of migrations.problems) {
      const where = [p.migration, p.file].filter(Boolean).join('/');
      t.err(
        `${paint(t, p.severity === 'error' ? 'red' : 'yellow', p.severity)}[${p.code}]: ${where ? `${where}: ` : ''}${p.message}`,
      );
    }
    const schemaLabel = path.relative(cwd, paths.schemaPath) || paths.schemaPath;
    const migrationsLabel = path.relative(cwd, migrations.dir) || migrations.dir;
    if (errors === 0) {
      t.out(
        `${paint(t, 'green', '✔')} ${schemaLabel} is valid${project.provider ? ` (${project.provider.id})` : ''}; ${migrations.exists ? `${migrations.count} migration(s) in ${migrationsLabel} are intact` : 'no migrations folder yet'}.`,
      );
    } else {
      t.err(`${errors} error${errors === 1 ? '' : 's'} found.`);
      this.setExitCode(ExitCode.failure);
    }
    return {
      ok: errors === 0,
      schema: {
        path: paths.schemaPath,
        valid: project.analysis.errors.length === 0,
        diagnostics: project.analysis.diagnostics.map(diagnosticJson),
      },
      provider:
        project.provider !== undefined && project.providerReport !== undefined
          ? {
              id: project.provider.id,
              packageName: project.providerReport.packageName,
              ...(project.providerReport.packageVersion ? { version: project.providerReport.packageVersion } : {}),
              source: project.providerReport.source,
            }
          : providerFailure !== undefined
            ? {
                error: {
                  code: providerFailure.code,
                  message: providerFailure.message,
                  ...(providerFailure.hint ? { hint: providerFailure.hint } : {}),
                },
              }
            : null,
      migrations,
    };
  }
}
