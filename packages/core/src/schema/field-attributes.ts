/**
 * Field attributes: `@id`, `@unique`, `@default`, `@updatedAt`, `@map`, `@ignore`, `@relation`
 * and native types (`@db.*`), applied to a field draft.
 */
import { exactSize } from '../psl/arrays.js';
import type { Attribute, Expression } from '../psl/ast.js';
import {
  attributeLabel,
  type Lookup,
  readArguments,
  readBoolean,
  readDbName,
  readFieldList,
  readIdentifier,
  readInteger,
  SPECS,
} from './arguments.js';
import type { BuildContext } from './build-context.js';
import { readDefault } from './defaults.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import {
  type ModelDraft,
  type Mutable,
  newIndexField,
  newPrimaryKey,
  newUniqueConstraint,
  type RelationAttribute,
} from './drafts.js';
import type { Field, IndexField, ReferentialAction, ScalarType } from './model.js';

const REFERENTIAL_ACTIONS = new Set<string>(['Cascade', 'Restrict', 'NoAction', 'SetNull', 'SetDefault']);

function notAllowed(attr: Attribute, field: Field, sink: DiagnosticSink, why: string): undefined {
  sink.report(
    SEMANTIC.attributeNotAllowed,
    `${attributeLabel(attr)} is not allowed on \`${field.name}\`: ${why}.`,
    attr.span,
  );
  return undefined;
}

/** Applies one field attribute; returns the relation attribute when it is `@relation`. */
export function applyFieldAttribute(
  attr: Attribute,
  field: Mutable<Field>,
  draft: ModelDraft,
  ctx: BuildContext,
): RelationAttribute | undefined {
  const { sink } = ctx;
  const isRelation = field.kind === 'relation';
  switch (attr.name) {
    case 'id': {
      const args = readArguments(attr, SPECS.fieldKey, sink);
      if (isRelation)
        return notAllowed(attr, field, sink, 'a relation field cannot be an id; put `@id` on the foreign key field');
      if (field.optional || field.list) {
        sink.report(
          SEMANTIC.invalidIdField,
          `The field \`${field.name}\` is ${field.optional ? 'optional' : 'a list'}; an id must be a required, single value.`,
          attr.span,
        );
        // Still recorded as the id, so the model does not also get "no unique criterion".
      }
      field.id = true;
      const pk = newPrimaryKey([fieldOptions(field.name, args.values, sink)], true, attr.span);
      const map = readDbName(args.values.get('map'), '`map`', sink);
      if (map !== undefined) pk.map = map;
      const clustered = readBoolean(args.values.get('clustered'), '`clustered`', sink);
      if (clustered !== undefined) pk.clustered = clustered;
      draft.fieldIds.push(pk);
      return undefined;
    }
    case 'unique': {
      const args = readArguments(attr, SPECS.fieldKey, sink);
      if (isRelation)
        return notAllowed(
          attr,
          field,
          sink,
          'only scalar fields can be unique; put `@unique` on the foreign key field',
        );
      field.unique = true;
      const unique = newUniqueConstraint([fieldOptions(field.name, args.values, sink)], true, attr.span);
      const map = readDbName(args.values.get('map'), '`map`', sink);
      if (map !== undefined) unique.map = map;
      const clustered = readBoolean(args.values.get('clustered'), '`clustered`', sink);
      if (clustered !== undefined) unique.clustered = clustered;
      draft.fieldUniques.push(unique);
      return undefined;
    }
    case 'default': {
      const args = readArguments(attr, SPECS.default, sink);
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
          enumValues,
        },
        sink,
      );
      if (def !== undefined) field.default = def;
      const map = readDbName(args.values.get('map'), '`map`', sink);
      if (map !== undefined) field.defaultMap = map;
      return undefined;
    }
    case 'updatedAt':
      readArguments(attr, SPECS.none, sink);
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
      const args = readArguments(attr, SPECS.name, sink);
      if (isRelation)
        return notAllowed(attr, field, sink, 'relation fields have no column; map the foreign key fields instead');
      const name = readDbName(args.values.get('name'), 'The argument of `@map`', sink);
      if (name !== undefined) {
        field.map = name;
        field.dbName = name;
      }
      return undefined;
    }
    case 'ignore':
      readArguments(attr, SPECS.none, sink);
      field.ignored = true;
      return undefined;
    case 'relation':
      if (!isRelation)
        return notAllowed(
          attr,
          field,
          sink,
          `it is a ${field.kind} field, and \`@relation\` goes on fields whose type is a model`,
        );
      return readRelationAttribute(attr, ctx);
    default:
      if (attr.name.includes('.')) {
        applyNativeType(attr, field, ctx);
        return undefined;
      }
      sink.report(SEMANTIC.unknownAttribute, `${attributeLabel(attr)} is not a known field attribute.`, attr.nameSpan);
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
  field.nativeType = { name, args: exactSize(args) };
}

function readRelationAttribute(attr: Attribute, ctx: BuildContext): RelationAttribute {
  const { sink } = ctx;
  const { values, spans } = readArguments(attr, SPECS.relation, sink);
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

/** The per-field options of a field-level `@id`/`@unique` (`sort`, `length`). */
function fieldOptions(name: string, values: Lookup<Expression>, sink: DiagnosticSink): IndexField {
  const out = newIndexField(name);
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
