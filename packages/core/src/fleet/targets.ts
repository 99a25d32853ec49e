/**
 * A fleet's targets: the databases (or PostgreSQL schemas) one migrations folder is deployed to.
 * Read from a file (one URL per line, or JSON/YAML with a name and a URL per target) or from the
 * rows of a query against a control database. URLs may be `env("VAR")`, so no secret has to sit
 * in the file.
 */
import { readFile } from 'node:fs/promises';
import { ErrorCodes } from '../errors/codes.js';
import { maskSecrets, StrataError } from '../errors/strata-error.js';

export interface FleetTarget {
  /** How reports name the target; unique within the fleet. */
  readonly name: string;
  readonly url: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads a targets file (format by content: JSON, YAML, or one URL per line). */
export async function readTargetsFile(file: string, env: Environment = process.env): Promise<FleetTarget[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StrataError(ErrorCodes.invalidArgument, `Cannot read the targets file ${file}.`, {
      hint: 'Pass --targets with the path of a file listing one URL per line, or JSON/YAML with name and url.',
      details: { file },
      cause: error,
    });
  }
  return parseTargets(text, file, env);
}

/**
 * Targets from a file's text. JSON (`[{"name", "url"}]`, or `{"targets": [...]}`, or an object
 * of name → URL); YAML of the same shapes; else one target per line (`URL` or `name URL`, `#`
 * comments). A target without a name is named after its URL (schema, database or file).
 */
export async function parseTargets(
  text: string,
  source: string,
  env: Environment = process.env,
): Promise<FleetTarget[]> {
  const trimmed = text.trim();
  const entries =
    trimmed.startsWith('{') || trimmed.startsWith('[')
      ? structuredEntries(parseJson(trimmed, source), source)
      : looksLikeYaml(trimmed)
        ? structuredEntries(await parseYaml(trimmed, source), source)
        : lineEntries(trimmed);
  const targets = entries.map((entry) => {
    const url = expandEnv(entry.url, entry.where, source, env);
    return { name: entry.name ?? targetName(url), url };
  });
  return checkTargets(targets, source);
}

interface Entry {
  readonly name?: string;
  /** The URL as written: a URL, or `env("VAR")`. */
  readonly url: string;
  /** For messages: `line 3`, `target 2`. */
  readonly where: string;
}

function lineEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const words = line.split(/\s+/);
    const where = `line ${i + 1}`;
    entries.push(
      words.length === 1 ? { url: line, where } : { name: words[0] as string, url: words.slice(1).join(' '), where },
    );
  }
  return entries;
}

function looksLikeYaml(text: string): boolean {
  return /^\s*(-\s|[\w.-]+:\s)/m.test(text) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidTargets(source, `it is not valid JSON (${(error as Error).message}).`);
  }
}

async function parseYaml(text: string, source: string): Promise<unknown> {
  const { parse } = await import('yaml');
  try {
    return parse(text);
  } catch (error) {
    throw invalidTargets(source, `it is not valid YAML (${(error as Error).message.split('\n')[0]}).`);
  }
}

function structuredEntries(value: unknown, source: string): Entry[] {
  const list = isRecord(value) && 'targets' in value ? value.targets : value;
  if (Array.isArray(list)) {
    return list.map((item, i): Entry => {
      const where = `target ${i + 1}`;
      if (typeof item === 'string') return { url: item, where };
      if (isRecord(item) && typeof item.url === 'string') {
        if (item.name !== undefined && typeof item.name !== 'string')
          throw invalidTargets(source, `${where} has a name that is not a string.`);
        return { ...(item.name === undefined ? {} : { name: item.name }), url: item.url, where };
      }
      throw invalidTargets(source, `${where} has no url.`);
    });
  }
  if (isRecord(list)) {
    return Object.entries(list).map(([name, url]): Entry => {
      if (typeof url !== 'string') throw invalidTargets(source, `target "${name}" has no url string.`);
      return { name, url, where: `target "${name}"` };
    });
  }
  throw invalidTargets(source, 'it lists no targets.');
}

/** `env("VAR")` (Prisma's spelling, quotes optional) is the variable's value; anything else is the URL itself. */
function expandEnv(url: string, where: string, source: string, env: Environment): string {
  const call = /^env\(\s*(?:"([^"]+)"|'([^']+)'|([\w.]+))\s*\)$/.exec(url.trim());
  if (call === null) return url.trim();
  const variable = (call[1] ?? call[2] ?? call[3]) as string;
  const value = env[variable];
  if (value === undefined || value === '') {
    throw new StrataError(ErrorCodes.invalidArgument, `${source}: ${where} names ${variable}, which is not set.`, {
      hint: `Set ${variable} in the environment (or in .env next to the project).`,
      details: { source, variable },
    });
  }
  return value;
}

/**
 * A name for a target given by URL alone: its `schema=` (a tenant schema), else its database
 * (the URL's path), else the masked URL.
 */
export function targetName(url: string): string {
  try {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    if (schema) return schema;
    const base = decodeURIComponent(parsed.pathname.replace(/^\/+/, '')).split('/').pop();
    if (base) return base;
  } catch {
    // not a URL (a plain file path): fall through
  }
  return maskSecrets(url);
}

/** Fails on an empty list and on two targets with one name or one URL (each would be deployed twice). */
export function checkTargets(targets: readonly FleetTarget[], source: string): FleetTarget[] {
  if (targets.length === 0) throw invalidTargets(source, 'it lists no targets.');
  const names = new Map<string, number>();
  const urls = new Map<string, string>();
  for (const target of targets) {
    if (names.has(target.name))
      throw invalidTargets(source, `two targets are named "${target.name}"; give each its own name.`);
    names.set(target.name, 1);
    const same = urls.get(target.url);
    if (same !== undefined)
      throw invalidTargets(
        source,
        `targets "${same}" and "${target.name}" have the same URL; it would be deployed twice.`,
      );
    urls.set(target.url, target.name);
  }
  return [...targets];
}

function invalidTargets(source: string, why: string): StrataError {
  return new StrataError(ErrorCodes.invalidArgument, `No targets from ${source}: ${why}`, {
    hint: 'List one URL per line (optionally `name URL`), or JSON/YAML: [{"name": "eu", "url": "env(\\"EU_URL\\")"}].',
    details: { source },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
