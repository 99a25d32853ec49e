/**
 * The `--json` shapes of workflow results: explicit, stable, documented in docs/cli.md. Core's
 * result objects carry more (whole migration folders, IR); scripts get what they need.
 */
import type { StatusProblem, Warning } from '@strata/core';

export interface WarningJson {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly table?: string;
  readonly column?: string;
  readonly rows?: number;
}

export function warningJson(w: Warning): WarningJson {
  return {
    code: w.code,
    severity: w.severity,
    message: w.message,
    ...(w.table === undefined ? {} : { table: w.table }),
    ...(w.column === undefined ? {} : { column: w.column }),
    ...(w.rows === undefined ? {} : { rows: w.rows }),
  };
}

export interface ProblemJson {
  readonly code: string;
  readonly severity: string;
  readonly migration?: string;
  readonly message: string;
  readonly fix: string;
  readonly differences?: readonly string[];
}

export function problemJson(p: StatusProblem): ProblemJson {
  return {
    code: p.code,
    severity: p.severity,
    ...(p.migration === undefined ? {} : { migration: p.migration }),
    message: p.message,
    fix: p.fix,
    ...(p.differences === undefined ? {} : { differences: p.differences }),
  };
}
