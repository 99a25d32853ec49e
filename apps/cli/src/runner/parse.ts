/**
 * The command line of one command, parsed without oclif when that is certain to give oclif's
 * result: long flags of strict commands without arguments, each once, values oclif would accept.
 * Anything else (short flags, `--`, `--no-`, repeated or unknown flags, values oclif would refuse,
 * flag relations not plainly satisfied) answers `undefined`, and the caller asks oclif's own
 * parser, which gives the same result or the same error as always.
 */
import type { Flag } from './flags.js';

export interface ParseInput {
  readonly flags: Readonly<Record<string, Flag>>;
  readonly args: Readonly<Record<string, unknown>>;
  readonly strict: boolean;
  readonly constraints?: unknown;
}

export interface ParseOutput {
  readonly flags: Record<string, unknown>;
  readonly args: Record<string, unknown>;
  readonly argv: unknown[];
  readonly raw: { readonly type: 'flag'; readonly flag: string; readonly input: string }[];
  readonly metadata: { readonly flags: Record<string, { readonly setFromDefault: true }> };
  readonly nonExistentFlags: string[];
}

export async function parseSimple(
  argv: readonly string[],
  input: ParseInput,
  context: unknown,
): Promise<ParseOutput | undefined> {
  if (!input.strict || Object.keys(input.args).length > 0 || input.constraints !== undefined) return undefined;
  const definitions = input.flags;
  const raw: ParseOutput['raw'] = [];
  const flags: Record<string, unknown> = {};
  const tokens = [...argv];
  while (tokens.length > 0) {
    const token = tokens.shift()!;
    // arguments, short flags, `--`, `-`: oclif's parser decides
    if (!token.startsWith('--') || token === '--') return undefined;
    const equals = token.indexOf('=');
    const name = token.slice(2, equals === -1 ? undefined : equals);
    if (!Object.hasOwn(definitions, name) || name.startsWith('no-')) return undefined;
    const flag = definitions[name]!;
    if (flag.env !== undefined || Object.hasOwn(flags, name)) return undefined;
    if (flag.type === 'boolean') {
      if (equals !== -1) return undefined;
      raw.push({ type: 'flag', flag: name, input: token });
      flags[name] = await flag.parse(true, context, flag);
      continue;
    }
    if (flag.multiple) return undefined;
    const value = equals === -1 ? tokens.shift() : token.slice(equals + 1);
    // a missing or empty value, or one that looks like a flag: oclif's messages
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (flag.options !== undefined && !flag.options.includes(value)) return undefined;
    raw.push({ type: 'flag', flag: name, input: value });
    try {
      flags[name] = await flag.parse(value, context, flag);
    } catch {
      return undefined; // oclif's parser reports it, in its words
    }
  }
  const metadata: ParseOutput['metadata'] = { flags: {} };
  for (const [name, flag] of Object.entries(definitions)) {
    if (Object.hasOwn(flags, name) || flag.default === undefined) continue;
    if (typeof flag.default === 'function' || flag.env !== undefined) return undefined;
    flags[name] = flag.default;
    metadata.flags[name] = { setFromDefault: true };
  }
  if (!plainlyValid(definitions, flags)) return undefined;
  return { flags, args: {}, argv: [], raw, metadata, nonExistentFlags: [] };
}

/** The relations between flags hold beyond doubt (what oclif's validation would find is left to it). */
function plainlyValid(definitions: Readonly<Record<string, Flag>>, flags: Readonly<Record<string, unknown>>): boolean {
  const given = (name: string) => flags[name] !== undefined;
  for (const [name, flag] of Object.entries(definitions)) {
    const extra = flag as Flag & { relationships?: unknown; combinable?: unknown; atLeastOne?: unknown };
    if (extra.relationships !== undefined || extra.combinable !== undefined || extra.atLeastOne !== undefined)
      return false;
    if (flag.exactlyOne !== undefined) {
      const count = new Set([name, ...flag.exactlyOne].filter(given)).size;
      if (count !== 1) return false;
    }
    if (!given(name)) {
      if (flag.required) return false;
      continue;
    }
    if (flag.exclusive?.some((other) => other !== name && given(other))) return false;
    if (flag.dependsOn?.some((other) => !given(other))) return false;
  }
  return true;
}
