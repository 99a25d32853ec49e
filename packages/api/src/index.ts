/**
 * @strata/api: strata from code. `deploy`, `status`, `plan`, `diff`, `deployFleet` and
 * `statusFleet` find the project as the CLI does (schema, migrations, provider, database URL),
 * then call the core workflow the CLI calls: one code path, so a deploy from code is the deploy
 * the CLI runs. Nothing is printed and the process is never exited: progress comes as events
 * through `onProgress`, failures as a thrown StrataError (`code`, `message`, `hint`).
 *
 * docs/api.md is the manual.
 */
import path from 'node:path';
import {
  type DeployOptions as CoreDeployOptions,
  deployFleet as coreDeployFleet,
  statusFleet as coreStatusFleet,
  type DeployFleetResult,
  type DeployResult,
  ErrorCodes,
  type FleetListener,
  type FleetTarget,
  isStrataError,
  type MigrateDiffFormat,
  type MigrateDiffResult,
  type MigrateDiffSource,
  type MigratePlanResult,
  maskSecrets,
  migrateDeploy,
  migrateDiff,
  migratePlan,
  migrateStatus,
  type ProgressListener,
  parseTargets,
  type RenameResolver,
  readTargetsFile,
  type StatusFleetResult,
  type StatusResult,
  StrataError,
  type TargetDeployReport,
  type TargetStatusReport,
  targetsFromQuery,
} from '@strata/core';
import { type DatabaseOptions, databaseUrl, type Project, type ProjectOptions, resolveProject } from './project.js';

export type {
  AppliedMigrationResult,
  Change,
  DeployFleetResult,
  DeployResult,
  FleetEvent,
  FleetListener,
  FleetTarget,
  LintFinding,
  MigrateDiffFormat,
  MigrateDiffResult as DiffResult,
  MigratePlanResult as PlanResult,
  ProgressListener,
  Provider,
  RenameResolver,
  StatusFleetResult,
  StatusProblem,
  StatusResult,
  TargetDeployReport,
  TargetDeployState,
  TargetError,
  TargetStatusReport,
  TargetStatusState,
  Warning,
  WorkflowEvent,
} from '@strata/core';
export { ErrorCodes, isStrataError, StrataError } from '@strata/core';
export type { DatabaseOptions, Environment, ProjectOptions } from './project.js';
export { BUNDLED_PROVIDER_IDS } from './providers.js';

