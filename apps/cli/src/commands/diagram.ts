import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BaseCommand, projectFlags } from '../base-command.js';
import { Flags } from '../runner/flags.js';

export interface DiagramJson {
  readonly format: string;
  /** The file written; absent when the diagram went to stdout (then it is `diagram`). */
  readonly output?: string;
  readonly diagram?: string;
  readonly tables: number;
  readonly views: number;
  readonly relations: number;
  readonly enums: number;
}

const FORMATS = ['svg', 'mermaid', 'dot'] as const;

export default class Diagram extends BaseCommand {
  static override summary = 'Draw the schema as an entity-relationship diagram (SVG, Mermaid or Graphviz DOT)';

  static override description =
    `Tables with their columns (type, PK, FK, UK, null), relations with their cardinality (crow's feet), enums and views. Names are the database's (implicit many-to-many tables included), with the model's name beside a mapped table. A multi-file schema is drawn one frame per file (--group none: one picture); --focus draws some models and their neighbours only, for schemas too large to read whole.

Without --output the diagram is printed on stdout; an SVG asked for on a terminal is written to ./diagram.svg instead. The same schema always gives the same bytes, so a committed diagram diffs cleanly. Mermaid text renders in GitHub Markdown (\`\`\`mermaid).`;

  static override examples = [
    '<%= config.bin %> diagram --output docs/schema.svg',
    '<%= config.bin %> diagram --format mermaid > schema.md',
    '<%= config.bin %> diagram --focus User --focus Post --depth 2 --output user.svg',
  ];

  static override flags = {
    schema: projectFlags.schema,
    format: Flags.string({
      description: 'svg, mermaid (erDiagram) or dot (Graphviz)',
      options: [...FORMATS],
      default: 'svg',
    }),
    output: Flags.string({ char: 'o', description: 'The file to write [default: stdout]' }),
    focus: Flags.string({
      description: 'A model (or table) to centre on; its neighbours are drawn faded (repeatable)',
      multiple: true,
    }),
    depth: Flags.integer({
      description: 'With --focus: how many relations away a table is still drawn [default: 1]',
      min: 0,
      dependsOn: ['focus'],
    }),
    group: Flags.string({
      description: 'file: one frame per schema file (when there are several); none: one picture',
      options: ['file', 'none'],
      default: 'file',
    }),
  };

  async run(): Promise<DiagramJson> {
    const { flags } = await this.parse(Diagram);
    const paths = this.locate(flags);
    const [{ analyzeProject, assertValid }, core, diagrams] = await Promise.all([
      import('../project/analyze.js'),
      import('@strata/core'),
      import('@strata/diagram'),
    ]);
    const project = await analyzeProject(this.config, paths, { requireProvider: true });
    const model = assertValid(project);
    const database = core.lower(model, project.provider!);
    const format = flags.format as (typeof FORMATS)[number];
    const shownSchema = path.relative(process.cwd(), paths.schemaPath) || paths.schemaPath;
    const diagram = diagrams.schemaDiagram(database, {
      title: shownSchema,
      model,
      ...(flags.focus === undefined ? {} : { focus: flags.focus, depth: flags.depth ?? 1 }),
      groupBy: flags.group as 'file' | 'none',
    });
    const text = diagrams.renderDiagram(diagram, format);
    const counts = {
      tables: diagram.tables.filter((t) => t.kind === 'table').length,
      views: diagram.tables.filter((t) => t.kind === 'view').length,
      relations: diagram.relations.length,
      enums: diagram.enums.length,
    };
    const output =
      flags.output ??
      (format === 'svg' && process.stdout.isTTY === true && !this.jsonEnabled() ? 'diagram.svg' : undefined);
    if (output === undefined) {
      if (!this.jsonEnabled()) process.stdout.write(text);
      return { format, diagram: text, ...counts };
    }
    const file = path.resolve(process.cwd(), output);
    core.makeDirectory(path.dirname(file));
    writeFileSync(file, text);
    const shown = path.relative(process.cwd(), file) || file;
    this.terminal.err(
      `wrote ${shown} (${counts.tables} table${counts.tables === 1 ? '' : 's'}, ${counts.relations} relation${counts.relations === 1 ? '' : 's'}, ${counts.enums} enum${counts.enums === 1 ? '' : 's'}${counts.views > 0 ? `, ${counts.views} view${counts.views === 1 ? '' : 's'}` : ''})`,
    );
    return { format, output: file, ...counts };
  }
}
