/**
 * Rename resolution. The differ never guesses: objects that disappear and appear in the same
 * diff with a compatible shape become CANDIDATES, and a resolver decides. The CLI's resolver asks
 * on a TTY; `hintResolver` takes `--rename` hints; anything declined is planned as drop + create
 * and reported as a `possible-rename` warning (see `lintChanges`).
 *
 * Resolution runs in three stages because later candidates depend on earlier answers: tables and
 * enums first, then columns and enum values (inside paired tables/enums), then indexes (whose
 * shape depends on column renames).
 */
import type { DiffHooks } from '../provider/contract.js';
import type { DatabaseSchema, Table } from '../sql/ir.js';
import { qualifiedName } from '../sql/ir.js';
import { columnTypesEqual, createDiffContext, type DiffContext, indexShapesEqual } from './compare.js';
import { namespaceMoves } from './moves.js';
import { pairBy } from './pairing.js';
import type { RenameCandidate, RenameDecision, RenameResolver } from './rename-candidates.js';

export type { RenameCandidate, RenameDecision, RenameKind, RenameResolver } from './rename-candidates.js';

export type RenameStage = 1 | 2 | 3;

export interface RenameCandidateOptions {
  readonly hooks?: DiffHooks;
  /** Renames accepted so far (earlier stages). */
  readonly decisions?: readonly RenameDecision[];
  readonly stage: RenameStage;
}

/** The candidates of one stage, given the decisions of the earlier ones. Deterministic order. */
export function renameCandidates(
  given: DatabaseSchema,
  wanted: DatabaseSchema,
  options: RenameCandidateOptions,
): RenameCandidate[] {
  // compared as `diff` compares them: an index the database made itself is no rename candidate
  const normalize = options.hooks?.normalize;
  const from = normalize === undefined ? given : normalize(given);
  const to = normalize === undefined ? wanted : normalize(wanted);
  const decisions = options.decisions ?? [];
  const context = createDiffContext(decisions, options.hooks, namespaceMoves(from, to, decisions));
  switch (options.stage) {
    case 1:
      return [...tableCandidates(from, to, context), ...enumCandidates(from, to)];
    case 2:
      return memberCandidates(from, to, context);
    case 3:
      return indexCandidates(from, to, context);
  }
}

function tableCandidates(from: DatabaseSchema, to: DatabaseSchema, context: DiffContext): RenameCandidate[] {
  const { dropped, created } = pairBy(from.tables, to.tables, qualifiedName, qualifiedName);
  const out: RenameCandidate[] = [];
  for (const d of dropped) {
    for (const c of created) {
      if (d.namespace !== c.namespace || !tablesLookAlike(context, d, c)) continue;
      out.push({ kind: 'table', ...ns(d.namespace), from: d.name, to: c.name });
    }
  }
  return out;
}

/** At least half of the larger table's columns exist in the other with the same name and type. */
function tablesLookAlike(context: DiffContext, a: Table, b: Table): boolean {
  const columns = new Map(a.columns.map((c) => [c.name, c]));
  let same = 0;
  for (const column of b.columns) {
    const other = columns.get(column.name);
    if (other !== undefined && columnTypesEqual(context, other.type, column.type)) same += 1;
  }
  return same > 0 && same * 2 >= Math.max(a.columns.length, b.columns.length);
}

function enumCandidates(from: DatabaseSchema, to: DatabaseSchema): RenameCandidate[] {
  const { dropped, created } = pairBy(from.enums, to.enums, qualifiedName, qualifiedName);
  const out: RenameCandidate[] = [];
  for (const d of dropped) {
    const values = new Set(d.values);
    for (const c of created) {
      if (d.namespace !== c.namespace) continue;
      const same = c.values.filter((v) => values.has(v)).length;
      if (same > 0 && same * 2 >= Math.max(d.values.length, c.values.length)) {
        out.push({ kind: 'enum', ...ns(d.namespace), from: d.name, to: c.name });
      }
    }
  }
  return out;
}