export interface DeployOptions extends DatabaseOptions {
  /** Apply even when the target's rows make a migration lose data (data-loss warnings with rows). */
  readonly allowWarnings?: boolean;
  /** How long to wait for the migration lock another deploy holds. Default 10 s, as the CLI. */
  readonly lockTimeoutMs?: number;
  /** Create the database (a PostgreSQL database or schema, a SQLite file) when it does not exist. Default true. */
  readonly createIfMissing?: boolean;
  /** Run a migration that failed outside a transaction on from its failed statement (once the cause is fixed). */
  readonly resume?: boolean;
  /** Once aborted, no further migration starts; the running one finishes with its history row. */
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

/** Applies every pending migration, as `strata migrate deploy`. */
export async function deploy(options: DeployOptions = {}): Promise<DeployResult> {
  return guarded(async () => {
    const project = await resolveProject(options);
    return migrateDeploy({
      ...workflowBase(project, options.onProgress),
      url: databaseUrl(project, options.url),
      ...deploySettings(options),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  });
}

export interface StatusOptions extends DatabaseOptions {
  /** Compare the live schema with the one the applied migrations produce (drift). Default true. */
  readonly checkDrift?: boolean;
  readonly lockTimeoutMs?: number;
  readonly onProgress?: ProgressListener;
}

/** The migrations folder against the database's history and live schema, as `strata migrate status`. Reads only. */
export async function status(options: StatusOptions = {}): Promise<StatusResult> {
  return guarded(async () => {
    const project = await resolveProject(options);
    return migrateStatus({
      ...workflowBase(project, options.onProgress),
      url: databaseUrl(project, options.url),
      ...(options.checkDrift === undefined ? {} : { checkDrift: options.checkDrift }),
      lockTimeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    });
  });
}

export interface PlanOptions extends ProjectOptions {
  /** The migration's name, as `migrate dev --name`. Default `migration`. */
  readonly name?: string;
  /** Decides each rename candidate; without it a candidate is a drop and a create with a `possible-rename` warning. */
  readonly resolver?: RenameResolver;
  /** Lint codes to leave out (as package.json `strata.lint.disabled`). */
  readonly lintDisabled?: readonly string[];
}

/**
 * The migration `strata migrate dev --create-only` would write next: from what the migrations
 * folder produces to the schema file. Writes nothing and needs no database (so its warnings
 * carry no row counts).
 */
export async function plan(options: PlanOptions = {}): Promise<MigratePlanResult> {
  return guarded(async () => {
    const project = await resolveProject(options);
    const { onProgress: _none, ...base } = workflowBase(project, undefined);
    return migratePlan({
      ...base,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.resolver === undefined ? {} : { resolver: options.resolver }),
      ...(options.lintDisabled === undefined ? {} : { lintDisabled: options.lintDisabled }),
    });
  });
}

/**
 * One side of a diff: `'schema'` (the project's schema file), `'migrations'` (what its migrations
 * folder produces), `'database'` (the project's database, see `url`), `'empty'`, or another
 * schema, migrations folder or database.
 */
export type DiffSource =
  | 'schema'
  | 'migrations'
  | 'database'
  | 'empty'
  | { readonly schemaPath: string }
  | { readonly migrationsDir: string }
  | { readonly url: string };

export interface DiffOptions extends DatabaseOptions {
  readonly from: DiffSource;
  readonly to: DiffSource;
  /** What `output` holds: the SQL (default), a summary in words, or JSON. */
  readonly format?: MigrateDiffFormat;
  readonly resolver?: RenameResolver;
}

/** The changes between two schemas, as `strata migrate diff`. Reads only. */
export async function diff(options: DiffOptions): Promise<MigrateDiffResult> {
  return guarded(async () => {
    const project = await resolveProject(options);
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const source = (side: DiffSource): MigrateDiffSource => {
      if (side === 'empty') return { kind: 'empty' };
      if (side === 'schema') return { kind: 'schema', path: project.schemaPath };
      if (side === 'migrations') return { kind: 'migrations', dir: project.migrationsDir };
      if (side === 'database') return { kind: 'url', url: databaseUrl(project, options.url), baseDir: project.baseDir };
      if ('schemaPath' in side) return { kind: 'schema', path: path.resolve(cwd, side.schemaPath) };
      if ('migrationsDir' in side) return { kind: 'migrations', dir: path.resolve(cwd, side.migrationsDir) };
      return { kind: 'url', url: side.url, baseDir: project.baseDir };
    };
    return migrateDiff({
      provider: project.provider,
      from: source(options.from),
      to: source(options.to),
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.resolver === undefined ? {} : { resolver: options.resolver }),
    });
  });
}

/**
 * A fleet's targets: URLs or `{ name, url }` (a URL may be `env("VAR")`), a targets file (one
 * URL per line, or JSON/YAML), or a query whose rows name them (`url`, or `schema` / `database`
 * on the control database's server, and optionally `name`), run on `url` (default the project's
 * database).
 */
export type Targets =
  | readonly (string | FleetTarget)[]
  | { readonly file: string }
  | { readonly query: string; readonly url?: string };

export interface FleetOptions extends ProjectOptions {
  readonly targets: Targets;
  /** Targets worked on at once, each with its own connection (and, for deploy, its own lock). Default 4. */
  readonly concurrency?: number;
  /** Once aborted, no further target starts; running ones finish their current migration. */
  readonly signal?: AbortSignal;
}

export interface DeployFleetOptions extends FleetOptions, Omit<DeployOptions, 'url' | 'signal' | 'onProgress'> {
  /** Stop starting targets once one fails or is locked. Default false: the others still deploy. */
  readonly failFast?: boolean;
  readonly onProgress?: FleetListener<TargetDeployReport>;
}

/** Deploys to every target, each as `deploy` would, a few at a time, as `strata migrate deploy --targets`. */
export async function deployFleet(options: DeployFleetOptions): Promise<DeployFleetResult> {
  return guarded(async () => {
    const project = await resolveProject(options);
    const targets = await fleetTargets(project, options);
    const { onProgress: _none, ...base } = workflowBase(project, undefined);
    return coreDeployFleet({
      ...base,
      targets,
      ...fleetSettings(options),
      ...deploySettings(options),
      ...(options.failFast === undefined ? {} : { failFast: options.failFast }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  });
}

export interface StatusFleetOptions extends FleetOptions, Omit<StatusOptions, 'url' | 'onProgress'> {
  readonly onProgress?: FleetListener<TargetStatusReport>;
}

/** Every target's status, as `strata migrate status --targets`. Reads only. */
export async function statusFleet(options: StatusFleetOptions): Promise<StatusFleetResult> {
  return guarded(async () => {
    const project = await resolveProject(options);
    const targets = await fleetTargets(project, options);
    const { onProgress: _none, ...base } = workflowBase(project, undefined);
    return coreStatusFleet({
      ...base,
      targets,
      ...fleetSettings(options),
      ...(options.checkDrift === undefined ? {} : { checkDrift: options.checkDrift }),
      lockTimeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  });
}

/** The CLI's `--lock-timeout` default. */
const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

function workflowBase(project: Project, onProgress: ProgressListener | undefined) {
  return {
    provider: project.provider,
    schemaPath: project.schemaPath,
    schema: project.schema,
    migrationsDir: project.migrationsDir,
    baseDir: project.baseDir,
    ...(onProgress === undefined ? {} : { onProgress }),
  };
}

function deploySettings(
  options: Pick<DeployOptions, 'allowWarnings' | 'lockTimeoutMs' | 'createIfMissing' | 'resume'>,
): Pick<CoreDeployOptions, 'allowWarnings' | 'lockTimeoutMs' | 'createIfMissing' | 'resume'> {
  return {
    lockTimeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    ...(options.allowWarnings === undefined ? {} : { allowWarnings: options.allowWarnings }),
    ...(options.createIfMissing === undefined ? {} : { createIfMissing: options.createIfMissing }),
    ...(options.resume === undefined ? {} : { resume: options.resume }),
  };
}

function fleetSettings(options: FleetOptions): { concurrency?: number; signal?: AbortSignal } {
  return {
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}

async function fleetTargets(project: Project, options: FleetOptions): Promise<FleetTarget[]> {
  const { targets } = options;
  if (Array.isArray(targets)) return parseTargets(JSON.stringify(targets), 'targets', project.env);
  if ('file' in targets) return readTargetsFile(path.resolve(options.cwd ?? process.cwd(), targets.file), project.env);
  if ('query' in targets) {
    return targetsFromQuery({
      provider: project.provider,
      url: targets.url ?? databaseUrl(project, undefined),
      sql: targets.query,
      baseDir: project.baseDir,
    });
  }
  throw new StrataError(ErrorCodes.invalidArgument, 'No targets: `targets` is neither a list, a file nor a query.', {
    hint: 'Pass targets: ["postgresql://..."], { file: "targets.txt" } or { query: "SELECT ..." }.',
  });
}

/** Every failure leaves as a StrataError: an unexpected one becomes `internal`, its passwords masked. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isStrataError(error)) throw error;
    throw new StrataError(ErrorCodes.internal, maskSecrets(error instanceof Error ? error.message : String(error)), {
      hint: 'This is not an expected failure: please report it with the error’s cause (`error.cause`).',
      cause: error,
    });
  }
}
