import { writeFileSync } from 'node:fs';
import { formatSchemaFiles } from '@strata/core';
import { BaseCommand, projectFlags } from '../base-command.js';
import { ExitCode } from '../errors/exit-codes.js';
import { readProjectSchema } from '../project/schema-files.js';
import { Flags } from '../runner/flags.js';

export interface FormatJson {
  readonly check: boolean;
  readonly files: readonly { readonly path: string; readonly changed: boolean }[];
  /** Files that were (or, with --check, would be) rewritten. */
  readonly changed: number;
}

export default class Format extends BaseCommand {
  static override summary = 'Format the schema files the way Prisma does';

  static override description =
    'Rewrites every file of the schema in place. With --check, writes nothing and exits 1 when a file is not formatted.';

  static override examples = ['<%= config.bin %> format', '<%= config.bin %> format --check'];

  static override flags = {
    schema: projectFlags.schema,
    check: Flags.boolean({ description: 'Do not write; exit 1 when a file would change' }),
  };

  async run(): Promise<FormatJson> {
    const { flags } = await this.parse(Format);
    const paths = this.locate(flags);
    const sources = readProjectSchema(paths.schemaPath, process.cwd()).files;
    const formatted = formatSchemaFiles(sources.map((s) => ({ path: s.path, text: s.text })));
    const files = sources.map((source, i) => {
      const text = formatted[i]?.text ?? source.text;
      const changed = text !== source.text;
      if (changed && !flags.check) writeFileSync(source.absolutePath, text);
      return { path: source.path, changed };
    });
    const changed = files.filter((f) => f.changed);
    const t = this.terminal;
    if (flags.check) {
      for (const f of changed) t.err(`not formatted: ${f.path}`);
      if (changed.length > 0) {
        t.err('Run `strata format` to format them.');
        this.setExitCode(ExitCode.failure);
      } else {
        t.out(`${files.length} file(s) already formatted.`);
      }
    } else {
      for (const f of changed) t.out(`formatted ${f.path}`);
      if (changed.length === 0) t.out(`${files.length} file(s) already formatted.`);
    }
    return { check: flags.check, files, changed: changed.length };
  }
}
