/**
 * Database names: after `@map`/`@@map`, two things must not land on the same name, explicit
 * names must fit the provider's identifier limit, and `@@schema` must name a declared schema.
 * Each check is one pass with a hash map.
 */
import type { Span } from '../psl/spans.js';
import { byteLength, nameWithSuffix } from '../sql/naming.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import type { EnumDraft, FieldDraft, ModelDraft } from './drafts.js';
import type { Datasource, Field, Relation } from './model.js';
import type { ValidateOptions } from './options.js';

export function checkDatabaseNames(
  models: readonly ModelDraft[],
  enums: readonly EnumDraft[],
  relations: readonly Relation[],
  datasource: Datasource | undefined,
  options: ValidateOptions,
  sink: DiagnosticSink,
): void {
  const limit = options.maxIdentifierLength;
  const checkLength = (name: string, what: string, span: Span): void => {
    if (limit !== undefined && byteLength(name) > limit) {
      sink.report(
        SEMANTIC.identifierTooLong,
        `The ${what} \`${name}\` is ${byteLength(name)} bytes long; this database allows at most ${limit}.`,
        span,
      );
    }
  };

  // tables (models, views and implicit many-to-many join tables), per database schema
  const tables = new Map<string, string>();
  for (const m of models) {
    const key = `${m.model.schema ?? ''}.${m.model.dbName}`;
    const other = tables.get(key);
    if (other !== undefined) {
      sink.report(
        SEMANTIC.duplicateTable,
        `\`${m.model.name}\` maps to the table \`${m.model.dbName}\`, which \`${other}\` already uses.`,
        m.model.span,
        'give one of them a different `@@map("...")`',
      );
    } else tables.set(key, m.model.name);
    checkLength(m.model.dbName, m.kind === 'view' ? 'view name' : 'table name', m.model.span);
  }
  const byName = new Map(models.map((m) => [m.model.name, m]));
  for (const r of relations) {
    if (r.kind !== 'many-to-many') continue;
    const from = byName.get(r.from.model);
    const key = `${from?.model.schema ?? ''}._${r.name}`;
    const other = tables.get(key);
    if (other !== undefined) {
      const field = from?.fieldsByName.get(r.from.field)?.field;
      sink.report(
        SEMANTIC.duplicateTable,
        `The many-to-many relation \`${r.name}\` needs the join table \`_${r.name}\`, which \`${other}\` already uses.`,
        field?.span ?? from?.model.span ?? (models[0] as ModelDraft).model.span,
        'give the relation another name with `@relation("...")`',
      );
    } else tables.set(key, `the relation ${r.name}`);
  }

  // columns, per model. Field names are unique (duplicates were reported and dropped), so two
  // columns can only collide when one of them is `@map`ped: each column is compared with the
  // mapped columns before it, and a mapped one with every column before it. No map per model,
  // and a model without `@map` costs one pass.
  for (let mi = 0; mi < models.length; mi++) {
    const fields = (models[mi] as ModelDraft).fields;
    const mapped: Field[] = [];
    for (let j = 0; j < fields.length; j++) {
      const field = (fields[j] as FieldDraft).field;
      if (field.kind === 'relation') continue;
      const other =
        field.map === undefined
          ? mapped.find((m) => m.dbName === field.dbName)
          : firstColumnNamed(fields, j, field.dbName);
      if (other !== undefined) {
        sink.report(
          SEMANTIC.duplicateColumn,
          `The field \`${field.name}\` maps to the column \`${field.dbName}\`, which the field \`${other.name}\` already uses.`,
          field.span,
          'give one of them a different `@map("...")`',
        );
      } else if (field.map !== undefined) mapped.push(field);
      checkLength(field.dbName, 'column name', field.span);
    }
  }

  // enums and their values
  const enumNames = new Map<string, string>();
  for (const e of enums) {
    const key = `${e.value.schema ?? ''}.${e.value.dbName}`;
    const other = enumNames.get(key);
    if (other !== undefined) {
      sink.report(
        SEMANTIC.duplicateEnumDbName,
        `The enum \`${e.value.name}\` maps to \`${e.value.dbName}\`, which the enum \`${other}\` already uses.`,
        e.value.span,
      );
    } else enumNames.set(key, e.value.name);
    checkLength(e.value.dbName, 'enum name', e.value.span);
    for (const v of e.value.values) checkLength(v.dbName, 'enum value', v.span);
  }

  // Constraint and index names, explicit or Prisma's defaults (a duplicated `@@index([a])`
  // collides on `{table}_a_idx`): indexes, and the indexes behind primary keys and unique
  // constraints, share one namespace per database schema; foreign keys one per table.
  // Only explicit names are length-checked: default names are truncated to fit.
  const nameLimit = limit ?? NO_LIMIT;
  const perSchema = new Map<string, string>();
  const claim = (
    ns: Map<string, string>,
    scope: string,
    name: string,
    explicit: boolean,
    owner: string,
    span: Span,
  ): void => {
    if (explicit) checkLength(name, 'constraint name', span);
    // Most names live in the default schema: no key to build then.
    const key = scope === '' ? name : `${scope}\u0000${name}`;
    const other = ns.get(key);
    if (other === undefined) {
      ns.set(key, owner);
      return;
    }
    sink.report(
      SEMANTIC.duplicateConstraintName,
      explicit
        ? `The name \`${name}\` is already used by ${other}.`
        : `${capitalize(owner)} gets the default name \`${name}\`, which is already used by ${other}.`,
      span,
      explicit ? 'choose another `map:`' : 'remove the duplicate, or give one of them a `map:`',
    );
  };
  const withForeignKeys = datasource?.relationMode !== 'prisma';
  for (const m of models) {
    if (m.kind === 'view') continue;
    const schema = m.model.schema ?? '';
    const table = m.model.dbName;
    const columnOf = (name: string): string => m.fieldsByName.get(name)?.field.dbName ?? name;
    const columnsOf = (fields: readonly { name: string }[]): string[] => fields.map((f) => columnOf(f.name));
    const perTable = new Map<string, string>();
    const claimBoth = (name: string, explicit: boolean, owner: string, span: Span): void => {
      claim(perSchema, schema, name, explicit, owner, span);
      perTable.set(name, owner);
    };
    const pk = m.model.primaryKey;
    if (pk !== undefined) {
      claimBoth(
        pk.map ?? defaultName(table, [], '_pkey', nameLimit),
        pk.map !== undefined,
        `the primary key of \`${m.model.name}\``,
        pk.span,
      );
    }
    for (const u of m.model.uniques ?? []) {
      const name = u.map ?? defaultName(table, columnsOf(u.fields), '_key', nameLimit);
      claimBoth(name, u.map !== undefined, `a unique constraint of \`${m.model.name}\``, u.span);
    }
    for (const ix of m.model.indexes ?? []) {
      const name = ix.map ?? defaultName(table, columnsOf(ix.fields), '_idx', nameLimit);
      claimBoth(name, ix.map !== undefined, `an index of \`${m.model.name}\``, ix.span);
    }
    if (!withForeignKeys) continue;
    for (const { field, relationAttribute } of m.fields) {
      const rel = field.relation;
      if (rel === undefined || !rel.holdsForeignKey) continue;
      const name = rel.map ?? defaultName(table, rel.fields.map(columnOf), '_fkey', nameLimit);
      claim(
        perTable,
        '',
        name,
        rel.map !== undefined,
        `the foreign key of \`${m.model.name}.${field.name}\``,
        relationAttribute?.argSpans.get('map') ?? field.span,
      );
    }
  }

  checkSchemas(models, enums, datasource, sink);
}

