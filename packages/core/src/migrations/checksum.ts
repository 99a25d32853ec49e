/**
 * Checksums of migration artifacts.
 *
 * `checksum` is Prisma's value: sha256 hex of migration.sql's bytes. A checkout that only changed
 * line endings (git autocrlf) is not an edit, so a recorded checksum also matches the checksum of
 * the same text with LF or CRLF line endings, as Prisma accepts.
 *
 * `artifacts_checksum` covers every reviewed file (migration.sql, warnings.txt, before.prisma,
 * after.prisma and metadata.txt without its own artifacts_checksum line, and diagram.svg where
 * metadata.txt lists it), so an edit to any of them is detected. It is computed over LF-normalized
 * text for the same autocrlf reason.
 */
import { nodeCrypto } from './node-crypto.js';

export function sha256Hex(data: string | Uint8Array): string {
  return nodeCrypto().createHash('sha256').update(data).digest('hex');
}

export function migrationChecksum(sql: string | Uint8Array): string {
  return sha256Hex(sql);
}

export function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function toCrlf(text: string): string {
  return toLf(text).replace(/\n/g, '\r\n');
}

/** True when `recorded` is the checksum of `sql`, ignoring LF/CRLF differences. */
export function checksumMatches(recorded: string, sql: string | Uint8Array): boolean {
  const wanted = recorded.toLowerCase();
  if (migrationChecksum(sql) === wanted) return true;
  const text = typeof sql === 'string' ? sql : Buffer.from(sql).toString('utf8');
  return migrationChecksum(toLf(text)) === wanted || migrationChecksum(toCrlf(text)) === wanted;
}

/** The artifacts that `artifacts_checksum` covers, in this fixed order. */
export const REVIEWED_ARTIFACTS = [
  'migration.sql',
  'warnings.txt',
  'before.prisma',
  'after.prisma',
  'metadata.txt',
] as const;
export type ReviewedArtifact = (typeof REVIEWED_ARTIFACTS)[number];

/**
 * Artifacts that came later: covered only where metadata.txt lists them, so that every folder
 * written before they existed keeps its checksum (and its status) unchanged.
 */
export const LISTED_ARTIFACTS = ['diagram.svg'] as const;
export type ListedArtifact = (typeof LISTED_ARTIFACTS)[number];

/**
 * sha256 over `name NUL length NUL content` of each present artifact, in a fixed order; a missing
 * file contributes its name and a marker, so deleting warnings.txt is an edit too. A listed
 * artifact counts (present or missing) only when `listed` names it.
 */
export function artifactsChecksum(
  files: Readonly<Partial<Record<ReviewedArtifact | ListedArtifact, string>>>,
  listed: readonly ListedArtifact[] = [],
): string {
  const hash = nodeCrypto().createHash('sha256');
  for (const name of [...REVIEWED_ARTIFACTS, ...LISTED_ARTIFACTS.filter((a) => listed.includes(a))]) {
    const raw = files[name];
    if (raw === undefined) {
      hash.update(`${name}\0absent\0`);
      continue;
    }
    const text = name === 'metadata.txt' ? withoutArtifactsChecksumLine(toLf(raw)) : toLf(raw);
    hash.update(`${name}\0${Buffer.byteLength(text)}\0`);
    hash.update(text);
  }
  return hash.digest('hex');
}

function withoutArtifactsChecksumLine(metadata: string): string {
  return metadata
    .split('\n')
    .filter((line) => !line.startsWith('artifacts_checksum='))
    .join('\n');
}
