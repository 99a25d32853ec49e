import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirectory, PROVIDER_API_VERSION, type Provider } from '@strata/core';
import { BaseCommand } from '../base-command.js';
import { StrataCliError } from '../errors/cli-error.js';
import { maskSecrets, rememberSecretsOf } from '../errors/failure.js';
import { envLine, schemaTemplate } from '../project/init-template.js';
import { findProjectDir } from '../project/locate.js';
import { providerIdForUrl } from '../providers/by-url.js';
import { namesOf } from '../providers/discover.js';
import { discoverFromCli } from '../providers/from-cli.js';
import { selectProvider } from '../providers/select.js';
import { Flags } from '../runner/flags.js';

export interface InitJson {
  /** The provider's id. */
  readonly provider: string;
  readonly schemaPath: string;
  readonly envPath: string;
  readonly migrationsDir: string;
  /** Files and folders created, relative to the working directory. */
  readonly created: readonly string[];
  /** True when .env already defined DATABASE_URL and was left alone. */
  readonly envKept: boolean;
}

export default class Init extends BaseCommand {
  static override summary = 'Start a project: a schema, a .env with DATABASE_URL, and a migrations folder';

  static override description =
    'Refuses to overwrite an existing schema. An existing .env is kept; DATABASE_URL is appended to it when missing.';

  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init --provider sqlite',
    '<%= config.bin %> init --url postgresql://app@localhost:5432/app',
  ];

  static override flags = {
    provider: Flags.string({
      // The choices are the installed providers' ids (plugins included), checked in `run`.
      description:
        'Database provider: an installed provider (`strata providers`) [default: from --url, else postgresql]',
    }),
    url: Flags.string({ description: 'Database URL written to .env as DATABASE_URL' }),
    schema: Flags.string({ description: 'Where to write the schema', default: 'prisma/schema.prisma' }),
  };

  async run(): Promise<InitJson> {
    const { flags } = await this.parse(Init);
    const cwd = process.cwd();
    const provider = await this.provider(flags.provider, flags.url, findProjectDir(cwd));
    const schemaPath = path.resolve(cwd, flags.schema);
    if (existsSync(schemaPath)) {
      throw new StrataCliError(
        'invalid-argument',
        `${path.relative(cwd, schemaPath)} already exists; init does not overwrite it.`,
        {
          hint: 'Edit the existing schema, or pass --schema <another path>.',
          details: { path: schemaPath },
        },
      );
    }
    const created: string[] = [];
    const rel = (p: string) => path.relative(cwd, p) || '.';
    // core's makeDirectory: Node's recursive mkdir spins forever under /proc and /sys
    makeDirectory(path.dirname(schemaPath));
    writeFileSync(schemaPath, schemaTemplate(provider), { flag: 'wx' });
    created.push(rel(schemaPath));

    const migrationsDir = path.join(path.dirname(schemaPath), 'migrations');
    if (!existsSync(migrationsDir)) {
      makeDirectory(migrationsDir);
      created.push(rel(migrationsDir));
    }

    const envPath = path.join(cwd, '.env');
    const url = flags.url ?? provider.init.exampleUrl;
    // the URL is shown below: its password must go even where the URL pattern cannot find it
    rememberSecretsOf(url);
    let envKept = false;
    if (!existsSync(envPath)) {
      writeFileSync(envPath, envLine(url));
      created.push(rel(envPath));
    } else if (/^\s*(export\s+)?DATABASE_URL\s*=/m.test(readFileSync(envPath, 'utf8'))) {
      envKept = true;
    } else {
      const existing = readFileSync(envPath, 'utf8');
      appendFileSync(envPath, `${existing === '' || existing.endsWith('\n') ? '' : '\n'}${envLine(url)}`);
    }

    const t = this.terminal;
    for (const item of created) t.out(`created ${item}`);
    if (envKept) t.out(`kept ${rel(envPath)}: it already defines DATABASE_URL`);
    t.out('');
    t.out(
      `Next: set DATABASE_URL in .env (now ${maskSecrets(envKept ? 'unchanged' : url)}), add models to ${rel(schemaPath)}, then run \`strata migrate dev\`.`,
    );
    return { provider: provider.id, schemaPath, envPath, migrationsDir, created, envKept };
  }

  /** `--provider`, else the provider of `--url`'s scheme, else PostgreSQL; one of the installed providers. */
  private async provider(
    requested: string | undefined,
    url: string | undefined,
    projectDir: string,
  ): Promise<Provider> {
    const fromUrl = url === undefined ? undefined : await providerIdForUrl(this.config, projectDir, url);
    const id = requested ?? fromUrl ?? 'postgresql';
    const reports = await discoverFromCli(this.config, projectDir, { id });
    if (requested !== undefined && !reports.some((r) => namesOf(r).includes(requested))) {
      const choices = [
        ...new Set(reports.flatMap((r) => ((r.active || r.status === 'skipped') && r.id ? [r.id] : []))),
      ];
      throw new StrataCliError(
        'invalid-argument',
        `Expected --provider=${requested} to be one of: ${choices.join(', ')}`,
        {
          hint: 'Run the command with --help to see its flags.',
        },
      );
    }
    const { provider } = selectProvider(reports, id, PROVIDER_API_VERSION);
    if (requested !== undefined && fromUrl !== undefined && fromUrl !== provider.id) {
      throw new StrataCliError('invalid-argument', `--url is a ${fromUrl} URL but --provider is ${requested}.`, {
        hint: 'Pass a URL for that provider, or leave --provider out.',
      });
    }
    return provider;
  }
}
