/**
 * Every `strata ...` line in a code block of README.md and docs/*.md is checked against the real
 * oclif command definitions: the command exists, every flag exists, and a concrete command line
 * (no `[`, `<`, `|` placeholders) parses with its values, the way `strata` itself would parse it.
 * A synopsis (`strata db execute (--file <path> | --stdin) [--url <url>]`) has its flags checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { type Command, Config, Parser } from '@oclif/core';
import { CLI_DIR } from './support/run-cli.js';

const ROOT = path.resolve(CLI_DIR, '../..');
const files = [
  path.join(ROOT, 'README.md'),
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join(ROOT, 'docs', f)),
];

interface DocumentedLine {
  readonly where: string;
  readonly text: string;
}

/** `strata ...` lines inside fenced code blocks, with `\` continuations joined and prompts dropped. */
function documentedLines(): DocumentedLine[] {
  const lines: DocumentedLine[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8').split('\n');
    let fenced = false;
    for (let i = 0; i < source.length; i++) {
      if (/^\s*```/.test(source[i]!)) {
        fenced = !fenced;
        continue;
      }
      if (!fenced) continue;
      let text = source[i]!.trim().replace(/^\$\s+/, '');
      const start = i;
      while (text.endsWith('\\') && i + 1 < source.length) text = `${text.slice(0, -1)} ${source[++i]!.trim()}`;
      // a synopsis continued on indented lines: `                    [--script] [--exit-code]`
      if (/^strata /.test(text))
        while (i + 1 < source.length && /^\s+[[(]/.test(source[i + 1]!)) text = `${text} ${source[++i]!.trim()}`;
      // `npx strata`, `pnpm strata`, `FOO=1 strata`, or after a pipe: the strata part only
      const at = /(?:^|[|;&]\s*)(?:[A-Z_]+=\S+\s+)*(?:npx |pnpm (?:exec )?)?strata (.*)$/.exec(text);
      if (at === null) continue;
      lines.push({ where: `${path.relative(ROOT, file)}:${start + 1}`, text: `strata ${at[1]!}` });
    }
    // in prose: `strata migrate deploy --url "$PROD"` as an inline code span
    source.forEach((line, index) => {
      for (const span of line.matchAll(/`(strata [^`]+)`/g))
        lines.push({ where: `${path.relative(ROOT, file)}:${index + 1}`, text: span[1]! });
    });
  }
  return lines;
}

/**
 * Flags named in prose (`--summary`) under a heading that names one command
 * (`## \`strata migrate diff\``): each must be a flag of that command. A section that names
 * another command's flag says so with a `strata ...` span, which is checked on its own.
 */
function sectionFlags(): DocumentedLine[] {
  const found: DocumentedLine[] = [];
  for (const file of files) {
    let command: string | undefined;
    let fenced = false;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (/^\s*```/.test(line)) fenced = !fenced;
        if (fenced) return;
        const heading = /^#{1,4} /.test(line) ? /^#{1,4} `strata ([a-z ]+)`\s*$/.exec(line) : undefined;
        if (heading !== undefined) command = heading?.[1]?.trim();
        if (command === undefined || heading) return;
        const withoutSpans = line.replace(/`strata [^`]+`/g, '');
        for (const flag of withoutSpans.matchAll(/`(--[a-z][a-z-]*)/g))
          found.push({ where: `${path.relative(ROOT, file)}:${index + 1}`, text: `strata ${command} ${flag[1]!} …` });
      });
  }
  return found;
}

/** Shell words, quotes honoured; stops at a comment, a pipe, a redirect or a command separator. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'|;&<>#]+)|([|;&<>#]))/g;
  let current = '';
  let open = false;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    if (m[4] !== undefined) break;
    const glued = m[0].length > 0 && !/^\s/.test(m[0]) && open;
    const piece = m[1] ?? m[2] ?? m[3] ?? '';
    if (glued) current += piece;
    else {
      if (open) out.push(current);
      current = piece;
    }
    open = true;
  }
  if (open) out.push(current);
  return out;
}

const isSynopsis = (text: string) => /[[\]<>|(){}]|\.\.\.|…|project flags/.test(text);

let config: Promise<Config> | undefined;
async function commandFor(
  tokens: readonly string[],
): Promise<{ id: string; command: Command.Class; rest: string[] } | undefined> {
  config ??= Config.load(CLI_DIR);
  const loaded = await config;
  for (let n = Math.min(tokens.length, 3); n > 0; n--) {
    const id = tokens.slice(0, n).join(':');
    const found = loaded.findCommand(id);
    if (found) return { id, command: await found.load(), rest: tokens.slice(n) };
  }
  return undefined;
}

const lines = [...documentedLines(), ...sectionFlags()];

describe('documented command lines', () => {
  test('there are documented command lines to check', () => {
    expect(lines.length).toBeGreaterThan(20);
  });

  test.each(lines.map((l) => [l.where, l.text]))('%s: %s', async (_where, text) => {
    const tokens = words(text).slice(1); // without "strata"
    // `strata --help`, `strata --version`: global
    if (tokens.length === 0 || tokens[0]!.startsWith('-')) {
      expect(['--help', '--version', '-h', undefined]).toContain(tokens[0]);
      return;
    }
    const found = await commandFor(tokens);
    // `strata migrate --help`: a topic's help
    config ??= Config.load(CLI_DIR);
    if (found === undefined && tokens.at(-1) === '--help' && (await config).findTopic(tokens.slice(0, -1).join(':')))
      return;
    expect({ command: tokens.slice(0, 2).join(' '), exists: found !== undefined }).toEqual({
      command: tokens.slice(0, 2).join(' '),
      exists: true,
    });
    const { command, rest } = found!;
    const flags = { ...command.baseFlags, ...command.flags };
    const known = new Set(
      Object.entries(flags).flatMap(([name, definition]) => {
        const flag = definition as { char?: string; aliases?: readonly string[]; allowNo?: boolean };
        return [
          `--${name}`,
          ...(flag.char ? [`-${flag.char}`] : []),
          ...(flag.aliases ?? []).map((alias) => `--${alias}`),
          ...(flag.allowNo ? [`--no-${name}`] : []),
        ];
      }),
    );
    known.add('--json');
    known.add('--help');
    known.add('-h');
    if (isSynopsis(text)) {
      for (const flag of text.match(/(?<![\w-])--?[a-z][a-z-]*/g) ?? [])
        if (flag !== '--') expect({ flag, known: known.has(flag) }).toEqual({ flag, known: true });
      return;
    }
    // a bare command name in prose (`strata migrate resolve`) names it; required flags are not its point
    if (rest.length === 0 || rest.includes('--help') || rest.includes('-h')) return;
    await expect(
      Parser.parse(rest, {
        flags: { ...flags, json: { type: 'boolean', name: 'json', parse: async (b: boolean) => b } as never },
        args: command.args ?? {},
        strict: command.strict ?? true,
      }),
    ).resolves.toBeDefined();
  });
});
