import * as core from '@strata/core';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { analyzeProject, assertValid } from '../../project/analyze.js';
import { Flags } from '../../runner/flags.js';
import { type WarningJson, warningJson } from '../../workflow/json.js';
import { createRenameResolver } from '../../workflow/renames.js';
import { renderWarnings } from '../../workflow/render.js';
import { openSession } from '../../workflow/session.js';
import { candidateJson, type RenameCandidateJson, withRenameReport } from '../../workflow/with-renames.js';

export interface PushJson {
  readonly inSync: boolean;
  readonly summary: readonly string[];
  readonly sql: string;
  readonly warnings: readonly WarningJson[];
  readonly unresolvedRenames: readonly RenameCandidateJson[];
}

export default class DbPush extends BaseCommand {
  static override summary = 'Make the database match the schema without creating a migration (prototyping)';

  static override description =
    'Never touches the migration history. Changes that can lose data need --allow-warnings, the flag every command uses (--accept-data-loss, Prisma’s name, is accepted too).';

  static override examples = ['<%= config.bin %> db push', '<%= config.bin %> db push --allow-warnings'];

  static override flags = {
    schema: projectFlags.schema,
    url: projectFlags.url,
    // One name across commands, so the warnings gate's hint works here too; Prisma's name stays an alias.
    'allow-warnings': Flags.boolean({
      description: 'Apply even when warnings say data can be lost (alias: --accept-data-loss)',
      aliases: ['accept-data-loss'],
    }),
    rename: Flags.string({
      description: 'A rename: Model.field=newField, Model=NewModel (repeatable)',
      multiple: true,
    }),
  };

  async run(): Promise<PushJson> {
    const { flags } = await this.parse(DbPush);
    const paths = this.locate(flags);
    const t = this.terminal;
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    // The schema session read, parsed and validated once: core gets it as it is.
    const model = assertValid(await analyzeProject(this.config, paths, { requireProvider: true, session }));
    const resolver = createRenameResolver(t, flags.rename ?? [], model);
    const result = await withRenameReport(resolver, () =>
      core.dbPush({
        provider: session.provider,
        url: session.database!.url,
        schemaPath: paths.schemaPath,
        schema: { ...session.schema, model },
        allowWarnings: flags['allow-warnings'],
        resolver: resolver.resolve,
      }),
    );
    const unused = resolver.unusedHints();
    if (unused.length > 0) t.err(`warning: --rename ${unused.join(', ')} matched no possible rename and was ignored.`);
    renderWarnings(t, result.warnings);
    const summary = core.describeChanges(result.changes);
    if (result.inSync) t.out(`${session.database!.display} is already in sync with the schema.`);
    else {
      t.out(`Pushed the schema to ${session.database!.display}:`);
      for (const line of summary) t.out(`  - ${line}`);
    }
    return {
      inSync: result.inSync,
      summary,
      sql: result.sql,
      warnings: result.warnings.map(warningJson),
      unresolvedRenames: resolver.unresolved().map((c) => candidateJson(c, resolver)),
    };
  }
}
