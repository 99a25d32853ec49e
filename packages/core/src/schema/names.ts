/** Rules for names written in the schema (not database names: those are free-form strings). */
import type { Identifier } from '../psl/ast.js';
import { type DiagnosticSink, SEMANTIC } from './diagnostics.js';
import { SCALAR_TYPES, type ScalarType } from './model.js';

/**
 * Prisma accepts identifiers made of letters, digits, `_` and `-` at the lexical level, then
 * rejects names that start with a digit or contain `-` (they would not be valid in generated
 * client code). Same here, with the same wording.
 */
export function checkName(
  id: Identifier,
  what: 'Model' | 'View' | 'Field' | 'Enum' | 'Enum value' | 'Composite type',
  sink: DiagnosticSink,
): boolean {
  const first = id.name.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const article = /^[AEIOU]/.test(what) ? 'an' : 'a';
    sink.report(
      SEMANTIC.invalidName,
      `The name of ${article} ${what.toLowerCase()} must not start with a digit: \`${id.name}\`.`,
      id.span,
    );
    return false;
  }
  if (id.name.includes('-')) {
    sink.report(
      SEMANTIC.invalidName,
      `The character \`-\` is not allowed in ${what.toLowerCase()} names: \`${id.name}\`.`,
      id.span,
      `use \`${id.name.replace(/-/g, '_')}\``,
    );
    return false;
  }
  return true;
}

// Names the generated client cannot use for a type: the scalar types, JavaScript's reserved
// words (the client turns model names into identifiers), and the client class itself.
const RESERVED_TYPE_NAMES = new Set([
  ...SCALAR_TYPES,
  'PrismaClient',
  ...'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(
    ' ',
  ),
]);

/** The name rules plus the reserved names, for models, views, enums and composite types. */
export function checkTypeName(
  id: Identifier,
  what: 'Model' | 'View' | 'Enum' | 'Composite type',
  sink: DiagnosticSink,
): boolean {
  if (!checkName(id, what, sink)) return false;
  if (RESERVED_TYPE_NAMES.has(id.name)) {
    sink.report(
      SEMANTIC.reservedName,
      `The ${what.toLowerCase()} name \`${id.name}\` is reserved${SCALAR_TYPES.includes(id.name as ScalarType) ? ' (it is a scalar type)' : ''}.`,
      id.span,
      `rename it, e.g. \`${id.name}Entry\`, and keep the database name with \`@@map("${id.name}")\``,
    );
    return false;
  }
  return true;
}
