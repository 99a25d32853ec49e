/** What lowering a schema model carries from step to step: shared by `lower()` and the relation lowering. */
import type { Provider } from '../provider/contract.js';
import type { Enum, Field, Model, SchemaModel } from '../schema/model.js';
import type { ColumnType } from './ir.js';

export type LowerTarget = Pick<Provider, 'id' | 'types' | 'capabilities' | 'defaultNamespaces'>;

export interface LowerContext {
  readonly schema: SchemaModel;
  readonly target: LowerTarget;
  readonly limit: number;
  readonly models: ReadonlyMap<string, Model>;
  readonly enums: ReadonlyMap<string, Enum>;
  readonly problems: string[];
  /** The namespace an object lowers into; undefined = the provider's default namespace. */
  namespaceOf(declared: string | undefined): string | undefined;
  columnTypeOf(model: Model, field: Field, autoincrement: boolean): ColumnType | undefined;
  columnName(model: Model, fieldName: string): string;
}

export function optionalNamespace(namespace: string | undefined): { namespace?: string } {
  return namespace === undefined ? {} : { namespace };
}
