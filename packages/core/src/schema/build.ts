/**
 * From syntax tree to semantic model. The order matters and is fixed:
 * declarations (names of everything) -> datasource -> enums -> models (fields, attributes) ->
 * keys -> relations -> database names -> warnings.
 * Each step reports what it finds and carries on, so one run reports every error.
 */
import { exactSize } from '../psl/arrays.js';
import type { ConfigBlock, EnumBlock, ModelBlock, SchemaAst, TopLevelItem } from '../psl/ast.js';
import { isBlock } from '../psl/ast.js';
import { fileStartSpan, type Span } from '../psl/spans.js';
import { attributeLabel, readArguments, readDbName, SPECS } from './arguments.js';
import { BLOCK_ATTRIBUTE_RANK, inAttributeOrder } from './attribute-order.js';
import { type BuildContext, buildModelDraft } from './build-model.js';
import { checkExtensions, readDatasource, readGenerator } from './config.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import { blockDocumentation, memberDocumentation } from './documentation.js';
import type { EnumDraft, ModelDraft, Mutable } from './drafts.js';
import type { Datasource, EnumValue, Field, Generator, Model, SchemaModel } from './model.js';
import { checkName, checkTypeName } from './names.js';
import type { ValidateOptions } from './options.js';
import { resolveRelations } from './relations.js';
import { settleKeys } from './validate-keys.js';
import { checkDatabaseNames, checkRelationIndexes } from './validate-names.js';

interface Located<B> {
  readonly block: B;
  readonly documentation?: string;
}

export function buildSchemaModel(ast: SchemaAst, options: ValidateOptions, sink: DiagnosticSink): SchemaModel {
  // --- 1. declarations
  const declared = new Map<string, { kind: string; span: Span }>();
  const models: Located<ModelBlock & { kind: 'model' | 'view' }>[] = [];
  const composites: ModelBlock[] = [];
  const enums: Located<EnumBlock>[] = [];
  const datasources: Located<ConfigBlock>[] = [];
  const generators: Located<ConfigBlock>[] = [];
  const configNames = new Map<string, string>();
  for (const file of ast.files) {
    file.items.forEach((item: TopLevelItem, index) => {
      if (!isBlock(item)) return;
      const docs = blockDocumentation(file.items, index);
      const located = docs === undefined ? { block: item } : { block: item, documentation: docs };
      if (item.kind === 'datasource' || item.kind === 'generator') {
        const other = configNames.get(item.name.name);
        if (other !== undefined) {
          sink.report(
            SEMANTIC.duplicateConfigBlock,
            `A ${other} named \`${item.name.name}\` is already defined.`,
            item.name.span,
          );
          return;
        }
        configNames.set(item.name.name, item.kind);
        (item.kind === 'datasource' ? datasources : generators).push(located as Located<ConfigBlock>);
        return;
      }
      const other = declared.get(item.name.name);
      if (other !== undefined) {
        sink.report(
          SEMANTIC.duplicateDeclaration,
          `The ${item.kind} \`${item.name.name}\` cannot be defined because a ${other.kind} with that name already exists (${other.span.file}:${other.span.start.line}).`,
          item.name.span,
        );
        return;
      }
      declared.set(item.name.name, { kind: item.kind, span: item.name.span });
      if (item.kind === 'enum') enums.push(located as Located<EnumBlock>);
      else if (item.kind === 'type') composites.push(item);
      else models.push(located as Located<ModelBlock & { kind: 'model' | 'view' }>);
    });
  }

  // --- 2. datasource and generators
  let datasource: Datasource | undefined;
  for (const [i, ds] of datasources.entries()) {
    if (i > 0) {
      sink.report(
        SEMANTIC.multipleDatasources,
        'A schema can have only one datasource.',
        ds.block.name.span,
        'remove this block',
      );
      continue;
    }
    datasource = readDatasource(ds.block, ds.documentation, sink);
  }
  if (datasource === undefined && ast.files.length > 0) {
    const first = ast.files[0];
    sink.report(
      SEMANTIC.missingDatasource,
      'The schema has no datasource block: strata cannot know which database it is for.',
      first === undefined ? fileStartSpan('schema.prisma') : fileStartSpan(first.path),
      // one line per setting, as Prisma requires: `datasource db { provider = "..." }` does not parse
      'add a datasource block, one setting per line: `datasource db {`, then `provider = "postgresql"` (or "sqlite"), then `}`',
    );
  }
  const generatorModels: Generator[] = generators.map((g) => readGenerator(g.block, g.documentation, sink));
  const datasourceBlock = datasources[0]?.block;
  if (datasource !== undefined && datasourceBlock !== undefined)
    checkExtensions(datasourceBlock, datasource, generatorModels, options, sink);

  for (const c of composites) {
    checkTypeName(c.name, 'Composite type', sink);
    sink.report(
      SEMANTIC.compositeTypeUnsupported,
      `Composite types (\`type ${c.name.name}\`) are only available on MongoDB; strata works with SQL databases.`,
      c.keywordSpan,
      'use a model with a relation, or a Json field',
    );
  }

  // --- 3. enums
  const enumDrafts = enums.map((e) => buildEnum(e, sink));

  // --- 4. models and views
  const enumValues = new Map(enumDrafts.map((e) => [e.value.name, new Set(e.value.values.map((v) => v.name))]));
  const ctx: BuildContext = {
    ...(datasource !== undefined ? { datasourceName: datasource.name } : {}),
    enumValues,
    modelNames: new Set(models.map((m) => m.block.name.name)),
    compositeNames: new Set(composites.map((c) => c.name.name)),
    options,
    sink,
  };
  const drafts: ModelDraft[] = models.map((m) => {
    const d = buildModelDraft(m.block, ctx);
    if (m.documentation !== undefined) d.model.documentation = m.documentation;
    return d;
  });

  // --- 5. keys, then relations (which need the keys), then names
  for (const d of drafts) settleKeys(d, sink, options.autoincrementOnlyOnId === true);
  const relationMode = datasource?.relationMode ?? 'foreignKeys';
  const relations = resolveRelations(drafts, relationMode, sink);
  checkDatabaseNames(drafts, enumDrafts, relations, datasource, options, sink);
  if (relationMode === 'prisma') checkRelationIndexes(drafts, relations, sink);

  const finish = (d: ModelDraft): Model => {
    d.model.fields = d.fields.map((f) => f.field as Field);
    return d.model as Model;
  };
  return {
    ...(datasource !== undefined ? { datasource } : {}),
    generators: generatorModels,
    models: drafts.filter((d) => d.kind === 'model').map(finish),
    enums: enumDrafts.map((e) => e.value),
    views: drafts.filter((d) => d.kind === 'view').map(finish),
    relations,
  };
}

