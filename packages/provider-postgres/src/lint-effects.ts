/**
 * What a PostgreSQL statement does, read from its parse tree (libpg-query's, the server's own
 * grammar) into core's neutral `StatementEffect`s, and the tree kept for the dialect rules.
 * Tables are named as the SQL names them, unquoted: `User`, or `schema.User` when qualified.
 */
import type { StatementEffect } from '@strata/core';
import type { AlterTableCmd, ColumnDef, Constraint, Node, RangeVar } from 'libpg-query';

/** What `AnalyzedStatement.tree` holds for PostgreSQL: the parsed statements, or why the parser refused. */
export type PgTree =
  | { readonly stmts: readonly Node[] }
  | {
      readonly error: {
        readonly message: string;
        /** Offset in migration.sql, when the parser says where. */
        readonly offset?: number;
      };
    };

/** A table as the SQL names it, unquoted: `User`, or `schema.User` when qualified. */
export function tableName(relation: RangeVar | undefined): string {
  if (relation === undefined) return '';
  return relation.schemaname === undefined ? (relation.relname ?? '') : `${relation.schemaname}.${relation.relname}`;
}

/** A dotted name from a list of `String` nodes (`DROP TABLE s.t`, a function's name). */
export function dottedName(items: readonly Node[] | undefined): string {
  return (items ?? []).map((item) => ('String' in item ? (item.String.sval ?? '') : '')).join('.');
}

function objectNames(objects: readonly Node[] | undefined): string[] {
  return (objects ?? []).map((object) => ('List' in object ? dottedName(object.List.items) : dottedName([object])));
}

export function effectsOf(stmts: readonly Node[]): StatementEffect[] {
  const effects = stmts.flatMap(effectsOfOne);
  return effects.length === 0 ? [{ kind: 'other' }] : effects;
}

function effectsOfOne(node: Node): StatementEffect[] {
  if ('CreateStmt' in node) return [{ kind: 'create-table', table: tableName(node.CreateStmt.relation) }];
  if ('CreateTableAsStmt' in node && node.CreateTableAsStmt.objtype === 'OBJECT_TABLE')
    return [{ kind: 'create-table', table: tableName(node.CreateTableAsStmt.into?.rel) }];
  if ('DropStmt' in node) {
    const drop = node.DropStmt;
    if (drop.removeType === 'OBJECT_TABLE')
      return objectNames(drop.objects).map((table) => ({ kind: 'drop-table', table }));
    if (drop.removeType === 'OBJECT_INDEX')
      return objectNames(drop.objects).map((index) => ({
        kind: 'drop-index',
        index,
        concurrently: drop.concurrent === true,
      }));
    return [];
  }
  if ('RenameStmt' in node) {
    const rename = node.RenameStmt;
    const table = tableName(rename.relation);
    if (rename.renameType === 'OBJECT_TABLE') {
      // a rename keeps the table in its schema
      const schema = rename.relation?.schemaname;
      const to = schema === undefined ? (rename.newname ?? '') : `${schema}.${rename.newname}`;
      return [{ kind: 'rename-table', from: table, to }];
    }
    if (rename.renameType === 'OBJECT_COLUMN' && rename.relationType === 'OBJECT_TABLE')
      return [{ kind: 'rename-column', table, from: rename.subname ?? '', to: rename.newname ?? '' }];
    return [];
  }
  if ('AlterTableStmt' in node && node.AlterTableStmt.objtype === 'OBJECT_TABLE') {
    const table = tableName(node.AlterTableStmt.relation);
    return (node.AlterTableStmt.cmds ?? []).flatMap((cmd) =>
      'AlterTableCmd' in cmd ? alterTableEffects(table, cmd.AlterTableCmd) : [],
    );
  }
  if ('IndexStmt' in node) {
    const index = node.IndexStmt;
    return [
      {
        kind: 'create-index',
        table: tableName(index.relation),
        ...(index.idxname === undefined ? {} : { index: index.idxname }),
        unique: index.unique === true,
        concurrently: index.concurrent === true,
      },
    ];
  }
  if ('TruncateStmt' in node)
    return (node.TruncateStmt.relations ?? []).flatMap((r) =>
      'RangeVar' in r ? [{ kind: 'truncate', table: tableName(r.RangeVar) } as const] : [],
    );
  if ('VariableSetStmt' in node) {
    const set = node.VariableSetStmt;
    const setting = set.name === 'lock_timeout' ? 'lock' : set.name === 'statement_timeout' ? 'statement' : undefined;
    // `= 0`, `DEFAULT` and RESET leave the wait unbounded: no timeout is set
    if (setting !== undefined && set.kind === 'VAR_SET_VALUE' && !isZero(set.args?.[0]))
      return [{ kind: 'set-timeout', setting }];
    return [];
  }
  return [];
}

