import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dbPull, makeDirectory } from '@strata/core';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { StrataCliError } from '../../errors/cli-error.js';
import { analyzeProject } from '../../project/analyze.js';
import { findProjectDir, loadDotEnv, type ProjectPaths } from '../../project/locate.js';
import { providerIdForUrl } from '../../providers/by-url.js';
import { Flags } from '../../runner/flags.js';
import { diffProviderId } from '../../workflow/diff-provider.js';
import { openSession, providerById } from '../../workflow/session.js';

export interface PullJson {
  readonly schema: string;
  /** The file written; absent with --print. */
  readonly written?: string;
  readonly models: number;
  readonly unmanaged: readonly string[];
}

export default class DbPull extends BaseCommand {
  static override summary = 'Write the schema of a live database as a Prisma schema (introspection)';

  static override description =
    'Keeps the datasource and generators of the existing schema. Overwriting a schema that already has models needs --force; --print writes nothing and prints the schema instead. Without a schema, --url names the database and prisma/schema.prisma is created.';

  static override examples = [
    '<%= config.bin %> db pull --print',
    '<%= config.bin %> db pull --force',
    '<%= config.bin %> db pull --url "$DATABASE_URL"',
  ];

  static override flags = {
    schema: projectFlags.schema,
    url: projectFlags.url,
    print: Flags.boolean({ description: 'Print the schema instead of writing it' }),
    force: Flags.boolean({ description: 'Overwrite a schema that already has models' }),
  };

  async run(): Promise<PullJson> {
    const { flags } = await this.parse(DbPull);
    const cwd = process.cwd();
    let paths: ProjectPaths | undefined;
    try {
      paths = this.locate(flags);
    } catch (error) {
      // No schema yet is fine when --url says where the database is.
      if (flags.url === undefined || (error as { code?: string }).code !== 'schema-not-found') throw error;
    }
    let result: Awaited<ReturnType<typeof dbPull>>;
    let target: string;
    if (paths !== undefined) {
      if (paths.schemaIsFolder && !flags.print) {
        throw new StrataCliError(
          'invalid-argument',
          'db pull writes one schema file, but the schema is a folder of files.',
          {
            hint: 'Run `strata db pull --print` and copy what you need into the files.',
          },
        );
      }
      const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
      result = await dbPull({
        provider: session.provider,
        url: session.database!.url,
        schemaPath: paths.schemaPath,
        schema: session.schema,
      });
      target = paths.schemaPath;
      if (!flags.print && !flags.force) {
        const current = await analyzeProject(this.config, paths, { requireProvider: false, session });
        const hasModels =
          current.analysis.model === undefined ||
          current.analysis.model.models.length > 0 ||
          current.analysis.model.enums.length > 0;
        if (hasModels) {
          throw new StrataCliError(
            'invalid-argument',
            `${path.relative(cwd, target)} already has models; db pull would replace them.`,
            {
              hint: 'Pass --force to overwrite it (commit it first), or --print to see the pulled schema.',
            },
          );
        }
      }
    } else {
      loadDotEnv([findProjectDir(cwd)]);
      const url = flags.url!;
      const projectDir = findProjectDir(cwd);
      const provider = await providerById(
        this.config,
        projectDir,
        await diffProviderId({ schemas: [], migrations: [], urls: [url] }, (u) =>
          providerIdForUrl(this.config, projectDir, u),
        ),
      );
      target = path.resolve(cwd, flags.schema ?? 'prisma/schema.prisma');
      // relative file: URLs start at the folder of the schema being written, where later commands look
      result = await dbPull({ provider, url, baseDir: path.dirname(target) });
    }
    if (flags.print) {
      if (!this.jsonEnabled()) process.stdout.write(result.schema);
      return { schema: result.schema, models: result.tables, unmanaged: result.unmanaged };
    }
    if (paths === undefined && existsSync(target)) {
      throw new StrataCliError('invalid-argument', `${path.relative(cwd, target)} exists.`, {
        hint: 'Pass --schema with that path to update it.',
      });
    }
    makeDirectory(path.dirname(target));
    writeFileSync(target, result.schema);
    const t = this.terminal;
    t.out(`Wrote ${result.tables} model(s) to ${path.relative(cwd, target) || target}.`);
    if (result.unmanaged.length > 0) t.err(`Not in the schema (not managed by strata): ${result.unmanaged.join(', ')}`);
    return { schema: result.schema, written: target, models: result.tables, unmanaged: result.unmanaged };
  }
}
