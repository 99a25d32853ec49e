/** The files `strata init` writes: the provider gives its pieces (`Provider.init`), this writes the rest. */
import type { Provider } from '@strata/core';

export function schemaTemplate(provider: Pick<Provider, 'id' | 'init'>): string {
  const datasourceLines = provider.init.datasourceLines.map((line) => `  ${line}\n`).join('');
  const exampleModel = provider.init.exampleModel
    .split('\n')
    .map((line) => (line === '' ? '//' : `// ${line}`))
    .join('\n');
  return `// The Prisma schema strata migrates from. Docs: docs/cli.md

datasource db {
  provider = "${provider.id}"
  url      = env("DATABASE_URL")
${datasourceLines}}

// Uncomment to get TypeScript types (rows, inserts, a Kysely \`DB\`) on every \`strata generate\`
// and \`strata migrate dev\`:
// generator types {
//   provider = "strata-types"
//   output   = "../generated/db.ts"
// }

${exampleModel}
`;
}

export function envLine(url: string): string {
  // Quoted so URLs with `#` or spaces survive; .env files are read by Node's own parser.
  return `DATABASE_URL="${url.replace(/"/g, '\\"')}"\n`;
}
