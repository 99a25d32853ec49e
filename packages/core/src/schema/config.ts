/** `datasource` and `generator` blocks. */
import type { ConfigBlock, Expression, KeyValue } from '../psl/ast.js';
import { printExpression } from '../psl/expressions.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import type { ConfigProperty, ConfigValue, Datasource, ExtensionSpec, Generator, RelationMode } from './model.js';
import type { ValidateOptions } from './options.js';
import { EXTENSIONS_PREVIEW_FEATURE, previewFeatures } from './preview-features.js';

export function configValue(expr: Expression): ConfigValue {
  switch (expr.kind) {
    case 'string':
      return { kind: 'string', value: expr.value };
    case 'number':
      return { kind: 'number', value: expr.value };
    case 'path':
      if (expr.name === 'true' || expr.name === 'false') return { kind: 'boolean', value: expr.name === 'true' };
      return { kind: 'expression', source: expr.name };
    case 'array':
      return { kind: 'list', values: expr.items.map(configValue) };
    case 'call': {
      const [arg, ...rest] = expr.args.args;
      if (expr.name === 'env' && rest.length === 0 && arg?.name === undefined && arg?.value?.kind === 'string') {
        return { kind: 'env', variable: arg.value.value };
      }
      return { kind: 'expression', source: printExpression(expr) };
    }
  }
}

function keyValues(block: ConfigBlock): KeyValue[] {
  return block.members.filter((m): m is KeyValue => m.kind === 'key-value');
}

const DATASOURCE_KEYS = new Set([
  'provider',
  'url',
  'directUrl',
  'shadowDatabaseUrl',
  'relationMode',
  'referentialIntegrity',
  'schemas',
  'extensions',
]);

export function readDatasource(block: ConfigBlock, docs: string | undefined, sink: DiagnosticSink): Datasource {
  const seen = new Map<string, KeyValue>();
  let provider = '';
  let url: ConfigValue | undefined;
  let directUrl: ConfigValue | undefined;
  let shadowDatabaseUrl: ConfigValue | undefined;
  let relationMode: RelationMode | undefined;
  let schemas: string[] | undefined;
  let extensions: ExtensionSpec[] | undefined;
  const otherProperties: ConfigProperty[] = [];
  for (const kv of keyValues(block)) {
    const key = kv.key.name;
    if (seen.has(key)) {
      sink.report(SEMANTIC.invalidDatasourceProperty, `The property \`${key}\` is set twice.`, kv.key.span);
      continue;
    }
    seen.set(key, kv);
    if (!DATASOURCE_KEYS.has(key)) {
      sink.report(
        SEMANTIC.invalidDatasourceProperty,
        `Unknown datasource property \`${key}\`.`,
        kv.key.span,
        `valid properties: ${[...DATASOURCE_KEYS].join(', ')}`,
      );
      otherProperties.push({ key, value: configValue(kv.value) });
      continue;
    }
    switch (key) {
      case 'provider':
        if (kv.value.kind === 'string') provider = kv.value.value;
        else
          sink.report(
            SEMANTIC.invalidDatasourceProperty,
            '`provider` must be a string, e.g. "postgresql".',
            kv.value.span,
          );
        break;
      case 'url':
      case 'directUrl':
      case 'shadowDatabaseUrl': {
        const value = configValue(kv.value);
        if (value.kind !== 'string' && value.kind !== 'env') {
          sink.report(
            SEMANTIC.invalidDatasourceProperty,
            `\`${key}\` must be a string or \`env("VARIABLE")\`.`,
            kv.value.span,
          );
          break;
        }
        if (key === 'url') url = value;
        else if (key === 'directUrl') directUrl = value;
        else shadowDatabaseUrl = value;
        break;
      }
      case 'relationMode':
      case 'referentialIntegrity': {
        if (key === 'referentialIntegrity') {
          sink.report(
            SEMANTIC.deprecatedReferentialIntegrity,
            '`referentialIntegrity` was renamed `relationMode`.',
            kv.key.span,
          );
        }
        if (kv.value.kind === 'string' && (kv.value.value === 'prisma' || kv.value.value === 'foreignKeys')) {
          relationMode = kv.value.value;
        } else {
          sink.report(
            SEMANTIC.invalidDatasourceProperty,
            `\`${key}\` must be "foreignKeys" or "prisma".`,
            kv.value.span,
          );
        }
        break;
      }
      case 'schemas': {
        const list = kv.value.kind === 'array' ? kv.value.items : undefined;
        if (list === undefined || list.some((i) => i.kind !== 'string')) {
          sink.report(
            SEMANTIC.invalidDatasourceProperty,
            '`schemas` must be a list of strings, e.g. ["public", "auth"].',
            kv.value.span,
          );
          break;
        }
        schemas = list.map((i) => (i.kind === 'string' ? i.value : ''));
        break;
      }
      case 'extensions':
        extensions = readExtensions(kv.value, sink);
        break;
    }
  }
  const hasInvalidLine = block.members.some((m) => m.kind === 'invalid');
  if (!seen.has('provider') && !hasInvalidLine) {
    sink.report(
      SEMANTIC.missingProvider,
      `The datasource \`${block.name.name}\` has no \`provider\`.`,
      block.name.span,
      'add `provider = "postgresql"` (or "sqlite", ...)',
    );
  }
  return {
    name: block.name.name,
    provider,
    ...(url ? { url } : {}),
    ...(directUrl ? { directUrl } : {}),
    ...(shadowDatabaseUrl ? { shadowDatabaseUrl } : {}),
    ...(relationMode ? { relationMode } : {}),
    ...(schemas ? { schemas } : {}),
    ...(extensions ? { extensions } : {}),
    otherProperties,
    ...(docs !== undefined ? { documentation: docs } : {}),
    span: block.span,
  };
}

