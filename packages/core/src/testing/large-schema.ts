/**
 * Generated schemas for benchmarks and scale tests.
 * Deterministic: the same `models` gives the same text.
 */

/**
 * A valid PostgreSQL schema with `models` models, shaped like a large real project (the corpus's
 * cal.com and trigger.dev average 13 to 16 fields per model): 12 scalar fields covering every
 * scalar type (with a `@map`, `@db.*` native types, defaults, an optional field, a list and an
 * enum), a one-to-many relation to the previous model, a unique, a compound unique and an
 * index; every 10th model also has an implicit many-to-many relation. One enum per 50 models.
 */
export function generateLargeSchema(models: number): string {
  const out: string[] = [
    'generator client {',
    '  provider = "prisma-client-js"',
    '}',
    '',
    'datasource db {',
    '  provider = "postgresql"',
    '  url      = env("DATABASE_URL")',
    '}',
    '',
  ];
  const enumCount = Math.max(1, Math.ceil(models / 50));
  const name = (i: number): string => `Model${String(i).padStart(5, '0')}`;
  for (let i = 0; i < models; i++) {
    const m = name(i);
    const lines = [
      `/// Generated model number ${i}.`,
      `model ${m} {`,
      '  id        Int      @id @default(autoincrement())',
      '  uuid      String   @unique @default(uuid()) @db.Uuid',
      `  title     String   @map("title_${i}") @db.VarChar(255)`,
      '  count     Int      @default(0)',
      '  big       BigInt?',
      '  ratio     Float    @default(1.5)',
      '  price     Decimal? @db.Decimal(10, 2)',
      '  active    Boolean  @default(true)',
      '  data      Json?',
      '  tags      String[]',
      `  status    Status${i % enumCount} @default(ACTIVE)`,
      '  createdAt DateTime @default(now())',
    ];
    if (i > 0) {
      lines.push(
        '  parentId  Int',
        `  parent    ${name(i - 1)} @relation(fields: [parentId], references: [id], onDelete: Cascade)`,
      );
    }
    if (i + 1 < models) lines.push(`  children  ${name(i + 1)}[]`);
    if (i % 10 === 0 && i + 10 < models) lines.push(`  peers     ${name(i + 10)}[] @relation("peers_${i}")`);
    if (i % 10 === 0 && i >= 10) lines.push(`  peerOf    ${name(i - 10)}[] @relation("peers_${i - 10}")`);
    lines.push('', '  @@unique([title, count])');
    if (i > 0) lines.push('  @@index([parentId])');
    lines.push(`  @@map("model_${i}")`, '}', '');
    out.push(...lines);
  }
  for (let e = 0; e < enumCount; e++) {
    out.push(`enum Status${e} {`, '  ACTIVE', '  INACTIVE @map("inactive")', '  ARCHIVED', '}', '');
  }
  return out.join('\n');
}
