/**
 * fast-check generators of valid PostgreSQL schemas (as PSL text) and of "messy" variants of a
 * text (other indentation, blank lines, comments) that mean the same thing.
 */
import fc from 'fast-check';
import { encodeString } from '../../src/psl/index.js';

const SCALARS = ['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes'] as const;
type Scalar = (typeof SCALARS)[number];

interface EnumSpec {
  readonly name: string;
  readonly values: readonly string[];
  readonly maps: readonly (string | undefined)[];
  readonly map?: string;
}

interface FieldSpec {
  readonly name: string;
  readonly type: Scalar | { enum: number };
  readonly modifier: '' | '?' | '[]';
  readonly withDefault: boolean;
  readonly map: boolean;
  readonly unique: boolean;
  readonly native: boolean;
  readonly doc?: string;
}

interface ModelSpec {
  readonly name: string;
  readonly idKind: 'autoincrement' | 'uuid' | 'cuid' | 'compound';
  readonly fields: readonly FieldSpec[];
  readonly map: boolean;
  readonly indexSort: boolean;
  readonly doc?: string;
  /** Index of an earlier model to hold a one-to-many relation to, and how. */
  readonly parent?: {
    readonly target: number;
    readonly optional: boolean;
    readonly onDelete?: string;
    readonly oneToOne: boolean;
  };
  readonly manyToMany?: number;
  readonly selfRelation: boolean;
}

const lower = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/);
const docText = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.()]{0,20}[A-Za-z0-9.]$/);
/** Any string, including quotes, backslashes, control characters and non-ASCII. */
const anyString = fc.string({
  maxLength: 12,
  unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', '\n', '\t', 'é', '🎉', '/', '{', '}', '@', '#'),
});

const fieldSpec = (enumCount: number): fc.Arbitrary<FieldSpec> =>
  fc.record(
    {
      name: lower,
      type:
        enumCount > 0
          ? fc.oneof(
              fc.constantFrom(...SCALARS),
              fc.integer({ min: 0, max: enumCount - 1 }).map((i) => ({ enum: i })),
            )
          : fc.constantFrom(...SCALARS),
      modifier: fc.constantFrom('' as const, '?' as const, '[]' as const),
      withDefault: fc.boolean(),
      map: fc.boolean(),
      unique: fc.boolean(),
      native: fc.boolean(),
      doc: docText,
    },
    { requiredKeys: ['name', 'type', 'modifier', 'withDefault', 'map', 'unique', 'native'] },
  );

const enumSpec = fc
  .uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}$/), { minLength: 1, maxLength: 4 })
  .chain((values) =>
    fc.record(
      {
        values: fc.constant(values),
        maps: fc.array(
          fc.option(
            anyString.filter((s) => s.length > 0),
            { nil: undefined },
          ),
          { minLength: values.length, maxLength: values.length },
        ),
        map: fc.stringMatching(/^[a-z_]{1,10}$/),
      },
      { requiredKeys: ['values', 'maps'] },
    ),
  );

export const schemaText: fc.Arbitrary<string> = fc
  .record({
    enums: fc.array(enumSpec, { maxLength: 3 }),
    modelCount: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ enums, modelCount }) =>
    fc
      .array(
        fc.record(
          {
            idKind: fc.constantFrom('autoincrement' as const, 'uuid' as const, 'cuid' as const, 'compound' as const),
            fields: fc.uniqueArray(fieldSpec(enums.length), { maxLength: 6, selector: (f) => f.name }),
            map: fc.boolean(),
            indexSort: fc.boolean(),
            doc: docText,
            parentChoice: fc.option(
              fc.record({
                pick: fc.nat(),
                optional: fc.boolean(),
                action: fc.constantFrom(undefined, 'Cascade', 'Restrict', 'NoAction', 'SetNull'),
                oneToOne: fc.boolean(),
              }),
              { nil: undefined },
            ),
            mnChoice: fc.option(fc.nat(), { nil: undefined }),
            selfRelation: fc.boolean(),
          },
          { requiredKeys: ['idKind', 'fields', 'map', 'indexSort', 'parentChoice', 'mnChoice', 'selfRelation'] },
        ),
        { minLength: modelCount, maxLength: modelCount },
      )
      .map((models) => render(enums, models)),
  );

