/**
 * The conformance battery: schemas built directly as IR (no parser needed), with column types
 * asked from the provider's own type system and names from Prisma's naming rules, so every
 * provider gets the same schemas in its own dialect. Schemas that need a capability the provider
 * lacks (native enums, scalar lists, foreign keys) are left out for it.
 */
import { ErrorCodes } from '../errors/codes.js';
import { StrataError } from '../errors/strata-error.js';
import type { FieldTypeRequest, Provider } from '../provider/contract.js';
import type {
  Column,
  ColumnDefault,
  DatabaseSchema,
  EnumType,
  ForeignKey,
  Index,
  NeutralScalar,
  Table,
} from '../sql/ir.js';
import { foreignKeyName, indexName, joinTableNames, primaryKeyName, uniqueIndexName } from '../sql/naming.js';

export type BatteryProvider = Pick<Provider, 'id' | 'types' | 'capabilities' | 'defaultNamespaces'>;

export interface BatterySchema {
  readonly name: string;
  readonly schema: DatabaseSchema;
}

/** Small builders that speak the provider's dialect through its type system. */
export class IrBuilder {
  constructor(readonly provider: BatteryProvider) {}

  get limit(): number {
    return this.provider.capabilities.maxIdentifierLength;
  }

  column(
    name: string,
    scalar: NeutralScalar,
    options: Partial<Omit<FieldTypeRequest, 'scalar'>> & { nullable?: boolean; default?: ColumnDefault } = {},
  ): Column {
    const type = this.provider.types.columnType({
      scalar,
      list: options.list ?? false,
      autoincrement: options.autoincrement ?? false,
      ...(options.nativeType === undefined ? {} : { nativeType: options.nativeType }),
      ...(options.enum === undefined ? {} : { enum: options.enum }),
      ...(options.unsupported === undefined ? {} : { unsupported: options.unsupported }),
    });
    if ('error' in type) {
      throw new StrataError(
        ErrorCodes.internal,
        `${this.provider.id} cannot store ${scalar} column ${name}: ${type.error}`,
      );
    }
    return {
      name,
      type,
      nullable: options.nullable ?? options.list ?? false,
      ...(options.default === undefined ? {} : { default: options.default }),
      ...(options.autoincrement === true ? { autoincrement: true } : {}),
    };
  }

  table(
    name: string,
    columns: Column[],
    options: { pk?: string[]; indexes?: Index[]; foreignKeys?: ForeignKey[] } = {},
  ): Table {
    const pk = options.pk ?? ['id'];
    const named = this.provider.capabilities.namedPrimaryKeys !== false;
    return {
      name,
      columns,
      ...(pk.length === 0
        ? {}
        : { primaryKey: { ...(named ? { name: primaryKeyName(name, this.limit) } : {}), columns: pk } }),
      indexes: options.indexes ?? [],
      foreignKeys: this.provider.capabilities.foreignKeys === false ? [] : (options.foreignKeys ?? []),
    };
  }

  unique(table: string, columns: string[]): Index {
    return {
      name: uniqueIndexName(table, columns, this.limit),
      unique: true,
      columns: columns.map((name) => ({ name })),
    };
  }

  index(table: string, columns: string[]): Index {
    return { name: indexName(table, columns, this.limit), unique: false, columns: columns.map((name) => ({ name })) };
  }

  foreignKey(
    table: string,
    columns: string[],
    referencedTable: string,
    referencedColumns: string[],
    onDelete: ForeignKey['onDelete'] = 'Restrict',
  ): ForeignKey {
    return {
      name: foreignKeyName(table, columns, this.limit),
      columns,
      referencedTable,
      referencedColumns,
      onDelete,
      onUpdate: 'Cascade',
    };
  }

  schema(tables: Table[], enums: EnumType[] = []): DatabaseSchema {
    const caps = this.provider.capabilities;
    return {
      provider: this.provider.id,
      namespaces: [],
      tables,
      enums: caps.nativeEnums ? enums : [],
      unmanaged: [],
    };
  }
}

export function usersSchema(b: IrBuilder, extra: Column[] = [], name = 'User'): DatabaseSchema {
  return b.schema([
    b.table(
      name,
      [
        b.column('id', 'Int', { autoincrement: true }),
        b.column('email', 'String'),
        b.column('name', 'String', { nullable: true }),
        b.column('createdAt', 'DateTime', { default: { kind: 'now' } }),
        b.column('active', 'Boolean', { default: { kind: 'boolean', value: true } }),
        ...extra,
      ],
      { indexes: [b.unique(name, ['email'])] },
    ),
  ]);
}

export function blogSchema(b: IrBuilder): DatabaseSchema {
  const users = usersSchema(b).tables;
  return b.schema([
    ...users,
    b.table(
      'Post',
      [
        b.column('id', 'Int', { autoincrement: true }),
        b.column('title', 'String', { default: { kind: 'string', value: "it's new" } }),
        b.column('authorId', 'Int'),
        b.column('editorId', 'Int', { nullable: true }),
      ],
      {
        indexes: [b.index('Post', ['authorId'])],
        foreignKeys: [
          b.foreignKey('Post', ['authorId'], 'User', ['id'], 'Restrict'),
          b.foreignKey('Post', ['editorId'], 'User', ['id'], 'SetNull'),
        ],
      },
    ),
  ]);
}

