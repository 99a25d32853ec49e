/**
 * The diagram of one migration: the tables it touches, marked as new, dropped or changed, with
 * their added, dropped and changed columns, indexes and relations; and their direct neighbours
 * (tables related to them before or after), dimmed and collapsed to their key columns, so a
 * reviewer sees what else the change reaches. Read from the planner's changes (which already pair
 * renames and ignore dialect spellings), with the before and after schemas for the rest.
 */
import {
  type Change,
  type Column,
  type DatabaseSchema,
  type ForeignKey,
  qualifiedName,
  type Table,
  type TableChange,
} from '@strata/core';
import { columnType, diagramColumn, diagramRelation, referencedId } from './ir-facts.js';
import {
  byId,
  type DiagramColumn,
  type DiagramEnum,
  type DiagramModel,
  type DiagramNote,
  type DiagramRelation,
  type DiagramTable,
  type ItemStatus,
} from './model.js';

export interface MigrationDiagramInput {
  readonly title?: string;
  /** The schema the migration starts from and the one it produces (database level). */
  readonly before: DatabaseSchema;
  readonly after: DatabaseSchema;
  /** The planned changes from `before` to `after`. */
  readonly changes: readonly Change[];
}

export function migrationDiagram(input: MigrationDiagramInput): DiagramModel {
  const beforeTables = new Map(input.before.tables.map((t) => [qualifiedName(t), t]));
  const afterTables = new Map(input.after.tables.map((t) => [qualifiedName(t), t]));
  const tables = new Map<string, DiagramTable>();
  const relations = new Map<string, DiagramRelation>();
  const enums = new Map<string, DiagramEnum>();
  /** Old id -> new id of renamed or moved tables, so a dropped foreign key still finds its table. */
  const renamed = new Map<string, string>();
  const notesOf = new Map<string, DiagramNote[]>();
  const note = (id: string, text: string, status: ItemStatus): void => {
    const list = notesOf.get(id) ?? [];
    list.push({ text, status });
    notesOf.set(id, list);
  };
  const touched = (table: Table, status: ItemStatus, columns: DiagramColumn[]): void => {
    const id = qualifiedName(table);
    tables.set(id, { id, title: table.name, kind: 'table', columns, notes: [], status, dimmed: false });
  };
  const addRelations = (table: Table, fks: readonly ForeignKey[], status: ItemStatus): void => {
    for (const fk of fks) {
      const relation = diagramRelation(table, fk, status, false);
      relations.set(relation.id, relation);
    }
  };

  for (const change of input.changes) {
    switch (change.kind) {
      case 'CreateTable':
        touched(
          change.table,
          'added',
          change.table.columns.map((c) => diagramColumn(change.table, c, 'added')),
        );
        addRelations(change.table, change.table.foreignKeys, 'added');
        break;
      case 'DropTable':
        touched(
          change.table,
          'removed',
          change.table.columns.map((c) => diagramColumn(change.table, c, 'removed')),
        );
        addRelations(change.table, change.table.foreignKeys, 'removed');
        break;
      case 'RenameTable': {
        const ns = change.namespace === undefined ? {} : { namespace: change.namespace };
        const to = qualifiedName({ ...ns, name: change.to });
        renamed.set(qualifiedName({ ...ns, name: change.from }), to);
        note(to, `renamed from ${change.from}`, 'changed');
        break;
      }
      case 'MoveTable': {
        const from = qualifiedName({ ...nsOf(change.fromNamespace), name: change.name });
        const to = qualifiedName({ ...nsOf(change.toNamespace), name: change.name });
        renamed.set(from, to);
        note(to, `moved from ${change.fromNamespace ?? 'the default schema'}`, 'changed');
        break;
      }
      case 'AlterTable': {
        const id = qualifiedName({ ...nsOf(change.namespace), name: change.name });
        const { columns, notes, added, dropped } = alteredTable(change.from, change.to, change.changes);
        touched(change.to, 'changed', columns);
        for (const n of notes) note(id, n.text, n.status);
        addRelations(change.to, added, 'added');
        addRelations(change.from, dropped, 'removed');
        break;
      }
      case 'CreateEnum':
      case 'DropEnum': {
        const status = change.kind === 'CreateEnum' ? 'added' : 'removed';
        enums.set(qualifiedName(change.enum), {
          id: qualifiedName(change.enum),
          title: change.enum.name,
          values: change.enum.values.map((name) => ({ name, status })),
          status,
          dimmed: false,
        });
        break;
      }
      case 'AlterEnum': {
        const renames = new Map(change.renameValues.map((r) => [r.to, r.from]));
        const values = change.to.values.map((name) => ({
          name: renames.has(name) ? `${name} (was ${renames.get(name)})` : name,
          status: (change.addValues.includes(name)
            ? 'added'
            : renames.has(name)
              ? 'changed'
              : 'unchanged') as ItemStatus,
        }));
        for (const name of change.removeValues) values.push({ name, status: 'removed' });
        enums.set(qualifiedName(change.to), {
          id: qualifiedName(change.to),
          title: change.to.name,
          values,
          status: 'changed',
          dimmed: false,
        });
        break;
      }
      case 'RenameEnum':
      case 'MoveEnum': {
        const id =
          change.kind === 'RenameEnum'
            ? qualifiedName({ ...nsOf(change.namespace), name: change.to })
            : qualifiedName({ ...nsOf(change.toNamespace), name: change.name });
        const declared = input.after.enums.find((e) => qualifiedName(e) === id);
        const previous = enums.get(id);
        enums.set(id, {
          id,
          title: `${declared?.name ?? id} (${change.kind === 'RenameEnum' ? `renamed from ${change.from}` : `moved from ${change.fromNamespace ?? 'the default schema'}`})`,
          values: previous?.values ?? (declared?.values ?? []).map((name) => ({ name, status: 'unchanged' as const })),
          status: 'changed',
          dimmed: false,
        });
        break;
      }
      default:
        // namespaces and extensions are not drawn: describeChanges lists them
        break;
    }
  }

  // A renamed or moved table with no other change is touched too.
  for (const id of notesOf.keys()) {
    const table = afterTables.get(id);
    if (!tables.has(id) && table !== undefined)
      touched(
        table,
        'changed',
        table.columns.map((c) => diagramColumn(table, c, 'unchanged')),
      );
  }
  for (const [id, notes] of notesOf) {
    const table = tables.get(id);
    if (table !== undefined) tables.set(id, { ...table, notes: [...table.notes, ...notes] });
  }

  // Dropped foreign keys were read off the table under its old name: drawn at its new one.
  const resolve = (id: string): string => renamed.get(id) ?? id;
  for (const [id, relation] of relations) {
    const from = resolve(relation.from);
    const to = resolve(relation.to);
    if (from !== relation.from || to !== relation.to) relations.set(id, { ...relation, from, to });
  }
  // Relations that stay, from or to a touched table; their other end is a neighbour.
  const touchedIds = new Set(tables.keys());
  for (const [id, table] of afterTables) {
    for (const fk of table.foreignKeys) {
      if (!touchedIds.has(id) && !touchedIds.has(referencedId(table, fk))) continue;
      const relation = diagramRelation(table, fk, 'unchanged', false);
      if (!relations.has(relation.id)) relations.set(relation.id, relation);
    }
  }
  for (const relation of relations.values()) {
    for (const end of [relation.from, relation.to]) {
      if (tables.has(end)) continue;
      const table = afterTables.get(end) ?? beforeTables.get(end);
      if (table === undefined) continue;
      tables.set(end, neighbour(table));
    }
  }
  // A relation that stays, to a neighbour, is context: dimmed like the neighbour.
  for (const [id, relation] of relations) {
    if (relation.status === 'unchanged' && !(touchedIds.has(relation.from) && touchedIds.has(relation.to)))
      relations.set(id, { ...relation, dimmed: true });
  }
  // Enums that touched columns use, so their values are in view.
  for (const table of tables.values()) {
    if (table.dimmed) continue;
    const source = afterTables.get(table.id) ?? beforeTables.get(table.id);
    for (const column of source?.columns ?? []) {
      if (column.type.enum === undefined) continue;
      const id = qualifiedName(column.type.enum);
      const declared = input.after.enums.find((e) => qualifiedName(e) === id);
      const status = table.columns.find((c) => c.name === column.name)?.status;
      if (enums.has(id) || declared === undefined || status === 'unchanged') continue;
      enums.set(id, {
        id,
        title: declared.name,
        values: declared.values.map((name) => ({ name, status: 'unchanged' as const })),
        status: 'unchanged',
        dimmed: true,
      });
    }
  }

  return {
    ...(input.title === undefined ? {} : { title: input.title }),
    tables: [...tables.values()].sort(byId),
    enums: [...enums.values()].sort(byId),
    relations: [...relations.values()].sort(byId),
    legend: true,
  };
}

