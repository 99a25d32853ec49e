/**
 * Is this value a provider this CLI can use? Checked by shape, never by `instanceof`: a provider
 * package may carry its own copy of core, so its objects and errors come from other classes.
 */
import { type Provider, staticMetadata, withEnumsInDatabase } from '@strata/core';

export type ShapeCheck =
  | { readonly kind: 'compatible'; readonly provider: Provider }
  | {
      readonly kind: 'incompatible';
      readonly id: string;
      readonly aliases: readonly string[];
      readonly version?: string;
      readonly apiVersion: unknown;
    }
  | { readonly kind: 'invalid'; readonly problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** True for anything that at least claims to be a provider (an id and an apiVersion). */
export function looksLikeProvider(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.id === 'string' && 'apiVersion' in value;
}

export function checkProviderShape(value: unknown, supportedApiVersion: number): ShapeCheck {
  if (!looksLikeProvider(value)) {
    return {
      kind: 'invalid',
      problem: 'exports no provider (expected a default export with `id` and `apiVersion`, see docs/providers.md)',
    };
  }
  const id = value.id as string;
  const aliases = Array.isArray(value.aliases) ? value.aliases.filter((a): a is string => typeof a === 'string') : [];
  const version = typeof value.version === 'string' ? value.version : undefined;
  if (value.apiVersion !== supportedApiVersion) {
    return {
      kind: 'incompatible',
      id,
      aliases,
      ...(version === undefined ? {} : { version }),
      apiVersion: value.apiVersion,
    };
  }
  const missing = ['emit', 'connect', 'quoteIdentifier', 'placeholder', 'splitStatements'].filter(
    (key) => typeof value[key] !== 'function',
  );
  if (!isRecord(value.types)) missing.push('types');
  if (!isRecord(value.capabilities)) missing.push('capabilities');
  if (missing.length > 0) {
    return { kind: 'invalid', problem: `provider "${id}" lacks ${missing.join(', ')}` };
  }
  // Fill what `defineProvider` would have filled, for providers written by hand.
  const provider = {
    ...value,
    aliases,
    diffHooks: withEnumsInDatabase(isRecord(value.diffHooks) ? value.diffHooks : {}, {
      nativeEnums: (value.capabilities as Record<string, unknown>).nativeEnums === true,
    }),
    defaultNamespaces: Array.isArray(value.defaultNamespaces) ? value.defaultNamespaces : [],
    ...staticMetadata({
      id,
      ...(isStringList(value.urlSchemes) ? { urlSchemes: value.urlSchemes } : {}),
      ...(isRecord(value.init) ? { init: value.init } : {}),
    }),
  } as unknown as Provider;
  return { kind: 'compatible', provider };
}

/**
 * The provider a module exports: its default export, else an export named `provider`, else its
 * only provider-shaped export. Several candidates and no default: the module is ambiguous.
 */
export function providerExportOf(moduleNamespace: unknown): unknown {
  if (!isRecord(moduleNamespace)) return undefined;
  const byDefault = moduleNamespace.default;
  if (looksLikeProvider(byDefault)) return byDefault;
  // A CommonJS module imported from ESM nests its exports one level down.
  if (isRecord(byDefault) && looksLikeProvider(byDefault.default)) return byDefault.default;
  if (looksLikeProvider(moduleNamespace.provider)) return moduleNamespace.provider;
  const shaped = Object.values(moduleNamespace).filter(looksLikeProvider);
  return shaped.length === 1 ? shaped[0] : undefined;
}
