/**
 * Does the DATABASE fill this column when an insert leaves it out? Only then is it `Generated<T>`
 * and optional on insert. `uuid()`, `cuid()`, `nanoid()`, `ulid()` and `@updatedAt` are filled
 * by the Prisma client, not the database (docs/architecture.md#schema-and-ir), so they stay required here.
 */
import type { FieldView as Field } from './model-view.js';

const CLIENT_SIDE_FUNCTIONS = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);

export function hasDatabaseDefault(field: Pick<Field, 'default'>): boolean {
  const value = field.default;
  if (value === undefined) return false;
  if (value.kind === 'function') return !CLIENT_SIDE_FUNCTIONS.has(value.name ?? '');
  // `dbgenerated()` without an expression declares a default that exists in the database only.
  return true;
}
