/**
 * Models and views: fields, field attributes and block attributes, read into drafts.
 * Cross-model checks (relations, duplicate table names, ...) come later, once every model has
 * been read.
 */
import type { Attribute, Expression, FieldDeclaration, ModelBlock } from '../psl/ast.js';
import {
  attributeLabel,
  type Lookup,
  type NamedItem,
  readArguments,
  readBoolean,
  readDbName,
  readFieldList,
  readIdentifier,
  readInteger,
  readRaw,
} from './arguments.js';
import { BLOCK_ATTRIBUTE_RANK, FIELD_ATTRIBUTE_RANK, inAttributeOrder } from './attribute-order.js';
import { readDefault } from './defaults.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import { memberDocumentation } from './documentation.js';
import type { FieldDraft, ModelDraft, Mutable, RelationAttribute } from './drafts.js';
import type {
  Field,
  FieldKind,
  Index,
  IndexField,
  PrimaryKey,
  ReferentialAction,
  ScalarType,
  UniqueConstraint,
} from './model.js';
import { SCALAR_TYPES } from './model.js';
import { checkName } from './names.js';
import type { ValidateOptions } from './options.js';

export interface BuildContext {
  /** The datasource block name: the prefix of native type attributes (`db` in `@db.Text`). */
  readonly datasourceName?: string;
  readonly enumValues: ReadonlyMap<string, ReadonlySet<string>>;
  readonly modelNames: ReadonlySet<string>;
  readonly compositeNames: ReadonlySet<string>;
  readonly options: ValidateOptions;
  readonly sink: DiagnosticSink;
}

const SCALARS = new Set<string>(SCALAR_TYPES);
const REFERENTIAL_ACTIONS = new Set<string>(['Cascade', 'Restrict', 'NoAction', 'SetNull', 'SetDefault']);
const INDEX_ALGORITHMS = ['BTree', 'Hash', 'Gist', 'Gin', 'SpGist', 'Brin'];

export function buildModelDraft(block: ModelBlock & { kind: 'model' | 'view' }, ctx: BuildContext): ModelDraft {
  const { sink } = ctx;
  checkName(block.name, block.kind === 'view' ? 'View' : 'Model', sink);
  const draft: ModelDraft = {
    kind: block.kind,
    model: {
      name: block.name.name,
      dbName: block.name.name,
      fields: [],
      uniques: [],
      indexes: [],
      ignored: false,
      span: block.name.span,
    },
    ast: block,
    fields: [],
    fieldsByName: new Map(),
    fieldIds: [],
    blockUniques: [],
    fieldUniques: [],
    indexes: [],
  };
  const docs = memberDocumentation(block.members);
  block.members.forEach((member, i) => {
    if (member.kind !== 'field') return;
    const fieldDraft = buildField(member, draft, docs.get(i), ctx);
    if (fieldDraft === undefined) return;
    const existing = draft.fieldsByName.get(member.name.name);
    if (existing !== undefined) {
      sink.report(
        SEMANTIC.duplicateField,
        `The field \`${member.name.name}\` is already defined on ${block.kind} \`${block.name.name}\` (line ${existing.ast.span.start.line}).`,
        member.name.span,
      );
      return;
    }
    draft.fields.push(fieldDraft);
    draft.fieldsByName.set(member.name.name, fieldDraft);
  });
  const seen = new Set<string>();
  const blockAttributes: Attribute[] = [];
  for (const member of block.members) if (member.kind === 'block-attribute') blockAttributes.push(member.attribute);
  for (const attr of inAttributeOrder(blockAttributes, BLOCK_ATTRIBUTE_RANK))
    applyBlockAttribute(attr, draft, seen, ctx);
  return draft;
}

// ---------------------------------------------------------------------------------------------
// fields

function fieldKind(decl: FieldDeclaration, ctx: BuildContext): FieldKind | 'composite' | undefined {
  const t = decl.type;
  if (t.unsupported !== undefined) return 'unsupported';
  if (SCALARS.has(t.name)) return 'scalar';
  if (ctx.enumValues.has(t.name)) return 'enum';
  if (ctx.modelNames.has(t.name)) return 'relation';
  if (ctx.compositeNames.has(t.name)) return 'composite';
  return undefined;
}

