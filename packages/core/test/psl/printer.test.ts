import { loadSchemaFiles } from '../../src/psl/index.js';
import { analyzeSchema, printSchema, type SchemaModel } from '../../src/schema/index.js';
import { byProject, corpusDir, historySchemas, mainSchemas } from '../corpus.js';
import { canonicalJson, withoutSpans } from './meaning.js';

function modelOf(text: string): SchemaModel {
  const r = analyzeSchema([{ path: 'schema.prisma', text }]);
  if (r.model === undefined) throw new Error(r.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
  return r.model;
}

describe('printSchema', () => {
  const source = [
    '/// The app.',
    'generator client {',
    '  provider = "prisma-client-js"',
    '}',
    'datasource db {',
    '  provider          = "postgresql"',
    '  url               = env("DATABASE_URL")',
    '  directUrl         = env("DIRECT_URL")',
    '  shadowDatabaseUrl = "postgresql://user:secret@localhost/shadow"',
    '  relationMode      = "prisma"',
    '}',
    'enum Role {',
    '  USER @map("user")',
    '  ADMIN',
    '}',
    '/// Users.',
    'model User {',
    '  /// Primary key.',
    '  id    String @id(map: "users_pk") @default(uuid(7)) @db.Uuid',
    '  email String @unique(map: "users_email") @db.VarChar(320)',
    '  role  Role   @default(USER)',
    '  tags  String[] @default(["a", "b \\"quoted\\""])',
    '  posts Post[] @relation("authored")',
    '  @@index([email(sort: Desc)], type: Hash)',
    '  @@map("users")',
    '}',
    'model Post {',
    '  id       Int    @id @default(autoincrement())',
    '  authorId String @map("author_id")',
    '  author   User   @relation("authored", fields: [authorId], references: [id], onDelete: Cascade, map: "post_author")',
    '  body     Unsupported("tsvector")?',
    '  @@index([authorId])',
    '}',
  ].join('\n');

  it('prints the canonical, formatted text of a model', () => {
    expect(printSchema(modelOf(source))).toBe(
      [
        '/// The app.',
        'generator client {',
        '  provider = "prisma-client-js"',
        '}',
        '',
        'datasource db {',
        '  provider          = "postgresql"',
        '  url               = env("DATABASE_URL")',
        '  directUrl         = env("DIRECT_URL")',
        '  shadowDatabaseUrl = "postgresql://user:secret@localhost/shadow"',
        '  relationMode      = "prisma"',
        '}',
        '',
        '/// Users.',
        'model User {',
        '  /// Primary key.',
        '  id    String   @id(map: "users_pk") @default(uuid(7)) @db.Uuid',
        '  email String   @unique(map: "users_email") @db.VarChar(320)',
        '  role  Role     @default(USER)',
        '  tags  String[] @default(["a", "b \\"quoted\\""])',
        '  posts Post[]   @relation("authored")',
        '',
        '  @@index([email(sort: Desc)], type: Hash)',
        '  @@map("users")',
        '}',
        '',
        'model Post {',
        '  id       Int                      @id @default(autoincrement())',
        '  authorId String                   @map("author_id")',
        '  author   User                     @relation("authored", fields: [authorId], references: [id], onDelete: Cascade, map: "post_author")',
        '  body     Unsupported("tsvector")?',
        '',
        '  @@index([authorId])',
        '}',
        '',
        'enum Role {',
        '  USER  @map("user")',
        '  ADMIN',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('can leave out the datasource URLs (no secrets in migration snapshots)', () => {
    const printed = printSchema(modelOf(source), { omitDatasourceUrls: true, omitGenerators: true });
    expect(printed).not.toMatch(/url|Url|secret|generator/);
    expect(printed.startsWith('datasource db {\n  provider     = "postgresql"\n  relationMode = "prisma"\n}\n')).toBe(
      true,
    );
  });
});

const dir = corpusDir();
const describeCorpus = dir === undefined ? describe.skip : describe;

describeCorpus('printSchema on the corpus', () => {
  const schemas = dir === undefined ? [] : [...mainSchemas(dir), ...historySchemas(dir)];
  it.each(byProject(schemas))(
    '%s: every valid schema prints so that it reads back as the same model',
    async (_, project) => {
      const problems: string[] = [];
      for (const s of project) {
        const original = analyzeSchema(await loadSchemaFiles(s.path)).model;
        if (original === undefined) continue; // the known-invalid history versions
        const printed = printSchema(original);
        const reread = analyzeSchema([{ path: 'printed.prisma', text: printed }]);
        if (reread.model === undefined) {
          problems.push(`${s.name}: ${reread.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`);
          continue;
        }
        if (canonicalJson(withoutSpans(reread.model)) !== canonicalJson(withoutSpans(original)))
          problems.push(`${s.name}: model changed`);
        if (printSchema(reread.model) !== printed) problems.push(`${s.name}: print is not stable`);
      }
      expect(problems).toEqual([]);
    },
  );
});
