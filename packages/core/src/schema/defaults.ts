/** `@default(...)`: reading the value and checking it against the field type. */
import type { Expression } from '../psl/ast.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import type { DefaultFunctionName, DefaultValue, FieldKind, FunctionArgument, Literal } from './model.js';

/** What the default checker needs to know about the field. */
export interface DefaultTarget {
  readonly fieldName: string;
  readonly kind: FieldKind;
  /** Scalar name, enum name, or unsupported type string. */
  readonly type: string;
  readonly list: boolean;
  /** The value names of the enum, for enum fields. */
  readonly enumValues?: ReadonlySet<string>;
}

const INT32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** A decimal default written as a string: the digits a number literal has, so it prints back as one. */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Which scalar types each default function applies to. */
const FUNCTION_TYPES: Readonly<Record<DefaultFunctionName, readonly string[]>> = {
  autoincrement: ['Int', 'BigInt'],
  sequence: ['Int', 'BigInt'],
  now: ['DateTime'],
  uuid: ['String'],
  cuid: ['String'],
  nanoid: ['String'],
  ulid: ['String'],
  auto: [],
};

export function readDefault(expr: Expression, target: DefaultTarget, sink: DiagnosticSink): DefaultValue | undefined {
  const where = `the default of \`${target.fieldName}\``;
  if (expr.kind === 'call' && expr.name === 'dbgenerated') return readDbGenerated(expr, sink);
  if (target.kind === 'unsupported') {
    sink.report(
      SEMANTIC.invalidDefault,
      `Fields of type Unsupported("${target.type}") only take \`@default(dbgenerated("..."))\`.`,
      expr.span,
    );
    return undefined;
  }
  if (expr.kind === 'call') {
    if (target.list) {
      sink.report(
        SEMANTIC.invalidDefault,
        `A list field takes a list as default, e.g. \`@default([])\`, not \`${expr.name}()\`.`,
        expr.span,
      );
      return undefined;
    }
    return readFunction(expr, target, sink);
  }
  if (target.list) {
    if (expr.kind !== 'array') {
      sink.report(SEMANTIC.invalidDefault, `${capitalize(where)} must be a list, e.g. \`@default([])\`.`, expr.span);
      return undefined;
    }
    const values: Literal[] = [];
    for (const item of expr.items) {
      const lit = readLiteral(item, target, sink);
      if (lit === undefined) return undefined;
      values.push(lit);
    }
    return { kind: 'list', values };
  }
  if (expr.kind === 'array') {
    sink.report(SEMANTIC.invalidDefault, `${capitalize(where)} cannot be a list: the field is not a list.`, expr.span);
    return undefined;
  }
  const lit = readLiteral(expr, target, sink);
  return lit === undefined ? undefined : { kind: 'literal', ...lit };
}

function readDbGenerated(expr: Expression & { kind: 'call' }, sink: DiagnosticSink): DefaultValue | undefined {
  const args = expr.args.args;
  if (args.length === 0) return { kind: 'dbgenerated' };
  const [first] = args;
  if (args.length === 1 && first !== undefined && first.name === undefined && first.value?.kind === 'string') {
    if (first.value.value.trim() === '') {
      sink.report(
        SEMANTIC.invalidDefault,
        '`dbgenerated("")` needs an SQL expression (or no argument at all).',
        first.span,
      );
      return undefined;
    }
    return { kind: 'dbgenerated', expression: first.value.value };
  }
  sink.report(
    SEMANTIC.invalidDefault,
    '`dbgenerated` takes one string: the SQL expression, e.g. `dbgenerated("gen_random_uuid()")`.',
    expr.span,
  );
  return undefined;
}

function readFunction(
  expr: Expression & { kind: 'call' },
  target: DefaultTarget,
  sink: DiagnosticSink,
): DefaultValue | undefined {
  const name = expr.name;
  if (!(name in FUNCTION_TYPES)) {
    sink.report(SEMANTIC.unknownDefaultFunction, `Unknown default function \`${name}()\`.`, expr.nameSpan);
    return undefined;
  }
  const fn = name as DefaultFunctionName;
  if (fn === 'auto') {
    sink.report(
      SEMANTIC.invalidDefault,
      '`auto()` is only available on MongoDB.',
      expr.span,
      'use `autoincrement()`, `uuid()` or `dbgenerated("...")`',
    );
    return undefined;
  }
  const types = FUNCTION_TYPES[fn];
  if (target.kind !== 'scalar' || !types.includes(target.type)) {
    sink.report(
      SEMANTIC.invalidDefault,
      `\`${fn}()\` cannot be the default of a ${target.type} field; it applies to ${types.join(' and ')} fields.`,
      expr.span,
    );
    return undefined;
  }
  const args: FunctionArgument[] = [];
  for (const arg of expr.args.args) {
    const v = arg.value;
    let value: string | number | boolean | undefined;
    if (v?.kind === 'number' && /^-?\d+$/.test(v.value)) value = Number(v.value);
    else if (v?.kind === 'string') value = v.value;
    else if (v?.kind === 'path' && (v.name === 'true' || v.name === 'false')) value = v.name === 'true';
    if (value === undefined) {
      sink.report(SEMANTIC.invalidDefault, `Invalid argument to \`${fn}()\`.`, arg.span);
      return undefined;
    }
    args.push(arg.name === undefined ? { value } : { name: arg.name.name, value });
  }
  const problem = checkFunctionArguments(fn, args);
  if (problem !== undefined) {
    sink.report(SEMANTIC.invalidDefault, problem, expr.span);
    return undefined;
  }
  return { kind: 'function', name: fn, args };
}

