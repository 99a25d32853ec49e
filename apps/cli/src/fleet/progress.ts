/**
 * A fleet run's progress on stderr. On a TTY: one line redrawn in place (done, failed, running,
 * the slowest running target), with a line of its own for each target that fails. Elsewhere (CI
 * logs): one line per finished target.
 */
import type { FleetEvent } from '@strata/core';
import { paint, type Terminal } from '../ui/terminal.js';

interface FinishedReport {
  readonly name: string;
  readonly state: string;
  readonly durationMs: number;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface FleetProgress<Report extends FinishedReport> {
  readonly listener: (event: FleetEvent<Report>) => void;
  /** A line of text that must not be overdrawn by the live line. */
  note(line: string): void;
  /** Clears the live line (before the summary). */
  end(): void;
}

/** Redrawing more often than this only costs CPU: a person reads a few updates per second. */
const REDRAW_MS = 100;

export function fleetProgress<Report extends FinishedReport>(
  terminal: Terminal,
  options: {
    readonly verb: string;
    readonly isProblem: (report: Report) => boolean;
    readonly describe: (report: Report) => string;
    /** Off a TTY, a line for every finished target (deploy) or only for problems (status: its matrix follows). */
    readonly everyTarget: boolean;
  },
): FleetProgress<Report> {
  const live = process.stderr.isTTY === true;
  const running = new Map<string, number>();
  let total = 0;
  let done = 0;
  let problems = 0;
  let shown = false;
  let lastDraw = 0;
  let timer: NodeJS.Timeout | undefined;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

  const line = (): string => {
    const now = Date.now();
    let slowest: [string, number] | undefined;
    for (const [name, since] of running) if (slowest === undefined || since < slowest[1]) slowest = [name, since];
    const parts = [
      `${options.verb} ${done}/${total} done`,
      problems > 0 ? paint(terminal, 'red', `${problems} failed`) : '0 failed',
      `${running.size} running`,
      ...(slowest === undefined ? [] : [`slowest: ${slowest[0]} (${seconds(now - slowest[1])})`]),
    ];
    return parts.join(' · ');
  };
  const clear = (): void => {
    if (shown) process.stderr.write('\r\u001b[K');
    shown = false;
  };
  const draw = (): void => {
    if (!live) return;
    lastDraw = Date.now();
    process.stderr.write(`\r\u001b[K${line()}`);
    shown = true;
  };
  const schedule = (): void => {
    if (!live) return;
    if (Date.now() - lastDraw >= REDRAW_MS) draw();
    else if (timer === undefined)
      timer = setTimeout(() => {
        timer = undefined;
        draw();
      }, REDRAW_MS);
  };
  // the slowest target's time keeps counting while nothing else happens
  const ticker = live ? setInterval(draw, 1000) : undefined;
  ticker?.unref();

  const note = (text: string): void => {
    clear();
    terminal.err(text);
    if (live) draw();
  };

  return {
    listener(event) {
      switch (event.type) {
        case 'fleet-started':
          total = event.total;
          schedule();
          break;
        case 'target-started':
          running.set(event.target, Date.now());
          schedule();
          break;
        case 'target-finished': {
          running.delete(event.target);
          done = event.done;
          const problem = options.isProblem(event.report);
          if (problem) problems++;
          const text = `[${event.done}/${event.total}] ${event.target}: ${options.describe(event.report)} (${seconds(event.report.durationMs)})`;
          if (problem) note(paint(terminal, 'red', text));
          else if (!live && options.everyTarget) terminal.err(text);
          else schedule();
          break;
        }
        case 'fleet-stopping':
          note(
            event.reason === 'fail-fast'
              ? 'Stopping (--fail-fast): no new target starts; running ones finish.'
              : 'Stopping: no new target starts; running ones finish their current migration. Ctrl-C again stops now.',
          );
          break;
        case 'target-progress':
          break;
      }
    },
    note,
    end() {
      if (ticker !== undefined) clearInterval(ticker);
      if (timer !== undefined) clearTimeout(timer);
      clear();
    },
  };
}

/**
 * Ctrl-C during a fleet run: the first stops new targets (the signal), the second ends the
 * process now (exit 130; a running migration's transaction is rolled back by the server).
 * While installed, locks leave the shutdown to it (core's `releaseOnSignals`).
 */
export function interruptOnSignals(controller: AbortController): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      controller.abort();
      return;
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
