import type { WorkflowEvent } from '../workflows/events.js';

/**
 * What a fleet run reports through `onProgress`: targets starting and finishing (with their
 * report), every target's own workflow events tagged with its name, and the run stopping early.
 * Plain data, so they can be forwarded as JSON lines.
 */
export type FleetEvent<Report> =
  | { readonly type: 'fleet-started'; readonly total: number; readonly concurrency: number }
  | { readonly type: 'target-started'; readonly target: string; readonly index: number; readonly total: number }
  | { readonly type: 'target-progress'; readonly target: string; readonly event: WorkflowEvent }
  | {
      readonly type: 'target-finished';
      readonly target: string;
      readonly report: Report;
      /** Targets finished so far, this one included. */
      readonly done: number;
      readonly total: number;
    }
  /** No further target starts: Ctrl-C (`signal`) or, with `failFast`, a target that failed. */
  | { readonly type: 'fleet-stopping'; readonly reason: 'interrupted' | 'fail-fast' };

export type FleetListener<Report> = (event: FleetEvent<Report>) => void;

/** A target's failure as reports carry it: the StrataError's code, words and hint, passwords masked. */
export interface TargetError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** The migration that failed, when one did. */
  readonly migration?: string;
  /** Its failing statement (`migration-failed`): position, line and first line of code. */
  readonly statement?: { readonly index: number; readonly total: number; readonly line: number; readonly text: string };
}
