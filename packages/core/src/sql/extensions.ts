/**
 * Which extensions are strata's. Introspection reports every installed extension as unmanaged
 * (it cannot know what the schema declares); a workflow that compares a database with a declared
 * schema claims the ones it declares. An extension nobody declared (created by hand, by a
 * migration written by hand, or by the hosting platform) is never dropped and never drift, which
 * is what Prisma does too.
 */
import { canonicalize } from './canonical.js';
import type { DatabaseSchema, Extension, UnmanagedObject } from './ir.js';

/**
 * `live` with the extensions `declared` lists moved from `unmanaged` into `extensions`
 * (`'all'`: every one, e.g. for `db pull` or a diff between two databases).
 */
export function claimExtensions(live: DatabaseSchema, declared: DatabaseSchema | 'all'): DatabaseSchema {
  const wanted = declared === 'all' ? undefined : new Set((declared.extensions ?? []).map((x) => x.name));
  const claimed: Extension[] = [...(live.extensions ?? [])];
  const unmanaged: UnmanagedObject[] = [];
  for (const object of live.unmanaged) {
    if (object.kind === 'extension' && object.extension !== undefined && (wanted?.has(object.name) ?? true))
      claimed.push(object.extension);
    else unmanaged.push(object);
  }
  if (claimed.length === (live.extensions ?? []).length) return live;
  return canonicalize({ ...live, extensions: claimed, unmanaged });
}
