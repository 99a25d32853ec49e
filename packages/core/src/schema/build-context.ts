/** What building a model draft from a block needs to know: shared by the block and field attribute readers. */
import type { DiagnosticSink } from './diagnostics.js';
import type { ValidateOptions } from './options.js';

export interface BuildContext {
  /** The datasource block name: the prefix of native type attributes (`db` in `@db.Text`). */
  readonly datasourceName?: string;
  readonly enumValues: ReadonlyMap<string, ReadonlySet<string>>;
  readonly modelNames: ReadonlySet<string>;
  readonly compositeNames: ReadonlySet<string>;
  readonly options: ValidateOptions;
  readonly sink: DiagnosticSink;
}
