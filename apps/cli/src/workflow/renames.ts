/**
 * Rename decisions for the differ (docs/architecture.md#renames): `--rename` hints first; on a TTY the
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
  /** A candidate in the names a user writes, with the `--rename` flag that accepts it. */
  readonly describe: (c: RenameCandidate) => DescribedCandidate;
}

export interface DescribedCandidate {
  readonly what: string;
  readonly from: string;
  readonly to: string;
  /** `--rename ...`, quoted for a POSIX shell when a name needs it. */
  readonly flag: string;
}

/**
 * A candidate in schema names where the (target) schema knows them: the owner's model or enum
 * name and the new field or value name. The old name is the database's (its schema name left
 * with the old schema); `--rename` accepts either kind of name.
 */
export function describeCandidate(c: RenameCandidate, model?: SchemaModel): DescribedCandidate {
  const flag = (text: string) => `--rename ${shellWord(text)}`;
  switch (c.kind) {
    case 'table': {
      const to = model?.models.find((m) => m.dbName === c.to)?.name ?? c.to;
      return { what: 'table', from: c.from, to, flag: flag(`${c.from}=${to}`) };
    }
    case 'enum': {
      const to = model?.enums.find((e) => e.dbName === c.to)?.name ?? c.to;
      return { what: 'enum', from: c.from, to, flag: flag(`${c.from}=${to}`) };
    }
    case 'column': {
      const owner = model?.models.find((m) => m.dbName === c.table);
      const to = owner?.fields.find((f) => f.kind !== 'relation' && f.dbName === c.to)?.name ?? c.to;
      const table = owner?.name ?? c.table;
      return { what: 'column', from: `${table}.${c.from}`, to, flag: flag(`${table}.${c.from}=${to}`) };
    }
    case 'enumValue': {
      const owner = model?.enums.find((e) => e.dbName === c.enum);
      const to = owner?.values.find((v) => v.dbName === c.to)?.name ?? c.to;
      const name = owner?.name ?? c.enum;
      return { what: 'enum value', from: `${name}.${c.from}`, to, flag: flag(`${name}.${c.from}=${to}`) };
    }
    case 'index': {
      const table = model?.models.find((m) => m.dbName === c.table)?.name ?? c.table;
      return { what: 'index', from: `${table}.${c.from}`, to: c.to, flag: flag(`${table}.${c.from}=${c.to}`) };
    }
  }
}

/** One shell word: as is when plain, else single-quoted (a `'` written as `'\''`). */
export function shellWord(text: string): string {
  return /^[\w.=@%+,:/-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

export function createRenameResolver(
  terminal: Terminal,
  hintTexts: readonly string[],
  model: SchemaModel | undefined,
): CliRenameResolver {
  const parsed = hintTexts.map(parseRenameHint);
  // The old names are looked up in no schema: the one at hand is the new one, where an old
  // name may mean something else. They are database names, or schema names matched loosely.
  const translated = translateRenameHints(parsed, undefined, model);
  const hints = hintResolver(translated);
  const describe = (c: RenameCandidate) => describeCandidate(c, model);
  const unresolved: RenameCandidate[] = [];
  const reported = new Set<string>();
  const resolve: RenameResolver = async (candidate, stage) => {
    if (await hints(candidate, stage)) {
      const named = hints.applied().find((a) => a.candidate === candidate);
      const key = JSON.stringify(candidate);
      if (named !== undefined && !reported.has(key)) {
        reported.add(key);
        const d = describe(candidate);
        const text = hintTexts[translated.indexOf(named.hint)]?.trim();
        terminal.err(`renaming ${d.what} ${d.from} to ${d.to} (--rename ${shellWord(text ?? '')})`);
      }
      return true;
    }
    // Index renames with the same shape are accepted by the hint resolver; anything else it
    // declined is a question for the user.
    if (!terminal.interactive) {
      unresolved.push(candidate);
      return false;
    }
    const d = describe(candidate);
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
    describe,
    unresolved: () => unresolved,
    unusedHints: () =>
      hints.unused().map((h) => shellWord(hintTexts[translated.indexOf(h)]?.trim() ?? `${h.from}=${h.to}`)),
  };
}
