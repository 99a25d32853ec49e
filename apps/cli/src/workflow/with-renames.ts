/**
 * Runs a workflow with the CLI's rename resolver and, when it fails, adds the rename candidates
 * nobody decided to the error: without a TTY a possible rename becomes drop + create, whose
 * warnings then block, and the way out is a `--rename` flag the error can name.
 */
import type { RenameCandidate } from '@strata/core';
import { StrataCliError } from '../errors/cli-error.js';
import { type CliRenameResolver, describeCandidate } from './renames.js';

export interface RenameCandidateJson {
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  /** The flag that accepts it. */
  readonly flag: string;
}

export function candidateJson(c: RenameCandidate): RenameCandidateJson {
  const d = describeCandidate(c);
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
    const flags = unresolved.map((c) => describeCandidate(c).flag).join(' ');
    throw new StrataCliError(shape.code, String(shape.message), {
      hint: `If these were renames, pass ${flags} (a rename keeps the data). ${typeof shape.hint === 'string' ? shape.hint : ''}`.trim(),
      details: {
        ...(typeof shape.details === 'object' && shape.details !== null ? shape.details : {}),
        unresolvedRenames: unresolved.map(candidateJson),
      },
      cause: error,
    });
  }
}