function buildField(
  decl: FieldDeclaration,
  draft: ModelDraft,
  documentation: string | undefined,
  ctx: BuildContext,
): FieldDraft | undefined {
  const { sink } = ctx;
  checkName(decl.name, 'Field', sink);
  const kind = fieldKind(decl, ctx);
  if (kind === undefined) {
    sink.report(
      SEMANTIC.unknownType,
      `Type \`${decl.type.name}\` is neither a built-in type, nor an enum, nor a model.`,
      decl.type.nameSpan,
      `built-in types: ${SCALAR_TYPES.join(', ')}`,
    );
    return undefined;
  }
  if (kind === 'composite') {
    sink.report(
      SEMANTIC.compositeTypeUnsupported,
      `The field \`${decl.name.name}\` uses the composite type \`${decl.type.name}\`: composite types exist only on MongoDB.`,
      decl.type.nameSpan,
    );
    return undefined;
  }
  const type = kind === 'unsupported' ? (decl.type.unsupported?.value ?? '') : decl.type.name;
  if (decl.type.list && (kind === 'scalar' || kind === 'enum') && ctx.options.scalarLists === false) {
    sink.report(
      SEMANTIC.scalarListUnsupported,
      `The field \`${decl.name.name}\` is a list of ${type}, which this provider cannot store.`,
      decl.type.span,
    );
  }
  const field: Mutable<Field> = {
    name: decl.name.name,
    dbName: decl.name.name,
    kind,
    type,
    optional: decl.type.optional,
    list: decl.type.list,
    id: false,
    unique: false,
    updatedAt: false,
    ignored: false,
    span: decl.name.span,
  };
  if (documentation !== undefined) field.documentation = documentation;
  let relationAttribute: RelationAttribute | undefined;
  const seen = decl.attributes.length > 1 ? new Set<string>() : undefined;
  for (const attr of inAttributeOrder(decl.attributes, FIELD_ATTRIBUTE_RANK)) {
    const isNative = attr.name.includes('.');
    const key = isNative ? 'native type' : attr.name;
    if (seen?.has(key)) {
      sink.report(
        SEMANTIC.duplicateAttribute,
        isNative
          ? `The field \`${field.name}\` has more than one native type.`
          : `${attributeLabel(attr)} is given twice on \`${field.name}\`.`,
        attr.span,
      );
      continue;
    }
    seen?.add(key);
    const rel = applyFieldAttribute(attr, field, draft, ctx);
    if (rel !== undefined) relationAttribute = rel;
  }
  return relationAttribute === undefined ? { field, ast: decl } : { field, ast: decl, relationAttribute };
}

