/**
 * Statements that succeed or fail depending on the rows they find: the plan warnings of the same
 * name, judged from the SQL itself (hand-written SQL included), and the plan's own warnings for
 * what only the schemas show. With `--url`, a table without rows makes them harmless.
 */
import { WARNINGS, type WarningDefinition } from '../../plan/catalogue.js';
import type { LintRule, RuleHit, StatementEffect } from '../types.js';
import { rowsText } from './tables.js';

function onExistingRows(
  definition: WarningDefinition,
  match: (effect: StatementEffect) => { table: string; column?: string; message: string } | undefined,
  /** Rows at which the statement cannot fail (a unique index over one row). */
  harmlessUpTo = 0,
): LintRule {
  return {
    code: definition.code,
    family: 'data-dependent',
    severity: definition.severity,
    summary: definition.summary,
    safer: definition.action,
    check(statement, context) {
      return statement.effects.flatMap((effect): RuleHit[] => {
        const hit = match(effect);
        if (hit === undefined || !context.existedBefore(hit.table, statement)) return [];
        const rows = context.rows?.get(hit.table);
        if (rows !== undefined && rows <= harmlessUpTo) return [];
        return [{ ...hit, message: `${hit.message}${rowsText(rows)}`, ...(rows === undefined ? {} : { rows }) }];
      });
    },
  };
}

export const makeRequired = onExistingRows(WARNINGS.makeRequiredWithNulls, (effect) =>
  effect.kind === 'set-not-null'
    ? {
        table: effect.table,
        column: effect.column,
        message: `Makes \`${effect.table}\`.\`${effect.column}\` NOT NULL: it fails if a row holds NULL there.`,
      }
    : undefined,
);

export const addRequiredColumn = onExistingRows(WARNINGS.addRequiredColumnNoDefault, (effect) =>
  effect.kind === 'add-column' && effect.notNull && effect.default === undefined
    ? {
        table: effect.table,
        column: effect.column,
        message: `Adds the NOT NULL column \`${effect.column}\` without a default to \`${effect.table}\`: it fails if the table has rows.`,
      }
    : undefined,
);

export const addUnique = onExistingRows(
  WARNINGS.addUniqueOverDuplicates,
  (effect) =>
    (effect.kind === 'create-index' && effect.unique) ||
    (effect.kind === 'add-constraint' && (effect.constraint === 'unique' || effect.constraint === 'primary-key'))
      ? {
          table: effect.table,
          message: `Adds a unique ${effect.kind === 'create-index' ? 'index' : 'key'} to \`${effect.table}\`: it fails if the rows hold duplicates.`,
        }
      : undefined,
  1,
);

/** The plan warnings only the schemas show, each on the first statement that changes its table (its column's type, if one does). */
const FROM_PLAN = [WARNINGS.narrowType, WARNINGS.removeEnumValue];

/** Their codes: a migration without statements reports them about the whole file. */
export const PLAN_ONLY_CODES: ReadonlySet<string> = new Set(FROM_PLAN.map((d) => d.code));

export const fromPlan: LintRule[] = FROM_PLAN.map((definition) => ({
  code: definition.code,
  family: 'data-dependent',
  severity: definition.severity,
  summary: definition.summary,
  safer: definition.action,
  check(statement, context) {
    const warnings = context.plan?.warnings.filter((w) => w.code === definition.code) ?? [];
    return warnings.flatMap((warning): RuleHit[] => {
      const anchor = anchorOf(warning.table, warning.column, context.statements);
      if (anchor !== statement.index) return [];
      return [
        {
          message: warning.message,
          ...(warning.table === undefined ? {} : { table: warning.table }),
          ...(warning.column === undefined ? {} : { column: warning.column }),
        },
      ];
    });
  },
}));

/** The statement a schema-level warning points at: the type change of its column, else the first touching its table, else the first. */
function anchorOf(
  table: string | undefined,
  column: string | undefined,
  statements: readonly { index: number; effects: readonly StatementEffect[] }[],
): number {
  const touches = (effect: StatementEffect): boolean =>
    'table' in effect && effect.table !== undefined && table !== undefined && sameTable(effect.table, table);
  const typed = statements.find((s) =>
    s.effects.some((e) => e.kind === 'alter-column-type' && touches(e) && e.column === column),
  );
  return (typed ?? statements.find((s) => s.effects.some(touches)) ?? statements[0])?.index ?? 0;
}

/** `public.User` and `User` name the same table when one side leaves the namespace out. */
export function sameTable(a: string, b: string): boolean {
  if (a === b) return true;
  const bare = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  return (!a.includes('.') || !b.includes('.')) && bare(a) === bare(b);
}
