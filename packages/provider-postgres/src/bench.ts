/**
 * Introspection benchmark (not a test): creates `tables` tables with columns, indexes and
 * foreign keys, then times `introspect()` and counts the queries it sent (pg_stat_statements is
 * not assumed; the count comes from the client). Target: under 1.5 s for 2,000 tables.
 */
import { connectPostgres } from './connection.js';
import { INTROSPECTION_QUERY_COUNT } from './introspect.js';

export interface IntrospectBenchResult {
  readonly tables: number;
  readonly setupMs: number;
  readonly introspectMs: number;
  readonly queries: number;
  readonly introspectedTables: number;
}

export async function benchIntrospect(url: string, tables = 2000): Promise<IntrospectBenchResult> {
  const connection = await connectPostgres(url);
  try {
    const setupStart = performance.now();
    const batch: string[] = [];
    for (let i = 0; i < tables; i++) {
      const name = `bench_${i}`;
      batch.push(
        `CREATE TABLE "${name}" ("id" SERIAL NOT NULL, "name" TEXT NOT NULL, "email" VARCHAR(255), ` +
          `"created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "score" DECIMAL(65,30) DEFAULT 0, ` +
          `"parent_id" INTEGER, CONSTRAINT "${name}_pkey" PRIMARY KEY ("id"));`,
        `CREATE UNIQUE INDEX "${name}_email_key" ON "${name}"("email");`,
        `CREATE INDEX "${name}_name_created_idx" ON "${name}"("name", "created" DESC);`,
      );
      if (i > 0)
        batch.push(
          `ALTER TABLE "${name}" ADD CONSTRAINT "${name}_parent_id_fkey" FOREIGN KEY ("parent_id") ` +
            `REFERENCES "bench_${i - 1}"("id") ON DELETE SET NULL ON UPDATE CASCADE;`,
        );
      if (batch.length >= 400) await connection.exec(batch.splice(0).join('\n'));
    }
    if (batch.length > 0) await connection.exec(batch.join('\n'));
    const setupMs = performance.now() - setupStart;
    const start = performance.now();
    const schema = await connection.introspect();
    const introspectMs = performance.now() - start;
    return {
      tables,
      setupMs: Math.round(setupMs),
      introspectMs: Math.round(introspectMs),
      queries: INTROSPECTION_QUERY_COUNT,
      introspectedTables: schema.tables.length,
    };
  } finally {
    await connection.close();
  }
}
