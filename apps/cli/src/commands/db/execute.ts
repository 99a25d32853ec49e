import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@strata/core';
import { BaseCommand, projectFlags } from '../../base-command.js';
import { StrataCliError } from '../../errors/cli-error.js';
import { fileUrlBaseDir, findProjectDir, loadDotEnv, schemaFolder } from '../../project/locate.js';
import { providerIdForUrl } from '../../providers/by-url.js';
import { Flags } from '../../runner/flags.js';
import { diffProviderId } from '../../workflow/diff-provider.js';
import { openSession, providerById } from '../../workflow/session.js';

export interface ExecuteJson {
  readonly database: string;
  readonly bytes: number;
}

export default class DbExecute extends BaseCommand {
  static override summary = 'Run a SQL script against the database (no migration history)';

  static override description =
    'Give the script with exactly one of --file or --stdin. The database is --url alone (the provider comes from its scheme), or else the datasource of the schema (DATABASE_URL, .env). Nothing is recorded in the migration history, and `migrate status` reports the changes as drift if they touch managed tables. When a statement fails, the statements before it may have run.';

  static override examples = [
    '<%= config.bin %> db execute --file seed.sql',
    'echo "DELETE FROM \\"Session\\";" | <%= config.bin %> db execute --stdin --url "$DATABASE_URL"',
  ];

  static override flags = {
    schema: projectFlags.schema,
    url: projectFlags.url,
    file: Flags.string({ description: 'The SQL file to run', exactlyOne: ['file', 'stdin'] }),
    stdin: Flags.boolean({ description: 'Read the SQL from standard input', exactlyOne: ['file', 'stdin'] }),
  };

  async run(): Promise<ExecuteJson> {
    const { flags } = await this.parse(DbExecute);
    const cwd = process.cwd();
    const sql = flags.file !== undefined ? readScript(path.resolve(cwd, flags.file)) : await readStdin();
    let provider: Awaited<ReturnType<typeof providerById>>;
    let url: string;
    // relative file: URLs start at the project schema's folder (the working directory without one)
    let baseDir = fileUrlBaseDir(cwd);
    if (flags.url !== undefined && flags.schema === undefined) {
      // A URL alone is enough: no schema needed to run a script.
      loadDotEnv([findProjectDir(cwd)]);
      const projectDir = findProjectDir(cwd);
      provider = await providerById(
        this.config,
        projectDir,
        await diffProviderId({ schemas: [], migrations: [], urls: [flags.url] }, (u) =>
          providerIdForUrl(this.config, projectDir, u),
        ),
      );
      url = flags.url;
    } else {
      const paths = this.locate(flags);
      const session = await openSession(this.config, paths, { flagUrl: flags.url, requireUrl: true });
      provider = session.provider;
      url = session.database!.url;
      baseDir = schemaFolder(paths);
    }
    const connection = await openDatabase(provider, url, { baseDir });
    try {
      try {
        await connection.execute(sql);
      } catch (error) {
        // The script's own SQL error (core names the failing statement): the user's to fix, not a
        // bug. A provider's StrataError (read-only, locked, unreachable) passes through.
        const { code } = error as { isStrataError?: unknown; code?: unknown };
        if ((error as { isStrataError?: unknown }).isStrataError === true && code !== 'execute-failed') throw error;
        throw new StrataCliError('execute-failed', `The script failed: ${(error as Error).message ?? String(error)}`, {
          hint: 'Fix the SQL script and run it again; the statements before the failing one ran, each on its own.',
          cause: error,
        });
      }
      this.terminal.out(`Executed ${Buffer.byteLength(sql)} bytes of SQL on ${connection.displayUrl}.`);
      return { database: connection.displayUrl, bytes: Buffer.byteLength(sql) };
    } finally {
      await connection.close();
    }
  }
}

function readScript(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new StrataCliError('not-found', `Cannot read ${file}.`, {
      hint: 'Pass --file with the path of an existing SQL file.',
    });
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new StrataCliError('needs-input', '--stdin reads the SQL from a pipe, but standard input is a terminal.', {
      hint: 'Pipe the script in (`strata db execute --stdin < file.sql`) or pass --file <path>.',
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
