import type { DatabaseSchema } from '../../src/index.js';
import { canonicalize } from '../../src/index.js';

/**
 * The canonical form with columns sorted by name: a database cannot reorder columns, so the
 * differ ignores column order and so do comparisons of "what the database holds".
 */
export function comparable(schema: DatabaseSchema): DatabaseSchema {
  const c = canonicalize(schema);
  return {
    ...c,
    tables: c.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) })),
  };
}