/** `extensions = [pg_trgm, postgis(version: "3.4"), uuid_ossp(map: "uuid-ossp", schema: "ext")]` */
function readExtensions(expr: Expression, sink: DiagnosticSink): ExtensionSpec[] | undefined {
  const invalid = (): undefined => {
    sink.report(
      SEMANTIC.invalidDatasourceProperty,
      '`extensions` must be a list of extension names, e.g. [pg_trgm, postgis(version: "3.4")].',
      expr.span,
    );
    return undefined;
  };
  if (expr.kind !== 'array') return invalid();
  const out: ExtensionSpec[] = [];
  for (const item of expr.items) {
    if (item.kind === 'path') {
      out.push({ name: item.name });
      continue;
    }
    if (item.kind !== 'call') return invalid();
    const spec: { name: string; map?: string; schema?: string; version?: string } = { name: item.name };
    for (const arg of item.args.args) {
      const key = arg.name?.name;
      if ((key === 'map' || key === 'schema' || key === 'version') && arg.value?.kind === 'string')
        spec[key] = arg.value.value;
      else return invalid();
    }
    out.push(spec);
  }
  return out;
}

/**
 * `extensions` exists only where the provider has extensions (Prisma: "Property not known" on
 * SQLite), and Prisma accepts it only under the `postgresqlExtensions` preview feature.
 */
export function checkExtensions(
  block: ConfigBlock,
  datasource: Datasource,
  generators: readonly Generator[],
  options: ValidateOptions,
  sink: DiagnosticSink,
): void {
  const property = keyValues(block).find((kv) => kv.key.name === 'extensions');
  if (property === undefined) return;
  if (options.extensions === false) {
    sink.report(
      SEMANTIC.extensionsUnsupported,
      `The provider \`${datasource.provider}\` has no extensions: the datasource property \`extensions\` is not available.`,
      property.key.span,
      'remove the `extensions` list',
    );
    return;
  }
  if (options.checkPreviewFeatures !== false && !previewFeatures(generators).has(EXTENSIONS_PREVIEW_FEATURE)) {
    sink.report(
      SEMANTIC.previewFeatureRequired,
      `The \`extensions\` property is only available with the \`${EXTENSIONS_PREVIEW_FEATURE}\` preview feature.`,
      property.key.span,
      `add \`previewFeatures = ["${EXTENSIONS_PREVIEW_FEATURE}"]\` to the generator block`,
    );
  }
}

export function readGenerator(block: ConfigBlock, docs: string | undefined, sink: DiagnosticSink): Generator {
  const properties: ConfigProperty[] = [];
  const seen = new Set<string>();
  for (const kv of keyValues(block)) {
    if (seen.has(kv.key.name)) {
      sink.report(SEMANTIC.duplicateArgument, `The property \`${kv.key.name}\` is set twice.`, kv.key.span);
      continue;
    }
    seen.add(kv.key.name);
    properties.push({ key: kv.key.name, value: configValue(kv.value) });
  }
  if (!seen.has('provider') && !block.members.some((m) => m.kind === 'invalid')) {
    sink.report(
      SEMANTIC.missingProvider,
      `The generator \`${block.name.name}\` has no \`provider\`.`,
      block.name.span,
      'add `provider = "prisma-client-js"`',
    );
  }
  return {
    name: block.name.name,
    properties,
    ...(docs !== undefined ? { documentation: docs } : {}),
    span: block.span,
  };
}