function buildEnum(located: Located<EnumBlock>, sink: DiagnosticSink): EnumDraft {
  const { block } = located;
  checkTypeName(block.name, 'Enum', sink);
  const draft: EnumDraft = {
    value: { name: block.name.name, dbName: block.name.name, values: [], span: block.name.span },
    ast: block,
  };
  if (located.documentation !== undefined) draft.value.documentation = located.documentation;
  const docs = memberDocumentation(block.members);
  const values: EnumValue[] = [];
  const names = new Set<string>();
  const dbNames = new Map<string, string>();
  block.members.forEach((member, i) => {
    if (member.kind !== 'enum-value') return;
    checkName(member.name, 'Enum value', sink);
    const value: Mutable<EnumValue> = {
      name: member.name.name,
      dbName: member.name.name,
      span: member.name.span,
    };
    const doc = docs.get(i);
    if (doc !== undefined) value.documentation = doc;
    let mapped = false;
    for (const attr of member.attributes) {
      if (attr.name !== 'map') {
        sink.report(
          SEMANTIC.unknownAttribute,
          `${attributeLabel(attr)} is not a known enum value attribute; only \`@map\` is.`,
          attr.nameSpan,
        );
        continue;
      }
      if (mapped) {
        sink.report(SEMANTIC.duplicateAttribute, `\`@map\` is given twice on \`${member.name.name}\`.`, attr.span);
        continue;
      }
      mapped = true;
      const args = readArguments(attr, SPECS.name, sink);
      const name = readDbName(args.values.get('name'), 'The argument of `@map`', sink);
      if (name !== undefined) {
        value.map = name;
        value.dbName = name;
      }
    }
    if (names.has(value.name)) {
      sink.report(
        SEMANTIC.duplicateEnumValue,
        `The value \`${value.name}\` is already defined in enum \`${block.name.name}\`.`,
        member.name.span,
      );
      return;
    }
    const other = dbNames.get(value.dbName);
    if (other !== undefined) {
      sink.report(
        SEMANTIC.duplicateEnumValue,
        `The value \`${value.name}\` is stored as "${value.dbName}", like \`${other}\` in enum \`${block.name.name}\`.`,
        member.name.span,
      );
      return;
    }
    names.add(value.name);
    dbNames.set(value.dbName, value.name);
    values.push(value);
  });
  draft.value.values = exactSize(values);
  if (values.length === 0 && names.size === 0) {
    sink.report(
      SEMANTIC.emptyEnum,
      `The enum \`${block.name.name}\` has no values.`,
      block.name.span,
      'add at least one value',
    );
  }
  const seen = new Set<string>();
  for (const attr of inAttributeOrder(
    block.members.flatMap((m) => (m.kind === 'block-attribute' ? [m.attribute] : [])),
    BLOCK_ATTRIBUTE_RANK,
  )) {
    const label = attributeLabel(attr);
    if (attr.name !== 'map' && attr.name !== 'schema') {
      sink.report(
        SEMANTIC.unknownAttribute,
        `${label} is not a known enum attribute; enums take \`@@map\` and \`@@schema\`.`,
        attr.nameSpan,
      );
      continue;
    }
    if (seen.has(attr.name)) {
      sink.report(
        SEMANTIC.duplicateAttribute,
        `${label} is given more than once on \`${block.name.name}\`.`,
        attr.span,
      );
      continue;
    }
    seen.add(attr.name);
    const args = readArguments(attr, SPECS.name, sink);
    const name = readDbName(args.values.get('name'), `The argument of ${label}`, sink);
    if (name === undefined) continue;
    if (attr.name === 'map') {
      draft.value.map = name;
      draft.value.dbName = name;
    } else {
      draft.value.schema = name;
      draft.schemaSpan = attr.span;
    }
  }
  return draft;
}
