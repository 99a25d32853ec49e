/**
 * Relation resolution, the way Prisma does it:
 * 1. relation fields are grouped by (unordered model pair, relation name or none);
 * 2. a group must be exactly one field on each side (two fields for a self-relation),
 *    otherwise the relation is incomplete or ambiguous;
 * 3. the shape of the pair gives the kind: list + list is an implicit many-to-many, list +
 *    single is one-to-many (the single side holds the foreign key), single + single is
 *    one-to-one (the side with `fields`/`references` holds the foreign key);
 * 4. the foreign key side is checked: `fields`/`references` exist, line up, have the same
 *    types, reference a unique criterion, and the referential actions fit.
 * Everything is linear in the number of relation fields (one pass to group, one per group).
 */
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import type { ModelDraft, Mutable } from './drafts.js';
import { checkForeignKey, type Side } from './foreign-keys.js';
import type { Field, ReferentialAction, Relation, RelationField, RelationKind, RelationMode } from './model.js';

export function resolveRelations(
  models: readonly ModelDraft[],
  relationMode: RelationMode,
  sink: DiagnosticSink,
): Relation[] {
  const byName = new Map<string, ModelDraft>();
  for (const m of models) byName.set(m.model.name, m);

  // 1. group, keeping the order in which groups are first seen
  const groups = new Map<string, Side[]>();
  for (const model of models) {
    for (const draft of model.fields) {
      if (draft.field.kind !== 'relation') continue;
      if (byName.get(draft.field.type)?.model.ignored && !draft.field.ignored && !model.model.ignored) {
        sink.report(
          SEMANTIC.relationToIgnoredModel,
          `The relation field \`${draft.field.name}\` on \`${model.model.name}\` points to \`${draft.field.type}\`, which is \`@@ignore\`d: mark the field \`@ignore\` too.`,
          draft.field.span,
          `write \`${draft.field.name} ${draft.field.type}${draft.field.list ? '[]' : draft.field.optional ? '?' : ''} @ignore\``,
        );
      }
      const a = model.model.name;
      const b = draft.field.type;
      const pair = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
      const key = `${pair}\u0000${draft.relationAttribute?.name ?? ''}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = [];
        groups.set(key, group);
      }
      group.push({ model, draft });
    }
  }

  const relations: Relation[] = [];
  for (const group of groups.values()) {
    const pair = pairUp(group, sink);
    if (pair === undefined) continue;
    const target = byName.get(pair[1].model.model.name);
    if (target === undefined) continue;
    const relation = resolvePair(pair[0], pair[1], relationMode, byName, sink);
    if (relation === undefined) continue;
    if (pair[0].model.kind === 'view' || pair[1].model.kind === 'view') continue; // no FK or join table for views
    relations.push(relation);
  }
  return relations;
}

/** Step 2: exactly two fields, one per side. */
function pairUp(group: readonly Side[], sink: DiagnosticSink): [Side, Side] | undefined {
  const first = group[0] as Side;
  const modelName = first.model.model.name;
  const targetName = first.draft.field.type;
  const relationName = first.draft.relationAttribute?.name;
  const isSelf = modelName === targetName;
  const named = relationName === undefined ? '' : ` with the relation name "${relationName}"`;
  if (isSelf) {
    if (group.length === 2) return [first, group[1] as Side];
    if (group.length === 1) {
      sink.report(
        SEMANTIC.missingOppositeRelation,
        `The self-relation field \`${first.draft.field.name}\` on model \`${modelName}\` has no opposite field${named}: a self-relation needs two fields.`,
        first.draft.field.span,
        `add the other side, e.g. \`children ${modelName}[]${relationName === undefined ? '' : ` @relation("${relationName}")`}\``,
      );
      return undefined;
    }
    const third = group[2] as Side;
    sink.report(
      SEMANTIC.ambiguousRelation,
      `Ambiguous self-relation: the fields ${group.map((s) => `\`${s.draft.field.name}\``).join(', ')} on model \`${modelName}\` all refer to \`${modelName}\`${named}.`,
      third.draft.field.span,
      'give each pair of fields its own name with `@relation("name")`',
    );
    return undefined;
  }
  const sideA = group.filter((s) => s.model.model.name === modelName);
  const sideB = group.filter((s) => s.model.model.name !== modelName);
  for (const side of [sideA, sideB]) {
    if (side.length > 1) {
      const [a, b] = side as [Side, Side];
      sink.report(
        SEMANTIC.ambiguousRelation,
        `Ambiguous relation: the fields \`${a.draft.field.name}\` and \`${b.draft.field.name}\` on model \`${a.model.model.name}\` both refer to \`${a.draft.field.type}\`${named}.`,
        b.draft.field.span,
        `name each relation: \`@relation("name")\` on \`${b.draft.field.name}\` and on its opposite field in \`${a.draft.field.type}\``,
      );
      return undefined;
    }
  }
  const [a] = sideA;
  const [b] = sideB;
  if (a === undefined || b === undefined) {
    const lone = (a ?? b) as Side;
    sink.report(
      SEMANTIC.missingOppositeRelation,
      `The relation field \`${lone.draft.field.name}\` on model \`${lone.model.model.name}\` has no opposite relation field on model \`${lone.draft.field.type}\`${named}.`,
      lone.draft.field.span,
      `add a field of type \`${lone.model.model.name}${lone.draft.field.list ? '' : '[]'}\` to \`${lone.draft.field.type}\`${relationName === undefined ? '' : ` with \`@relation("${relationName}")\``}`,
    );
    return undefined;
  }
  return [a, b];
}

function hasForeignKeyArgs(side: Side): boolean {
  const r = side.draft.relationAttribute;
  return r !== undefined && (r.fields !== undefined || r.references !== undefined);
}

/** Steps 3 and 4. */
function resolvePair(
  x: Side,
  y: Side,
  relationMode: RelationMode,
  byName: ReadonlyMap<string, ModelDraft>,
  sink: DiagnosticSink,
): Relation | undefined {
  const fx = x.draft.field;
  const fy = y.draft.field;
  const explicitName = x.draft.relationAttribute?.name;
  const a = x.model.model.name;
  const b = y.model.model.name;
  // The two names in order (what `[a, b].sort()` gives, without its temporary arrays).
  const [m1, m2] = a <= b ? [a, b] : [b, a];
  const name = explicitName ?? `${m1}To${m2}`;

  if (fx.list && fy.list) {
    // implicit many-to-many
    let ok = true;
    for (const side of [x, y]) {
      if (hasForeignKeyArgs(side)) {
        sink.report(
          SEMANTIC.relationFieldsOnBothSides,
          `\`${side.draft.field.name}\` is part of an implicit many-to-many relation, which takes no \`fields\`/\`references\`.`,
          side.draft.relationAttribute?.span ?? side.draft.field.span,
          'remove them, or model the join table explicitly',
        );
        ok = false;
      }
      if (!checkNoActionsHere(side, 'an implicit many-to-many relation', sink)) ok = false;
      const pk = side.model.model.primaryKey;
      if (pk === undefined || pk.fields.length !== 1) {
        sink.report(
          SEMANTIC.manyToManyWithoutId,
          `The implicit many-to-many relation \`${name}\` needs a single-field \`@id\` on \`${side.model.model.name}\`.`,
          (side === x ? y : x).draft.field.span,
          'give the model a single `@id` field, or model the join table explicitly',
        );
        ok = false;
      }
    }
    if (!ok) return undefined;
    // Prisma's side A: the model whose name sorts first; for a self-relation, the field whose name sorts first.
    const xIsA = x.model === y.model ? fx.name < fy.name : x.model.model.name < y.model.model.name;
    const [a, b] = xIsA ? [x, y] : [y, x];
    setRelation(a, b, name, explicitName !== undefined, 'many-to-many', false);
    setRelation(b, a, name, explicitName !== undefined, 'many-to-many', false);
    return {
      name,
      kind: 'many-to-many',
      from: { model: a.model.model.name, field: a.draft.field.name },
      to: { model: b.model.model.name, field: b.draft.field.name },
      fields: [],
      references: [],
      explicitName: explicitName !== undefined,
    };
  }

  let fkSide: Side;
  let otherSide: Side;
  let kind: RelationKind;
  if (fx.list || fy.list) {
    kind = 'one-to-many';
    [fkSide, otherSide] = fx.list ? [y, x] : [x, y];
    if (hasForeignKeyArgs(otherSide)) {
      sink.report(
        SEMANTIC.relationFieldsOnBothSides,
        `\`${otherSide.draft.field.name}\` is the list side of a one-to-many relation and cannot define \`fields\`/\`references\`; they belong on \`${fkSide.draft.field.name}\` in \`${fkSide.model.model.name}\`.`,
        otherSide.draft.relationAttribute?.span ?? otherSide.draft.field.span,
      );
      return undefined;
    }
    if (!hasForeignKeyArgs(fkSide)) {
      sink.report(
        SEMANTIC.missingRelationFields,
        `The relation field \`${fkSide.draft.field.name}\` on model \`${fkSide.model.model.name}\` must specify \`fields\` and \`references\` in \`@relation\`.`,
        fkSide.draft.field.span,
        `e.g. \`@relation(fields: [${fkSide.draft.field.name}Id], references: [id])\``,
      );
      return undefined;
    }
  } else {
    kind = 'one-to-one';
    const xHas = hasForeignKeyArgs(x);
    const yHas = hasForeignKeyArgs(y);
    if (!xHas && !yHas) {
      sink.report(
        SEMANTIC.missingRelationFields,
        `Neither \`${fx.name}\` on \`${x.model.model.name}\` nor \`${fy.name}\` on \`${y.model.model.name}\` defines \`fields\`/\`references\`: one side of a one-to-one relation must.`,
        fx.span,
        'add `@relation(fields: [...], references: [...])` on the side whose table should hold the foreign key',
      );
      return undefined;
    }
    if (xHas && yHas) {
      sink.report(
        SEMANTIC.relationFieldsOnBothSides,
        `Both \`${fx.name}\` on \`${x.model.model.name}\` and \`${fy.name}\` on \`${y.model.model.name}\` define \`fields\`/\`references\`; keep them on one side only.`,
        y.draft.relationAttribute?.span ?? fy.span,
      );
      return undefined;
    }
    [fkSide, otherSide] = xHas ? [x, y] : [y, x];
    if (!otherSide.draft.field.optional) {
      sink.report(
        SEMANTIC.oneToOneRequiredBackSide,
        `The relation field \`${otherSide.draft.field.name}\` on \`${otherSide.model.model.name}\` must be optional: the side of a one-to-one relation without the foreign key cannot be required.`,
        otherSide.draft.field.span,
        `write \`${otherSide.draft.field.type}?\``,
      );
      return undefined;
    }
  }
  if (!checkNoActionsHere(otherSide, 'the side without `fields`/`references`', sink)) return undefined;
  const target = byName.get(fkSide.draft.field.type);
  if (target === undefined) return undefined;
  const fk = checkForeignKey(fkSide, target, kind, relationMode, sink);
  if (fk === undefined) return undefined;
  const attr = fkSide.draft.relationAttribute;
  setRelation(fkSide, otherSide, name, explicitName !== undefined, kind, true);
  setRelation(otherSide, fkSide, name, explicitName !== undefined, kind, false);
  return {
    name,
    kind,
    from: { model: fkSide.model.model.name, field: fkSide.draft.field.name },
    to: { model: otherSide.model.model.name, field: otherSide.draft.field.name },
    fields: fk.fields,
    references: fk.references,
    onDelete: attr?.onDelete,
    onUpdate: attr?.onUpdate,
    map: attr?.map,
    explicitName: explicitName !== undefined,
  };
}