function nsOf(namespace: string | undefined): { namespace?: string } {
  return namespace === undefined ? {} : { namespace };
}

/** A neighbour, collapsed to the columns that relate it (its keys), the rest counted. */
function neighbour(table: Table): DiagramTable {
  const keys = table.columns.filter(
    (c) => table.primaryKey?.columns.includes(c.name) || table.foreignKeys.some((fk) => fk.columns.includes(c.name)),
  );
  const hidden = table.columns.length - keys.length;
  return {
    id: qualifiedName(table),
    title: table.name,
    kind: 'table',
    columns: keys.map((c) => diagramColumn(table, c, 'unchanged')),
    notes: hidden > 0 ? [{ text: `… ${hidden} more column${hidden === 1 ? '' : 's'}`, status: 'unchanged' }] : [],
    status: 'unchanged',
    dimmed: true,
  };
}

interface AlteredTable {
  readonly columns: DiagramColumn[];
  readonly notes: DiagramNote[];
  readonly added: ForeignKey[];
  readonly dropped: ForeignKey[];
}

/** The columns of an altered table, in its new order, with dropped ones after them; and what else changed. */
function alteredTable(from: Table, to: Table, changes: readonly TableChange[]): AlteredTable {
  const status = new Map<string, { status: ItemStatus; detail?: string }>();
  const notes: DiagramNote[] = [];
  const dropped: Column[] = [];
  const added: ForeignKey[] = [];
  const droppedKeys: ForeignKey[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'AddColumn':
        status.set(change.column.name, { status: 'added' });
        break;
      case 'DropColumn':
        dropped.push(change.column);
        break;
      case 'RenameColumn':
        status.set(change.to, { status: 'changed', detail: `renamed from ${change.from}` });
        break;
      case 'AlterColumn': {
        const was = status.get(change.name)?.detail;
        const what = change.changed.map((aspect) => describeAspect(aspect, change.from, change.to)).join(', ');
        status.set(change.name, { status: 'changed', detail: was === undefined ? what : `${was}, ${what}` });
        break;
      }
      case 'AddPrimaryKey':
        notes.push({ text: `primary key (${change.primaryKey.columns.join(', ')})`, status: 'added' });
        break;
      case 'DropPrimaryKey':
        notes.push({ text: `primary key (${change.primaryKey.columns.join(', ')})`, status: 'removed' });
        break;
      case 'RenamePrimaryKey':
        notes.push({ text: `primary key renamed ${change.from} → ${change.to}`, status: 'changed' });
        break;
      case 'CreateIndex':
      case 'DropIndex': {
        const index = change.index;
        const columns = index.columns.map((c) => c.name ?? c.expression ?? '?').join(', ');
        notes.push({
          text: `${index.unique ? 'unique ' : ''}index ${index.name} (${columns})`,
          status: change.kind === 'CreateIndex' ? 'added' : 'removed',
        });
        break;
      }
      case 'RenameIndex':
        notes.push({ text: `index renamed ${change.from} → ${change.to}`, status: 'changed' });
        break;
      case 'AddForeignKey':
        added.push(change.foreignKey);
        break;
      case 'DropForeignKey':
        droppedKeys.push(change.foreignKey);
        break;
      case 'RenameForeignKey':
        notes.push({ text: `foreign key renamed ${change.from} → ${change.to}`, status: 'changed' });
        break;
    }
  }
  const columns = to.columns.map((c) => {
    const s = status.get(c.name);
    return diagramColumn(to, c, s?.status ?? 'unchanged', s?.detail);
  });
  for (const c of dropped) columns.push(diagramColumn(from, c, 'removed'));
  return { columns, notes, added, dropped: droppedKeys };
}

function describeAspect(aspect: string, from: Column, to: Column): string {
  switch (aspect) {
    case 'type':
      return `type ${columnType(from)} → ${columnType(to)}`;
    case 'nullability':
      return to.nullable ? 'now optional' : 'now required';
    case 'default':
      return to.default === undefined
        ? 'default dropped'
        : from.default === undefined
          ? 'default added'
          : 'default changed';
    default:
      return `${aspect} changed`;
  }
}