/** The first of the first `end` fields (relation fields aside) whose column is `dbName`. */
function firstColumnNamed(fields: readonly FieldDraft[], end: number, dbName: string): Field | undefined {
  for (let i = 0; i < end; i++) {
    const field = (fields[i] as FieldDraft).field;
    if (field.kind !== 'relation' && field.dbName === dbName) return field;
  }
  return undefined;
}

/** `@@schema` against the datasource's `schemas`. */
function checkSchemas(
  models: readonly ModelDraft[],
  enums: readonly EnumDraft[],
  datasource: Datasource | undefined,
  sink: DiagnosticSink,
): void {
  const declared = datasource?.schemas;
  const items = [
    ...models.map((m) => ({
      what: m.kind,
      name: m.model.name,
      schema: m.model.schema,
      schemaSpan: m.schemaSpan,
      span: m.model.span,
    })),
    ...enums.map((e) => ({
      what: 'enum',
      name: e.value.name,
      schema: e.value.schema,
      schemaSpan: e.schemaSpan,
      span: e.value.span,
    })),
  ];
  for (const item of items) {
    if (item.schema !== undefined) {
      if (declared === undefined || !declared.includes(item.schema)) {
        sink.report(
          SEMANTIC.schemaNotDeclared,
          declared === undefined
            ? `\`@@schema\` needs \`schemas = [...]\` in the datasource.`
            : `The schema "${item.schema}" is not in the datasource's \`schemas\` (${declared.map((s) => `"${s}"`).join(', ')}).`,
          item.schemaSpan ?? item.span,
        );
      }
    } else if (declared !== undefined && declared.length > 0) {
      sink.report(
        SEMANTIC.missingSchemaAttribute,
        `The ${item.what} \`${item.name}\` has no \`@@schema\`, but the datasource declares \`schemas\`.`,
        item.span,
        `add \`@@schema("${declared[0]}")\``,
      );
    }
  }
}

