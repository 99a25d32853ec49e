/** Human output shared by the migrate/db commands. */
import { rowsSuffix, type StatusProblem, type Warning } from '@strata/core';
import { paint, type Terminal } from '../ui/terminal.js';

export function renderWarnings(t: Terminal, warnings: readonly Warning[]): void {
  for (const w of warnings) {
    const colour = w.severity === 'review' ? 'cyan' : w.severity === 'data-loss' ? 'yellow' : 'red';
    t.err(`${paint(t, colour, `warning[${w.code}]`)} ${w.message}${rowsSuffix(w)}`);
  }
}

export function renderProblems(t: Terminal, problems: readonly StatusProblem[]): void {
  for (const p of problems) {
    const colour = p.severity === 'error' ? 'red' : p.severity === 'warning' ? 'yellow' : 'cyan';
    t.out(`${paint(t, colour, `${p.severity}[${p.code}]`)} ${p.message}`);
    for (const d of p.differences ?? []) t.out(`    - ${d}`);
    t.out(`    ${paint(t, 'dim', 'fix:')} ${p.fix}`);
  }
}
