/**
 * Everything the CLI writes for humans goes through here: stdout for results, stderr for
 * progress and errors. Colours only on a TTY and never with NO_COLOR (https://no-color.org).
 */
export interface Terminal {
  readonly interactive: boolean;
  readonly colors: boolean;
  out(line: string): void;
  err(line: string): void;
}

export function createTerminal(options: { readonly json: boolean }): Terminal {
  const colors = process.stderr.isTTY === true && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
  // Prompts need both ends: a human typing and a human reading.
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true && !options.json;
  return {
    interactive,
    colors,
    out: (line) => {
      // With --json, stdout carries the JSON document and nothing else.
      if (!options.json) process.stdout.write(`${line}\n`);
    },
    err: (line) => process.stderr.write(`${line}\n`),
  };
}

const CODES = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
} as const;

export type Style = keyof typeof CODES;

export function paint(terminal: Pick<Terminal, 'colors'>, style: Style, text: string): string {
  if (!terminal.colors) return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** Progress on stderr: "[2/5] 20261122_add_role (0.4 s)". */
export function createProgress(terminal: Terminal): {
  step(index: number, total: number, label: string): void;
  done(label: string): void;
} {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  return {
    step: (index, total, label) => terminal.err(paint(terminal, 'dim', `[${index}/${total}] ${label} (${elapsed()})`)),
    done: (label) => terminal.err(paint(terminal, 'dim', `${label} in ${elapsed()}`)),
  };
}
