/**
 * `--rename` hints: `User=Account` (a table or an enum), `User.username=displayName` (a column, an
 * enum value or an index of that owner). Users write MODEL and FIELD names; `translateRenameHints`
 * turns them into database names through the schema models (before and after), and hints already
 * written with table/column names pass through unchanged.
 *
 * The old name is often in no schema at hand (`db push` has only the new schema, and the old
 * field's `@map` is gone with it), so the resolver also takes a hint whose old name names no
 * candidate exactly when its owner and new name pick one candidate: the one whose old database
 * name equals the hint's up to case and separators (`firstName` ~ `first_name`), else the only one.
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
  // Names may hold anything but `.` and `=` (a `@map("we\"ird 2")` name has a quote and a space).
  const match = /^\s*(?:([^.=]*[^.=\s])\s*\.\s*)?([^.=]*[^.=\s])\s*=\s*([^.=]*[^.=\s])\s*$/.exec(text);
  if (match === null) {
    throw new StrataError(ErrorCodes.invalidArgument, `Cannot read the rename hint "${text}".`, {
      hint: 'Write Model=NewModel, or Model.field=newField (Enum.VALUE=NEW_VALUE for enum values).',
    });
  }
  const [, owner, from, to] = match;
  return owner === undefined
    ? { from: from!.trim(), to: to!.trim() }
    : { owner: owner.trim(), from: from!.trim(), to: to!.trim() };
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
  // A name is a schema name or, failing that, a database name (`@map`/`@@map`): both are accepted.
  const modelOf = (schema: SchemaModel | undefined, name: string) =>
    schema?.models.find((m) => m.name === name) ?? schema?.models.find((m) => m.dbName === name);
  const enumOf = (schema: SchemaModel | undefined, name: string) =>
    schema?.enums.find((e) => e.name === name) ?? schema?.enums.find((e) => e.dbName === name);
  return hints.map((hint) => {
    if (hint.owner === undefined) {
      const fromModel = modelOf(before, hint.from);
      const toModel = modelOf(after, hint.to);
      if (fromModel !== undefined || toModel !== undefined) {
        return { from: fromModel?.dbName ?? hint.from, to: toModel?.dbName ?? hint.to };
      }
      const fromEnum = enumOf(before, hint.from);
      const toEnum = enumOf(after, hint.to);
      return { from: fromEnum?.dbName ?? hint.from, to: toEnum?.dbName ?? hint.to };
    }
    const owner = hint.owner;
    const beforeModel = modelOf(before, owner);
    const afterModel = modelOf(after, owner) ?? beforeModel;
    if (beforeModel !== undefined || afterModel !== undefined) {
      const column = (model: SchemaModel['models'][number] | undefined, name: string) =>
        model?.fields.find((f) => f.kind !== 'relation' && f.name === name)?.dbName ?? name;
      return {
        owner: afterModel?.dbName ?? owner,
        from: column(beforeModel, hint.from),
        to: column(afterModel, hint.to),
      };
    }
    const beforeEnum = enumOf(before, owner);
    const afterEnum = enumOf(after, owner) ?? beforeEnum;
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
  /** The candidates hints accepted, with the hint that named each (the CLI says which rename applied). */
  applied(): readonly { readonly hint: RenameHint; readonly candidate: RenameCandidate }[];
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
  const applied: { hint: RenameHint; candidate: RenameCandidate }[] = [];
  const acceptIndexes = options.acceptIndexRenames ?? true;
  const resolve = (candidate: RenameCandidate, stage?: readonly RenameCandidate[]): boolean => {
    const hint =
      hints.find((h) => matches(h, candidate)) ?? hints.find((h) => looseChoice(h, candidate, stage) === candidate);
    if (hint === undefined) return acceptIndexes && candidate.kind === 'index';
    used.add(hint);
    if (!applied.some((a) => a.hint === hint && sameCandidate(a.candidate, candidate)))
      applied.push({ hint, candidate });
    return true;
  };
  return Object.assign(resolve, { unused: () => hints.filter((h) => !used.has(h)), applied: () => applied });
}

/**
 * The one candidate a hint names by its owner and new name when its old name matches no candidate
 * exactly: the old database name equal up to case and separators, else the only candidate left.
 */
function looseChoice(
  hint: RenameHint,
  candidate: RenameCandidate,
  stage: readonly RenameCandidate[] | undefined,
): RenameCandidate | undefined {
  // Without the stage's list, "the only candidate left" cannot be known: only a like name counts.
  const sameOwner = (stage ?? [candidate]).filter((c) => c.kind === candidate.kind && ownerOf(c) === hint.owner);
  if (sameOwner.some((c) => c.from === hint.from)) return undefined;
  const sameTarget = sameOwner.filter((c) => c.to === hint.to);
  const alike = sameTarget.filter((c) => looseName(c.from) === looseName(hint.from));
  if (alike.length === 1) return alike[0];
  return alike.length === 0 && sameTarget.length === 1 && stage !== undefined ? sameTarget[0] : undefined;
}

const looseName = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function sameCandidate(a: RenameCandidate, b: RenameCandidate): boolean {
  return a.kind === b.kind && a.from === b.from && a.to === b.to && ownerOf(a) === ownerOf(b);
}

function ownerOf(candidate: RenameCandidate): string | undefined {
  switch (candidate.kind) {
    case 'table':
    case 'enum':
      return undefined;
    case 'column':
    case 'index':
      return candidate.table;
    case 'enumValue':
      return candidate.enum;
  }
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
