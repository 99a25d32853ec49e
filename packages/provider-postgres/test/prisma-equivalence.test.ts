/**
 * Prisma equivalence: a database built by replaying a project's real Prisma migration history
 * (A) and one built by strata from the final schema.prisma in one go (B) must be identical:
 * tables, columns, types, defaults, indexes, constraints and their names. What the projects wrote
 * by hand in their migrations (and therefore is not in schema.prisma) is listed below, each with
 * the migration that made it; the test also fails when a listed exception no longer occurs.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { diff } from '@strata/core';
import { corpusOrSkip } from '@strata/testkit';
import provider from '../src/index.js';
import { createHandMadeExtensions, initHistoryRow, lowerProject } from './corpus-schema.js';
import { schemaDifferences } from './schema-differences.js';
import { useTwoDatabases } from './two-databases.js';

const corpus = corpusOrSkip();
const databases = useTwoDatabases();

interface Exception {
  /** The difference line, as `schemaDifferences` prints it (A: the Prisma history, B: strata). */
  readonly difference: string;
  readonly migration: string;
  readonly why: string;
}

const EXCEPTIONS: Readonly<Record<string, readonly Exception[]>> = {
  'umami-software__umami': [
    {
      difference: 'unmanaged extension pgcrypto only in A',
      migration: '01_init',
      why: 'CREATE EXTENSION "pgcrypto" written by hand; schema.prisma does not declare extensions',
    },
    {
      difference: 'index session_replay.session_replay_visit_id_idx only in B',
      migration: '19_add_session_replay',
      why: 'the hand-written migration omits the @@index([visitId]) that schema.prisma declares',
    },
    {
      difference: 'index session_replay_saved.session_replay_saved_website_id_visit_id_key constraint: true vs none',
      migration: '19_add_session_replay',
      why: 'written as an inline UNIQUE constraint; Prisma (and strata) create @@unique as a unique index',
    },
  ],
  documenso__documenso: [
    {
      difference: 'unmanaged extension pgcrypto only in A',
      migration: '20250522054049_add_id_generator',
      why: 'CREATE EXTENSION pgcrypto for the hand-written id functions',
    },
    ...['generate_id', 'generate_prefix_id', 'nanoid', 'nanoid_optimized'].map((fn) => ({
      difference: `unmanaged function ${fn} only in A`,
      migration: '20250522054049_add_id_generator',
      why: 'a SQL function written by hand (functions are not in schema.prisma)',
    })),
  ],
};

describe('a replayed Prisma history equals strata from the final schema', () => {
  for (const name of Object.keys(EXCEPTIONS)) {
    test(name, async () => {
      if (corpus === undefined) return;
      const project = path.join(corpus, name);
      const lowered = lowerProject(project);
      if ('error' in lowered) throw new Error(`${name}: schema not accepted (${lowered.error})`);
      const { first: history, second: strata, backend } = databases;
      await history.reset();
      await strata.reset();
      const missing =
        (await createHandMadeExtensions(history, project)) ?? (await createHandMadeExtensions(strata, project));
      if (missing !== undefined) {
        console.log(`${name} skipped: extension ${missing} is not available on this backend (${backend})`);
        return;
      }

      // A: every migration.sql, in order, as Prisma runs them
      const dir = path.join(project, 'migrations');
      const migrations = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
        .map((migration) => ({ migration, sql: readFileSync(path.join(dir, migration, 'migration.sql'), 'utf8') }));
      // extensions the history creates (PGlite has few of them): try each first, skip with the reason
      for (const { sql } of migrations)
        for (const [, extension] of sql.matchAll(/CREATE EXTENSION IF NOT EXISTS "?(\w+)"?/gi)) {
          const ok = await history.execute(`CREATE EXTENSION IF NOT EXISTS "${extension}"`).then(
            () => true,
            () => false,
          );
          if (!ok) {
            console.log(`${name} skipped: extension ${extension} is not available on this backend (${backend})`);
            return;
          }
        }
      for (const { migration, sql } of migrations) {
        await history.execute(sql).catch((error: unknown) => {
          throw new Error(`${name}/${migration}: ${(error as Error).message}`);
        });
      }

      // B: emit(diff(empty, lower(schema.prisma)))
      const live = await strata.introspect();
      const statements = provider.emit(diff(live, lowered.schema, { hooks: provider.diffHooks }), {
        from: live,
        to: lowered.schema,
      });
      const result = await strata.apply(
        { name: 'init', sql: statements.map((s) => s.sql).join('\n\n'), transactional: true },
        initHistoryRow(),
      );
      if (!result.ok) throw new Error(`${name}: ${result.error}`);

      // enum values compare as sets: Prisma appends each added value (ALTER TYPE ... ADD VALUE), so a
      // history's order is the order of the migrations, not the schema's; the differ treats them alike
      const differences = schemaDifferences(await history.introspect(), await strata.introspect(), {
        enumValueOrder: false,
      });
      const listed = EXCEPTIONS[name]!.map((e) => e.difference);
      expect({ unexplained: differences.filter((d) => !listed.includes(d)) }).toEqual({ unexplained: [] });
      expect({ listedButAbsent: listed.filter((d) => !differences.includes(d)) }).toEqual({ listedButAbsent: [] });
    }, 120_000);
  }
});
