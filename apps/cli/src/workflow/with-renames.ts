/**
 * Runs a workflow with the CLI's rename resolver and, when it fails, adds the rename candidates
 * nobody decided to the error: without a TTY a possible rename becomes drop + create, whose
 * warnings then block, and the way out is a `--rename` flag the error can name.
 */
import type { RenameCandidate } from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import type { CliRenameResolver } from './renames.js';

export interface RenameCandidateJson {
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  /** The flag that accepts it. */
  readonly flag: string;
}

export function candidateJson(c: RenameCandidate, resolver: CliRenameResolver): RenameCandidateJson {
  const d = resolver.describe(c);
  return { kind: c.kind, from: d.from, to: d.to, flag: d.flag };
}

export async function withRenameReport<T>(resolver: CliRenameResolver, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const unresolved = resolver.unresolved();
    const shape = error as {
      isStrataError?: unknown;
      code?: unknown;
      message?: unknown;
      hint?: unknown;
      details?: unknown;
    };
    if (unresolved.length === 0 || shape.isStrataError !== true || typeof shape.code !== 'string') throw error;
    const described = unresolved.map(resolver.describe);
    const renameStep =
      described.length === 1
        ? `If ${described[0]?.what} ${described[0]?.from} was renamed to ${described[0]?.to}, run again with ${described[0]?.flag} (a rename keeps the data).`
        : `If one of them was renamed, run again with ${described.map((d) => d.flag).join(' or ')} (a rename keeps the data).`;
    const details = typeof shape.details === 'object' && shape.details !== null ? shape.details : {};
    const previousSteps = nextStepsOf(details, shape.hint);
    // When a drop is what blocked, the rename (which replaces the drop) is the likeliest way on;
    // otherwise the workflow's own step stays first.
    const steps = blockedByDrop(details) ? [renameStep, ...previousSteps] : [...previousSteps, renameStep];
    throw new StrataCliError(shape.code, String(shape.message), {
      hint: steps[0] as string,
      details: {
        ...details,
        nextSteps: steps,
        unresolvedRenames: unresolved.map((c) => candidateJson(c, resolver)),
      },
      cause: error,
    });
  }
}

function nextStepsOf(details: { nextSteps?: unknown }, hint: unknown): string[] {
  if (Array.isArray(details.nextSteps)) return details.nextSteps.filter((x): x is string => typeof x === 'string');
  return typeof hint === 'string' && hint !== '' ? [hint] : [];
}

const DROP_WARNINGS = new Set(['drop-column', 'drop-table', 'remove-enum-value']);

function blockedByDrop(details: { warnings?: unknown }): boolean {
  if (!Array.isArray(details.warnings)) return true;
  return details.warnings.some((w: unknown) => {
    if (typeof w !== 'object' || w === null) return false;
    const { code, rows } = w as { code?: unknown; rows?: unknown };
    // a drop counted at 0 rows blocks nothing
    return DROP_WARNINGS.has(String(code)) && rows !== 0;
  });
}