/** Applies one field attribute; returns the relation attribute when it is `@relation`. */
function applyFieldAttribute(
  attr: Attribute,
  field: Mutable<Field>,
  draft: ModelDraft,
  ctx: BuildContext,
): RelationAttribute | undefined {
  const { sink } = ctx;
  const label = attributeLabel(attr);
  const notAllowed = (why: string): undefined => {
    sink.report(SEMANTIC.attributeNotAllowed, `${label} is not allowed on \`${field.name}\`: ${why}.`, attr.span);
    return undefined;
  };
  const isRelation = field.kind === 'relation';
  switch (attr.name) {
    case 'id': {
      const args = readArguments(attr.args, { named: ['map', 'sort', 'length', 'clustered'] }, label, attr.span, sink);
      if (isRelation) return notAllowed('a relation field cannot be an id; put `@id` on the foreign key field');
      if (field.optional || field.list) {
        sink.report(
          SEMANTIC.invalidIdField,
          `The field \`${field.name}\` is ${field.optional ? 'optional' : 'a list'}; an id must be a required, single value.`,
          attr.span,
        );
        // Still recorded as the id, so the model does not also get "no unique criterion".
      }
      field.id = true;
      const pk: Mutable<PrimaryKey> = {
        fields: [fieldOptions(field.name, args.values, sink)],
        fromField: true,
        span: attr.span,
      };
      const map = readDbName(args.values.get('map'), '`map`', sink);
      if (map !== undefined) pk.map = map;
      const clustered = readBoolean(args.values.get('clustered'), '`clustered`', sink);
      if (clustered !== undefined) pk.clustered = clustered;
      draft.fieldIds.push(pk);
      return undefined;
    }
    case 'unique': {
      const args = readArguments(attr.args, { named: ['map', 'sort', 'length', 'clustered'] }, label, attr.span, sink);
      if (isRelation) return notAllowed('only scalar fields can be unique; put `@unique` on the foreign key field');
      field.unique = true;
      const unique: Mutable<UniqueConstraint> = {
        fields: [fieldOptions(field.name, args.values, sink)],
        fromField: true,
        span: attr.span,
      };
      const map = readDbName(args.values.get('map'), '`map`', sink);
      if (map !== undefined) unique.map = map;
      const clustered = readBoolean(args.values.get('clustered'), '`clustered`', sink);
      if (clustered !== undefined) unique.clustered = clustered;
      draft.fieldUniques.push(unique);
      return undefined;
    }
    case 'default': {
      const args = readArguments(
        attr.args,
        { positional: ['value'], named: ['map'], required: ['value'] },
        label,
        attr.span,
        sink,
      );
      const value = args.values.get('value');
      if (isRelation) {
        sink.report(
          SEMANTIC.defaultOnRelationField,
          `The relation field \`${field.name}\` cannot have a default.`,
          attr.span,
          'put the default on the foreign key field',
        );
        return undefined;
      }
      if (value === undefined) return undefined;
      const enumValues = field.kind === 'enum' ? ctx.enumValues.get(field.type) : undefined;
      const def = readDefault(
        value,
        {
          fieldName: field.name,
          kind: field.kind,
          type: field.type,
          list: field.list,
          ...(enumValues ? { enumValues } : {}),
        },
        sink,
      );
      if (def !== undefined) field.default = def;
      const map = readDbName(args.values.get('map'), '`map`', sink);
      if (map !== undefined) field.defaultMap = map;
      return undefined;
    }
    case 'updatedAt':
      readArguments(attr.args, {}, label, attr.span, sink);
      if (field.kind !== 'scalar' || field.type !== 'DateTime' || field.list) {
        sink.report(
          SEMANTIC.updatedAtNotDateTime,
          `\`@updatedAt\` is only valid on DateTime fields; \`${field.name}\` is not one.`,
          attr.span,
        );
        return undefined;
      }
      field.updatedAt = true;
      return undefined;
    case 'map': {
      const args = readArguments(attr.args, { positional: ['name'], required: ['name'] }, label, attr.span, sink);
      if (isRelation) return notAllowed('relation fields have no column; map the foreign key fields instead');
      const name = readDbName(args.values.get('name'), 'The argument of `@map`', sink);
      if (name !== undefined) {
        field.map = name;
        field.dbName = name;
      }
      return undefined;
    }
    case 'ignore':
      readArguments(attr.args, {}, label, attr.span, sink);
      field.ignored = true;
      return undefined;
    case 'relation':
      if (!isRelation)
        return notAllowed(`it is a ${field.kind} field, and \`@relation\` goes on fields whose type is a model`);
      return readRelationAttribute(attr, ctx);
    default:
      if (attr.name.includes('.')) {
        applyNativeType(attr, field, ctx);
        return undefined;
      }
      sink.report(SEMANTIC.unknownAttribute, `${label} is not a known field attribute.`, attr.nameSpan);
      return undefined;
  }
}

