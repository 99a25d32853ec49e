import * as Flags from '@oclif/core/flags';
import { BaseCommand, projectFlags } from '../../base-command.js';

export interface ResetJson {
  readonly database: string;
  readonly applied: readonly string[];
}

export default class MigrateReset extends BaseCommand {
  static override summary = 'Drop everything strata manages in the database and apply every migration again';

  static override description =
    'Destroys all data. Asks for confirmation on a terminal; without one (CI, --json) it needs --force.';

  static override examples = ['<%= config.bin %> migrate reset', '<%= config.bin %> migrate reset --force'];

  static override flags = {
    ...projectFlags,
    force: Flags.boolean({ char: 'f', description: 'Do not ask for confirmation' }),
  };

  async run(): Promise<ResetJson> {
    const { flags } = await this.parse(MigrateReset);
    const paths = this.locate(flags);
    const t = this.terminal;
    const { openSession } = await import('../../workflow/session.js');
    const { progressRenderer } = await import('../../workflow/progress.js');
    const { confirm } = await import('../../ui/prompt.js');
    const { migrateReset } = await import('@strata/core');
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    let force = flags.force;
    if (!force) {
      force = await confirm(t, {
        message: `Drop every table and all data in ${session.database!.display}?`,
        flag: '--force',
      });
      if (!force) {
        t.err('Reset cancelled.');
        this.setExitCode(1);
        return { database: session.database!.display, applied: [] };
      }
    }
    const result = await migrateReset({
      provider: session.provider,
      url: session.database!.url,
      schemaPath: paths.schemaPath,
      migrationsDir: paths.migrationsDir,
      force,
      onProgress: progressRenderer(t),
    });
    const applied = result.deploy?.applied.map((a) => a.name) ?? [];
    t.out(`Reset ${result.database}; applied ${applied.length} migration(s).`);
    return { database: result.database, applied };
  }
}