function memberCandidates(from: DatabaseSchema, to: DatabaseSchema, context: DiffContext): RenameCandidate[] {
  const out: RenameCandidate[] = [];
  const tables = pairBy(from.tables, to.tables, qualifiedName, qualifiedName, context.tableRenames);
  for (const [a, b] of tables.pairs) {
    const { dropped, created } = pairBy(
      a.columns,
      b.columns,
      (c) => c.name,
      (c) => c.name,
    );
    for (const d of dropped) {
      for (const c of created) {
        if (columnTypesEqual(context, d.type, c.type)) {
          out.push({ kind: 'column', ...ns(b.namespace), table: b.name, from: d.name, to: c.name });
        }
      }
    }
  }
  const enums = pairBy(from.enums, to.enums, qualifiedName, qualifiedName, context.enumRenames);
  for (const [a, b] of enums.pairs) {
    const { dropped, created } = pairBy(
      a.values,
      b.values,
      (v) => v,
      (v) => v,
    );
    for (const d of dropped) {
      for (const c of created) out.push({ kind: 'enumValue', ...ns(b.namespace), enum: b.name, from: d, to: c });
    }
  }
  return out;
}

function indexCandidates(from: DatabaseSchema, to: DatabaseSchema, context: DiffContext): RenameCandidate[] {
  const out: RenameCandidate[] = [];
  const tables = pairBy(from.tables, to.tables, qualifiedName, qualifiedName, context.tableRenames);
  for (const [a, b] of tables.pairs) {
    const key = qualifiedName(b);
    const { dropped, created } = pairBy(
      a.indexes,
      b.indexes,
      (i) => i.name,
      (i) => i.name,
    );
    for (const d of dropped) {
      for (const c of created) {
        if (indexShapesEqual(context, key, d, c)) {
          out.push({ kind: 'index', ...ns(b.namespace), table: b.name, from: d.name, to: c.name });
        }
      }
    }
  }
  return out;
}

function ns(namespace: string | undefined): { namespace?: string } {
  return namespace === undefined ? {} : { namespace };
}

export interface RenameResolution {
  readonly decisions: readonly RenameDecision[];
  /** Candidates the resolver declined (and that no accepted rename made moot): `possible-rename` warnings. */
  readonly declined: readonly RenameCandidate[];
}

/** Offers every candidate, stage by stage, to the resolver. */
export async function resolveRenames(
  from: DatabaseSchema,
  to: DatabaseSchema,
  resolver: RenameResolver,
  options: { readonly hooks?: DiffHooks } = {},
): Promise<RenameResolution> {
  const decisions: RenameDecision[] = [];
  const declined: RenameCandidate[] = [];
  for (const stage of [1, 2, 3] as const) {
    const candidates = renameCandidates(from, to, { hooks: options.hooks, decisions, stage });
    for (const candidate of candidates) {
      if (decisions.some((d) => conflicts(d, candidate))) continue;
      if (await resolver(candidate, candidates)) decisions.push(candidate);
      else declined.push(candidate);
    }
  }
  return { decisions, declined: declined.filter((c) => !decisions.some((d) => conflicts(d, c))) };
}

/** Two renames that cannot both hold: same kind and owner, and the same source or target. */
function conflicts(a: RenameCandidate, b: RenameCandidate): boolean {
  return a.kind === b.kind && ownerKey(a) === ownerKey(b) && (a.from === b.from || a.to === b.to);
}

export function ownerKey(candidate: RenameCandidate): string {
  const owner =
    candidate.kind === 'column' || candidate.kind === 'index'
      ? candidate.table
      : candidate.kind === 'enumValue'
        ? candidate.enum
        : '';
  return `${candidate.namespace ?? ''}\u0000${owner}`;
}

/** `User.username → displayName`-style text for prompts and messages. */
export function describeCandidate(candidate: RenameCandidate): string {
  const prefix = candidate.namespace === undefined ? '' : `${candidate.namespace}.`;
  switch (candidate.kind) {
    case 'table':
      return `table ${prefix}${candidate.from} → ${candidate.to}`;
    case 'enum':
      return `enum ${prefix}${candidate.from} → ${candidate.to}`;
    case 'column':
      return `column ${prefix}${candidate.table}.${candidate.from} → ${candidate.to}`;
    case 'enumValue':
      return `enum value ${prefix}${candidate.enum}.${candidate.from} → ${candidate.to}`;
    case 'index':
      return `index ${prefix}${candidate.table}.${candidate.from} → ${candidate.to}`;
  }
}
