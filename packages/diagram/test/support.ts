/**
 * Test support: corpus schemas lowered by their provider, and the SVG read back into what it
 * draws (boxes with their rectangles, relations, rows), so tests look at the picture itself.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeSchema, type DatabaseSchema, lower, type SchemaModel } from '@strata/core';
import { provider as postgres } from '@strata/provider-postgres';
import { provider as sqlite } from '@strata/provider-sqlite';

export const corpus: string | undefined = ((): string | undefined => {
  const dir = process.env.STRATA_CORPUS ?? path.resolve(import.meta.dirname, '../../..', '../shared/corpus');
  if (existsSync(dir)) return dir;
  console.log(`corpus not found at ${dir} (set STRATA_CORPUS): skipping the corpus diagrams`);
  return undefined;
})();

export interface Lowered {
  readonly model: SchemaModel;
  readonly database: DatabaseSchema;
}

/** A schema file or folder (multi-file), lowered with the provider its datasource names. */
export function lowerSchema(file: string, sourceName = 'schema.prisma'): Lowered {
  const files = statSync(file).isDirectory()
    ? readdirSync(file, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.prisma'))
        .sort()
        .map((f) => ({ path: f, text: readFileSync(path.join(file, f), 'utf8') }))
    : [{ path: sourceName, text: readFileSync(file, 'utf8') }];
  return lowerText(files);
}

export function lowerText(files: readonly { path: string; text: string }[]): Lowered {
  const result = analyzeSchema(files);
  if (result.model === undefined) throw new Error(`invalid schema: ${JSON.stringify(result.diagnostics.slice(0, 2))}`);
  const provider = result.model.datasource?.provider === 'sqlite' ? sqlite : postgres;
  return { model: result.model, database: lower(result.model, provider) };
}

export interface SvgBox {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly dimmed: boolean;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The box's own markup, title and rows. */
  readonly markup: string;
}

export interface SvgRelation {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly status: string;
  readonly markup: string;
}

const fromXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The boxes and relations an SVG draws, read from its elements. */
export function readSvg(svg: string): { width: number; height: number; boxes: SvgBox[]; relations: SvgRelation[] } {
  const size = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  const boxes: SvgBox[] = [];
  for (const m of svg.matchAll(
    /<g class="(?:table|enum)" data-id="([^"]*)" data-kind="(\w+)" data-status="(\w+)" data-dimmed="(\w+)"[^>]*>\n<rect class="box" x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"[\s\S]*?\n<\/g>/g,
  )) {
    boxes.push({
      id: fromXml(m[1]!),
      kind: m[2]!,
      status: m[3]!,
      dimmed: m[4] === 'true',
      x: Number(m[5]),
      y: Number(m[6]),
      width: Number(m[7]),
      height: Number(m[8]),
      markup: m[0],
    });
  }
  const relations: SvgRelation[] = [];
  for (const m of svg.matchAll(
    /<g class="relation" data-id="([^"]*)" data-from="([^"]*)" data-to="([^"]*)" data-status="(\w+)"[\s\S]*?\n<\/g>/g,
  )) {
    relations.push({ id: fromXml(m[1]!), from: fromXml(m[2]!), to: fromXml(m[3]!), status: m[4]!, markup: m[0] });
  }
  return { width: Number(size?.[1]), height: Number(size?.[2]), boxes, relations };
}

/** Pairs of boxes whose rectangles overlap (touching edges do not count). */
export function overlaps(boxes: readonly SvgBox[]): [string, string][] {
  const found: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        found.push([a.id, b.id]);
    }
  }
  return found;
}
