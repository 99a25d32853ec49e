/**
 * Block attributes of models and views: `@@id`, `@@unique`, `@@index`, `@@fulltext`, `@@map`,
 * `@@ignore`, `@@schema`; and the per-field options of index field lists.
 */
import type { Attribute, Expression } from '../psl/ast.js';
import {
  attributeLabel,
  type Lookup,
  type NamedItem,
  readArguments,
  readBoolean,
  readDbName,
  readFieldList,
  readIdentifier,
  readRaw,
  SPECS,
} from './arguments.js';
import type { BuildContext } from './build-context.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import {
  type ModelDraft,
  type Mutable,
  newIndex,
  newIndexField,
  newPrimaryKey,
  newUniqueConstraint,
} from './drafts.js';
import type { Index, IndexField, PrimaryKey, UniqueConstraint } from './model.js';

const INDEX_ALGORITHMS = ['BTree', 'Hash', 'Gist', 'Gin', 'SpGist', 'Brin'];
/** Block attributes that may appear only once per model. */
const ONCE = new Set(['id', 'map', 'ignore', 'schema']);

export function applyBlockAttribute(attr: Attribute, draft: ModelDraft, seen: Set<string>, ctx: BuildContext): void {
  const { sink } = ctx;
  if (ONCE.has(attr.name)) {
    if (seen.has(attr.name)) {
      sink.report(
        SEMANTIC.duplicateAttribute,
        `${attributeLabel(attr)} is given more than once on \`${draft.model.name}\`.`,
        attr.span,
      );
      return;
    }
    seen.add(attr.name);
  }
  switch (attr.name) {
    case 'id': {
      const args = readArguments(attr, SPECS.blockId, sink);
      const items = readFieldList(args.values.get('fields'), '`fields`', sink);
      if (items === undefined) return;
      const pk = newPrimaryKey([], false, attr.span);
      readKeyNames(pk, args.values, sink);
      draft.blockId = { value: pk, items, attributeName: '@@id' };
      return;
    }
    case 'unique': {
      const args = readArguments(attr, SPECS.blockUnique, sink);
      const items = readFieldList(args.values.get('fields'), '`fields`', sink);
      if (items === undefined) return;
      const unique = newUniqueConstraint([], false, attr.span);
      const where = readKeyNames(unique, args.values, sink);
      if (where !== undefined && acceptsWhere(ctx, args.values.get('where'), sink)) unique.where = where;
      draft.blockUniques.push({ value: unique, items, attributeName: '@@unique' });
      return;
    }
    case 'index':
    case 'fulltext': {
      const fulltext = attr.name === 'fulltext';
      const args = readArguments(attr, fulltext ? SPECS.fulltext : SPECS.index, sink);
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
      const index = newIndex(fulltext, attr.span);
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
        if (raw !== undefined && acceptsWhere(ctx, where, sink)) index.where = raw;
      }
      draft.indexes.push({ value: index, items, attributeName: fulltext ? '@@fulltext' : '@@index' });
      return;
    }
    case 'map': {
      const args = readArguments(attr, SPECS.name, sink);
      const name = readDbName(args.values.get('name'), 'The argument of `@@map`', sink);
      if (name !== undefined) {
        draft.model.map = name;
        draft.model.dbName = name;
      }
      return;
    }
    case 'ignore':
      readArguments(attr, SPECS.none, sink);
      draft.model.ignored = true;
      return;
    case 'schema': {
      const args = readArguments(attr, SPECS.name, sink);
      const name = readDbName(args.values.get('name'), 'The argument of `@@schema`', sink);
      if (name !== undefined) {
        draft.model.schema = name;
        draft.schemaSpan = attr.span;
      }
      return;
    }
    default:
      sink.report(
        SEMANTIC.unknownAttribute,
        `${attributeLabel(attr)} is not a known ${draft.kind} attribute.`,
        attr.nameSpan,
      );
  }
}

/** False (and reported) when the provider has no partial indexes (`ValidateOptions.partialIndexes`). */
function acceptsWhere(ctx: BuildContext, where: Expression | undefined, sink: DiagnosticSink): boolean {
  if (ctx.options.partialIndexes !== false || where === undefined) return true;
  sink.report(
    SEMANTIC.partialIndexUnsupported,
    'Partial indexes (`where:`) are not supported by this provider.',
    where.span,
  );
  return false;
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

/** Resolves the items of an index field list into `IndexField`s (names are checked later). */
export function indexFields(
  items: readonly NamedItem[],
  allowOps: boolean,
  attributeName: string,
  sink: DiagnosticSink,
): IndexField[] {
  return items.map((item) => {
    const field = newIndexField(item.name);
    if (item.args === undefined) return field;
    for (const arg of item.args.args) {
      const key = arg.name?.name;
      const value = arg.value;
      if (key === 'sort' && value?.kind === 'path' && (value.name === 'Asc' || value.name === 'Desc'))
        field.sort = value.name;
      else if (key === 'length' && value?.kind === 'number' && /^\d+$/.test(value.value))
        field.length = Number(value.value);
      else if (key === 'ops' && allowOps && value?.kind === 'path') field.ops = value.name;
      else if (key === 'ops' && allowOps && value?.kind === 'call' && value.name === 'raw') {
        const raw = readRaw(value, '`ops`', sink);
        if (raw !== undefined) {
          field.ops = raw;
          field.opsRaw = true;
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
    return field;
  });
}
