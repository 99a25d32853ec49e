/**
 * Reading attribute arguments: positional/named matching, and typed readers for the
 * expression forms attributes take. Every reader reports a diagnostic and returns `undefined`
 * on a malformed value, so callers just skip what they could not read.
 */
import type { Argument, ArgumentList, Attribute, Expression } from '../psl/ast.js';
import type { Span } from '../psl/spans.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';

export interface ArgumentSpec {
  /** Names given, in order, to positional arguments (`@map("x")` -> `name`). */
  readonly positional?: readonly string[];
  /** Names accepted as `name: value` (positional names are accepted by name too). */
  readonly named?: readonly string[];
  readonly required?: readonly string[];
}

/** A read-only lookup by argument name. */
export interface Lookup<T> {
  get(key: string): T | undefined;
  has(key: string): boolean;
}

export interface ReadArguments {
  readonly values: Lookup<Expression>;
  /** The span of each argument, for diagnostics about it. */
  readonly spans: Lookup<Span>;
}

/**
 * Arguments by name. Attributes have a handful of arguments, so one short array searched
 * linearly beats a `Map` (which costs far more to allocate, and there is one per attribute).
 * The array is sized for the attribute's arguments up front: an array grown with `push`
 * reserves room for 16 entries, and large schemas have tens of thousands of attributes.
 */
class ArgumentTable implements ReadArguments, Lookup<Expression> {
  // `declare`d and assigned in the constructor: field definitions would cost an initializer
  // call per table (see `TextRange` in `psl/spans.ts`).
  /** `key, value, argument` triples (the argument's span is made only when asked for). */
  declare private readonly entries: (string | Expression | Argument)[];
  declare private size: number;

  constructor(capacity: number) {
    this.entries = capacity === 0 ? [] : new Array(capacity * 3);
    this.size = 0;
  }

  get spans(): Lookup<Span> {
    return new SpanLookup(this);
  }

  get values(): Lookup<Expression> {
    return this;
  }

  /** The position of `key`'s triple, or -1. */
  indexOf(key: string): number {
    for (let i = 0; i < this.size; i += 3) if (this.entries[i] === key) return i;
    return -1;
  }

  entry(i: number): string | Expression | Argument | undefined {
    return this.entries[i];
  }

  get(key: string): Expression | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : (this.entries[i + 1] as Expression);
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  set(key: string, value: Expression, arg: Argument): void {
    const i = this.size;
    this.entries[i] = key;
    this.entries[i + 1] = value;
    this.entries[i + 2] = arg;
    this.size = i + 3;
  }
}

/** The spans of an `ArgumentTable`'s arguments, by name. */
class SpanLookup implements Lookup<Span> {
  constructor(private readonly table: ArgumentTable) {}

  get(key: string): Span | undefined {
    const i = this.table.indexOf(key);
    return i < 0 ? undefined : (this.table.entry(i + 2) as Argument).span;
  }

  has(key: string): boolean {
    return this.table.indexOf(key) >= 0;
  }
}

/** The argument specs of the built-in attributes, shared (not rebuilt on every attribute). */
export const SPECS = {
  none: {},
  name: { positional: ['name'], required: ['name'] },
  fieldKey: { named: ['map', 'sort', 'length', 'clustered'] },
  default: { positional: ['value'], named: ['map'], required: ['value'] },
  relation: { positional: ['name'], named: ['fields', 'references', 'onDelete', 'onUpdate', 'map'] },
  blockId: { positional: ['fields'], named: ['name', 'map', 'clustered'], required: ['fields'] },
  blockUnique: { positional: ['fields'], named: ['name', 'map', 'clustered', 'where'], required: ['fields'] },
  index: { positional: ['fields'], named: ['name', 'map', 'type', 'clustered', 'where'], required: ['fields'] },
  fulltext: { positional: ['fields'], named: ['map'], required: ['fields'] },
} as const satisfies Record<string, ArgumentSpec>;

const NO_ARGUMENTS: ReadArguments = new ArgumentTable(0);

