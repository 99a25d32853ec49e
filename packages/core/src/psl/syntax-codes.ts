/**
 * Diagnostic codes of the parser. The semantic codes are in `schema/diagnostics.ts`, which also
 * re-exports these so that there is one catalogue (and `docs/schema-diagnostics.md` lists both).
 */

export interface DiagnosticInfo {
  /** Stable kebab-case code. Never change or reuse one: tools match on it. */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** One line: what is wrong. */
  readonly title: string;
  /** How to fix it. */
  readonly help: string;
}

export const SYNTAX = {
  invalidTopLevel: {
    code: 'invalid-top-level-line',
    severity: 'error',
    title: 'A line outside any block that is not a block header, a comment or empty.',
    help: 'Blocks start with `model`, `view`, `type`, `enum`, `datasource` or `generator`, a name and `{`.',
  },
  invalidLine: {
    code: 'invalid-line',
    severity: 'error',
    title: 'A line inside a block that is not a valid field, enum value, attribute or `key = value`.',
    help: 'Fields are `name Type @attributes`, enum values are `NAME @attributes`, block attributes start with `@@`.',
  },
  expectedBlockOpen: {
    code: 'expected-block-open',
    severity: 'error',
    title: 'A block header is not followed by `{`.',
    help: 'Write `model Name {` and the members on the following lines.',
  },
  unclosedBlock: {
    code: 'unclosed-block',
    severity: 'error',
    title: 'A block has no closing `}`.',
    help: 'Add a line with `}` after the last member.',
  },
  unexpectedToken: {
    code: 'unexpected-token',
    severity: 'error',
    title: 'A token that is not allowed at this place of a line.',
    help: 'Check for a missing comma, a stray character, or two declarations on one line.',
  },
  unexpectedCharacter: {
    code: 'unexpected-character',
    severity: 'error',
    title: 'A character that is not part of the Prisma schema language.',
    help: 'Remove it; identifiers use letters, digits, `_` and `-`.',
  },
  unexpectedLineEnd: {
    code: 'unexpected-line-end',
    severity: 'error',
    title: 'A line ends inside an argument list or a list.',
    help: 'Close every `(` and `[` on the same line: attributes cannot span lines.',
  },
  unterminatedString: {
    code: 'unterminated-string',
    severity: 'error',
    title: 'A string has no closing `"` before the end of the line.',
    help: 'Add the closing quote; a `"` inside a string is written `\\"`.',
  },
  invalidEscape: {
    code: 'invalid-string-escape',
    severity: 'error',
    title: 'An unknown escape sequence (a backslash followed by an unexpected character) in a string.',
    help: 'Valid escapes: `\\"` `\\\\` `\\n` `\\r` `\\t` `\\/` `\\\'` `\\b` `\\f` `\\0` `\\uXXXX`. Write a literal backslash as `\\\\`.',
  },
  legacyColon: {
    code: 'legacy-field-colon',
    severity: 'error',
    title: 'A `:` between a field name and its type (Prisma 1 syntax).',
    help: 'Remove the colon: `name String`.',
  },
  missingFieldType: {
    code: 'missing-field-type',
    severity: 'error',
    title: 'A field has a name but no type.',
    help: 'Add a type after the name: `name String`, `posts Post[]`, `bio String?`.',
  },
  legacyListType: {
    code: 'legacy-list-syntax',
    severity: 'error',
    title: 'A list type written `[Type]` (Prisma 1 syntax).',
    help: 'Write `Type[]`.',
  },
  optionalList: {
    code: 'optional-list',
    severity: 'error',
    title: 'A type that is both a list and optional (`Type[]?`).',
    help: 'Use `Type[]` (an empty list instead of null) or `Type?`.',
  },
  legacyRequired: {
    code: 'legacy-required-marker',
    severity: 'error',
    title: 'A type followed by `!` (Prisma 1 syntax for required).',
    help: 'Remove the `!`: fields are required unless marked `?`.',
  },
  invalidUnsupported: {
    code: 'invalid-unsupported-type',
    severity: 'error',
    title: '`Unsupported(...)` without a string argument.',
    help: 'Write the database type as a string: `Unsupported("tsvector")`.',
  },
  blockAttributeOnField: {
    code: 'block-attribute-in-line',
    severity: 'error',
    title: 'A block attribute (`@@...`) written on a field or enum value line.',
    help: 'Move it to a line of its own inside the block.',
  },
  expectedAttributeName: {
    code: 'expected-attribute-name',
    severity: 'error',
    title: '`@` or `@@` not followed by an attribute name.',
    help: 'Write the attribute name right after the `@`, e.g. `@id`.',
  },
  expectedEquals: {
    code: 'expected-equals',
    severity: 'error',
    title: 'A `datasource` or `generator` property without `=`.',
    help: 'Write `key = value`.',
  },
  expectedValue: {
    code: 'expected-value',
    severity: 'error',
    title: 'A `key =` with no value.',
    help: 'Add a value: a string, a number, a list, `true`/`false` or a function such as `env("X")`.',
  },
  typeAlias: {
    code: 'type-alias',
    severity: 'error',
    title: 'A Prisma 2 type alias `type X = Y`, which Prisma no longer supports.',
    help: 'Use the aliased type directly on each field.',
  },
} as const satisfies Record<string, DiagnosticInfo>;
