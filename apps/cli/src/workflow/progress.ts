/**
 * Workflow progress events rendered on stderr as they happen (which migration of how many, and
 * the time), so stdout keeps only the result. Paths are shown relative to where the user works.
 */
import path from 'node:path';
import { describeFailedStatement, type ResetObject, type WorkflowEvent } from '@strata/core';
import { paint, type Terminal } from '../ui/terminal.js';

/** A path as the user would type it from the working directory. */
export function shownPath(absolute: string, cwd: string = process.cwd()): string {
  return path.relative(cwd, absolute) || '.';
}

/** `table auth.User`, `view active_users (depends on User)`: one line of reset's list. */
export function describeResetObject(object: ResetObject): string {
  const name = object.namespace === undefined ? object.name : `${object.namespace}.${object.name}`;
  const kind = object.kind.replace('-', ' ');
  return `${kind} ${name}${object.dependsOn === undefined ? '' : ` (depends on ${object.dependsOn})`}`;
}

/** The lines `migrate reset` shows before it drops (or asks whether to drop). */
export function resetListLines(objects: readonly ResetObject[], verb: string): string[] {
  if (objects.length === 0) return [`${verb} nothing: no table, enum or history table in the managed schemas.`];
  return [`${verb} ${objects.length} object(s):`, ...objects.map((o) => `  - ${describeResetObject(o)}`)];
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
      // core sends these only when another process really holds the lock
      case 'lock-waiting':
        terminal.err(
          paint(
            terminal,
            'dim',
            `another strata process holds the migration lock; waiting for it (up to ${seconds(event.timeoutMs)})…`,
          ),
        );
        break;
      case 'lock-acquired':
        terminal.err(paint(terminal, 'dim', `lock acquired after ${seconds(event.waitedMs)}`));
        break;
      case 'history-imported':
        terminal.err(`imported ${event.count} migration(s) from ${event.from}`);
        break;
      case 'database-created':
        terminal.err(`created database ${event.database} (it did not exist)`);
        break;
      case 'statement-running':
        terminal.err(
          paint(
            terminal,
            'dim',
            `  ${event.name}: ${describeFailedStatement(event.statement)} still running after ${seconds(event.runningMs)}…`,
          ),
        );
        break;
      case 'migration-linted':
        // a CI log gets the findings, not one line per migration of the folder
        if (terminal.interactive)
          terminal.err(
            paint(
              terminal,
              'dim',
              `[${event.index}/${event.total}] linted ${event.name}: ${event.findings} finding(s) (${seconds(event.elapsedMs)})`,
            ),
          );
        break;
      case 'folder-written':
        terminal.err(`wrote ${shownPath(event.path, cwd)}${path.sep}`);
        break;
      case 'info':
        terminal.err(event.message);
        break;
      case 'reset-dropping':
        for (const line of resetListLines(event.objects, 'dropping')) terminal.err(line);
        break;
    }
  };
}
