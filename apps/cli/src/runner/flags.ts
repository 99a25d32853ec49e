/**
 * Flag and argument definitions for strata's commands, without loading oclif: objects of the very
 * shape oclif's `Flags.*` / `Args.*` builders make (oclif still reads them, for the manifest,
 * `--help` and whenever it runs a command), so that importing a command costs nothing but the
 * command. `test/runner.test.ts` checks them against oclif's own builders.
 */

/** What a flag's or an argument's `parse` receives as its context: the running command. */
export type ParseContext = unknown;

interface FlagBase {
  readonly name?: string;
  readonly char?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly helpGroup?: string;
  readonly helpValue?: string;
  readonly hidden?: boolean;
  readonly required?: boolean;
  readonly exclusive?: readonly string[];
  readonly exactlyOne?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly aliases?: readonly string[];
  readonly charAliases?: readonly string[];
  readonly env?: string;
}

export interface BooleanFlag extends FlagBase {
  readonly type: 'boolean';
  readonly allowNo: boolean;
  readonly default?: boolean;
  parse(input: boolean, context: ParseContext, flag: BooleanFlag): Promise<boolean>;
}

export interface OptionFlag<T = unknown> extends FlagBase {
  readonly type: 'option';
  readonly multiple: boolean;
  readonly options?: readonly string[];
  readonly default?: T;
  readonly input: string[];
  readonly min?: number;
  readonly max?: number;
  parse(input: string, context: ParseContext, flag: OptionFlag<T>): Promise<T>;
}

export type Flag = BooleanFlag | OptionFlag;

interface OptionOptions extends FlagBase {
  readonly options?: readonly string[];
  readonly multiple?: boolean;
  readonly default?: unknown;
}

/** The value a flag gives `parse`'s result: `undefined` unless given, required or defaulted. */
export type FlagValue<F> = F extends { readonly __value?: [infer V] } ? V : never;
/** A flag definition that carries the type of its value (only for the type checker: no such field exists). */
type Valued<F, V> = F & { readonly __value?: [V] };

type StringValue<O> = O extends { readonly multiple: true }
  ? string[] | undefined
  : O extends { readonly default: string } | { readonly required: true }
    ? string
    : string | undefined;

/** An error of a flag's value, as oclif's CLIError is read by `toFailure`: a usage error (exit 2). */
export class FlagValueError extends Error {
  readonly oclif = { exit: 2 };
}

function option<O extends OptionOptions, T>(
  options: O,
  parse: (input: string, context: ParseContext, flag: OptionFlag<T>) => Promise<T>,
): OptionFlag<T> {
  // The same keys in the same order as oclif's `custom()(options)`: the manifest lists them.
  return {
    parse,
    ...(options as object),
    input: [],
    multiple: Boolean(options.multiple ?? false),
    type: 'option',
  } as OptionFlag<T>;
}

export const Flags = {
  /** A boolean flag; absent when not given (oclif's behaviour, there is no `false`). */
  boolean<O extends FlagBase & { readonly allowNo?: boolean; readonly default?: boolean }>(
    options: O = {} as O,
  ): Valued<BooleanFlag, boolean> {
    return {
      parse: async (b: boolean) => b,
      ...(options as object),
      allowNo: Boolean(options.allowNo),
      type: 'boolean',
    } as BooleanFlag;
  },

  string<O extends OptionOptions>(options: O = {} as O): Valued<OptionFlag<string>, StringValue<O>> {
    return option(options, async (input: string) => input);
  },

  /** An integer, with oclif's messages for values that are not one or out of range. */
  integer<O extends OptionOptions & { readonly min?: number; readonly max?: number }>(
    options: O = {} as O,
  ): Valued<OptionFlag<number>, O extends { readonly default: number } ? number : number | undefined> {
    return option(options, async (input: string, _context: ParseContext, flag: OptionFlag<number>) => {
      if (!/^-?\d+$/.test(input)) throw new FlagValueError(`Expected an integer but received: ${input}`);
      const value = Number.parseInt(input, 10);
      if (flag.min !== undefined && value < flag.min)
        throw new FlagValueError(`Expected an integer greater than or equal to ${flag.min} but received: ${input}`);
      if (flag.max !== undefined && value > flag.max)
        throw new FlagValueError(`Expected an integer less than or equal to ${flag.max} but received: ${input}`);
      return value;
    });
  },
};

export interface Arg<T = string> {
  readonly name?: string;
  readonly description?: string;
  readonly required?: boolean;
  readonly options?: readonly string[];
  readonly input: string[];
  readonly type: 'option';
  parse(input: string, context: ParseContext, arg: Arg<T>): Promise<T>;
}

export const Args = {
  string(options: { readonly description?: string; readonly required?: boolean } = {}): Arg<string> {
    // oclif's `Args.string()`: the same keys in the same order
    return { parse: async (input: string) => input, ...options, input: [], type: 'option' };
  },
};

/** oclif's `--json` flag, added to every command that enables it (oclif's aggregateFlags). */
export const JSON_FLAG = Flags.boolean({ description: 'Format output as json.', helpGroup: 'GLOBAL' });

/** Every flag a command takes, in oclif's order: --json, the base flags, then its own. */
export function allFlags(
  flags: Readonly<Record<string, Flag>> | undefined,
  baseFlags: Readonly<Record<string, Flag>> | undefined,
  enableJsonFlag: boolean | undefined,
): Record<string, Flag> {
  const combined = { ...baseFlags, ...flags };
  return enableJsonFlag ? { json: JSON_FLAG, ...combined } : combined;
}
