import { migrateReset, planMigrateReset, type ResetObject } from '@strata/core';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { Flags } from '../../runner/flags.js';
import { progressRenderer, resetListLines } from '../../workflow/progress.js';
import { openSession } from '../../workflow/session.js';

export interface ResetJson {
  readonly database: string;
  /** What was dropped (with --dry-run: what would be), managed objects first. */
  readonly dropped: readonly ResetObject[];
  readonly applied: readonly string[];
}

export default class MigrateReset extends BaseCommand {
  static override summary = 'Drop what strata manages in the database and apply every migration again';

  static override description =
    "Drops the tables and enums of the managed schemas (the URL's schema, or the datasource `schemas`) and the " +
    'history table, plus what cannot exist without them (views on those tables, triggers, foreign keys ' +
    'referencing them), and lists all of it before dropping. Other objects (functions, unrelated views, other ' +
    'schemas) are kept. Destroys all data in those tables. Asks for confirmation on a terminal; without one ' +
    '(CI, --json) it needs --force. --dry-run only lists.';

  static override examples = [
    '<%= config.bin %> migrate reset',
    '<%= config.bin %> migrate reset --dry-run',
    '<%= config.bin %> migrate reset --force',
  ];

  static override flags = {
    ...projectFlags,
    force: Flags.boolean({ char: 'f', description: 'Do not ask for confirmation' }),
    'dry-run': Flags.boolean({ description: 'List what would be dropped, drop nothing' }),
  };

  async run(): Promise<ResetJson> {
    const { flags } = await this.parse(MigrateReset);
    const paths = this.locate(flags);
    const t = this.terminal;
    const { confirm } = await import('../../ui/prompt.js');
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    const database = session.database!;
    const base = {
      provider: session.provider,
      url: database.url,
      schemaPath: paths.schemaPath,
      schema: session.schema,
    };
    let force = flags.force;
    if (flags['dry-run'] || !force) {
      const plan = await planMigrateReset(base);
      if (flags['dry-run']) {
        for (const line of resetListLines(plan.objects, 'Would drop')) t.out(line);
        return { database: plan.database, dropped: plan.objects, applied: [] };
      }
      for (const line of resetListLines(plan.objects, 'Would drop')) t.err(line);
      force = await confirm(t, {
        message: `Drop these objects and all their data in ${database.display}, then apply every migration?`,
        flag: '--force',
      });
      if (!force) {
        t.err('Reset cancelled.');
        this.setExitCode(1);
        return { database: database.display, dropped: [], applied: [] };
      }
    }
    const result = await migrateReset({
      ...base,
      migrationsDir: paths.migrationsDir,
      force,
      onProgress: progressRenderer(t),
    });
    const applied = result.deploy?.applied.map((a) => a.name) ?? [];
    t.out(
      `Reset ${result.database}: dropped ${result.dropped.length} object(s); applied ${applied.length} migration(s).`,
    );
    return { database: result.database, dropped: result.dropped, applied };
  }
}
