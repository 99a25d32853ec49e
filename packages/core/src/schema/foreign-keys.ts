/**
 * The foreign key side of a relation: `fields` and `references` exist, line up one to one,
 * have the same types, reference a unique criterion, and the referential actions fit.
 */
import type { Span } from '../psl/spans.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import type { FieldDraft, ModelDraft } from './drafts.js';
import type { Field, RelationKind, RelationMode } from './model.js';
import { uniqueCriteria } from './validate-keys.js';

/** One relation field, with the model it is on. */
export interface Side {
  readonly model: ModelDraft;
  readonly draft: FieldDraft;
}

/** Checks `fields`/`references` of the foreign key side. */
export function checkForeignKey(
  side: Side,
  target: ModelDraft,
  kind: RelationKind,
  relationMode: RelationMode,
  sink: DiagnosticSink,
): { fields: string[]; references: string[] } | undefined {
  const attr = side.draft.relationAttribute;
  const field = side.draft.field;
  if (attr === undefined) return undefined;
  const attrSpan: Span = attr.span;
  if (attr.fields === undefined || attr.references === undefined) {
    sink.report(
      SEMANTIC.relationFieldsMismatch,
      `\`@relation\` on \`${field.name}\` needs both \`fields\` and \`references\`.`,
      attrSpan,
      attr.fields === undefined ? 'add `fields: [...]`' : 'add `references: [id]`',
    );
    return undefined;
  }
  if (attr.fields.length === 0 || attr.fields.length !== attr.references.length) {
    sink.report(
      SEMANTIC.relationFieldsMismatch,
      attr.fields.length === 0
        ? `\`fields\` of \`${field.name}\` is empty.`
        : `\`fields\` of \`${field.name}\` lists ${attr.fields.length} field(s) but \`references\` lists ${attr.references.length}: they must line up one to one.`,
      attrSpan,
    );
    return undefined;
  }
  let ok = true;
  const fkFields: Field[] = [];
  for (const item of attr.fields) {
    const fd = side.model.fieldsByName.get(item.name);
    if (fd === undefined || fd.field.kind === 'relation') {
      sink.report(
        SEMANTIC.unknownRelationField,
        fd === undefined
          ? `\`fields\` refers to \`${item.name}\`, which is not a field of \`${side.model.model.name}\`.`
          : `\`fields\` refers to \`${item.name}\`, a relation field; it must list scalar fields.`,
        item.span,
        fd === undefined ? `add a field \`${item.name}\` to \`${side.model.model.name}\`` : undefined,
      );
      ok = false;
    } else fkFields.push(fd.field);
  }
  const refFields: Field[] = [];
  for (const item of attr.references) {
    const fd = target.fieldsByName.get(item.name);
    if (fd === undefined || fd.field.kind === 'relation') {
      sink.report(
        SEMANTIC.unknownReferencedField,
        fd === undefined
          ? `\`references\` refers to \`${item.name}\`, which is not a field of \`${target.model.name}\`.`
          : `\`references\` refers to \`${item.name}\`, a relation field of \`${target.model.name}\`; it must list scalar fields.`,
        item.span,
      );
      ok = false;
    } else refFields.push(fd.field);
  }
  if (!ok) return undefined;
  attr.fields.forEach((item, i) => {
    const f = fkFields[i] as Field;
    const r = refFields[i] as Field;
    if (f.type !== r.type || f.kind !== r.kind || f.list !== r.list) {
      sink.report(
        SEMANTIC.relationTypeMismatch,
        `\`${side.model.model.name}.${f.name}\` is ${describeType(f)} but references \`${target.model.name}.${r.name}\`, which is ${describeType(r)}.`,
        item.span,
        `make \`${f.name}\` a ${r.type}${f.optional ? '?' : ''}`,
      );
      ok = false;
    }
  });
  if (!ok) return undefined;
  const fields = attr.fields.map((f) => f.name);
  const references = attr.references.map((r) => r.name);
  const refsSpan = attr.argSpans.get('references') ?? attrSpan;
  if (!uniqueCriteria(target.model as Parameters<typeof uniqueCriteria>[0]).some((c) => sameSet(c, references))) {
    sink.report(
      SEMANTIC.referencesNotUnique,
      `\`references: [${references.join(', ')}]\` is not the id or a unique constraint of \`${target.model.name}\`.`,
      refsSpan,
      references.length === 1
        ? `add \`@unique\` to \`${target.model.name}.${references[0]}\``
        : `add \`@@unique([${references.join(', ')}])\` to \`${target.model.name}\``,
    );
    return undefined;
  }
  if (!field.optional && fkFields.some((f) => f.optional)) {
    sink.report(
      SEMANTIC.requiredRelationOptionalFields,
      `The relation field \`${field.name}\` is required, but its foreign key field${fkFields.length > 1 ? 's' : ''} ${fkFields
        .filter((f) => f.optional)
        .map((f) => `\`${f.name}\``)
        .join(', ')} ${fkFields.filter((f) => f.optional).length > 1 ? 'are' : 'is'} optional.`,
      field.span,
      `make it optional: \`${field.type}?\``,
    );
    return undefined;
  }
  if (
    kind === 'one-to-one' &&
    !uniqueCriteria(side.model.model as Parameters<typeof uniqueCriteria>[0]).some((c) => sameSet(c, fields))
  ) {
    sink.report(
      SEMANTIC.oneToOneFieldsNotUnique,
      `The foreign key of the one-to-one relation \`${field.name}\` (${fields.map((f) => `\`${f}\``).join(', ')}) is not unique.`,
      attr.argSpans.get('fields') ?? attrSpan,
      fields.length === 1 ? `add \`@unique\` to \`${fields[0]}\`` : `add \`@@unique([${fields.join(', ')}])\``,
    );
    return undefined;
  }
  for (const key of ['onDelete', 'onUpdate'] as const) {
    const action = attr[key];
    const span = attr.argSpans.get(key) ?? attrSpan;
    if (action === 'SetNull' && fkFields.some((f) => !f.optional)) {
      sink.report(
        SEMANTIC.setNullOnRequired,
        `\`${key}: SetNull\` on \`${field.name}\` cannot work: the foreign key field${fkFields.length > 1 ? 's are' : ' is'} required.`,
        span,
        `make ${fkFields.map((f) => `\`${f.name}\``).join(', ')} optional, or use another action`,
      );
      return undefined;
    }
    if (action === 'SetDefault' && relationMode === 'prisma') {
      sink.report(
        SEMANTIC.invalidReferentialAction,
        '`SetDefault` is not available with `relationMode = "prisma"`.',
        span,
        'use Cascade, Restrict, NoAction or SetNull',
      );
      return undefined;
    }
  }
  return { fields, references };
}

function describeType(f: Field): string {
  return `${f.kind === 'enum' ? 'enum ' : ''}${f.type}${f.list ? '[]' : ''}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}