function applyNativeType(attr: Attribute, field: Mutable<Field>, ctx: BuildContext): void {
  const { sink } = ctx;
  const dot = attr.name.indexOf('.');
  const prefix = attr.name.slice(0, dot);
  const name = attr.name.slice(dot + 1);
  if (ctx.datasourceName === undefined || prefix !== ctx.datasourceName) {
    sink.report(
      SEMANTIC.nativeTypeWithoutDatasource,
      ctx.datasourceName === undefined
        ? `\`@${attr.name}\` is a native type attribute, but the schema has no datasource.`
        : `\`@${attr.name}\` does not match the datasource name: native types are written \`@${ctx.datasourceName}.${name}\`.`,
      attr.nameSpan,
    );
    return;
  }
  if (field.kind !== 'scalar') {
    sink.report(
      SEMANTIC.nativeTypeOnNonScalar,
      `Native types apply to scalar fields; \`${field.name}\` is ${field.kind === 'enum' ? 'an enum' : `a ${field.kind}`} field.`,
      attr.span,
    );
    return;
  }
  const args: string[] = [];
  for (const arg of attr.args?.args ?? []) {
    const v = arg.value;
    if (
      arg.name !== undefined ||
      v === undefined ||
      (v.kind !== 'number' && v.kind !== 'string' && v.kind !== 'path')
    ) {
      sink.report(
        SEMANTIC.invalidNativeType,
        `Invalid argument to \`@${attr.name}\`: native type arguments are numbers.`,
        arg.span,
      );
      return;
    }
    // Strings keep their quotes so that printing the model reproduces them.
    args.push(v.kind === 'path' ? v.name : v.kind === 'string' ? v.raw : v.value);
  }
  const checker = ctx.options.nativeTypes;
  if (checker !== undefined) {
    if (!checker.knows(name)) {
      sink.report(
        SEMANTIC.unknownNativeType,
        `Native type \`${name}\` is not supported by this provider.`,
        attr.nameSpan,
      );
      return;
    }
    const problem = checker.check(field.type as ScalarType, name, args);
    if (problem !== undefined) {
      sink.report(SEMANTIC.invalidNativeType, problem, attr.span);
      return;
    }
  }
  field.nativeType = { name, args };
}

function readRelationAttribute(attr: Attribute, ctx: BuildContext): RelationAttribute {
  const { sink } = ctx;
  const label = attributeLabel(attr);
  const { values, spans } = readArguments(
    attr.args,
    { positional: ['name'], named: ['fields', 'references', 'onDelete', 'onUpdate', 'map'] },
    label,
    attr.span,
    sink,
  );
  const rel: Mutable<RelationAttribute> = { span: attr.span, argSpans: spans };
  const nameExpr = values.get('name');
  if (nameExpr !== undefined) {
    if (nameExpr.kind === 'string') rel.name = nameExpr.value;
    else
      sink.report(
        SEMANTIC.invalidArgument,
        'The relation name must be a string, e.g. `@relation("author")`.',
        nameExpr.span,
      );
  }
  const fields = readFieldList(values.get('fields'), '`fields`', sink);
  if (fields !== undefined) rel.fields = fields;
  const references = readFieldList(values.get('references'), '`references`', sink);
  if (references !== undefined) rel.references = references;
  for (const key of ['onDelete', 'onUpdate'] as const) {
    const expr = values.get(key);
    const action = readIdentifier(expr, `\`${key}\``, sink);
    if (action === undefined || expr === undefined) continue;
    if (!REFERENTIAL_ACTIONS.has(action)) {
      sink.report(
        SEMANTIC.invalidReferentialAction,
        `\`${action}\` is not a referential action.`,
        expr.span,
        'use Cascade, Restrict, NoAction, SetNull or SetDefault',
      );
      continue;
    }
    rel[key] = action as ReferentialAction;
  }
  const map = readDbName(values.get('map'), '`map`', sink);
  if (map !== undefined) rel.map = map;
  return rel;
}

// ---------------------------------------------------------------------------------------------
// block attributes

