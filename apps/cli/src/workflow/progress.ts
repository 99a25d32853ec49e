/** Workflow progress events rendered on stderr: which migration of how many, and the time. */
import type { WorkflowEvent } from '@strata/core';
import { paint, type Terminal } from '../ui/terminal.js';

export function progressRenderer(terminal: Terminal): (event: WorkflowEvent) => void {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (event) => {
    switch (event.type) {
      case 'migration-started':
        terminal.err(
          paint(
            terminal,
            'dim',
            `[${event.index}/${event.total}] applying ${event.name}… (${seconds(event.elapsedMs)})`,
          ),
        );
        break;
      case 'migration-applied':
        terminal.err(
          `[${event.index}/${event.total}] ${paint(terminal, 'green', 'applied')} ${event.name} in ${Math.round(event.durationMs)} ms (${seconds(event.elapsedMs)})`,
        );
        break;
      case 'migration-failed':
        terminal.err(
          `[${event.index}/${event.total}] ${paint(terminal, 'red', 'failed')} ${event.name}: ${event.error}`,
        );
        break;
      case 'lock-waiting':
        terminal.err(paint(terminal, 'dim', `waiting for the migration lock (up to ${seconds(event.timeoutMs)})…`));
        break;
      case 'lock-acquired':
        if (event.waitedMs >= 1000)
          terminal.err(paint(terminal, 'dim', `lock acquired after ${seconds(event.waitedMs)}`));
        break;
      case 'history-imported':
        terminal.err(`imported ${event.count} migration(s) from ${event.from}`);
        break;
      case 'folder-written':
        terminal.err(`wrote ${event.path}`);
        break;
      case 'info':
        terminal.err(event.message);
        break;
    }
  };
}
