/** The schema versions the end-to-end flows walk through, per provider. */
import type { Provider } from '@strata/core';
import mysql from '@strata/provider-mysql';
import postgres from '@strata/provider-postgres';
import sqlite from '@strata/provider-sqlite';

export type FlowProvider = 'sqlite' | 'postgresql' | 'mysql';

/** The bundled providers by id: their quoting for the SQL the flows write, their capabilities for what they expect. */
export const FLOW_PROVIDERS: Readonly<Record<FlowProvider, Provider>> = { postgresql: postgres, sqlite, mysql };

const header = (provider: FlowProvider) => `datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

generator types {
  provider = "strata-types"
  output   = "../generated/db.ts"
}
`;

/** v1: users and posts. */
export function schemaV1(provider: FlowProvider): string {
  return `${header(provider)}
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
`;
}

/** v2: User.name renamed to displayName (a rename candidate). */
export function schemaV2(provider: FlowProvider): string {
  return schemaV1(provider).replace('  name  String?', '  displayName String?');
}

/** v3: Post gets a published flag with a default (safe, additive). */
export function schemaV3(provider: FlowProvider): string {
  return schemaV2(provider).replace('  title    String\n', '  title    String\n  published Boolean @default(false)\n');
}

/** v4: Post.title dropped (data loss). */
export function schemaV4(provider: FlowProvider): string {
  return schemaV3(provider).replace('  title    String\n', '');
}
