/**
 * Primary keys, unique constraints and indexes of one model: resolve their field lists, check
 * them, and settle the model's `primaryKey`, `uniques` and `indexes`. Also the rule that every
 * model needs a unique criterion.
 */

import { exactSize } from '../psl/arrays.js';
import type { Span } from '../psl/spans.js';
import { indexFields } from './block-attributes.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import type { IndexDraft, ModelDraft } from './drafts.js';
import type { Index, IndexField, PrimaryKey, UniqueConstraint } from './model.js';

export function settleKeys(draft: ModelDraft, sink: DiagnosticSink, autoincrementOnlyOnId = false): void {
  const model = draft.model;
  // --- primary key
  const [firstFieldId, ...extraFieldIds] = draft.fieldIds;
  for (const extra of extraFieldIds) {
    sink.report(
      SEMANTIC.multipleIds,
      `The ${draft.kind} \`${model.name}\` has more than one \`@id\` field; for a compound id use \`@@id([a, b])\`.`,
      extra.span,
    );
  }
  if (draft.blockId !== undefined) {
    if (firstFieldId !== undefined) {
      sink.report(
        SEMANTIC.multipleIds,
        `The ${draft.kind} \`${model.name}\` cannot have both \`@id\` and \`@@id\`.`,
        draft.blockId.value.span,
      );
      model.primaryKey = firstFieldId;
    } else {
      const fields = resolveFields(draft, draft.blockId, false, sink);
      if (fields !== undefined) {
        for (const f of fields) {
          const field = draft.fieldsByName.get(f.name)?.field;
          if (field !== undefined && (field.optional || field.list)) {
            sink.report(
              SEMANTIC.invalidIdField,
              `The field \`${f.name}\` is ${field.optional ? 'optional' : 'a list'}; the fields of an id must be required single values.`,
              draft.blockId.value.span,
            );
          }
        }
        draft.blockId.value.fields = fields;
        model.primaryKey = draft.blockId.value;
      }
    }
  } else if (firstFieldId !== undefined) {
    model.primaryKey = firstFieldId;
  }

  if (autoincrementOnlyOnId) checkAutoincrementOnId(draft, sink);

  // --- uniques: field-level first (in field order), then @@unique, like Prisma lists them
  const uniques: UniqueConstraint[] = [...draft.fieldUniques];
  for (const u of draft.blockUniques) {
    const fields = resolveFields(draft, u, false, sink);
    if (fields === undefined) continue;
    u.value.fields = fields;
    uniques.push(u.value);
  }
  model.uniques = exactSize(uniques);

  // --- indexes
  const indexes: Index[] = [];
  for (const ix of draft.indexes) {
    const fields = resolveFields(draft, ix, !ix.value.fulltext, sink);
    if (fields === undefined) continue;
    ix.value.fields = fields;
    indexes.push(ix.value);
  }
  model.indexes = exactSize(indexes);

  checkClientNames(draft, sink);
  if (draft.kind === 'view') {
    for (const ix of indexes) {
      sink.report(
        SEMANTIC.viewWithIndex,
        `The view \`${model.name}\` cannot have indexes.`,
        ix.span,
        'remove the `@@index`',
      );
    }
  }
  if (draft.kind === 'view' && model.primaryKey !== undefined) {
    sink.report(
      SEMANTIC.viewPrimaryKey,
      `The view \`${model.name}\` has a primary key; Prisma 7 no longer accepts \`@id\` on views.`,
      model.primaryKey.span,
      'use `@unique` instead',
    );
  }

  // --- unique criterion (not needed on views, nor on ignored models)
  // A block with a line that did not parse may have lost its id there: do not pile on.
  const hasInvalidLine = draft.ast.members.some((m) => m.kind === 'invalid');
  if (draft.kind === 'model' && !model.ignored && model.primaryKey === undefined && !hasInvalidLine) {
    const usable = uniques.some((u) =>
      u.fields.every((f) => {
        const field = draft.fieldsByName.get(f.name)?.field;
        return field !== undefined && !field.optional && !field.list && field.kind !== 'unsupported';
      }),
    );
    if (!usable) {
      sink.report(
        SEMANTIC.missingUniqueCriterion,
        `The model \`${model.name}\` has no unique criterion: it needs an \`@id\`, an \`@@id\`, or a \`@unique\`/\`@@unique\` on required fields.`,
        model.span,
        'add `@id` to a field, or `@@ignore` to the model',
      );
    }
  }
}