type RawModel = Omit<ModelSpec, 'name' | 'parent' | 'manyToMany'> & {
  parentChoice: { pick: number; optional: boolean; action: string | undefined; oneToOne: boolean } | undefined;
  mnChoice: number | undefined;
};

function render(
  rawEnums: readonly { values: readonly string[]; maps: readonly (string | undefined)[]; map?: string }[],
  rawModels: readonly RawModel[],
): string {
  const enums: EnumSpec[] = rawEnums.map((e, i) => ({ ...e, name: `Enum${i}` }));
  const singleId = (m: RawModel): boolean => m.idKind !== 'compound';
  const models: ModelSpec[] = rawModels.map((m, i) => {
    const targets = rawModels.map((t, j) => ({ t, j })).filter(({ t, j }) => j < i && singleId(t));
    const parentTarget =
      m.parentChoice && targets.length > 0 ? targets[m.parentChoice.pick % targets.length] : undefined;
    const mnTarget =
      m.mnChoice !== undefined && singleId(m) && targets.length > 0 ? targets[m.mnChoice % targets.length] : undefined;
    const parentAction =
      m.parentChoice?.action === 'SetNull' && !m.parentChoice.optional ? undefined : m.parentChoice?.action;
    return {
      ...m,
      name: `Model${i}`,
      ...(parentTarget && m.parentChoice
        ? {
            parent: {
              target: parentTarget.j,
              optional: m.parentChoice.optional,
              oneToOne: m.parentChoice.oneToOne,
              ...(parentAction ? { onDelete: parentAction } : {}),
            },
          }
        : {}),
      ...(mnTarget ? { manyToMany: mnTarget.j } : {}),
      selfRelation: m.selfRelation && singleId(m),
    };
  });
  const idType = (m: ModelSpec): string => (m.idKind === 'autoincrement' ? 'Int' : 'String');
  const back = new Map<number, string[]>();
  const addBack = (i: number, line: string): void => {
    const list = back.get(i) ?? [];
    list.push(line);
    back.set(i, list);
  };
  models.forEach((m, i) => {
    if (m.parent) {
      addBack(
        m.parent.target,
        m.parent.oneToOne
          ? `  child${i} Model${i}? @relation("p${i}")`
          : `  children${i} Model${i}[] @relation("p${i}")`,
      );
    }
    if (m.manyToMany !== undefined) addBack(m.manyToMany, `  mn${i} Model${i}[] @relation("mn${i}")`);
  });

  const out: string[] = ['datasource db {', '  provider = "postgresql"', '  url      = env("DATABASE_URL")', '}', ''];
  for (const e of enums) {
    out.push(`enum ${e.name} {`);
    const usedMaps = new Set<string>();
    e.values.forEach((v, i) => {
      let map = e.maps[i];
      // Two values must not be stored as the same string.
      if (map !== undefined && (usedMaps.has(map) || e.values.includes(map))) map = undefined;
      const stored = map ?? v;
      if (usedMaps.has(stored)) map = `${v}_${i}`;
      usedMaps.add(map ?? v);
      out.push(`  ${v}${map !== undefined ? ` @map(${encodeString(map)})` : ''}`);
    });
    if (e.map !== undefined) out.push('', `  @@map("${e.map}_${e.name}")`);
    out.push('}', '');
  }
  models.forEach((m, i) => {
    if (m.doc !== undefined) out.push(`/// ${m.doc}`);
    out.push(`model ${m.name} {`);
    const id =
      m.idKind === 'autoincrement'
        ? 'Int @id @default(autoincrement())'
        : m.idKind === 'uuid'
          ? 'String @id @default(uuid())'
          : 'String @id @default(cuid(2))';
    if (m.idKind === 'compound') out.push('  ida Int', '  idb String');
    else out.push(`  id ${id}`);
    const scalarNames: string[] = [];
    m.fields.forEach((f, k) => {
      const name = `${f.name}_f${k}`;
      const isEnum = typeof f.type !== 'string';
      const typeName = typeof f.type === 'string' ? f.type : `Enum${f.type.enum}`;
      const attrs: string[] = [];
      if (f.unique && f.modifier === '') attrs.push('@unique');
      if (f.withDefault) {
        const value = defaultFor(f.type, f.modifier === '[]', enums);
        if (value !== undefined) attrs.push(`@default(${value})`);
      }
      if (f.map) attrs.push(`@map("col_${k}")`);
      if (f.native && !isEnum && typeName === 'String') attrs.push('@db.VarChar(200)');
      if (f.doc !== undefined) out.push(`  /// ${f.doc}`);
      out.push(`  ${name} ${typeName}${f.modifier}${attrs.length > 0 ? ` ${attrs.join(' ')}` : ''}`);
      if (f.modifier !== '[]') scalarNames.push(name);
    });
    if (m.parent) {
      const target = models[m.parent.target] as ModelSpec;
      const opt = m.parent.optional ? '?' : '';
      out.push(`  parent${i}Id ${idType(target)}${opt}${m.parent.oneToOne ? ' @unique' : ''}`);
      const action = m.parent.onDelete ? `, onDelete: ${m.parent.onDelete}` : '';
      out.push(
        `  parent${i} ${target.name}${opt} @relation("p${i}", fields: [parent${i}Id], references: [id]${action})`,
      );
    }
    if (m.selfRelation) {
      out.push(
        `  selfParentId ${idType(m)}?`,
        `  selfParent ${m.name}? @relation("self${i}", fields: [selfParentId], references: [id])`,
        `  selfChildren ${m.name}[] @relation("self${i}")`,
      );
    }
    if (m.manyToMany !== undefined) out.push(`  mnOf${m.manyToMany} Model${m.manyToMany}[] @relation("mn${i}")`);
    out.push(...(back.get(i) ?? []));
    const blockAttrs: string[] = [];
    if (m.idKind === 'compound') blockAttrs.push('@@id([ida, idb])');
    if (scalarNames.length > 0)
      blockAttrs.push(`@@index([${scalarNames[0]}${m.indexSort ? '(sort: Desc)' : ''}], map: "ix_${i}")`);
    if (m.map) blockAttrs.push(`@@map("table_${i}")`);
    if (blockAttrs.length > 0) out.push('', ...blockAttrs.map((a) => `  ${a}`));
    out.push('}', '');
  });
  return out.join('\n');
}