export function conformanceBattery(provider: BatteryProvider): BatterySchema[] {
  const b = new IrBuilder(provider);
  const caps = provider.capabilities;
  const battery: BatterySchema[] = [
    { name: 'one table with defaults and a unique index', schema: usersSchema(b) },
    { name: 'two tables with foreign keys and an index', schema: blogSchema(b) },
    {
      name: 'every scalar type, nullable and required',
      schema: b.schema([
        b.table('Scalars', [
          b.column('id', 'String'),
          b.column('int', 'Int', { default: { kind: 'number', value: '42' } }),
          b.column('bigint', 'BigInt', { nullable: true }),
          b.column('float', 'Float', { nullable: true, default: { kind: 'number', value: '1.5' } }),
          b.column('decimal', 'Decimal', { nullable: true }),
          b.column('boolean', 'Boolean', { default: { kind: 'boolean', value: false } }),
          b.column('dateTime', 'DateTime', { nullable: true }),
          b.column('json', 'Json', { nullable: true }),
          b.column('bytes', 'Bytes', { nullable: true }),
          b.column('text', 'String', { default: { kind: 'string', value: '' } }),
        ]),
      ]),
    },
    {
      name: 'compound primary key, compound unique and compound foreign key',
      schema: b.schema([
        b.table('Tenant', [b.column('id', 'Int'), b.column('region', 'String')], { pk: ['id', 'region'] }),
        b.table(
          'Member',
          [b.column('tenantId', 'Int'), b.column('tenantRegion', 'String'), b.column('email', 'String')],
          {
            pk: ['tenantId', 'email'],
            indexes: [b.unique('Member', ['tenantRegion', 'email'])],
            foreignKeys: [b.foreignKey('Member', ['tenantId', 'tenantRegion'], 'Tenant', ['id', 'region'], 'Cascade')],
          },
        ),
      ]),
    },
    {
      name: 'a table without a primary key',
      schema: b.schema([
        b.table('Log', [b.column('message', 'String'), b.column('at', 'DateTime')], {
          pk: [],
          indexes: [b.index('Log', ['at'])],
        }),
      ]),
    },
    { name: 'an implicit many-to-many join table', schema: joinTableSchema(b) },
  ];
  if (caps.nativeEnums) battery.push({ name: 'an enum with a default', schema: enumSchema(b, ['USER', 'ADMIN']) });
  if (caps.scalarLists) {
    battery.push({
      name: 'scalar lists',
      schema: b.schema([
        b.table('Lists', [
          b.column('id', 'Int'),
          b.column('tags', 'String', { list: true, default: { kind: 'list', items: [] } }),
          b.column('scores', 'Int', { list: true }),
        ]),
      ]),
    });
  }
  return battery;
}

export function enumSchema(b: IrBuilder, values: string[]): DatabaseSchema {
  const role = { name: 'Role', values };
  return b.schema(
    [
      b.table('Account', [
        b.column('id', 'Int'),
        b.column('role', 'Enum', { enum: role, default: { kind: 'enum', value: values[0]! } }),
        b.column('previous', 'Enum', { enum: role, nullable: true }),
      ]),
    ],
    [{ name: 'Role', values }],
  );
}

function joinTableSchema(b: IrBuilder): DatabaseSchema {
  const names = joinTableNames('CategoryToPost', b.limit);
  const usePk = b.provider.capabilities.joinTablePrimaryKey === true;
  const join: Table = {
    ...b.table('_CategoryToPost', [b.column('A', 'Int'), b.column('B', 'Int')], {
      pk: usePk ? ['A', 'B'] : [],
      indexes: [
        ...(usePk ? [] : [{ name: names.uniqueIndex, unique: true, columns: [{ name: 'A' }, { name: 'B' }] }]),
        { name: names.bIndex, unique: false, columns: [{ name: 'B' }] },
      ],
      foreignKeys: [
        {
          name: names.aForeignKey,
          columns: ['A'],
          referencedTable: 'Category',
          referencedColumns: ['id'],
          onDelete: 'Cascade',
          onUpdate: 'Cascade',
        },
        {
          name: names.bForeignKey,
          columns: ['B'],
          referencedTable: 'Post',
          referencedColumns: ['id'],
          onDelete: 'Cascade',
          onUpdate: 'Cascade',
        },
      ],
    }),
  };
  const fixedPk =
    usePk && join.primaryKey !== undefined && join.primaryKey.name !== undefined
      ? { ...join, primaryKey: { ...join.primaryKey, name: names.primaryKey } }
      : join;
  return b.schema([
    b.table('Category', [b.column('id', 'Int'), b.column('name', 'String')]),
    b.table('Post', [b.column('id', 'Int'), b.column('title', 'String')]),
    fixedPk,
  ]);
}
