/**
 * What strata's commands need of the CLI's configuration: where the CLI is installed, its version,
 * and the plugins' hooks. oclif's Config has all of it; `strata` (src/execute.ts) passes a light
 * one instead when no plugin is installed, so that running a command does not load oclif.
 */

export interface HookPlugin {
  readonly name: string;
  readonly version: string;
  readonly root: string;
}

export interface HookOutcome {
  readonly successes: readonly { readonly plugin: HookPlugin; readonly result: unknown }[];
  readonly failures: readonly { readonly plugin: HookPlugin; readonly error: unknown }[];
}

export interface CliConfig {
  /** The folder of @strata/cli's package.json. */
  readonly root: string;
  readonly version: string;
  /** Runs a hook in every plugin that declares it. */
  runHook(event: string, options: Record<string, unknown>): Promise<HookOutcome>;
  /** `STRATA_<NAME>`'s value (oclif's scoped environment variables). */
  scopedEnvVar?(name: string): string | undefined;
}

/** The configuration of a CLI with no plugin installed but its own: no hook has anything to run. */
export function pluginFreeConfig(root: string, version: string): CliConfig {
  return {
    root,
    version,
    runHook: async () => ({ successes: [], failures: [] }),
    scopedEnvVar: (name) => process.env[`STRATA_${name.toUpperCase()}`],
  };
}
