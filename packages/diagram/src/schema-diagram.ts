/**
 * The diagram of a whole schema: every table (the database-level schema, so implicit
 * many-to-many tables and `@map` names are what the database has), its columns, its foreign keys
 * as relations with their cardinality, the enums and, when the schema model is given, the model
 * names, the views and the file each model is declared in (the groups of a multi-file schema).
 * `focus` narrows it to some models and their neighbourhood, for schemas too large to read whole.
 */
import {
  type Column,
  type DatabaseSchema,
  ErrorCodes,
  type Model,
  qualifiedName,
  type SchemaModel,
  StrataError,
} from '@strata/core';
import { diagramColumn, diagramRelation, referencedId } from './ir-facts.js';
import { byId, type DiagramEnum, type DiagramModel, type DiagramTable } from './model.js';

export interface SchemaDiagramOptions {
  readonly title?: string;
  /** The schema model the database schema was lowered from: model names, views and files. */
  readonly model?: SchemaModel;
  /** Models (or table names) to centre on; with `depth`, their neighbours are shown dimmed. */
  readonly focus?: readonly string[];
  /** How many relations away from a focused model a table is still shown. Default 1. */
  readonly depth?: number;
  /** `file`: one frame per schema file (when there are several); `none`: one picture. Default `file`. */
  readonly groupBy?: 'file' | 'none';
}

export function schemaDiagram(database: DatabaseSchema, options: SchemaDiagramOptions = {}): DiagramModel {
  const models = modelsByTable(database, options.model);
  const groupOf = (model: Model | undefined): string | undefined =>
    options.groupBy === 'none' || model === undefined ? undefined : model.span.file;

  let tables: DiagramTable[] = database.tables.map((table) => {
    const id = qualifiedName(table);
    const model = models.get(id);
    // a table without a model (an implicit many-to-many table) is drawn with the first model it relates
    const group = groupOf(
      model ?? table.foreignKeys.map((fk) => models.get(referencedId(table, fk))).find((m) => m !== undefined),
    );
    return {
      id,
      title: titleOf(table.name, model?.name),
      kind: 'table' as const,
      columns: inFieldOrder(table.columns, model).map((column) => diagramColumn(table, column, 'unchanged')),
      notes: [],
      status: 'unchanged' as const,
      dimmed: false,
      ...(group === undefined ? {} : { group }),
    };
  });
  for (const view of options.model?.views ?? []) {
    const group = groupOf(view);
    tables.push({
      id: qualifiedName({ ...(view.schema === undefined ? {} : { namespace: view.schema }), name: view.dbName }),
      title: titleOf(view.dbName, view.name),
      kind: 'view',
      columns: view.fields
        .filter((f) => f.kind !== 'relation')
        .map((f) => ({
          name: f.dbName,
          type: `${f.type}${f.list ? '[]' : ''}`,
          primaryKey: f.id || (view.primaryKey?.fields.some((k) => k.name === f.name) ?? false),
          foreignKey: false,
          unique: f.unique,
          nullable: f.optional,
          status: 'unchanged' as const,
        })),
      notes: [{ text: 'view (not migrated)', status: 'unchanged' }],
      status: 'unchanged',
      dimmed: false,
      ...(group === undefined ? {} : { group }),
    });
  }
  let relations = database.tables.flatMap((table) =>
    table.foreignKeys.map((fk) => diagramRelation(table, fk, 'unchanged', false)),
  );
  const enumModels = new Map((options.model?.enums ?? []).map((e) => [e.dbName, e]));
  let enums: DiagramEnum[] = database.enums.map((e) => {
    const declared = enumModels.get(e.name);
    const group = options.groupBy === 'none' || declared === undefined ? undefined : declared.span.file;
    return {
      id: qualifiedName(e),
      title: titleOf(e.name, declared?.name),
      values: e.values.map((name) => ({ name, status: 'unchanged' as const })),
      status: 'unchanged',
      dimmed: false,
      ...(group === undefined ? {} : { group }),
    };
  });

  if (options.focus !== undefined && options.focus.length > 0) {
    const focused = resolveFocus(options.focus, tables, models);
    const shown = neighbourhood(focused, relations, options.depth ?? 1);
    tables = tables.filter((t) => shown.has(t.id)).map((t) => ({ ...t, dimmed: !focused.has(t.id) }));
    relations = relations
      .filter((r) => shown.has(r.from) && shown.has(r.to))
      .map((r) => ({ ...r, dimmed: !focused.has(r.from) && !focused.has(r.to) }));
    const used = new Set(
      database.tables
        .filter((t) => focused.has(qualifiedName(t)))
        .flatMap((t) => t.columns.flatMap((c) => (c.type.enum === undefined ? [] : [qualifiedName(c.type.enum)]))),
    );
    enums = enums.filter((e) => used.has(e.id));
  }

  // One group only is no grouping: a single-file schema is drawn without a frame.
  const groups = new Set([...tables.map((t) => t.group), ...enums.map((e) => e.group)]);
  if (groups.size <= 1) {
    tables = tables.map(({ group: _, ...t }) => t);
    enums = enums.map(({ group: _, ...e }) => e);
  }
  return {
    ...(options.title === undefined ? {} : { title: options.title }),
    tables: tables.sort(byId),
    enums: enums.sort(byId),
    relations: relations.sort(byId),
    legend: false,
  };
}

