/**
 * Workflow progress events rendered on stderr as they happen (which migration of how many, and
 * the time), so stdout keeps only the result. Paths are shown relative to where the user works.
 */
import path from 'node:path';
import type { WorkflowEvent } from '@strata/core';
import { paint, type Terminal } from '../ui/terminal.js';

/** A path as the user would type it from the working directory. */
export function shownPath(absolute: string, cwd: string = process.cwd()): string {
  return path.relative(cwd, absolute) || '.';
}

export function progressRenderer(terminal: Terminal, cwd: string = process.cwd()): (event: WorkflowEvent) => void {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (event) => {
    switch (event.type) {
      case 'migration-started': {
        const verb = event.action === 'rollback' ? 'rolling back' : 'applying';
        terminal.err(
          paint(
            terminal,
            'dim',
            `[${event.index}/${event.total}] ${verb} ${event.name}… (${seconds(event.elapsedMs)})`,
          ),
        );
        break;
      }
      case 'migration-applied': {
        const verb = event.action === 'rollback' ? 'rolled back' : 'applied';
        terminal.err(
          `[${event.index}/${event.total}] ${paint(terminal, 'green', verb)} ${event.name} in ${Math.round(event.durationMs)} ms (${seconds(event.elapsedMs)})`,
        );
        break;
      }
      case 'migration-failed': {
        const what = event.action === 'rollback' ? 'rollback failed' : 'failed';
        terminal.err(`[${event.index}/${event.total}] ${paint(terminal, 'red', what)} ${event.name}: ${event.error}`);
        break;
      }
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
        terminal.err(`wrote ${shownPath(event.path, cwd)}${path.sep}`);
        break;
      case 'info':
        terminal.err(event.message);
        break;
    }
  };
}
