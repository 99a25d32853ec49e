/**
 * The printer: semantic model -> PSL text. Used for the `before.prisma`/`after.prisma`
 * snapshots of a migration and by `db pull`. It writes the canonical form (attributes in
 * Prisma's order, only what differs from the defaults) and lets the formatter align it, so
 * printing is deterministic: `print(parse(print(m))) === print(m)`.
 *
 * The printer knows the model but not its source text, so comments other than `///`
 * documentation are not reproduced.
 */

import { formatSchema } from '../psl/formatter.js';
import { encodeString } from '../psl/lexer.js';
import type {
  ConfigValue,
  Datasource,
  DefaultValue,
  Enum,
  Field,
  FunctionArgument,
  Generator,
  IndexField,
  Literal,
  Model,
  SchemaModel,
} from './model.js';

export interface PrintOptions {
  /**
   * Leave out `url`, `directUrl` and `shadowDatabaseUrl` of the datasource (they may hold
   * secrets, and migration snapshots must not). Default: false.
   */
  readonly omitDatasourceUrls?: boolean;
  /** Leave out the generator blocks. Default: false. */
  readonly omitGenerators?: boolean;
}

export function printSchema(model: SchemaModel, options: PrintOptions = {}): string {
  const blocks: string[] = [];
  if (!options.omitGenerators) for (const g of model.generators) blocks.push(printGenerator(g));
  if (model.datasource) blocks.push(printDatasource(model.datasource, options));
  const prefix = model.datasource?.name ?? 'db';
  for (const m of model.models) blocks.push(printModel('model', m, prefix));
  for (const v of model.views) blocks.push(printModel('view', v, prefix));
  for (const e of model.enums) blocks.push(printEnum(e));
  return formatSchema(blocks.join('\n\n'));
}

function docLines(documentation: string | undefined, indent = ''): string {
  if (documentation === undefined) return '';
  return documentation
    .split('\n')
    .map((l) => `${indent}///${l === '' ? '' : ` ${l}`}\n`)
    .join('');
}

// ---------------------------------------------------------------------------------------------
// datasource and generators

export function printConfigValue(v: ConfigValue): string {
  switch (v.kind) {
    case 'string':
      return encodeString(v.value);
    case 'env':
      return `env(${encodeString(v.variable)})`;
    case 'number':
      return v.value;
    case 'boolean':
      return String(v.value);
    case 'list':
      return `[${v.values.map(printConfigValue).join(', ')}]`;
    case 'expression':
      return v.source;
  }
}

function printDatasource(ds: Datasource, options: PrintOptions): string {
  const lines: string[] = [`provider = ${encodeString(ds.provider)}`];
  if (!options.omitDatasourceUrls) {
    if (ds.url) lines.push(`url = ${printConfigValue(ds.url)}`);
    if (ds.directUrl) lines.push(`directUrl = ${printConfigValue(ds.directUrl)}`);
    if (ds.shadowDatabaseUrl) lines.push(`shadowDatabaseUrl = ${printConfigValue(ds.shadowDatabaseUrl)}`);
  }
  if (ds.relationMode) lines.push(`relationMode = ${encodeString(ds.relationMode)}`);
  if (ds.schemas) lines.push(`schemas = [${ds.schemas.map(encodeString).join(', ')}]`);
  if (ds.extensions) {
    const exts = ds.extensions.map((e) => {
      const args = [
        ...(e.map !== undefined ? [`map: ${encodeString(e.map)}`] : []),
        ...(e.schema !== undefined ? [`schema: ${encodeString(e.schema)}`] : []),
        ...(e.version !== undefined ? [`version: ${encodeString(e.version)}`] : []),
      ];
      return args.length === 0 ? e.name : `${e.name}(${args.join(', ')})`;
    });
    lines.push(`extensions = [${exts.join(', ')}]`);
  }
  for (const p of ds.otherProperties) lines.push(`${p.key} = ${printConfigValue(p.value)}`);
  return `${docLines(ds.documentation)}datasource ${ds.name} {\n${lines.map((l) => `  ${l}\n`).join('')}}`;
}

