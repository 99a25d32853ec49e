/**
 * `--rename` hints: `User=Account` (a table or an enum), `User.username=displayName` (a column, an
 * enum value or an index of that owner). Users write MODEL and FIELD names; `translateRenameHints`
 * turns them into database names through the schema models (before and after), and hints already
 * written with table/column names pass through unchanged.
 *
 * The default non-interactive resolver accepts a candidate only when a hint names it.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { SchemaModel } from '../schema/model.js';
import type { RenameCandidate, RenameResolver } from './renames.js';

export interface RenameHint {
  /** For member renames (`User.username=...`): the owner (table or enum, target-side name). */
  readonly owner?: string;
  readonly from: string;
  readonly to: string;
}

/** Parses `Owner.from=to` or `from=to`. Throws `invalid-argument` on anything else. */
export function parseRenameHint(text: string): RenameHint {
  const match = /^\s*(?:([^.=\s]+)\.)?([^.=\s]+)\s*=\s*([^.=\s]+)\s*$/.exec(text);
  if (match === null) {
    throw new StrataError(ErrorCodes.invalidArgument, `Cannot read the rename hint "${text}".`, {
      hint: 'Write Model=NewModel, or Model.field=newField (Enum.VALUE=NEW_VALUE for enum values).',
    });
  }
  const [, owner, from, to] = match;
  return owner === undefined ? { from: from!, to: to! } : { owner, from: from!, to: to! };
}

/**
 * Model/field names -> table/column names (and enum/value names -> their database names).
 * `before` is the schema the migration starts from, `after` the one it goes to; either may be
 * absent (then names stay as written).
 */
export function translateRenameHints(
  hints: readonly RenameHint[],
  before: SchemaModel | undefined,
  after: SchemaModel | undefined,
): RenameHint[] {
  return hints.map((hint) => {
    if (hint.owner === undefined) {
      const fromModel = before?.models.find((m) => m.name === hint.from);
      const toModel = after?.models.find((m) => m.name === hint.to);
      if (fromModel !== undefined || toModel !== undefined) {
        return { from: fromModel?.dbName ?? hint.from, to: toModel?.dbName ?? hint.to };
      }
      const fromEnum = before?.enums.find((e) => e.name === hint.from);
      const toEnum = after?.enums.find((e) => e.name === hint.to);
      return { from: fromEnum?.dbName ?? hint.from, to: toEnum?.dbName ?? hint.to };
    }
    const owner = hint.owner;
    const beforeModel = before?.models.find((m) => m.name === owner);
    const afterModel = after?.models.find((m) => m.name === owner) ?? beforeModel;
    if (beforeModel !== undefined || afterModel !== undefined) {
      return {
        owner: afterModel?.dbName ?? owner,
        from: beforeModel?.fields.find((f) => f.name === hint.from)?.dbName ?? hint.from,
        to: afterModel?.fields.find((f) => f.name === hint.to)?.dbName ?? hint.to,
      };
    }
    const beforeEnum = before?.enums.find((e) => e.name === owner);
    const afterEnum = after?.enums.find((e) => e.name === owner) ?? beforeEnum;
    return {
      owner: afterEnum?.dbName ?? owner,
      from: beforeEnum?.values.find((v) => v.name === hint.from)?.dbName ?? hint.from,
      to: afterEnum?.values.find((v) => v.name === hint.to)?.dbName ?? hint.to,
    };
  });
}

export interface HintResolver extends RenameResolver {
  /** Hints that matched no candidate: the CLI reports them (`rename-unresolved`). */
  unused(): RenameHint[];
}

export interface HintResolverOptions {
  /**
   * Accept index renames without a hint. Default true: an index candidate has exactly the same
   * shape under a new name, so renaming loses nothing, and Prisma renames such indexes too.
   */
  readonly acceptIndexRenames?: boolean;
}

/** Accepts exactly the candidates a hint names (and same-shape index renames); declines everything else. */
export function hintResolver(hints: readonly RenameHint[], options: HintResolverOptions = {}): HintResolver {
  const used = new Set<RenameHint>();
  const acceptIndexes = options.acceptIndexRenames ?? true;
  const resolve = (candidate: RenameCandidate): boolean => {
    const hint = hints.find((h) => matches(h, candidate));
    if (hint === undefined) return acceptIndexes && candidate.kind === 'index';
    used.add(hint);
    return true;
  };
  return Object.assign(resolve, { unused: () => hints.filter((h) => !used.has(h)) });
}

function matches(hint: RenameHint, candidate: RenameCandidate): boolean {
  if (hint.from !== candidate.from || hint.to !== candidate.to) return false;
  switch (candidate.kind) {
    case 'table':
    case 'enum':
      return hint.owner === undefined;
    case 'column':
    case 'index':
      return hint.owner === candidate.table;
    case 'enumValue':
      return hint.owner === candidate.enum;
  }
}

/** Declines everything: every candidate becomes drop + create with a `possible-rename` warning. */
export const declineAllRenames: RenameResolver = () => false;

/** Accepts everything (tests, and `--accept-renames` style automation). */
export const acceptAllRenames: RenameResolver = () => true;
