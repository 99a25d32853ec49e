/**
 * The PSL half of the conformance battery: Prisma schemas parsed, validated and lowered by core,
 * then round-tripped through the provider, so `lower()`'s naming (truncation included), join
 * tables, defaults and referential actions meet a real database. Schemas needing a capability the
 * provider lacks are left out for it.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import { analyzeSchema } from '../schema/validate.js';
import type { DatabaseSchema } from '../sql/ir.js';
import { type LowerTarget, lower } from '../sql/lower.js';
import type { BatterySchema } from './battery.js';

const BLOG = `
model User {
  id        Int       @id @default(autoincrement())
  email     String    @unique
  name      String?
  createdAt DateTime  @default(now())
  updatedAt DateTime  @updatedAt
  token     String    @default(uuid())
  posts     Post[]    @relation("author")
  edits     Post[]    @relation("editor")
  profile   Profile?
}

model Profile {
  id     Int    @id @default(autoincrement())
  bio    String @default("it's me")
  userId Int    @unique @map("user_id")
  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)
  @@map("profiles")
}

model Post {
  id         String     @id @default(cuid())
  title      String
  published  Boolean    @default(false)
  views      Int        @default(0)
  authorId   Int
  editorId   Int?
  author     User       @relation("author", fields: [authorId], references: [id])
  editor     User?      @relation("editor", fields: [editorId], references: [id])
  categories Category[]
  @@index([authorId, published])
  @@unique([title, authorId])
}

model Category {
  id    Int    @id @default(autoincrement())
  name  String
  posts Post[]
  parentId Int?
  parent   Category?  @relation("tree", fields: [parentId], references: [id])
  children Category[] @relation("tree")
}
`;

const COMPOUND = `
model Tenant {
  id      Int
  region  String
  members Member[]
  @@id([id, region])
}

model Member {
  tenantId     Int
  tenantRegion String
  email        String
  tenant       Tenant @relation(fields: [tenantId, tenantRegion], references: [id, region])
  @@id([tenantId, email])
  @@index([tenantRegion, email(sort: Desc)])
}
`;

const LONG_NAMES = `
model AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEverMo {
  id                                        Int    @id
  someVeryLongFieldNameNumberOneThatIsLong  String
  someVeryLongFieldNameNumberTwoThatIsLong  String
  tags Tag[]
  @@unique([someVeryLongFieldNameNumberOneThatIsLong, someVeryLongFieldNameNumberTwoThatIsLong])
  @@index([someVeryLongFieldNameNumberTwoThatIsLong])
}

model Tag {
  id  String @id
  label String @unique @map("émojiésàààààààààààààààààààààààààà")
  xs  AVeryLongModelNameThatGoesOnAndOnAndOnForeverAndEverAndEverMo[]
}
`;

const ENUMS = `
enum Role {
  USER
  ADMIN @map("admin")
}

model Account {
  id    Int    @id
  role  Role   @default(ADMIN)
  roles Role[]
}
`;

/** Lowers PSL for a provider, through the same validator options the CLI uses. */
export function lowerPsl(text: string, provider: LowerTarget, file = 'schema.prisma'): DatabaseSchema {
  const source = `datasource db {\n  provider = "${provider.id}"\n}\n${text}`;
  const nativeTypes = provider.types.nativeTypes;
  const result = analyzeSchema([{ path: file, text: source }], {
    nativeTypes: {
      knows: (name) => Object.hasOwn(nativeTypes, name),
      check: (scalar, name, args) => provider.types.checkNativeType(scalar, name, args),
    },
    maxIdentifierLength: provider.capabilities.maxIdentifierLength,
    scalarLists: provider.capabilities.scalarLists,
  });
  if (result.model === undefined || result.errors.length > 0) {
    const messages = result.errors.map((e) => e.message).join('; ');
    throw new StrataError(
      ErrorCodes.schemaInvalid,
      `conformance PSL ${file} is invalid for ${provider.id}: ${messages}`,
      {
        details: { errors: result.errors.map((e) => e.message) },
      },
    );
  }
  return lower(result.model, provider);
}

export interface PslBatterySchema {
  readonly name: string;
  readonly text: string;
}

/** The PSL texts for this provider (lower them with `lowerPsl`). */
export function pslBatteryTexts(provider: LowerTarget): PslBatterySchema[] {
  const caps = provider.capabilities;
  const texts: [string, string][] = [
    ['PSL: blog with relations, a self-relation, a join table and defaults', BLOG],
    ['PSL: compound keys and a compound foreign key', COMPOUND],
    ['PSL: names longer than the identifier limit', LONG_NAMES],
  ];
  if (caps.nativeEnums && caps.scalarLists)
    texts.push(['PSL: an enum with a mapped value, a default and a list', ENUMS]);
  return texts.map(([name, text]) => ({ name, text }));
}

export function pslBattery(provider: LowerTarget): BatterySchema[] {
  return pslBatteryTexts(provider).map(({ name, text }) => ({
    name,
    schema: lowerPsl(text, provider, `${name}.prisma`),
  }));
}
