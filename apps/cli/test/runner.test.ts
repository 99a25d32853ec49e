/**
 * `strata` runs a plain command line without oclif (src/execute.ts, src/runner/parse.ts): the
 * command it finds and the flags it parses must be oclif's, for every command, or it must leave
 * the line to oclif. Checked here against oclif's own Config and Parser on generated lines.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { type Command, Config, Parser } from '@oclif/core';
import * as OclifArgs from '@oclif/core/args';
import * as OclifFlags from '@oclif/core/flags';
import { normalizeArgv } from '@oclif/core/help';
import fc from 'fast-check';
import { commandIdOf } from '../src/execute.js';
import { Args, allFlags, Flags } from '../src/runner/flags.js';
import { parseSimple } from '../src/runner/parse.js';
import { CLI_DIR } from './support/run-cli.js';

let config: Config;
let commands: { id: string; command: Command.Class }[];

beforeAll(async () => {
  config = await Config.load(CLI_DIR);
  commands = await Promise.all(
    config.commands
      .filter((c) => c.pluginName === '@strata/cli') // the commands src/execute.ts runs; not oclif's plugins:*
      .map(async (c) => ({ id: c.id, command: (await c.load()) as Command.Class })),
  );
});

/** A definition without its functions (they differ by identity only; their behaviour is tested below). */
const shape = (definition: object) =>
  Object.fromEntries(Object.entries(definition).map(([k, v]) => [k, typeof v === 'function' ? 'function' : v]));

describe('flag definitions', () => {
  test("have the shape of oclif's builders", () => {
    const options = { description: 'd', helpGroup: 'G', exclusive: ['x'], options: ['a', 'b'], default: 'a' };
    expect(shape(Flags.string(options))).toStrictEqual(shape(OclifFlags.string(options)));
    expect(shape(Flags.string({ multiple: true }))).toStrictEqual(shape(OclifFlags.string({ multiple: true })));
    expect(shape(Flags.boolean({ description: 'd' }))).toStrictEqual(shape(OclifFlags.boolean({ description: 'd' })));
    expect(shape(Flags.integer({ min: 1, max: 3 }))).toStrictEqual(shape(OclifFlags.integer({ min: 1, max: 3 })));
    expect(shape(Args.string({ description: 'd' }))).toStrictEqual(shape(OclifArgs.string({ description: 'd' })));
  });

  test("integers are parsed, and refused, with oclif's messages", async () => {
    const ours = Flags.integer({ min: 1, max: 256 });
    const theirs = OclifFlags.integer({ min: 1, max: 256 });
    for (const input of ['1', '256', '0', '257', '-3', '1.5', 'x', '', '07']) {
      const outcome = (flag: { parse: (i: string, c: never, f: never) => Promise<unknown> }) =>
        flag.parse(input, {} as never, flag as never).then(
          (value) => ({ value }),
          (error: Error) => ({ error: error.message }),
        );
      expect(await outcome(ours)).toStrictEqual(await outcome(theirs));
    }
  });
});

/** Words a command line of `command` may hold: its flags, good and bad values, strays. */
function wordsOf(command: Command.Class): fc.Arbitrary<string[]> {
  const flags = allFlags(command.flags as never, command.baseFlags as never, command.enableJsonFlag);
  const words: fc.Arbitrary<string[]>[] = [
    fc.constantFrom(['extra'], ['--'], ['-h'], ['--nope'], ['-'], ['--no-json'], ['--json=1']),
  ];
  for (const [name, flag] of Object.entries(flags)) {
    if (flag.type === 'boolean') {
      words.push(fc.constant([`--${name}`]));
      continue;
    }
    const values = fc.oneof(
      fc.constantFrom(...(flag.options ?? ['value', 'a=b', '1', '0', '300', '-1', '--json', ''])),
      fc.string({ maxLength: 4 }),
    );
    words.push(values.map((v) => [`--${name}`, v]));
    words.push(values.map((v) => [`--${name}=${v}`]));
    words.push(fc.constant([`--${name}`]));
    if (flag.char !== undefined) words.push(values.map((v) => [`-${flag.char}`, v]));
  }
  return fc.array(fc.oneof(...words), { maxLength: 5 }).map((parts) => parts.flat());
}

async function oclifParse(command: Command.Class, argv: string[]) {
  return Parser.parse(argv, {
    context: {} as never,
    ...command,
    flags: allFlags(command.flags as never, command.baseFlags as never, command.enableJsonFlag) as never,
    args: (command.args ?? {}) as never,
  } as never).then(
    (output) => ({ flags: output.flags, argv: output.argv }),
    (error: Error) => ({ error: error.message }),
  );
}

describe('parseSimple', () => {
  test("gives oclif's flags, or leaves the command line to oclif", async () => {
    let simple = 0;
    for (const { id, command } of commands) {
      await fc.assert(
        fc.asyncProperty(wordsOf(command), async (argv) => {
          const input = {
            flags: allFlags(command.flags as never, command.baseFlags as never, command.enableJsonFlag),
            args: command.args ?? {},
            strict: command.strict ?? true,
          };
          const ours = await parseSimple(argv, input, {});
          if (ours === undefined) return;
          simple++;
          expect({ id, argv, parsed: { flags: ours.flags, argv: ours.argv } }).toStrictEqual({
            id,
            argv,
            parsed: await oclifParse(command, argv),
          });
        }),
        { numRuns: 150 },
      );
    }
    // the point of it: plain command lines are parsed without oclif
    expect(simple).toBeGreaterThan(100);
  });

  test('parses the lines the benchmarks and CI jobs use', async () => {
    const diff = commands.find((c) => c.id === 'migrate:diff')!.command;
    const argv = ['--from-empty', '--to-schema', 'prisma/schema.prisma', '--script'];
    const input = {
      flags: allFlags(diff.flags as never, diff.baseFlags as never, diff.enableJsonFlag),
      args: {},
      strict: true,
    };
    expect((await parseSimple(argv, input, {}))?.flags).toStrictEqual(
      ((await oclifParse(diff, argv)) as { flags: unknown }).flags,
    );
  });
});

describe('commandIdOf', () => {
  test("finds oclif's command id, or none oclif would not find", () => {
    const manifestCommands = Object.fromEntries(
      commands.map(({ id, command }) => [id, { strict: command.strict, args: command.args ?? {} }]),
    );
    const word = fc.constantFrom(
      ...new Set(commands.flatMap(({ id }) => id.split(':'))),
      'migrate:status',
      'db:push',
      'help',
      'nope',
      '--json',
      '--schema',
      'x=y',
      '-h',
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (argv) => {
        const [id, ...rest] = commandIdOf(argv, manifestCommands);
        if (id === undefined || !(id in manifestCommands)) return;
        expect([id, ...rest]).toStrictEqual(normalizeArgv(config, [...argv]));
      }),
      { numRuns: 500 },
    );
  });
});
