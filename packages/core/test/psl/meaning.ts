/** Helpers to compare what two schemas mean, ignoring where things were written. */
import type { SourceFile } from '../../src/psl/index.js';
import { analyzeSchema, type SchemaModel } from '../../src/schema/index.js';

/** The model without spans (they differ between two texts with the same meaning). */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'span') out[k] = withoutSpans(v);
    return out;
  }
  return value;
}

/** JSON with sorted keys: equal for deep-equal values whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function modelOf(sources: readonly SourceFile[]): SchemaModel | undefined {
  return analyzeSchema(sources).model;
}

export function meaningOf(text: string): unknown {
  const result = analyzeSchema([{ path: 'schema.prisma', text }]);
  return { model: withoutSpans(result.model), errors: result.errors.map((e) => e.code) };
}