function defaultFor(type: Scalar | { enum: number }, list: boolean, enums: readonly EnumSpec[]): string | undefined {
  if (typeof type !== 'string') {
    const first = enums[type.enum]?.values[0];
    return first === undefined ? undefined : list ? `[${first}]` : first;
  }
  const one: Record<Scalar, string> = {
    String: encodeString('a "quoted" \\ value\n'),
    Boolean: 'true',
    Int: '-42',
    BigInt: '9007199254740993',
    Float: '1.5',
    Decimal: '10.25',
    DateTime: '"2024-01-02T03:04:05Z"',
    Json: encodeString('{"a": [1, 2]}'),
    Bytes: '"aGVsbG8="',
  };
  if (list) return type === 'Json' ? '[]' : `[${one[type]}, ${one[type]}]`;
  if (type === 'DateTime') return 'now()';
  return one[type];
}

/**
 * The same schema written differently: random indentation, extra blank lines, comment lines
 * and trailing comments. Only whitespace and comments change, so the meaning must not.
 */
export function messyVariant(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  return fc
    .array(
      fc.record({
        indent: fc.integer({ min: 0, max: 5 }),
        blank: fc.integer({ min: 0, max: 2 }),
        comment: fc.constantFrom('', '// note', '//x', '/// doc?'),
        trailing: fc.boolean(),
      }),
      {
        minLength: lines.length,
        maxLength: lines.length,
      },
    )
    .map((choices) =>
      lines
        .map((line, i) => {
          const c = choices[i];
          if (c === undefined) return line;
          const trimmed = line.trim();
          // A blank or comment line between `///` and a block header would detach the documentation.
          if (/^(model|enum|view|datasource|generator) /.test(trimmed)) return line;
          // `///` lines above a field are documentation: adding one would change the meaning.
          const comment = c.comment.startsWith('///') ? '' : c.comment;
          const body = `${' '.repeat(c.indent)}${trimmed}${c.trailing && trimmed !== '' && !trimmed.startsWith('///') ? ' // trailing' : ''}`;
          return [
            ...Array(c.blank).fill(''),
            ...(comment !== '' ? [`${' '.repeat(c.indent)}${comment}`] : []),
            body,
          ].join('\n');
        })
        .join('\n'),
    );
}
