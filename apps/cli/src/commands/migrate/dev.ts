import path from 'node:path';
import { BaseCommand, projectFlags } from '../../base-command.js';
import type { GenerateResult } from '../../generate/run.js';
import type { LintFindingJson } from '../../lint/json.js';
import { analyzeProject, assertValid } from '../../project/analyze.js';
import { checkDisabledCodes, readLintConfig } from '../../project/lint-config.js';
import { Flags } from '../../runner/flags.js';
import type { Terminal } from '../../ui/terminal.js';
import type { WarningJson } from '../../workflow/json.js';
import type { RenameCandidateJson } from '../../workflow/with-renames.js';

export interface DevJson {
  readonly outcome: 'no-changes' | 'created' | 'applied';
  readonly migration?: { readonly name: string; readonly path: string; readonly diagram?: string };
  readonly sql?: string;
  readonly summary: readonly string[];
  readonly warnings: readonly WarningJson[];
  /** Lint findings of the new migration.sql beyond its warnings (also in warnings.txt). */
  readonly lint: readonly LintFindingJson[];
  readonly appliedPending: readonly { readonly name: string; readonly steps: number; readonly durationMs: number }[];
  readonly importedFromPrisma: number;
  readonly unresolvedRenames: readonly RenameCandidateJson[];
  readonly types?: GenerateResult;
  /** --create-only on a drifted database: the differences, and whether the database already is the schema. */
  readonly drift?: { readonly differences: readonly string[]; readonly matchesSchema: boolean };
}

/**
 * The name is asked by the workflow only when a migration will really be written: never for "no
 * changes", nor before a blocking warning or a rename question.
 */
async function askName(t: Terminal): Promise<string> {
  const { askText } = await import('../../ui/prompt.js');
  return askText(t, { message: 'Name of the new migration:', flag: '--name <name>' }, 'migration');
}

export default class MigrateDev extends BaseCommand {
  static override summary = 'Create a migration from the schema changes and apply it to the development database';

  static override description =
    `Applies pending migrations first, plans the changes from the last migration's schema to the current one, writes the migration folder (migration.sql, warnings.txt, before.prisma, after.prisma, metadata.txt, and diagram.svg: a picture of the tables it touches, unless --no-diagram), applies it, and regenerates the types when the schema has a strata-types generator.

Possible renames are asked about on a terminal; otherwise pass --rename (a column Model.field=newField, a model Model=NewModel, an enum value Enum.VALUE=NEW). Changes that can lose data need --allow-warnings, the new migration's and pending ones' alike (a teammate's, or one written with --create-only: their warnings are counted again in this database, as deploy does).

--create-only writes the folder without applying it so migration.sql can be edited first; with no schema change it writes an empty migration for hand-written SQL (a data fix, a CHECK constraint, CREATE INDEX CONCURRENTLY, which then runs outside a transaction). On a drifted database (changes made by hand), --create-only writes the migration for them from the migrations' schema; record that this database already has it with \`strata migrate resolve --applied <migration>\`.`;

  static override examples = [
    '<%= config.bin %> migrate dev --name add_user_role',
    '<%= config.bin %> migrate dev --name rename_username --rename User.username=displayName',
    '<%= config.bin %> migrate dev --name drop_legacy --allow-warnings',
    '<%= config.bin %> migrate dev --name backfill --create-only',
  ];

  static override flags = {
    ...projectFlags,
    name: Flags.string({ char: 'n', description: 'Name of the migration (asked on a terminal when missing)' }),
    'create-only': Flags.boolean({
      description: 'Write the migration folder without applying it (an empty one when the schema did not change)',
    }),
    'allow-warnings': Flags.boolean({
      description: 'Apply even when warnings say data can be lost (the new migration and pending ones)',
    }),
    rename: Flags.string({
      description: 'A rename: Model.field=newField, Model=NewModel, Enum.VALUE=NEW (repeatable)',
      multiple: true,
    }),
    diagram: Flags.boolean({
      description: 'Draw diagram.svg in the migration folder (the tables it touches); --no-diagram skips it',
      default: true,
      allowNo: true,
    }),
  };

