import { existsSync } from 'node:fs';
import path from 'node:path';
import { type MigrateDiffSource, migrateDiff } from '@strata/core';
import { BaseCommand } from '../../base-command.js';
import { ExitCode } from '../../errors/exit-codes.js';
import type { Failure } from '../../errors/failure.js';
import { checkMigrationsDir, fileUrlBaseDir, findProjectDir, loadDotEnv, locateProject } from '../../project/locate.js';
import { readProjectSchema } from '../../project/schema-files.js';
import { providerIdForUrl } from '../../providers/by-url.js';
import { Flags } from '../../runner/flags.js';
import { diffProviderId } from '../../workflow/diff-provider.js';
import { type WarningJson, warningJson } from '../../workflow/json.js';
import { providerById } from '../../workflow/session.js';

export interface DiffJson {
  readonly empty: boolean;
  readonly provider: string;
  readonly summary: readonly string[];
  readonly sql: string;
  readonly warnings: readonly WarningJson[];
  /** With --format svg, mermaid or dot: the picture. */
  readonly diagram?: string;
}

const FROM = ['from-empty', 'from-schema', 'from-migrations', 'from-url'];
const TO = ['to-empty', 'to-schema', 'to-migrations', 'to-url'];

export default class MigrateDiff extends BaseCommand {
  static override summary = 'Compare two schemas (nothing, a schema file, a migrations folder, a live database)';

  static override description =
    'Reads only: never writes a file or a database. Prints the differences in words, the SQL with --script (--format sql), or a picture of them with --format svg, mermaid or dot: the tables the change touches, marked new, dropped or changed, with their neighbours faded (what `migrate dev` writes as diagram.svg). With --exit-code: 0 when there is no difference, 2 when there are differences, 1 on error.';

  static override examples = [
    '<%= config.bin %> migrate diff --from-empty --to-schema prisma/schema.prisma --script',
    '<%= config.bin %> migrate diff --from-migrations prisma/migrations --to-url "$DATABASE_URL" --exit-code',
    '<%= config.bin %> migrate diff --from-migrations prisma/migrations --to-schema prisma/schema.prisma --format svg > change.svg',
  ];

  static override flags = {
    'from-empty': Flags.boolean({ description: 'From an empty database', exactlyOne: FROM, helpGroup: 'FROM' }),
    'from-schema': Flags.string({ description: 'From a schema file or folder', exactlyOne: FROM, helpGroup: 'FROM' }),
    'from-migrations': Flags.string({
      description: 'From the schema a migrations folder produces',
      exactlyOne: FROM,
      helpGroup: 'FROM',
    }),
    'from-url': Flags.string({ description: 'From a live database', exactlyOne: FROM, helpGroup: 'FROM' }),
    'to-empty': Flags.boolean({ description: 'To an empty database', exactlyOne: TO, helpGroup: 'TO' }),
    'to-schema': Flags.string({ description: 'To a schema file or folder', exactlyOne: TO, helpGroup: 'TO' }),
    'to-migrations': Flags.string({
      description: 'To the schema a migrations folder produces',
      exactlyOne: TO,
      helpGroup: 'TO',
    }),
    'to-url': Flags.string({ description: 'To a live database', exactlyOne: TO, helpGroup: 'TO' }),
    script: Flags.boolean({ description: 'Print the SQL instead of a summary (--format sql)', exclusive: ['format'] }),
    format: Flags.string({
      description: 'summary (in words), sql, or a picture: svg, mermaid (erDiagram) or dot (Graphviz)',
      options: ['summary', 'sql', 'svg', 'mermaid', 'dot'],
    }),
    'exit-code': Flags.boolean({ description: 'Exit 2 when there are differences (0: none, 1: error)' }),
  };

  async run(): Promise<DiffJson> {
    const { flags } = await this.parse(MigrateDiff);
    const cwd = process.cwd();
    const abs = (p: string | undefined) => (p === undefined ? undefined : path.resolve(cwd, p));
    // relative file: URLs start at the project schema's folder, as for every other command
    const baseDir = fileUrlBaseDir(cwd);
    // A schema side is read and parsed once: for the provider, its datasource's schemas and the diff.
    // A missing one is left to the diff, which reports it.
    const schemaSide = (file: string): MigrateDiffSource =>
      existsSync(file)
        ? { kind: 'schema', path: file, schema: readProjectSchema(file, cwd) }
        : { kind: 'schema', path: file };
    const side = (empty: boolean, schema?: string, migrations?: string, url?: string): MigrateDiffSource =>
      empty
        ? { kind: 'empty' }
        : schema
          ? schemaSide(abs(schema)!)
          : migrations
            ? { kind: 'migrations', dir: abs(migrations)! }
            : { kind: 'url', url: url!, baseDir };
    const from = side(flags['from-empty'], flags['from-schema'], flags['from-migrations'], flags['from-url']);
    const to = side(flags['to-empty'], flags['to-schema'], flags['to-migrations'], flags['to-url']);
    for (const [flag, source] of [
      ['--from-migrations', from],
      ['--to-migrations', to],
    ] as const) {
      if (source.kind === 'migrations') checkMigrationsDir(source.dir, { flag, mustExist: true });
    }

    let projectSchema: string | undefined;
    try {
      const paths = locateProject({ cwd });
      projectSchema = paths.schemaPath;
    } catch {
      // No project schema: the provider must come from the flags.
    }
    loadDotEnv([findProjectDir(cwd)]);
    const providerId = await diffProviderId(
      {
        schemas: [from, to].flatMap((s) => (s.kind === 'schema' && s.schema !== undefined ? [s.schema] : [])),
        migrations: [from, to].flatMap((s) => (s.kind === 'migrations' ? [s.dir] : [])),
        urls: [from, to].flatMap((s) => (s.kind === 'url' ? [s.url] : [])),
        ...(projectSchema === undefined ? {} : { projectSchema }),
      },
      (url) => providerIdForUrl(this.config, findProjectDir(cwd), url),
    );
    const provider = await providerById(this.config, findProjectDir(cwd), providerId);
    const format = flags.script ? 'sql' : (flags.format ?? 'summary');
    const result = await migrateDiff({ provider, from, to, format: format === 'sql' ? 'sql' : 'summary' });
    let output = result.output;
    if (format === 'svg' || format === 'mermaid' || format === 'dot') {
      const diagrams = await import('@strata/diagram');
      const picture = diagrams.migrationDiagram({ before: result.from, after: result.to, changes: result.changes });
      output = diagrams.renderDiagram(picture, format);
    }
    if (!this.jsonEnabled()) process.stdout.write(output);
    if (flags['exit-code'] && !result.empty) this.setExitCode(ExitCode.differences);
    return {
      empty: result.empty,
      provider: provider.id,
      summary: result.summary,
      sql: result.sql,
      warnings: result.warnings.map(warningJson),
      ...(output === result.output ? {} : { diagram: output }),
    };
  }

  protected override failureExitCode(failure: Failure): number {
    // With --exit-code, 2 means "differences": every error exits 1 so the two never mix.
    return this.argv.includes('--exit-code') ? ExitCode.failure : failure.exitCode;
  }
}