function alterTableEffects(table: string, cmd: AlterTableCmd): StatementEffect[] {
  const column = cmd.name ?? '';
  switch (cmd.subtype) {
    case 'AT_AddColumn':
      return cmd.def !== undefined && 'ColumnDef' in cmd.def ? [addedColumn(table, cmd.def.ColumnDef)] : [];
    case 'AT_DropColumn':
      return [{ kind: 'drop-column', table, column }];
    case 'AT_AlterColumnType':
      return [{ kind: 'alter-column-type', table, column }];
    case 'AT_SetNotNull':
      return [{ kind: 'set-not-null', table, column }];
    case 'AT_DropNotNull':
      return [{ kind: 'drop-not-null', table, column }];
    case 'AT_DropConstraint':
      return [{ kind: 'drop-constraint', table, constraint: column }];
    case 'AT_AddConstraint': {
      const constraint = cmd.def !== undefined && 'Constraint' in cmd.def ? cmd.def.Constraint : undefined;
      const kind = constraintKind(constraint);
      return kind === undefined
        ? []
        : [{ kind: 'add-constraint', table, constraint: kind, notValid: constraint?.skip_validation === true }];
    }
    default:
      return [];
  }
}

function constraintKind(
  constraint: Constraint | undefined,
): 'foreign-key' | 'check' | 'unique' | 'primary-key' | undefined {
  // UNIQUE / PRIMARY KEY USING INDEX adopts an index that already holds the rows: nothing to check
  if (constraint === undefined || constraint.indexname !== undefined) return undefined;
  switch (constraint.contype) {
    case 'CONSTR_FOREIGN':
      return 'foreign-key';
    case 'CONSTR_CHECK':
      return 'check';
    case 'CONSTR_UNIQUE':
      return 'unique';
    case 'CONSTR_PRIMARY':
      return 'primary-key';
    default:
      return undefined;
  }
}

const SERIAL_TYPES = new Set(['smallserial', 'serial2', 'serial', 'serial4', 'bigserial', 'serial8']);

/**
 * Functions whose value differs row by row: as a column's default they make ADD COLUMN write
 * every row. `now()` and CURRENT_TIMESTAMP are not among them: they are stable, evaluated once
 * for the statement, and since PostgreSQL 11 such a default is stored in the catalog, not in
 * the rows. A function of your own is not known here (its volatility lives in the database).
 */
export const VOLATILE_FUNCTIONS: ReadonlySet<string> = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'clock_timestamp',
  'timeofday',
  'nextval',
]);

function addedColumn(table: string, def: ColumnDef): StatementEffect {
  const constraints = (def.constraints ?? []).flatMap((c) => ('Constraint' in c ? [c.Constraint] : []));
  const typeName = def.typeName?.names?.at(-1);
  const serial = typeName !== undefined && 'String' in typeName && SERIAL_TYPES.has(typeName.String.sval ?? '');
  // serial, identity and stored generated columns compute a value for every existing row
  const perRow =
    serial ||
    constraints.some(
      (c) => c.contype === 'CONSTR_IDENTITY' || (c.contype === 'CONSTR_GENERATED' && c.generated_kind === 's'),
    );
  const declared = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
  const notNull =
    serial ||
    constraints.some((c) => ['CONSTR_NOTNULL', 'CONSTR_PRIMARY', 'CONSTR_IDENTITY'].includes(c.contype ?? ''));
  const value =
    perRow || (declared !== undefined && callsVolatile(declared.raw_expr))
      ? 'volatile'
      : declared === undefined
        ? undefined
        : 'constant';
  return {
    kind: 'add-column',
    table,
    column: def.colname ?? '',
    notNull,
    ...(value === undefined ? {} : { default: value }),
  };
}

/** Whether an expression calls one of `VOLATILE_FUNCTIONS`, anywhere in it. */
function callsVolatile(expression: unknown): boolean {
  if (Array.isArray(expression)) return expression.some(callsVolatile);
  if (expression === null || typeof expression !== 'object') return false;
  const call = (expression as { FuncCall?: { funcname?: Node[] } }).FuncCall;
  if (call !== undefined && VOLATILE_FUNCTIONS.has(dottedName(call.funcname).split('.').at(-1)?.toLowerCase() ?? ''))
    return true;
  return Object.values(expression).some(callsVolatile);
}

/** `SET ... = 0` or `'0'`, `'0s'`, `'0ms'`: PostgreSQL's "no limit". */
function isZero(value: Node | undefined): boolean {
  if (value === undefined || !('A_Const' in value)) return false;
  const constant = value.A_Const;
  if (constant.ival !== undefined) return (constant.ival.ival ?? 0) === 0;
  if (constant.sval !== undefined) return /^\s*0+(\.0*)?\s*[a-z]*\s*$/i.test(constant.sval.sval ?? '');
  return false;
}
