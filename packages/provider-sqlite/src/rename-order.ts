/**
 * Renames of one kind (the tables of a database, the columns of a table) happen all at once in
 * the schema, but one at a time in SQL: `a -> b` fails while `b` still exists. This orders them
 * as a parallel assignment: a rename runs once no pending rename still needs its target name
 * (`b -> c` before `a -> b`), and a cycle (`a <-> b`) is broken through a temporary name.
 * SQLite names are case-insensitive, so names are compared that way.
 */
export interface RenameStep {
  readonly from: string;
  readonly to: string;
}

const key = (name: string): string => name.toLowerCase();

export function orderRenames(renames: readonly RenameStep[]): RenameStep[] {
  const pending = renames.map((r) => ({ ...r }));
  const taken = new Set(renames.flatMap((r) => [key(r.from), key(r.to)]));
  const steps: RenameStep[] = [];
  while (pending.length > 0) {
    const free = pending.findIndex((r) => !pending.some((other) => other !== r && key(other.from) === key(r.to)));
    if (free !== -1) {
      steps.push(...pending.splice(free, 1));
      continue;
    }
    // Every pending target is still in use: a cycle. Park one source under an unused name.
    const parked = pending[0] as { from: string; to: string };
    let temporary = `_strata_rename_${parked.from}`;
    for (let n = 2; taken.has(key(temporary)); n++) temporary = `_strata_rename_${parked.from}_${n}`;
    taken.add(key(temporary));
    steps.push({ from: parked.from, to: temporary });
    parked.from = temporary;
  }
  return steps;
}
