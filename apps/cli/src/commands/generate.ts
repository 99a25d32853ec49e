import path from 'node:path';
import { BaseCommand, projectFlags } from '../base-command.js';
import { type GenerateResult, runTypeGeneration } from '../generate/run.js';
import { analyzeProject, assertValid } from '../project/analyze.js';
import { Flags } from '../runner/flags.js';

export default class Generate extends BaseCommand {
  static override summary = 'Generate TypeScript types for the schema (rows, inserts, enums, a Kysely DB interface)';

  static override description =
    'Writes to --output, else to the output of the schema\'s `generator` block whose provider is "strata-types" (resolved against the schema folder; a folder gets index.ts). A file whose content would not change is not rewritten.';

  static override examples = ['<%= config.bin %> generate', '<%= config.bin %> generate --output src/db/types.ts'];

  static override flags = {
    schema: projectFlags.schema,
    output: Flags.string({ description: 'The .ts file to write [default: the strata-types generator output]' }),
  };

  async run(): Promise<GenerateResult> {
    const { flags } = await this.parse(Generate);
    const paths = this.locate(flags);
    const project = await analyzeProject(this.config, paths, { requireProvider: false });
    const model = assertValid(project);
    const schemaDir = paths.schemaIsFolder ? paths.schemaPath : path.dirname(paths.schemaPath);
    const result = runTypeGeneration(model, schemaDir, flags.output, true)!;
    const shown = path.relative(process.cwd(), result.output) || result.output;
    this.terminal.out(
      result.status === 'written'
        ? `wrote ${shown} (${result.models} models, ${result.enums} enums)`
        : `${shown} is up to date`,
    );
    return result;
  }
}