/** Matches the arguments of `attr` against `spec`; unknown, duplicate and missing ones are reported. */
export function readArguments(attr: Attribute, spec: ArgumentSpec, sink: DiagnosticSink): ReadArguments {
  const args = attr.args;
  if ((args === undefined || args.args.length === 0) && spec.required === undefined) return NO_ARGUMENTS;
  const table = new ArgumentTable(args?.args.length ?? 0);
  const values = table;
  const positional = spec.positional ?? [];
  const named = spec.named ?? [];
  let nextPositional = 0;
  for (const arg of args?.args ?? []) {
    let key: string;
    if (arg.name === undefined) {
      const name = positional[nextPositional++];
      if (name === undefined) {
        sink.report(
          SEMANTIC.unknownArgument,
          positional.length === 0
            ? `${attributeLabel(attr)} takes no unnamed argument.`
            : `${attributeLabel(attr)} takes ${positional.length === 1 ? 'one unnamed argument' : `${positional.length} unnamed arguments`}; name the others.`,
          arg.span,
        );
        continue;
      }
      key = name;
    } else {
      key = arg.name.name;
      if (!positional.includes(key) && !named.includes(key)) {
        const known = [...positional, ...named];
        sink.report(
          SEMANTIC.unknownArgument,
          `${attributeLabel(attr)} has no argument \`${key}\`.`,
          arg.name.span,
          known.length > 0 ? `valid arguments: ${known.join(', ')}` : undefined,
        );
        continue;
      }
    }
    if (values.has(key)) {
      sink.report(
        SEMANTIC.duplicateArgument,
        `The argument \`${key}\` of ${attributeLabel(attr)} is given more than once.`,
        arg.span,
      );
      continue;
    }
    if (arg.value === undefined) {
      sink.report(
        SEMANTIC.invalidArgument,
        `The argument \`${key}\` of ${attributeLabel(attr)} has no value.`,
        arg.span,
      );
      continue;
    }
    table.set(key, arg.value, arg);
  }
  for (const name of spec.required ?? []) {
    if (!values.has(name)) {
      sink.report(SEMANTIC.missingArgument, `${attributeLabel(attr)} needs the argument \`${name}\`.`, attr.span);
    }
  }
  return table;
}

export function attributeLabel(attr: Attribute): string {
  return `\`${attr.scope === 'block' ? '@@' : '@'}${attr.name}\``;
}

export function readString(expr: Expression | undefined, what: string, sink: DiagnosticSink): string | undefined {
  if (expr === undefined) return undefined;
  if (expr.kind === 'string') return expr.value;
  sink.report(SEMANTIC.invalidArgument, `${what} must be a string, e.g. "name".`, expr.span);
  return undefined;
}

/** A non-empty database name (`@map("x")`, `map: "x"`). */
export function readDbName(expr: Expression | undefined, what: string, sink: DiagnosticSink): string | undefined {
  const value = readString(expr, what, sink);
  if (value === '' && expr !== undefined) {
    sink.report(SEMANTIC.emptyName, `${what} must not be empty.`, expr.span);
    return undefined;
  }
  return value;
}

/** A bare identifier (`Cascade`, `Desc`, `Hash`). */
export function readIdentifier(expr: Expression | undefined, what: string, sink: DiagnosticSink): string | undefined {
  if (expr === undefined) return undefined;
  if (expr.kind === 'path') return expr.name;
  sink.report(SEMANTIC.invalidArgument, `${what} must be a name without quotes.`, expr.span);
  return undefined;
}

export function readBoolean(expr: Expression | undefined, what: string, sink: DiagnosticSink): boolean | undefined {
  if (expr === undefined) return undefined;
  if (expr.kind === 'path' && (expr.name === 'true' || expr.name === 'false')) return expr.name === 'true';
  sink.report(SEMANTIC.invalidArgument, `${what} must be \`true\` or \`false\`.`, expr.span);
  return undefined;
}

export function readInteger(expr: Expression | undefined, what: string, sink: DiagnosticSink): number | undefined {
  if (expr === undefined) return undefined;
  if (expr.kind === 'number' && /^\d+$/.test(expr.value)) return Number(expr.value);
  sink.report(SEMANTIC.invalidArgument, `${what} must be a non-negative integer.`, expr.span);
  return undefined;
}

export interface NamedItem {
  readonly name: string;
  readonly span: Span;
  /** The arguments of `name(sort: Desc)` in an index field list. */
  readonly args?: ArgumentList;
}

/**
 * A list of field references: `[a, b(sort: Desc)]`, or a single bare name (Prisma accepts
 * `@@index(userId)`).
 */
export function readFieldList(
  expr: Expression | undefined,
  what: string,
  sink: DiagnosticSink,
): NamedItem[] | undefined {
  if (expr === undefined) return undefined;
  const items = expr.kind === 'array' ? expr.items : [expr];
  const out: NamedItem[] = [];
  for (const item of items) {
    if (item.kind === 'path') out.push({ name: item.name, span: item.span });
    else if (item.kind === 'call') out.push({ name: item.name, span: item.nameSpan, args: item.args });
    else {
      sink.report(SEMANTIC.invalidArgument, `${what} must be a list of field names, e.g. [id, email].`, item.span);
      return undefined;
    }
  }
  return out;
}

/** `raw("...")`, the escape hatch for SQL fragments in `where:` and `ops:`. */
export function readRaw(expr: Expression, what: string, sink: DiagnosticSink): string | undefined {
  if (expr.kind === 'call' && expr.name === 'raw') {
    const [first, ...rest] = expr.args.args;
    if (first !== undefined && first.name === undefined && first.value?.kind === 'string' && rest.length === 0) {
      return first.value.value;
    }
  }
  sink.report(SEMANTIC.invalidArgument, `${what} must be written \`raw("...")\`.`, expr.span);
  return undefined;
}

export function argumentNamed(list: ArgumentList | undefined, name: string): Argument | undefined {
  return list?.args.find((a) => a.name?.name === name);
}
