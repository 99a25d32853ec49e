/**
 * Rename decisions for the differ (ARCHITECTURE.md 3.4): `--rename` hints first; on a TTY the
 * user is asked about every other candidate; otherwise (and always with --json) the candidate is
 * declined, which plans drop + create with a `possible-rename` warning, and is reported as
 * unresolved so a script can pass `--rename`.
 */
import {
  hintResolver,
  parseRenameHint,
  type RenameCandidate,
  type RenameResolver,
  type SchemaModel,
  translateRenameHints,
} from '@strata/core';
import { choose, type Question } from '../ui/prompt.js';
import type { Terminal } from '../ui/terminal.js';

export interface CliRenameResolver {
  readonly resolve: RenameResolver;
  /** Candidates declined without the user having been asked. */
  readonly unresolved: () => readonly RenameCandidate[];
  readonly unusedHints: () => readonly string[];
}

export function describeCandidate(c: RenameCandidate): { what: string; from: string; to: string; flag: string } {
  switch (c.kind) {
    case 'table':
      return { what: 'table', from: c.from, to: c.to, flag: `--rename ${c.from}=${c.to}` };
    case 'enum':
      return { what: 'enum', from: c.from, to: c.to, flag: `--rename ${c.from}=${c.to}` };
    case 'column':
      return { what: 'column', from: `${c.table}.${c.from}`, to: c.to, flag: `--rename ${c.table}.${c.from}=${c.to}` };
    case 'enumValue':
      return {
        what: 'enum value',
        from: `${c.enum}.${c.from}`,
        to: c.to,
        flag: `--rename ${c.enum}.${c.from}=${c.to}`,
      };
    case 'index':
      return { what: 'index', from: `${c.table}.${c.from}`, to: c.to, flag: `--rename ${c.table}.${c.from}=${c.to}` };
  }
}

export function createRenameResolver(
  terminal: Terminal,
  hintTexts: readonly string[],
  model: SchemaModel | undefined,
): CliRenameResolver {
  const parsed = hintTexts.map(parseRenameHint);
  const hints = hintResolver(translateRenameHints(parsed, model, model));
  const unresolved: RenameCandidate[] = [];
  const resolve: RenameResolver = async (candidate) => {
    if (await hints(candidate)) return true;
    // Index renames with the same shape are accepted by the hint resolver; anything else it
    // declined is a question for the user.
    if (!terminal.interactive) {
      unresolved.push(candidate);
      return false;
    }
    const d = describeCandidate(candidate);
    const question: Question = {
      message: `Was ${d.what} ${d.from} renamed to ${d.to}, or dropped and created?`,
      flag: d.flag,
    };
    return (
      (await choose(terminal, question, [
        `renamed to ${d.to} (data kept)`,
        `${d.from} dropped, ${d.to} created (data in ${d.from} lost)`,
      ])) === 0
    );
  };
  return {
    resolve,
    unresolved: () => unresolved,
    unusedHints: () => hints.unused().map((h) => `${h.owner === undefined ? '' : `${h.owner}.`}${h.from}=${h.to}`),
  };
}
