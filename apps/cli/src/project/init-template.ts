/** The files `strata init` writes. Plain text templates: no core needed to start a project. */

export type InitProvider = 'postgresql' | 'sqlite';

export const DEFAULT_URLS: Readonly<Record<InitProvider, string>> = {
  postgresql: 'postgresql://postgres:postgres@localhost:5432/mydb?schema=public',
  // Relative SQLite paths resolve against the schema's folder, as with Prisma.
  sqlite: 'file:./dev.db',
};

/** `postgres://...` and `postgresql://...` are PostgreSQL; `file:` is SQLite. */
export function providerFromUrl(url: string): InitProvider | undefined {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgresql';
  if (/^file:/i.test(url)) return 'sqlite';
  return undefined;
}

export function schemaTemplate(provider: InitProvider): string {
  return `// The Prisma schema strata migrates from. Docs: docs/cli.md

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

// Uncomment to get TypeScript types (rows, inserts, a Kysely \`DB\`) on every \`strata generate\`
// and \`strata migrate dev\`:
// generator types {
//   provider = "strata-types"
//   output   = "../generated/db.ts"
// }

// model User {
//   id    Int    @id @default(autoincrement())
//   email String @unique
//   name  String?
// }
`;
}

export function envLine(url: string): string {
  // Quoted so URLs with `#` or spaces survive; .env files are read by Node's own parser.
  return `DATABASE_URL="${url.replace(/"/g, '\\"')}"\n`;
}
