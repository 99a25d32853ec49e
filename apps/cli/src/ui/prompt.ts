/**
 * Questions to the user, only on a TTY. Without one, a command never waits for input: it fails
 * with `needs-input`, naming the flag that answers the question.
 */
import { StrataCliError } from '../errors/cli-error.js';
import type { Terminal } from './terminal.js';

export interface Question {
  readonly message: string;
  /** The flag a script passes instead of answering, e.g. `--name <name>`. */
  readonly flag: string;
}

async function ask(terminal: Terminal, question: Question, suffix: string): Promise<string> {
  if (!terminal.interactive) {
    throw new StrataCliError('needs-input', `${question.message} (no terminal to ask on)`, {
      hint: `Pass ${question.flag}.`,
      details: { flag: question.flag },
    });
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string>((resolve, reject) => {
      // Ctrl-C or Ctrl-D at a prompt ends the command; without these the question would wait forever.
      rl.once('SIGINT', () =>
        reject(new StrataCliError('interrupted', 'Interrupted.', { hint: `Run again, or pass ${question.flag}.` })),
      );
      rl.once('close', () =>
        reject(
          new StrataCliError('needs-input', `${question.message} (input closed)`, { hint: `Pass ${question.flag}.` }),
        ),
      );
      rl.question(`${question.message}${suffix}`).then((answer) => resolve(answer.trim()), reject);
    });
  } finally {
    rl.removeAllListeners('close');
    rl.close();
  }
}

export async function askText(terminal: Terminal, question: Question, defaultValue?: string): Promise<string> {
  const answer = await ask(terminal, question, defaultValue ? ` (${defaultValue}) ` : ' ');
  return answer || defaultValue || '';
}

export async function confirm(terminal: Terminal, question: Question): Promise<boolean> {
  const answer = await ask(terminal, question, ' [y/N] ');
  return /^y(es)?$/i.test(answer);
}

/** Picks one of `choices` by number. */
export async function choose(terminal: Terminal, question: Question, choices: readonly string[]): Promise<number> {
  const menu = choices.map((c, i) => `  ${i + 1}) ${c}`).join('\n');
  for (;;) {
    const answer = await ask(terminal, { ...question, message: `${question.message}\n${menu}\n` }, '> ');
    const index = Number(answer) - 1;
    if (Number.isInteger(index) && index >= 0 && index < choices.length) return index;
    terminal.err(`Answer with a number from 1 to ${choices.length}.`);
  }
}