function checkNoActionsHere(side: Side, where: string, sink: DiagnosticSink): boolean {
  const attr = side.draft.relationAttribute;
  if (attr === undefined) return true;
  for (const key of ['onDelete', 'onUpdate', 'map'] as const) {
    const span = attr.argSpans.get(key);
    if (span !== undefined) {
      sink.report(
        SEMANTIC.relationArgumentsOnWrongSide,
        `\`${key}\` on \`${side.draft.field.name}\` has no effect: it is ${where}.`,
        span,
        'put it on the relation field that has `fields`/`references`',
      );
      return false;
    }
  }
  return true;
}

function setRelation(
  side: Side,
  opposite: Side,
  name: string,
  explicitName: boolean,
  kind: RelationKind,
  holdsForeignKey: boolean,
): void {
  const attr = side.draft.relationAttribute;
  const rel: Mutable<RelationField> = {
    name,
    explicitName,
    kind,
    oppositeField: opposite.draft.field.name,
    holdsForeignKey,
    fields: holdsForeignKey ? (attr?.fields ?? []).map((f) => f.name) : [],
    references: holdsForeignKey ? (attr?.references ?? []).map((f) => f.name) : [],
  };
  if (holdsForeignKey && attr?.onDelete) rel.onDelete = attr.onDelete;
  if (holdsForeignKey && attr?.onUpdate) rel.onUpdate = attr.onUpdate;
  if (holdsForeignKey && attr?.map) rel.map = attr.map;
  side.draft.field.relation = rel;
}

