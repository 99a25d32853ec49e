/**
 * Models and views: fields, field attributes and block attributes, read into drafts.
 * Cross-model checks (relations, duplicate table names, ...) come later, once every model has
 * been read.
 */
import type { Attribute, FieldDeclaration, ModelBlock } from '../psl/ast.js';
import { attributeLabel } from './arguments.js';
import { BLOCK_ATTRIBUTE_RANK, FIELD_ATTRIBUTE_RANK, inAttributeOrder } from './attribute-order.js';
import { applyBlockAttribute } from './block-attributes.js';
import type { BuildContext } from './build-context.js';
import { SEMANTIC } from './diagnostics.js';

export type { BuildContext } from './build-context.js';

import { memberDocumentation } from './documentation.js';
import type { FieldDraft, ModelDraft, Mutable, RelationAttribute } from './drafts.js';
import { applyFieldAttribute } from './field-attributes.js';
import type { Field, FieldKind } from './model.js';
import { SCALAR_TYPES } from './model.js';
import { checkName, checkTypeName } from './names.js';

const SCALARS = new Set<string>(SCALAR_TYPES);

export function buildModelDraft(block: ModelBlock & { kind: 'model' | 'view' }, ctx: BuildContext): ModelDraft {
  const { sink } = ctx;
  checkTypeName(block.name, block.kind === 'view' ? 'View' : 'Model', sink);
  const draft: ModelDraft = {
    kind: block.kind,
    // Every property is present from the start (`undefined` until set): all models share one
    // hidden class, which keeps every later pass over them fast.
    model: {
      name: block.name.name,
      dbName: block.name.name,
      map: undefined,
      schema: undefined,
      fields: [],
      primaryKey: undefined,
      uniques: [],
      indexes: [],
      ignored: false,
      documentation: undefined,
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
  // All properties present from the start, as for models: one hidden class for every field.
  const field: Mutable<Field> = {
    name: decl.name.name,
    dbName: decl.name.name,
    map: undefined,
    kind,
    type,
    optional: decl.type.optional,
    list: decl.type.list,
    default: undefined,
    defaultMap: undefined,
    id: false,
    unique: false,
    updatedAt: false,
    nativeType: undefined,
    ignored: false,
    relation: undefined,
    documentation,
    span: decl.name.span,
  };
  let relationAttribute: RelationAttribute | undefined;
  // A field has a handful of attributes: an array beats a Set here.
  const seen: string[] | undefined = decl.attributes.length > 1 ? [] : undefined;
  for (const attr of inAttributeOrder(decl.attributes, FIELD_ATTRIBUTE_RANK)) {
    const isNative = attr.name.includes('.');
    const key = isNative ? 'native type' : attr.name;
    if (seen?.includes(key)) {
      sink.report(
        SEMANTIC.duplicateAttribute,
        isNative
          ? `The field \`${field.name}\` has more than one native type.`
          : `${attributeLabel(attr)} is given twice on \`${field.name}\`.`,
        attr.span,
      );
      continue;
    }
    seen?.push(key);
    const rel = applyFieldAttribute(attr, field, draft, ctx);
    if (rel !== undefined) relationAttribute = rel;
  }
  return { field, ast: decl, relationAttribute };
}
