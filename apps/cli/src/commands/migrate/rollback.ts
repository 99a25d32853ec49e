import { migrateRollback } from '@strata/core';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { Flags } from '../../runner/flags.js';
import { type WarningJson, warningJson } from '../../workflow/json.js';
import { progressRenderer } from '../../workflow/progress.js';
import { createRenameResolver } from '../../workflow/renames.js';
import { renderWarnings } from '../../workflow/render.js';
import { openSession } from '../../workflow/session.js';
import { withRenameReport } from '../../workflow/with-renames.js';

export interface RollbackJson {
  readonly dryRun: boolean;
  readonly rolledBack: readonly {
    readonly name: string;
    readonly sql: string;
    readonly warnings: readonly WarningJson[];
  }[];
}

export default class MigrateRollback extends BaseCommand {
  static override summary = 'Undo the last applied migration, or every migration applied after --to';

  static override description =
    'Plans the way back from the migration snapshots (after.prisma -> before.prisma), gated by warnings like any migration, and records a rollback row per migration. Migrations without snapshots (created by Prisma Migrate) cannot be rolled back automatically. A rollback that fails inside its transaction changes nothing: the migration stays applied.';

  static override examples = [
    '<%= config.bin %> migrate rollback',
    '<%= config.bin %> migrate rollback --to 20261122103000_add_user_role --allow-warnings',
    '<%= config.bin %> migrate rollback --dry-run --json',
  ];

  static override flags = {
    ...projectFlags,
    to: Flags.string({ description: 'Roll back every migration applied after this one (it stays applied)' }),
    'allow-warnings': Flags.boolean({ description: 'Roll back even when it can lose data' }),
    'dry-run': Flags.boolean({ description: 'Print the rollback SQL without running it' }),
    rename: Flags.string({
      description: 'A rename decision for the way back (Model.field=newField), repeatable',
      multiple: true,
    }),
  };

  async run(): Promise<RollbackJson> {
    const { flags } = await this.parse(MigrateRollback);
    const paths = this.locate(flags);
    const t = this.terminal;
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    const resolver = createRenameResolver(t, flags.rename ?? [], undefined);
    const result = await withRenameReport(resolver, () =>
      migrateRollback({
        provider: session.provider,
        url: session.database!.url,
        schemaPath: paths.schemaPath,
        schema: session.schema,
        migrationsDir: paths.migrationsDir,
        ...(flags.to === undefined ? {} : { to: flags.to }),
        allowWarnings: flags['allow-warnings'],
        dryRun: flags['dry-run'],
        resolver: resolver.resolve,
        onProgress: progressRenderer(t),
      }),
    );
    for (const m of result.rolledBack) {
      renderWarnings(t, m.warnings);
      if (result.dryRun) t.out(`-- rollback of ${m.name}\n${m.sql}`);
      else t.out(`Rolled back ${m.name}.`);
    }
    if (result.rolledBack.length === 0) t.out('Nothing to roll back.');
    return {
      dryRun: result.dryRun,
      rolledBack: result.rolledBack.map((m) => ({ name: m.name, sql: m.sql, warnings: m.warnings.map(warningJson) })),
    };
  }
}