function printGenerator(g: Generator): string {
  const lines = g.properties.map((p) => `  ${p.key} = ${printConfigValue(p.value)}\n`);
  return `${docLines(g.documentation)}generator ${g.name} {\n${lines.join('')}}`;
}

// ---------------------------------------------------------------------------------------------
// models

function printModel(keyword: 'model' | 'view', model: Model, prefix: string): string {
  // Field-level keys are printed on their field; index them by field name once.
  const fieldId = model.primaryKey?.fromField ? model.primaryKey : undefined;
  const fieldUniques = new Map(model.uniques.filter((u) => u.fromField).map((u) => [u.fields[0]?.name, u]));
  const lines: string[] = [];
  for (const f of model.fields) {
    const attrs: string[] = [];
    if (f.id && fieldId !== undefined)
      attrs.push(`@id${keyArgs([], fieldId.fields[0], fieldId.map, fieldId.clustered)}`);
    const unique = fieldUniques.get(f.name);
    if (unique !== undefined) attrs.push(`@unique${keyArgs([], unique.fields[0], unique.map, unique.clustered)}`);
    if (f.default !== undefined) {
      attrs.push(
        `@default(${printDefault(f.default)}${f.defaultMap !== undefined ? `, map: ${encodeString(f.defaultMap)}` : ''})`,
      );
    }
    if (f.updatedAt) attrs.push('@updatedAt');
    if (f.map !== undefined) attrs.push(`@map(${encodeString(f.map)})`);
    const relation = printRelation(f);
    if (relation !== undefined) attrs.push(relation);
    if (f.ignored) attrs.push('@ignore');
    if (f.nativeType !== undefined) {
      const args = f.nativeType.args.length > 0 ? `(${f.nativeType.args.join(', ')})` : '';
      attrs.push(`@${prefix}.${f.nativeType.name}${args}`);
    }
    lines.push(
      `${docLines(f.documentation, '  ')}  ${f.name} ${printFieldType(f)}${attrs.length > 0 ? ` ${attrs.join(' ')}` : ''}\n`,
    );
  }
  const blockAttrs: string[] = [];
  const pk = model.primaryKey;
  if (pk !== undefined && !pk.fromField) {
    const named = [
      ...(pk.name !== undefined ? [`name: ${encodeString(pk.name)}`] : []),
      ...(pk.map !== undefined ? [`map: ${encodeString(pk.map)}`] : []),
      ...(pk.clustered !== undefined ? [`clustered: ${pk.clustered}`] : []),
    ];
    blockAttrs.push(`@@id(${[printFieldList(pk.fields), ...named].join(', ')})`);
  }
  for (const u of model.uniques) {
    if (u.fromField) continue;
    const named = [
      ...(u.name !== undefined ? [`name: ${encodeString(u.name)}`] : []),
      ...(u.map !== undefined ? [`map: ${encodeString(u.map)}`] : []),
      ...(u.clustered !== undefined ? [`clustered: ${u.clustered}`] : []),
      ...(u.where !== undefined ? [`where: raw(${encodeString(u.where)})`] : []),
    ];
    blockAttrs.push(`@@unique(${[printFieldList(u.fields), ...named].join(', ')})`);
  }
  for (const ix of model.indexes) {
    const named = [
      ...(ix.map !== undefined ? [`map: ${encodeString(ix.map)}`] : []),
      ...(ix.type !== undefined ? [`type: ${ix.type}`] : []),
      ...(ix.clustered !== undefined ? [`clustered: ${ix.clustered}`] : []),
      ...(ix.where !== undefined ? [`where: raw(${encodeString(ix.where)})`] : []),
    ];
    blockAttrs.push(`@@${ix.fulltext ? 'fulltext' : 'index'}(${[printFieldList(ix.fields), ...named].join(', ')})`);
  }
  if (model.map !== undefined) blockAttrs.push(`@@map(${encodeString(model.map)})`);
  if (model.ignored) blockAttrs.push('@@ignore');
  if (model.schema !== undefined) blockAttrs.push(`@@schema(${encodeString(model.schema)})`);
  const attrSection = blockAttrs.length > 0 ? `\n${blockAttrs.map((a) => `  ${a}\n`).join('')}` : '';
  return `${docLines(model.documentation)}${keyword} ${model.name} {\n${lines.join('')}${attrSection}}`;
}