/** The columns in the order the model declares its fields (the order a reader of the schema knows). */
function inFieldOrder(columns: readonly Column[], model: Model | undefined): readonly Column[] {
  if (model === undefined) return columns;
  const order = new Map(model.fields.filter((f) => f.kind !== 'relation').map((f, i) => [f.dbName, i]));
  const at = (c: Column): number => order.get(c.name) ?? order.size;
  return columns
    .map((column, index) => ({ column, index }))
    .sort((a, b) => at(a.column) - at(b.column) || a.index - b.index)
    .map((e) => e.column);
}

function titleOf(dbName: string, modelName: string | undefined): string {
  return modelName === undefined || modelName === dbName ? dbName : `${modelName} (${dbName})`;
}

/** The model of each table, by the table's qualified name (the default namespace has none). */
function modelsByTable(database: DatabaseSchema, model: SchemaModel | undefined): Map<string, Model> {
  const found = new Map<string, Model>();
  if (model === undefined) return found;
  for (const table of database.tables) {
    const match =
      model.models.find((m) => m.dbName === table.name && m.schema === table.namespace) ??
      model.models.find((m) => m.dbName === table.name);
    if (match !== undefined) found.set(qualifiedName(table), match);
  }
  return found;
}

function resolveFocus(
  focus: readonly string[],
  tables: readonly DiagramTable[],
  models: ReadonlyMap<string, Model>,
): Set<string> {
  const ids = new Set<string>();
  for (const name of focus) {
    const byModel = [...models].find(([, m]) => m.name === name)?.[0];
    const id = byModel ?? tables.find((t) => t.id === name)?.id;
    if (id === undefined) {
      const known = [...new Set([...[...models.values()].map((m) => m.name), ...tables.map((t) => t.id)])].sort();
      const close = known.filter((k) => k.toLowerCase().includes(name.toLowerCase()));
      throw new StrataError(ErrorCodes.invalidArgument, `--focus ${name}: no model or table of that name.`, {
        hint:
          close.length > 0
            ? `Did you mean ${close.slice(0, 5).join(', ')}?`
            : `Models are named as in the schema (${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''}).`,
        details: { focus: name },
      });
    }
    ids.add(id);
  }
  return ids;
}

/** The tables at most `depth` relations away from `start` (relations followed both ways). */
function neighbourhood(
  start: ReadonlySet<string>,
  relations: readonly { readonly from: string; readonly to: string }[],
  depth: number,
): Set<string> {
  const seen = new Set(start);
  let frontier = new Set(start);
  for (let step = 0; step < depth && frontier.size > 0; step++) {
    const next = new Set<string>();
    for (const r of relations) {
      for (const [a, b] of [
        [r.from, r.to],
        [r.to, r.from],
      ] as const) {
        if (frontier.has(a) && !seen.has(b)) {
          seen.add(b);
          next.add(b);
        }
      }
    }
    frontier = next;
  }
  return seen;
}