function applyBlockAttribute(attr: Attribute, draft: ModelDraft, seen: Set<string>, ctx: BuildContext): void {
  const { sink } = ctx;
  const label = attributeLabel(attr);
  const once = new Set(['id', 'map', 'ignore', 'schema']);
  if (once.has(attr.name)) {
    if (seen.has(attr.name)) {
      sink.report(
        SEMANTIC.duplicateAttribute,
        `${label} is given more than once on \`${draft.model.name}\`.`,
        attr.span,
      );
      return;
    }
    seen.add(attr.name);
  }
  switch (attr.name) {
    case 'id': {
      const args = readArguments(
        attr.args,
        { positional: ['fields'], named: ['name', 'map', 'clustered'], required: ['fields'] },
        label,
        attr.span,
        sink,
      );
      const items = readFieldList(args.values.get('fields'), '`fields`', sink);
      if (items === undefined) return;
      const pk: Mutable<PrimaryKey> = { fields: [], fromField: false, span: attr.span };
      readKeyNames(pk, args.values, sink);
      draft.blockId = { value: pk, items, attributeName: '@@id' };
      return;
    }
    case 'unique': {
      const args = readArguments(
        attr.args,
        { positional: ['fields'], named: ['name', 'map', 'clustered', 'where'], required: ['fields'] },
        label,
        attr.span,
        sink,
      );
      const items = readFieldList(args.values.get('fields'), '`fields`', sink);
      if (items === undefined) return;
      const unique: Mutable<UniqueConstraint> = { fields: [], fromField: false, span: attr.span };
      const where = readKeyNames(unique, args.values, sink);
      if (where !== undefined) unique.where = where;
      draft.blockUniques.push({ value: unique, items, attributeName: '@@unique' });
      return;
    }
    case 'index':
    case 'fulltext': {
      const fulltext = attr.name === 'fulltext';
      const args = readArguments(
        attr.args,
        fulltext
          ? { positional: ['fields'], named: ['map'], required: ['fields'] }
          : { positional: ['fields'], named: ['name', 'map', 'type', 'clustered', 'where'], required: ['fields'] },
        label,
        attr.span,
        sink,
      );
      if (fulltext && ctx.options.fulltextIndexes !== true) {
        sink.report(
          SEMANTIC.fulltextUnsupported,
          'Full-text indexes (`@@fulltext`) are not supported by this provider.',
          attr.nameSpan,
        );
        return;
      }
      const items = readFieldList(args.values.get('fields'), '`fields`', sink);
      if (items === undefined) return;
      const index: Mutable<Index> = { fields: [], fulltext, span: attr.span };
      // `name:` on @@index is the Prisma 2 spelling of `map:` (Prisma still treats it so).
      const mapExpr = args.values.get('map') ?? args.values.get('name');
      const map = readDbName(mapExpr, '`map`', sink);
      if (map !== undefined) index.map = map;
      const typeExpr = args.values.get('type');
      const type = readIdentifier(typeExpr, '`type`', sink);
      if (type !== undefined && typeExpr !== undefined) {
        const allowed = ctx.options.indexAlgorithms ?? INDEX_ALGORITHMS;
        if (allowed.includes(type)) index.type = type as NonNullable<Index['type']>;
        else
          sink.report(
            SEMANTIC.invalidIndexType,
            `Unknown index type \`${type}\`.`,
            typeExpr.span,
            `use one of ${allowed.join(', ')}`,
          );
      }
      const clustered = readBoolean(args.values.get('clustered'), '`clustered`', sink);
      if (clustered !== undefined) index.clustered = clustered;
      const where = args.values.get('where');
      if (where !== undefined) {
        const raw = readRaw(where, '`where`', sink);
        if (raw !== undefined) index.where = raw;
      }
      draft.indexes.push({ value: index, items, attributeName: fulltext ? '@@fulltext' : '@@index' });
      return;
    }
    case 'map': {
      const args = readArguments(attr.args, { positional: ['name'], required: ['name'] }, label, attr.span, sink);
      const name = readDbName(args.values.get('name'), 'The argument of `@@map`', sink);
      if (name !== undefined) {
        draft.model.map = name;
        draft.model.dbName = name;
      }
      return;
    }
    case 'ignore':
      readArguments(attr.args, {}, label, attr.span, sink);
      draft.model.ignored = true;
      return;
    case 'schema': {
      const args = readArguments(attr.args, { positional: ['name'], required: ['name'] }, label, attr.span, sink);
      const name = readDbName(args.values.get('name'), 'The argument of `@@schema`', sink);
      if (name !== undefined) {
        draft.model.schema = name;
        draft.schemaSpan = attr.span;
      }
      return;
    }
    default:
      sink.report(SEMANTIC.unknownAttribute, `${label} is not a known ${draft.kind} attribute.`, attr.nameSpan);
  }
}