function printFieldType(f: Field): string {
  const base = f.kind === 'unsupported' ? `Unsupported(${encodeString(f.type)})` : f.type;
  return `${base}${f.list ? '[]' : ''}${f.optional ? '?' : ''}`;
}

/** The arguments of a field-level `@id`/`@unique`: `(map: "x", sort: Desc, length: 10, clustered: true)`. */
function keyArgs(
  prefix: string[],
  field: IndexField | undefined,
  map: string | undefined,
  clustered: boolean | undefined,
): string {
  const args = [
    ...prefix,
    ...(map !== undefined ? [`map: ${encodeString(map)}`] : []),
    ...(field?.sort !== undefined ? [`sort: ${field.sort}`] : []),
    ...(field?.length !== undefined ? [`length: ${field.length}`] : []),
    ...(clustered !== undefined ? [`clustered: ${clustered}`] : []),
  ];
  return args.length === 0 ? '' : `(${args.join(', ')})`;
}

function printFieldList(fields: readonly IndexField[]): string {
  return `[${fields.map(printIndexField).join(', ')}]`;
}

function printIndexField(f: IndexField): string {
  const args = [
    ...(f.sort !== undefined ? [`sort: ${f.sort}`] : []),
    ...(f.length !== undefined ? [`length: ${f.length}`] : []),
    ...(f.ops !== undefined ? [`ops: ${f.opsRaw ? `raw(${encodeString(f.ops)})` : f.ops}`] : []),
  ];
  return args.length === 0 ? f.name : `${f.name}(${args.join(', ')})`;
}

function printRelation(f: Field): string | undefined {
  const r = f.relation;
  if (r === undefined) return undefined;
  const args = [
    ...(r.explicitName ? [encodeString(r.name)] : []),
    ...(r.holdsForeignKey ? [`fields: [${r.fields.join(', ')}]`, `references: [${r.references.join(', ')}]`] : []),
    ...(r.onDelete !== undefined ? [`onDelete: ${r.onDelete}`] : []),
    ...(r.onUpdate !== undefined ? [`onUpdate: ${r.onUpdate}`] : []),
    ...(r.map !== undefined ? [`map: ${encodeString(r.map)}`] : []),
  ];
  return args.length === 0 ? undefined : `@relation(${args.join(', ')})`;
}

export function printLiteral(l: Literal): string {
  switch (l.type) {
    case 'string':
      return encodeString(l.value);
    case 'number':
    case 'enum':
      return l.value;
    case 'boolean':
      return String(l.value);
  }
}

function printFunctionArgument(a: FunctionArgument): string {
  const value = typeof a.value === 'string' ? encodeString(a.value) : String(a.value);
  return a.name === undefined ? value : `${a.name}: ${value}`;
}

export function printDefault(d: DefaultValue): string {
  switch (d.kind) {
    case 'literal':
      return printLiteral(d);
    case 'list':
      return `[${d.values.map(printLiteral).join(', ')}]`;
    case 'function':
      return `${d.name}(${d.args.map(printFunctionArgument).join(', ')})`;
    case 'dbgenerated':
      return d.expression === undefined ? 'dbgenerated()' : `dbgenerated(${encodeString(d.expression)})`;
  }
}

// ---------------------------------------------------------------------------------------------
// enums

function printEnum(e: Enum): string {
  const values = e.values.map(
    (v) =>
      `${docLines(v.documentation, '  ')}  ${v.name}${v.map !== undefined ? ` @map(${encodeString(v.map)})` : ''}\n`,
  );
  const attrs = [
    ...(e.map !== undefined ? [`@@map(${encodeString(e.map)})`] : []),
    ...(e.schema !== undefined ? [`@@schema(${encodeString(e.schema)})`] : []),
  ];
  const attrSection = attrs.length > 0 ? `\n${attrs.map((a) => `  ${a}\n`).join('')}` : '';
  return `${docLines(e.documentation)}enum ${e.name} {\n${values.join('')}${attrSection}}`;
}
