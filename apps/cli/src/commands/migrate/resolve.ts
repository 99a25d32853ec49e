import { migrateResolve } from '@strata/core';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { Flags } from '../../runner/flags.js';
import { openSession } from '../../workflow/session.js';

export interface ResolveJson {
  readonly migration: string;
  readonly recordedAs: 'applied' | 'rolled-back';
}

export default class MigrateResolve extends BaseCommand {
  static override summary = 'Record a migration as applied or rolled back after fixing a failure by hand';

  static override description =
    `As in Prisma, resolve only answers a failure, or records a migration that never ran here; anything else is an error naming the migration's state.

--applied <name>: for a failed or a pending migration whose effect is in the database (finished by hand, a baseline of an existing database, or a migration written with \`migrate dev --create-only\` for changes made by hand). For a failed rollback: what it ran was restored; the migration stays applied.
--rolled-back <name>: for a failed migration whose effect is not in the database; the next deploy runs it again. For a failed rollback: it was finished by hand; the migration is pending again.
An applied migration is undone with \`strata migrate rollback\`, not with resolve.`;

  static override examples = [
    '<%= config.bin %> migrate resolve --rolled-back 20261122103000_add_user_role',
    '<%= config.bin %> migrate resolve --applied 20261122103000_add_user_role',
  ];

  static override flags = {
    ...projectFlags,
    applied: Flags.string({
      description: 'A failed or pending migration (folder name) to record as applied',
      exactlyOne: ['applied', 'rolled-back'],
    }),
    'rolled-back': Flags.string({
      description: 'A failed migration (folder name) to record as rolled back',
      exactlyOne: ['applied', 'rolled-back'],
    }),
  };

  async run(): Promise<ResolveJson> {
    const { flags } = await this.parse(MigrateResolve);
    const paths = this.locate(flags);
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    const base = {
      provider: session.provider,
      url: session.database!.url,
      schemaPath: paths.schemaPath,
      schema: session.schema,
      migrationsDir: paths.migrationsDir,
    };
    const result =
      flags.applied !== undefined
        ? await migrateResolve({ ...base, applied: flags.applied })
        : await migrateResolve({ ...base, rolledBack: flags['rolled-back']! });
    this.terminal.out(`Recorded ${result.migration} as ${result.recordedAs}.`);
    return { migration: result.migration, recordedAs: result.recordedAs };
  }
}