/** `name:`, `map:` and `clustered:` of `@@id`/`@@unique`; returns the `where:` predicate if any. */
function readKeyNames(
  target: Mutable<PrimaryKey> | Mutable<UniqueConstraint>,
  values: Lookup<Expression>,
  sink: DiagnosticSink,
): string | undefined {
  const nameExpr = values.get('name');
  if (nameExpr !== undefined) {
    if (nameExpr.kind === 'string' && /^[A-Za-z][A-Za-z0-9_]*$/.test(nameExpr.value)) target.name = nameExpr.value;
    else
      sink.report(
        SEMANTIC.invalidArgument,
        '`name` must be a string that is a valid identifier, e.g. "emailOrg".',
        nameExpr.span,
      );
  }
  const map = readDbName(values.get('map'), '`map`', sink);
  if (map !== undefined) target.map = map;
  const clustered = readBoolean(values.get('clustered'), '`clustered`', sink);
  if (clustered !== undefined) target.clustered = clustered;
  const where = values.get('where');
  return where === undefined ? undefined : readRaw(where, '`where`', sink);
}

/** The per-field options of a field-level `@id`/`@unique` (`sort`, `length`). */
function fieldOptions(name: string, values: Lookup<Expression>, sink: DiagnosticSink): IndexField {
  const out: Mutable<IndexField> = { name };
  const sortExpr = values.get('sort');
  const sort = readIdentifier(sortExpr, '`sort`', sink);
  if (sort !== undefined && sortExpr !== undefined) {
    if (sort === 'Asc' || sort === 'Desc') out.sort = sort;
    else sink.report(SEMANTIC.invalidIndexFieldOption, '`sort` must be `Asc` or `Desc`.', sortExpr.span);
  }
  const length = readInteger(values.get('length'), '`length`', sink);
  if (length !== undefined) out.length = length;
  return out;
}

/** Resolves the items of an index field list into `IndexField`s (names are checked later). */
export function indexFields(
  items: readonly NamedItem[],
  allowOps: boolean,
  attributeName: string,
  sink: DiagnosticSink,
): IndexField[] {
  return items.map((item) => {
    if (item.args === undefined) return { name: item.name };
    let sort: IndexField['sort'];
    let length: number | undefined;
    let ops: string | undefined;
    let opsRaw = false;
    for (const arg of item.args.args) {
      const key = arg.name?.name;
      const value = arg.value;
      if (key === 'sort' && value?.kind === 'path' && (value.name === 'Asc' || value.name === 'Desc'))
        sort = value.name;
      else if (key === 'length' && value?.kind === 'number' && /^\d+$/.test(value.value)) length = Number(value.value);
      else if (key === 'ops' && allowOps && value?.kind === 'path') ops = value.name;
      else if (key === 'ops' && allowOps && value?.kind === 'call' && value.name === 'raw') {
        const raw = readRaw(value, '`ops`', sink);
        if (raw !== undefined) {
          ops = raw;
          opsRaw = true;
        }
      } else {
        sink.report(
          SEMANTIC.invalidIndexFieldOption,
          key === undefined || !['sort', 'length', 'ops'].includes(key)
            ? `Unknown option on \`${item.name}\` in \`${attributeName}\`.`
            : `Invalid \`${key}\` on \`${item.name}\` in \`${attributeName}\`.`,
          arg.span,
          allowOps
            ? 'use sort: Asc|Desc, length: <n>, ops: <OpClass> or ops: raw("...")'
            : 'use sort: Asc|Desc or length: <n>',
        );
      }
    }
    // Built in one go so the key order does not depend on the order the options were written in.
    return {
      name: item.name,
      ...(sort !== undefined ? { sort } : {}),
      ...(length !== undefined ? { length } : {}),
      ...(ops !== undefined ? { ops } : {}),
      ...(opsRaw ? { opsRaw } : {}),
    };
  });
}
