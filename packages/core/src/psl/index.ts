/** The Prisma Schema Language: lexer, parser, syntax tree, formatter, printer, diagnostics. */
export type * from './ast.js';
export { blocksOf, isBlock, namedArgument, positionalArguments } from './ast.js';
export type { Diagnostic, DiagnosticSeverity, SourceFile } from './diagnostic.js';
export {
  escapeControlCharacters,
  isError,
  renderDiagnostic,
  renderDiagnostics,
  sortDiagnostics,
} from './diagnostic.js';
export { printArguments, printAttribute, printExpression } from './expressions.js';
export { formatFile, formatSchema, formatSchemaFiles } from './formatter.js';
export { decodeString, encodeString, type Token, type TokenKind, tokenize } from './lexer.js';
export {
  type DatasourceSettings,
  datasourceSettings,
  isSkippedSchemaFolder,
  loadSchemaFiles,
  type ReadSchemaOptions,
  readSchemaInput,
  type SchemaFile,
  type SchemaInput,
} from './load.js';
export { type ParseResult, parseSchema } from './parser.js';
export { formatLocation, LineIndex, type Position, plainSpan, SourceSpan, type Span } from './spans.js';
export { type DiagnosticInfo, SYNTAX } from './syntax-codes.js';
