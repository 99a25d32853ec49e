/**
 * The pictures themselves: every table, enum and relation drawn once, no two boxes overlapping,
 * a migration's changes marked by colour and by a text marker, the same bytes for the same schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { diff, qualifiedName } from '@strata/core';
import { generateLargeIr, mutate } from '@strata/core/testing';
import { provider as postgres } from '@strata/provider-postgres';
import fc from 'fast-check';
import {
  layoutDiagram,
  migrationDiagram,
  migrationDiagramSvg,
  renderDiagram,
  renderSvg,
  schemaDiagram,
} from '../src/index.js';
import { corpus, lowerSchema, lowerText, overlaps, readSvg } from './support.js';

const ADDED = '#009E73';
const REMOVED = '#D55E00';

const SCHEMAS = [
  'ghostfolio__ghostfolio/schema.prisma',
  'epicweb-dev__epic-stack/schema.prisma',
  'lukevella__rallly/schema',
];

describe.each(corpus === undefined ? [] : SCHEMAS)('the schema diagram of %s', (name) => {
  const { model, database } = lowerSchema(path.join(corpus!, name));
  const diagram = schemaDiagram(database, { model, title: name });
  const svg = renderSvg(diagram);
  const drawn = readSvg(svg);

  test('draws every table, view and enum once, and every foreign key as a relation', () => {
    const expected = [
      ...database.tables.map(qualifiedName),
      ...model.views.map((v) => v.dbName),
      ...database.enums.map(qualifiedName),
    ].sort();
    expect(drawn.boxes.map((b) => b.id).sort()).toEqual(expected);
    const foreignKeys = database.tables.flatMap((t) =>
      t.foreignKeys.map((fk) => `${qualifiedName(t)}->${fk.referencedTable}`),
    );
    expect(drawn.relations.map((r) => `${r.from}->${r.to}`).sort()).toEqual(foreignKeys.sort());
    // each table's columns are rows of its box, with their types
    for (const table of database.tables) {
      const box = drawn.boxes.find((b) => b.id === qualifiedName(table))!;
      for (const column of table.columns) expect(box.markup).toContain(`data-column="${column.name}"`);
    }
  });

  test('no two boxes overlap, and every box is inside the picture', () => {
    expect(overlaps(drawn.boxes)).toEqual([]);
    for (const box of drawn.boxes) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(drawn.width);
      expect(box.y + box.height).toBeLessThanOrEqual(drawn.height);
    }
  });

  test('the same schema gives the same bytes, in every format', () => {
    const again = lowerSchema(path.join(corpus!, name));
    const second = schemaDiagram(again.database, { model: again.model, title: name });
    expect(renderSvg(second)).toBe(svg);
    for (const format of ['mermaid', 'dot'] as const)
      expect(renderDiagram(second, format)).toBe(renderDiagram(diagram, format));
  });
});

(corpus === undefined ? describe.skip : describe)('the diagram of a corpus migration', () => {
  // documenso 20250807011918_add_organisation_sso_portal: the schema before and after it
  const history = (commit: string) => path.join(corpus!, 'documenso__documenso/history', `${commit}.prisma`);
  const index = readFileSync(path.join(corpus ?? '.', 'documenso__documenso/history/index.tsv'), 'utf8');
  const file = (prefix: string) =>
    index
      .split('\n')
      .find((l) => l.startsWith(prefix))!
      .split('\t')[1]!;
  const before = lowerSchema(history(file('d1eb14ac'))).database;
  const after = lowerSchema(history(file('9ac7b94d'))).database;
  const changes = diff(before, after, { hooks: postgres.diffHooks });
  const svg = renderSvg(migrationDiagram({ title: 'add_organisation_sso_portal', before, after, changes }));
  const drawn = readSvg(svg);
  const box = (id: string) => drawn.boxes.find((b) => b.id === id)!;

  test('the new table, the changed tables and enum are marked by colour and by a text marker', () => {
    const portal = box('OrganisationAuthenticationPortal');
    expect(portal.status).toBe('added');
    expect(portal.markup).toContain(
      `font-weight="bold" fill="${ADDED}">+ OrganisationAuthenticationPortal (new)</text>`,
    );
    const organisation = box('Organisation');
    expect(organisation.status).toBe('changed');
    expect(organisation.markup).toContain('~ Organisation (changed)');
    // the added column: its row is marked "+" and drawn in the "added" colour
    const row =
      /<g class="row" data-kind="column" data-status="added" data-column="organisationAuthenticationPortalId">(.*)<\/g>/.exec(
        organisation.markup,
      );
    expect(row?.[1]).toContain(`fill="${ADDED}" font-weight="bold">+</text>`);
    expect(organisation.markup).toMatch(/\+<\/text>.*unique index Organisation_organisationAuthenticationPortalId_key/);
    expect(box('UserSecurityAuditLogType').markup).toMatch(
      /data-status="added"[^>]*>.*>\+<\/text>.*ORGANISATION_SSO_LINK/,
    );
    expect(svg).toContain('class="legend"');
  });

  test('the new relation is drawn and marked; unchanged neighbours are dimmed and collapsed', () => {
    const relation = drawn.relations.find(
      (r) => r.from === 'Organisation' && r.to === 'OrganisationAuthenticationPortal',
    )!;
    expect(relation.status).toBe('added');
    expect(relation.markup).toContain(`stroke="${ADDED}"`);
    expect(relation.markup).toContain('>+</text>');
    const neighbours = drawn.boxes.filter((b) => b.dimmed);
    expect(neighbours.map((b) => b.id)).toContain('Team');
    for (const n of neighbours) expect(n.status).toBe('unchanged');
    expect(box('Team').markup).toMatch(/… \d+ more columns/);
    // untouched tables that do not relate to a touched one are not drawn
    expect(drawn.boxes.map((b) => b.id)).not.toContain('DocumentData');
    expect(overlaps(drawn.boxes)).toEqual([]);
  });
});

describe('a migration of a small schema', () => {
  const before = lowerText([
    {
      path: 'schema.prisma',
      text: `datasource db {\n  provider = "postgresql"\n}\nmodel User {\n  id Int @id\n  email String\n  name String\n  posts Post[]\n  logs Log[]\n}\nmodel Post {\n  id Int @id\n  title String\n  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\nmodel Log {\n  id Int @id\n  user User @relation(fields: [userId], references: [id])\n  userId Int\n}\nmodel Other {\n  id Int @id\n}\n`,
    },
  ]).database;
  const after = lowerText([
    {
      path: 'schema.prisma',
      text: `datasource db {\n  provider = "postgresql"\n}\nmodel User {\n  id Int @id\n  email String @unique\n  name String?\n  profile Profile?\n  posts Post[]\n}\nmodel Post {\n  id Int @id\n  title String\n  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\nmodel Profile {\n  id Int @id\n  user User @relation(fields: [userId], references: [id])\n  userId Int @unique\n}\nmodel Other {\n  id Int @id\n}\n`,
    },
  ]).database;
  const changes = diff(before, after, { hooks: postgres.diffHooks });
  const model = migrationDiagram({ before, after, changes });
  const drawn = readSvg(renderSvg(model));

  test('dropped table and relation in the "removed" colour, dashed, with "−"; a one-to-one relation', () => {
    const log = drawn.boxes.find((b) => b.id === 'Log')!;
    expect(log.status).toBe('removed');
    expect(log.markup).toContain(`font-weight="bold" fill="${REMOVED}">− Log (dropped)</text>`);
    expect(log.markup).toContain('text-decoration="line-through">userId</text>');
    const dropped = drawn.relations.find((r) => r.from === 'Log')!;
    expect(dropped.status).toBe('removed');
    expect(dropped.markup).toContain('stroke-dasharray');
    expect(dropped.markup).toContain('>−</text>');
    const profile = model.relations.find((r) => r.from === 'Profile')!;
    expect([profile.status, profile.fromCardinality, profile.toCardinality]).toEqual(['added', 'zero-or-one', 'one']);
    const post = model.relations.find((r) => r.from === 'Post')!;
    expect([post.status, post.fromCardinality, post.dimmed]).toEqual(['unchanged', 'zero-or-many', true]);
    const user = model.tables.find((t) => t.id === 'User')!;
    expect(user.columns.find((c) => c.name === 'name')).toMatchObject({ status: 'changed', detail: 'now optional' });
    expect(user.notes).toContainEqual({ text: 'unique index User_email_key (email)', status: 'added' });
    // Post is a neighbour of User (dimmed); Other relates to nothing touched
    expect(drawn.boxes.find((b) => b.id === 'Post')?.dimmed).toBe(true);
    expect(drawn.boxes.map((b) => b.id)).not.toContain('Other');
  });

  test('focus: the focused model and its neighbours only, neighbours faded', () => {
    const { model: schema, database } = lowerText([
      {
        path: 'schema.prisma',
        text: `datasource db {\n  provider = "postgresql"\n}\nmodel A {\n  id Int @id\n  b B @relation(fields: [bId], references: [id])\n  bId Int\n}\nmodel B {\n  id Int @id\n  as A[]\n  c C @relation(fields: [cId], references: [id])\n  cId Int\n}\nmodel C {\n  id Int @id\n  bs B[]\n}\n`,
      },
    ]);
    const near = schemaDiagram(database, { model: schema, focus: ['A'], depth: 1 });
    expect(near.tables.map((t) => [t.id, t.dimmed])).toEqual([
      ['A', false],
      ['B', true],
    ]);
    expect(schemaDiagram(database, { model: schema, focus: ['A'], depth: 2 }).tables).toHaveLength(3);
    expect(() => schemaDiagram(database, { model: schema, focus: ['Nope'] })).toThrow(/--focus Nope/);
  });
});

describe('layout properties', () => {
  test('for generated schemas and changes: no overlap, every touched table drawn, the same bytes twice', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 1000 }), (tables, seed) => {
        const from = generateLargeIr(tables, seed);
        const to = mutate(from, 0.3, seed + 1);
        const changes = diff(from, to, { hooks: postgres.diffHooks });
        for (const model of [schemaDiagram(to), migrationDiagram({ before: from, after: to, changes })]) {
          const layout = layoutDiagram(model);
          const boxes = [...layout.boxes.entries()].map(([id, b]) => ({
            ...b,
            id,
            kind: '',
            status: '',
            dimmed: false,
            markup: '',
          }));
          expect(overlaps(boxes)).toEqual([]);
          expect(boxes.length).toBe(model.tables.length + model.enums.length);
          for (const relation of model.relations)
            expect(layout.routes.get(relation.id)?.length ?? 0).toBeGreaterThanOrEqual(2);
          expect(renderSvg(model, layoutDiagram(model))).toBe(renderSvg(model, layout));
        }
        const touched = changes.flatMap((c) =>
          c.kind === 'CreateTable' || c.kind === 'DropTable'
            ? [qualifiedName(c.table)]
            : c.kind === 'AlterTable'
              ? [qualifiedName(c.to)]
              : [],
        );
        const drawn = new Set(migrationDiagram({ before: from, after: to, changes }).tables.map((t) => t.id));
        for (const id of touched) expect(drawn.has(id)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

(corpus === undefined ? describe.skip : describe)('the reference pictures in docs/img', () => {
  test('are what strata draws today (regenerate: pnpm --filter @strata/diagram docs:images)', () => {
    const docs = path.resolve(import.meta.dirname, '../../../docs/img');
    const { model, database } = lowerSchema(path.join(corpus!, 'ghostfolio__ghostfolio/schema.prisma'));
    const schema = renderDiagram(schemaDiagram(database, { model, title: 'ghostfolio: prisma/schema.prisma' }), 'svg');
    expect(schema).toBe(readFileSync(path.join(docs, 'schema-ghostfolio.svg'), 'utf8'));
    const history = path.join(corpus!, 'documenso__documenso/history');
    const index = readFileSync(path.join(history, 'index.tsv'), 'utf8').split('\n');
    const commit = (prefix: string) => index.find((line) => line.startsWith(prefix))!.split('\t')[0]!;
    const before = lowerSchema(path.join(history, commit('d1eb14ac'))).database;
    const after = lowerSchema(path.join(history, commit('9ac7b94d'))).database;
    const migration = migrationDiagramSvg({
      name: '20250807011918_add_organisation_sso_portal',
      before,
      after,
      changes: diff(before, after, { hooks: postgres.diffHooks }),
    });
    expect(migration).toBe(readFileSync(path.join(docs, 'migration-documenso-sso-portal.svg'), 'utf8'));
  });
});
