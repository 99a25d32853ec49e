/**
 * What bin/run.js starts. A command line that plainly names one of strata's commands is run here,
 * straight from the shipped oclif manifest, without loading oclif (a third of start-up time);
 * everything else goes to oclif's `execute`, as before: help (`--help`, `help`, a topic alone, no
 * arguments), `--version`, unknown commands and their suggestions, `plugins`, and any run where
 * oclif could behave differently (a plugin or a theme installed, oclif's debugging variables).
 * The command's flags are parsed by src/runner/parse.ts, which leaves to oclif's parser every
 * command line it cannot judge exactly as oclif would (see BaseCommand.parse).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commonJs } from './runner/common-js.js';
import { pluginFreeConfig } from './runner/config.js';

export interface ExecuteOptions {
  /** bin/run.js's `import.meta.url`, as oclif's `execute` takes it. */
  readonly dir: string;
  readonly args?: string[];
}

interface ManifestCommand {
  readonly args?: Readonly<Record<string, unknown>>;
  readonly strict?: boolean;
  readonly relativePath?: readonly string[];
}

interface Manifest {
  readonly version?: string;
  readonly commands?: Readonly<Record<string, ManifestCommand>>;
}

/** A command's class, as oclif's Command and strata's BaseCommand both have it. */
interface RunnableCommand {
  run(argv: string[], config: unknown): Promise<unknown>;
}

/** @strata/cli's folder: dist/execute.js is one level down. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function execute(options: ExecuteOptions): Promise<unknown> {
  const argv = options.args ?? process.argv.slice(2);
  const plain = plainCommand(argv, ROOT);
  if (plain === undefined) {
    const { execute: oclifExecute } = commonJs(await import('@oclif/core/execute'));
    return oclifExecute({ dir: options.dir, args: argv });
  }
  let result: unknown;
  try {
    const module = (await import(pathToFileURL(plain.file).href)) as { default: RunnableCommand & { id?: string } };
    const command = module.default;
    command.id ??= plain.id;
    result = await command.run(plain.argv, pluginFreeConfig(ROOT, plain.version));
  } catch (error) {
    // A command's failure was reported by the command; it ends the process with its exit code,
    // as oclif does. Anything else is shown by oclif's own handler, as it always was.
    const exit = (error as { code?: unknown; oclif?: { exit?: unknown } } | null)?.oclif?.exit;
    if ((error as { code?: unknown } | null)?.code === 'EEXIT' && typeof exit === 'number') process.exit(exit);
    const { handle } = commonJs(await import('@oclif/core/handle'));
    await handle(error as Error);
  }
  return result;
}

interface PlainCommand {
  readonly id: string;
  readonly file: string;
  readonly argv: string[];
  readonly version: string;
}

/** The command `argv` names and its arguments, when strata can run it exactly as oclif would. */
export function plainCommand(argv: readonly string[], root: string): PlainCommand | undefined {
  if (argv.length === 0 || argv[0] === '--version') return undefined;
  const end = argv.indexOf('--');
  if ((end === -1 ? argv : argv.slice(0, end)).includes('--help')) return undefined;
  if (!oclifWouldActAlike(process.env)) return undefined;
  const manifest = readJson(path.join(root, 'oclif.manifest.json')) as Manifest | undefined;
  const pkg = readJson(path.join(root, 'package.json')) as { version?: string } | undefined;
  const commands = manifest?.commands;
  // oclif ignores a manifest of another version (a stale one in development)
  if (commands === undefined || pkg?.version === undefined || manifest?.version !== pkg.version) return undefined;
  const [id = '', ...rest] = commandIdOf(argv, commands);
  const command = Object.hasOwn(commands, id) ? commands[id] : undefined;
  if (command?.relativePath === undefined) return undefined;
  return { id, file: path.join(root, ...command.relativePath), argv: rest, version: pkg.version };
}

/**
 * `['migrate', 'status', '--json']` -> `['migrate:status', '--json']`, as oclif reads a command
 * line with `topicSeparator: ' '`: words are taken into the id while they extend a known id (or
 * until a flag, a `name=value`, or a command that takes arguments); `migrate:status` is an id.
 */
export function commandIdOf(argv: readonly string[], commands: Readonly<Record<string, ManifestCommand>>): string[] {
  if (argv[0]?.includes(':') || argv.length === 1) return [...argv];
  const usable = new Set<string>();
  for (const id of Object.keys(commands)) {
    const parts = id.split(':');
    for (let i = 1; i <= parts.length; i++) usable.add(parts.slice(0, i).join(':'));
  }
  const words: string[] = [];
  const takesArguments = () => {
    const command = words.length === 0 ? undefined : commands[words.join(':')];
    return command !== undefined && (command.strict === false || Object.keys(command.args ?? {}).length > 0);
  };
  for (const word of argv) {
    if (usable.has([...words, word].filter(Boolean).join(':'))) words.push(word);
    else if (word.startsWith('-') || word.includes('=') || takesArguments()) break;
    else words.push(word);
  }
  const id = words.filter(Boolean).join(':');
  return id === '' ? [...argv] : [id, ...argv.slice(id.split(':').length)];
}

/**
 * oclif loads installed and linked plugins (their commands and hooks run too), a user's theme,
 * and prints its own diagnostics under these variables: strata leaves such runs to oclif.
 */
function oclifWouldActAlike(env: NodeJS.ProcessEnv): boolean {
  for (const name of Object.keys(env)) {
    if (name === 'DEBUG' || name.startsWith('OCLIF_')) return false;
    if (name.startsWith('STRATA_') && OCLIF_VARIABLES.has(name.slice('STRATA_'.length))) return false;
  }
  const windows = process.platform === 'win32';
  const home =
    env.HOME ||
    (windows && (env.HOMEDRIVE && env.HOMEPATH ? path.join(env.HOMEDRIVE, env.HOMEPATH) : env.USERPROFILE)) ||
    homedir() ||
    tmpdir();
  const base = (category: 'data' | 'config') =>
    env[`XDG_${category.toUpperCase()}_HOME`] ||
    (windows && env.LOCALAPPDATA) ||
    path.join(home, category === 'data' ? '.local/share' : '.config');
  const dataDir = env.STRATA_DATA_DIR || path.join(base('data'), 'strata');
  const configDir = env.STRATA_CONFIG_DIR || path.join(base('config'), 'strata');
  if (existsSync(path.join(configDir, 'theme.json'))) return false;
  const userPlugins = path.join(dataDir, 'package.json');
  if (!existsSync(userPlugins)) return true;
  const pjson = readJson(userPlugins) as { oclif?: { plugins?: unknown } } | undefined;
  const plugins = pjson?.oclif?.plugins;
  return pjson !== undefined && (plugins === undefined || (Array.isArray(plugins) && plugins.length === 0));
}

/** oclif's STRATA_* variables that make it print more (DATA_DIR and CONFIG_DIR are followed here). */
const OCLIF_VARIABLES = new Set(['DEBUG', 'PERFORMANCE']);

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