  async run(): Promise<DevJson> {
    const { flags } = await this.parse(MigrateDev);
    const paths = this.locate(flags, { createsMigrations: true });
    const t = this.terminal;
    const [
      { openSession },
      core,
      { progressRenderer, shownPath },
      { createRenameResolver },
      { withRenameReport, candidateJson },
      { warningJson },
    ] = await Promise.all([
      import('../../workflow/session.js'),
      import('@strata/core'),
      import('../../workflow/progress.js'),
      import('../../workflow/renames.js'),
      import('../../workflow/with-renames.js'),
      import('../../workflow/json.js'),
    ]);
    const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
    const lintConfig = readLintConfig(paths.projectDir);
    checkDisabledCodes(
      lintConfig,
      paths.projectDir,
      core.lintRules(session.provider).map((r) => r.code),
    );
    // The schema session read, parsed and validated once: core gets it as it is.
    const model = assertValid(await analyzeProject(this.config, paths, { requireProvider: true, session }));
    const resolver = createRenameResolver(t, flags.rename ?? [], model);
    // the layout library is loaded only when a picture is drawn
    const diagram = flags.diagram ? (await import('@strata/diagram')).migrationDiagramSvg : undefined;
    const result = await withRenameReport(resolver, () =>
      core.migrateDev({
        provider: session.provider,
        url: session.database!.url,
        schemaPath: paths.schemaPath,
        schema: { ...session.schema, model },
        migrationsDir: paths.migrationsDir,
        ...(flags.name === undefined ? { askName: () => askName(t) } : { name: flags.name }),
        resolver: resolver.resolve,
        allowWarnings: flags['allow-warnings'],
        createOnly: flags['create-only'],
        lintDisabled: lintConfig.disabled,
        ...(diagram === undefined ? {} : { diagram }),
        onProgress: progressRenderer(t),
      }),
    );
    const unused = resolver.unusedHints();
    if (unused.length > 0) t.err(`warning: --rename ${unused.join(', ')} matched no possible rename and was ignored.`);

    let types: GenerateResult | undefined;
    if (result.outcome !== 'created') {
      const { runTypeGeneration } = await import('../../generate/run.js');
      types = runTypeGeneration(
        model,
        paths.schemaIsFolder ? paths.schemaPath : path.dirname(paths.schemaPath),
        undefined,
        false,
      );
      if (types?.status === 'written') t.err(`wrote ${shownPath(types.output)} (types)`);
    }

    const appliedPending = result.appliedPending.map((a) => ({
      name: a.name,
      steps: a.steps,
      durationMs: a.durationMs,
    }));
    const unresolvedRenames = resolver.unresolved().map((c) => candidateJson(c, resolver));
    if (result.outcome === 'no-changes') {
      t.out('No schema changes: no migration created.');
      return {
        outcome: 'no-changes',
        summary: [],
        warnings: [],
        lint: [],
        appliedPending,
        importedFromPrisma: result.importedFromPrisma,
        unresolvedRenames,
        ...(types ? { types } : {}),
      };
    }
    const [{ renderWarnings }, { findingJson, projectRelative }, { findingLines }] = await Promise.all([
      import('../../workflow/render.js'),
      import('../../lint/json.js'),
      import('../../lint/text.js'),
    ]);
    const summary = core.describeChanges(result.changes);
    renderWarnings(t, result.warnings);
    const sqlFile = projectRelative(paths.projectDir, path.join(result.migration.path, 'migration.sql'));
    const lint = result.lint.map((f) => findingJson(f, sqlFile));
    for (const line of findingLines(t, lint)) t.err(line);
    const shown = shownPath(result.migration.path);
    const diagramFile = path.join(result.migration.path, 'diagram.svg');
    const drawn = diagram !== undefined && result.changes.length > 0;
    if (result.outcome === 'created') {
      if (result.drift !== undefined) {
        t.out(
          result.drift.matchesSchema
            ? `Created ${shown} (not applied). This database already has its changes (made by hand): record that with \`strata migrate resolve --applied ${result.migration.name}\`.`
            : `Created ${shown} (not applied). This database differs from the migrations (drift) in other ways too: once it has exactly this migration's changes, record that with \`strata migrate resolve --applied ${result.migration.name}\`.`,
        );
      } else if (result.changes.length === 0) {
        t.out(
          `Created ${shown}: an empty migration (no schema change). Write its SQL in migration.sql, then run \`strata migrate dev\` to apply it.`,
        );
      } else {
        t.out(
          `Created ${shown} (not applied). Review or edit migration.sql, then run \`strata migrate dev\` to apply it.`,
        );
      }
    } else {
      t.out(`Applied ${result.migration.name}:`);
      for (const line of summary) t.out(`  - ${line}`);
    }
    if (drawn) t.err(`wrote ${shownPath(diagramFile)} (the tables it touches)`);
    return {
      outcome: result.outcome,
      migration: {
        name: result.migration.name,
        path: result.migration.path,
        ...(drawn ? { diagram: diagramFile } : {}),
      },
      sql: result.migration.sql,
      summary,
      warnings: result.warnings.map(warningJson),
      lint,
      appliedPending,
      importedFromPrisma: result.importedFromPrisma,
      unresolvedRenames,
      ...(types ? { types } : {}),
      ...(result.drift === undefined ? {} : { drift: result.drift }),
    };
  }
}