/** Where only the single id can be numbered (SQLite), `autoincrement()` elsewhere is refused, as Prisma does. */
function checkAutoincrementOnId(draft: ModelDraft, sink: DiagnosticSink): void {
  const key = draft.model.primaryKey?.fields;
  const id = key?.length === 1 ? key[0]?.name : undefined;
  for (const { field } of draft.fields) {
    if (field.default?.kind !== 'function' || field.default.name !== 'autoincrement' || field.name === id) continue;
    sink.report(
      SEMANTIC.autoincrementNotOnId,
      `\`${draft.model.name}.${field.name}\` uses \`autoincrement()\` but is not the model's single id: on this datasource only that key is numbered by the database.`,
      field.span,
      key !== undefined && key.length > 1 ? 'a compound id cannot autoincrement here; remove the default' : undefined,
    );
  }
}

function resolveFields<T extends { readonly span: Span }>(
  draft: ModelDraft,
  ix: IndexDraft<T>,
  allowOps: boolean,
  sink: DiagnosticSink,
): IndexField[] | undefined {
  const span = ix.value.span;
  if (ix.items.length === 0) {
    sink.report(SEMANTIC.emptyIndex, `\`${ix.attributeName}\` needs at least one field.`, span);
    return undefined;
  }
  let ok = true;
  for (const item of ix.items) {
    const fd = draft.fieldsByName.get(item.name);
    if (fd === undefined) {
      sink.report(
        SEMANTIC.unknownIndexField,
        `\`${ix.attributeName}\` refers to \`${item.name}\`, which is not a field of \`${draft.model.name}\`.`,
        item.span,
      );
      ok = false;
    } else if (fd.field.kind === 'relation') {
      sink.report(
        SEMANTIC.indexOnRelationField,
        `\`${ix.attributeName}\` refers to the relation field \`${item.name}\`; list the scalar fields of the relation instead.`,
        item.span,
        fd.relationAttribute?.fields !== undefined
          ? `e.g. [${fd.relationAttribute.fields.map((f) => f.name).join(', ')}]`
          : undefined,
      );
      ok = false;
    }
  }
  if (!ok) return undefined;
  return indexFields(ix.items, allowOps, ix.attributeName, sink);
}

/** `name:` of compound ids and uniques is a client API name: unique per model, distinct from fields. */
function checkClientNames(draft: ModelDraft, sink: DiagnosticSink): void {
  const names = new Map<string, string>();
  const keys: (PrimaryKey | UniqueConstraint)[] = [
    ...(draft.model.primaryKey ? [draft.model.primaryKey] : []),
    ...(draft.model.uniques ?? []),
  ];
  for (const key of keys) {
    if (key.name === undefined) continue;
    if (draft.fieldsByName.has(key.name)) {
      sink.report(
        SEMANTIC.duplicateClientName,
        `The name \`${key.name}\` is already the name of a field of \`${draft.model.name}\`.`,
        key.span,
      );
      continue;
    }
    if (names.has(key.name)) {
      sink.report(
        SEMANTIC.duplicateClientName,
        `The name \`${key.name}\` is used by two ids or unique constraints of \`${draft.model.name}\`.`,
        key.span,
      );
      continue;
    }
    names.set(key.name, key.name);
  }
}

/** The field name sets that identify a row: the primary key and every unique constraint. */
export function uniqueCriteria(model: { primaryKey?: PrimaryKey; uniques: readonly UniqueConstraint[] }): string[][] {
  const out: string[][] = [];
  if (model.primaryKey) out.push(model.primaryKey.fields.map((f) => f.name));
  for (const u of model.uniques) out.push(u.fields.map((f) => f.name));
  return out;
}
