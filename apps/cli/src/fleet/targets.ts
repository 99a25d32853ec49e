/**
 * `--targets FILE` / `--targets-from-query SQL`: the flags that turn deploy and status into fleet
 * commands, and the targets they name.
 */
import path from 'node:path';
import { type FleetTarget, type GivenSchema, type Provider, readTargetsFile, targetsFromQuery } from '@strata/core';
import { rememberSecretsOf } from '../errors/failure.js';
import { resolveDatabaseUrl } from '../project/database-url.js';
import type { ProjectPaths } from '../project/locate.js';
import type { CliConfig } from '../runner/config.js';
import { Flags } from '../runner/flags.js';
import { openSession, type Session } from '../workflow/session.js';

export const fleetFlags = {
  targets: Flags.string({
    description:
      'Run on every target listed in FILE: one URL per line (optionally "name URL"), or JSON/YAML with name and url; URLs may be env("VAR")',
    helpValue: 'FILE',
    exclusive: ['targets-from-query', 'url'],
    helpGroup: 'FLEET',
  }),
  'targets-from-query': Flags.string({
    description:
      'Run on every row of this query on --url (or the datasource url): a url column, or schema / database on that server; name optional',
    helpValue: 'SQL',
    exclusive: ['targets'],
    helpGroup: 'FLEET',
  }),
  concurrency: Flags.integer({
    description: 'Targets worked on at once, each with its own connection and lock [default: 4]',
    min: 1,
    max: 256,
    helpGroup: 'FLEET',
  }),
};

export interface FleetFlagValues {
  readonly targets?: string | undefined;
  readonly 'targets-from-query'?: string | undefined;
  readonly url?: string | undefined;
}

export function isFleet(flags: FleetFlagValues): boolean {
  return flags.targets !== undefined || flags['targets-from-query'] !== undefined;
}

/** What a fleet command works on: the project's provider, schema and folders, and the targets. */
export interface Fleet {
  readonly provider: Provider;
  readonly paths: ProjectPaths;
  readonly schema: GivenSchema;
  readonly targets: readonly FleetTarget[];
}

/**
 * The fleet of a command line: the project's session (a URL only for the control database of
 * `--targets-from-query`) and the targets; every target URL is remembered as a secret, so no
 * output shows its password.
 */
export async function openFleet(config: CliConfig, paths: ProjectPaths, flags: FleetFlagValues): Promise<Fleet> {
  const session = await openSession(config, paths, {
    flagUrl: flags.url,
    requireUrl: flags['targets-from-query'] !== undefined,
  });
  const targets = await resolveTargets(flags, session, paths);
  return { provider: session.provider, paths, schema: session.schema, targets };
}

/** The options of core's `deployFleet` and `statusFleet` that name the project and its targets. */
export function fleetProject(fleet: Fleet) {
  return {
    provider: fleet.provider,
    schemaPath: fleet.paths.schemaPath,
    schema: fleet.schema,
    migrationsDir: fleet.paths.migrationsDir,
    targets: fleet.targets,
  };
}

async function resolveTargets(flags: FleetFlagValues, session: Session, paths: ProjectPaths): Promise<FleetTarget[]> {
  let targets: FleetTarget[];
  if (flags.targets !== undefined) {
    targets = await readTargetsFile(flags.targets);
  } else {
    const control = session.database ?? resolveDatabaseUrl(flags.url, undefined);
    targets = await targetsFromQuery({
      provider: session.provider,
      url: control.url,
      sql: flags['targets-from-query'] as string,
      // relative `file:` URLs start where the datasource's do: the schema's folder
      baseDir: paths.schemaIsFolder ? paths.schemaPath : path.dirname(paths.schemaPath),
    });
  }
  for (const target of targets) rememberSecretsOf(target.url);
  return targets;
}