/**
 * With `relationMode = "prisma"` the database has no foreign keys, and so no index that a
 * foreign key would make cheap to maintain; Prisma warns when no index starts with the fields.
 */
export function checkRelationIndexes(
  models: readonly ModelDraft[],
  relations: readonly Relation[],
  sink: DiagnosticSink,
): void {
  const byName = new Map(models.map((m) => [m.model.name, m]));
  for (const r of relations) {
    if (r.fields.length === 0) continue;
    const m = byName.get(r.from.model);
    if (m === undefined) continue;
    const prefixes = [
      ...(m.model.primaryKey ? [m.model.primaryKey.fields] : []),
      ...(m.model.uniques ?? []).map((u) => u.fields),
      ...(m.model.indexes ?? []).map((i) => i.fields),
    ];
    const covered = prefixes.some((fields) => r.fields.every((name, i) => fields[i]?.name === name));
    if (!covered) {
      const field = m.fieldsByName.get(r.from.field);
      sink.report(
        SEMANTIC.relationWithoutIndex,
        `With \`relationMode = "prisma"\`, no foreign key (and so no index) exists for \`${r.from.model}.${r.from.field}\`; queries on ${r.fields.map((f) => `\`${f}\``).join(', ')} will scan the table.`,
        field?.relationAttribute?.argSpans.get('fields') ?? field?.field.span ?? m.model.span,
        `add \`@@index([${r.fields.join(', ')}])\` to \`${m.model.name}\``,
      );
    }
  }
}

/**
 * Prisma's default name (`sql/naming.ts` has the rules, and cuts long names); most names are
 * short, so the cut (which measures every character) only runs when the name is too long.
 */
function defaultName(table: string, columns: readonly string[], suffix: string, limit: number): string {
  let prefix = table;
  for (const c of columns) prefix += `_${c}`;
  return byteLength(prefix) + suffix.length <= limit ? prefix + suffix : nameWithSuffix(prefix, suffix, limit);
}

/** Without a provider limit names are never cut (SQLite's limit is far beyond any real name). */
const NO_LIMIT = 10_000;

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
