/** Prisma preview features the schema switches on (`previewFeatures` of any generator). */
import type { Generator } from './model.js';

/** The preview feature under which Prisma accepts the datasource `extensions` list. */
export const EXTENSIONS_PREVIEW_FEATURE = 'postgresqlExtensions';

export function previewFeatures(generators: readonly Generator[]): ReadonlySet<string> {
  const features = new Set<string>();
  for (const generator of generators)
    for (const property of generator.properties)
      if (property.key === 'previewFeatures' && property.value.kind === 'list')
        for (const value of property.value.values) if (value.kind === 'string') features.add(value.value);
  return features;
}
