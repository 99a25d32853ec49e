/** The semantic model of a Prisma schema and its validation. */
export { DIAGNOSTIC_CATALOGUE, type DiagnosticInfo, SEMANTIC } from './diagnostics.js';
// `Index`, `PrimaryKey`, `SortOrder` and `ReferentialAction` also exist at the database level
// (sql/ir.ts); the model's are exported under `Model*` names so `export *` from both works.
export type {
  ConfigProperty,
  ConfigValue,
  Datasource,
  DefaultFunctionName,
  DefaultValue,
  Enum,
  EnumValue,
  ExtensionSpec,
  Field,
  FieldKind,
  FunctionArgument,
  Generator,
  Index as ModelIndex,
  IndexAlgorithm,
  IndexField,
  Literal,
  Model,
  NativeType,
  PrimaryKey as ModelPrimaryKey,
  ReferentialAction as ModelReferentialAction,
  Relation,
  RelationEnd,
  RelationField,
  RelationKind,
  RelationMode,
  ScalarType,
  SchemaModel,
  SortOrder as ModelSortOrder,
  UniqueConstraint,
} from './model.js';
export { SCALAR_TYPES } from './model.js';
export type { NativeTypeChecker, ValidateOptions } from './options.js';
export { EXTENSIONS_PREVIEW_FEATURE, previewFeatures } from './preview-features.js';
export { type PrintOptions, printDefault, printSchema } from './print.js';
export { effectiveReferentialActions } from './relations.js';
export {
  type AnalysisResult,
  analyzeParsedSchema,
  analyzeSchema,
  type ValidationResult,
  validateSchema,
} from './validate.js';