/**
 * The referential actions that apply when none is written (Prisma's defaults, checked against
 * Prisma 7's SQL): `onUpdate` Cascade; `onDelete` SetNull when every foreign key field is
 * optional, Restrict otherwise. Prisma's "referential arity": one required scalar field makes the
 * relation required for the default (a composite `[sessionId, projectId]` with a required
 * `projectId` gets Restrict, since SET NULL could never null the required column).
 */
export function effectiveReferentialActions(
  relation: Pick<Relation, 'onDelete' | 'onUpdate' | 'fields'>,
  fkModel: { readonly fields: readonly Pick<Field, 'name' | 'optional'>[] },
): { onDelete: ReferentialAction; onUpdate: ReferentialAction } {
  return {
    onDelete: relation.onDelete ?? (foreignKeyFieldsOptional(relation.fields, fkModel) ? 'SetNull' : 'Restrict'),
    onUpdate: relation.onUpdate ?? 'Cascade',
  };
}

/** True when every one of these scalar fields is optional: the relation then defaults to SetNull. */
export function foreignKeyFieldsOptional(
  fields: readonly string[],
  fkModel: { readonly fields: readonly Pick<Field, 'name' | 'optional'>[] },
): boolean {
  return fields.length > 0 && fields.every((f) => fkModel.fields.find((field) => field.name === f)?.optional === true);
}