function checkFunctionArguments(fn: DefaultFunctionName, args: readonly FunctionArgument[]): string | undefined {
  const [first, ...rest] = args;
  switch (fn) {
    case 'autoincrement':
    case 'now':
    case 'ulid':
      return args.length === 0 ? undefined : `\`${fn}()\` takes no arguments.`;
    case 'uuid':
      if (first === undefined) return undefined;
      return rest.length === 0 && first.name === undefined && (first.value === 4 || first.value === 7)
        ? undefined
        : '`uuid()` takes an optional version: `uuid(4)` or `uuid(7)`.';
    case 'cuid':
      if (first === undefined) return undefined;
      return rest.length === 0 && first.name === undefined && (first.value === 1 || first.value === 2)
        ? undefined
        : '`cuid()` takes an optional version: `cuid(1)` or `cuid(2)`.';
    case 'nanoid':
      if (first === undefined) return undefined;
      return rest.length === 0 &&
        first.name === undefined &&
        typeof first.value === 'number' &&
        first.value >= 2 &&
        first.value <= 255
        ? undefined
        : '`nanoid()` takes an optional length between 2 and 255, e.g. `nanoid(16)`.';
    case 'sequence': {
      const known = new Set(['virtual', 'cache', 'increment', 'minValue', 'maxValue', 'start']);
      const bad = args.find((a) => a.name === undefined || !known.has(a.name));
      return bad === undefined ? undefined : `\`sequence()\` takes only named arguments: ${[...known].join(', ')}.`;
    }
    case 'auto':
      return undefined;
  }
}

function readLiteral(expr: Expression, target: DefaultTarget, sink: DiagnosticSink): Literal | undefined {
  const bad = (expected: string): undefined => {
    sink.report(SEMANTIC.invalidDefault, `The default of \`${target.fieldName}\` must be ${expected}.`, expr.span);
    return undefined;
  };
  if (target.kind === 'enum') {
    if (expr.kind !== 'path') return bad(`a value of the enum ${target.type} (without quotes)`);
    if (target.enumValues !== undefined && !target.enumValues.has(expr.name)) {
      sink.report(SEMANTIC.unknownEnumValue, `The enum ${target.type} has no value \`${expr.name}\`.`, expr.span);
      return undefined;
    }
    return { type: 'enum', value: expr.name };
  }
  switch (target.type) {
    case 'String':
      return expr.kind === 'string' ? { type: 'string', value: expr.value } : bad('a string, e.g. "text"');
    case 'Boolean':
      return expr.kind === 'path' && (expr.name === 'true' || expr.name === 'false')
        ? { type: 'boolean', value: expr.name === 'true' }
        : bad('`true` or `false`');
    case 'Int':
    case 'BigInt': {
      if (expr.kind !== 'number' || !/^-?\d+$/.test(expr.value)) return bad('an integer');
      const range = target.type === 'Int' ? INT32 : INT64;
      const n = BigInt(expr.value);
      if (n < range.min || n > range.max)
        return bad(`an integer that fits in ${target.type === 'Int' ? '32' : '64'} bits`);
      return { type: 'number', value: expr.value };
    }
    case 'Float':
      return expr.kind === 'number' ? { type: 'number', value: expr.value } : bad('a number');
    case 'Decimal':
      // A string is the exact form (Prisma accepts both): its digits are kept as written, never
      // through a float, so `"121.10299000124800000001"` reaches the SQL unchanged.
      if (expr.kind === 'number') return { type: 'number', value: expr.value };
      if (expr.kind === 'string' && DECIMAL_TEXT.test(expr.value)) return { type: 'number', value: expr.value };
      return bad(
        expr.kind === 'string'
          ? `a decimal number, e.g. "1.5" or 1.5 (\`${expr.value}\` is not one)`
          : 'a decimal number, e.g. "1.5" or 1.5',
      );
    case 'DateTime':
      if (expr.kind !== 'string') return bad('`now()` or a date-time string such as "2024-01-01T00:00:00Z"');
      return RFC3339.test(expr.value)
        ? { type: 'string', value: expr.value }
        : bad('an RFC 3339 date-time such as "2024-01-01T00:00:00Z"');
    case 'Json':
      if (expr.kind !== 'string') return bad('a JSON string, e.g. "{}"');
      try {
        JSON.parse(expr.value);
      } catch {
        return bad('a valid JSON string');
      }
      return { type: 'string', value: expr.value };
    case 'Bytes':
      if (expr.kind !== 'string') return bad('a base64 string');
      return BASE64.test(expr.value) ? { type: 'string', value: expr.value } : bad('a valid base64 string');
    default:
      return bad('a literal of the field type');
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
