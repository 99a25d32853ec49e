/**
 * `metadata.txt`: `key=value` lines describing how a migration was generated. Pure.
 * Unknown keys are kept (a newer strata may add some) and never rejected.
 */

export interface MigrationMetadata {
  readonly name: string;
  readonly provider: string;
  readonly generatorVersion: string;
  readonly generatedAt: string;
  readonly statementCount: number;
  readonly warningCount: number;
  readonly rebuildRequired: boolean;
  readonly transactional: boolean;
  /** sha256 hex of migration.sql as generated (an edit by hand afterwards is allowed before it is applied). */
  readonly checksum: string;
  readonly artifactsChecksum: string;
  /** Keys this version does not know, in file order. */
  readonly extra: readonly (readonly [string, string])[];
}

const KEYS = {
  name: 'name',
  provider: 'provider',
  generatorVersion: 'generator_version',
  generatedAt: 'generated_at',
  statementCount: 'statement_count',
  warningCount: 'warning_count',
  rebuildRequired: 'rebuild_required',
  transactional: 'transactional',
  checksum: 'checksum',
  artifactsChecksum: 'artifacts_checksum',
} as const satisfies Record<Exclude<keyof MigrationMetadata, 'extra'>, string>;

export function renderMetadata(metadata: MigrationMetadata): string {
  const lines = [
    `${KEYS.name}=${metadata.name}`,
    `${KEYS.provider}=${metadata.provider}`,
    `${KEYS.generatorVersion}=${metadata.generatorVersion}`,
    `${KEYS.generatedAt}=${metadata.generatedAt}`,
    `${KEYS.statementCount}=${metadata.statementCount}`,
    `${KEYS.warningCount}=${metadata.warningCount}`,
    `${KEYS.rebuildRequired}=${metadata.rebuildRequired}`,
    `${KEYS.transactional}=${metadata.transactional}`,
    `${KEYS.checksum}=${metadata.checksum}`,
    ...metadata.extra.map(([k, v]) => `${k}=${v}`),
    // Last, so that the checksum over "every other line" is simply the file without its last line.
    `${KEYS.artifactsChecksum}=${metadata.artifactsChecksum}`,
  ];
  return `${lines.join('\n')}\n`;
}

export type MetadataParseResult =
  | { readonly ok: true; readonly metadata: MigrationMetadata }
  | { readonly ok: false; readonly errors: readonly string[] };

export function parseMetadata(text: string): MetadataParseResult {
  const values = new Map<string, string>();
  const extra: [string, string][] = [];
  const errors: string[] = [];
  const known = new Set<string>(Object.values(KEYS));
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      errors.push(`line ${index + 1} is not key=value: "${line}"`);
      return;
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (values.has(key)) errors.push(`key "${key}" appears twice`);
    values.set(key, value);
    if (!known.has(key)) extra.push([key, value]);
  });
  const missing = Object.values(KEYS).filter((key) => !values.has(key));
  if (missing.length > 0) errors.push(`missing keys: ${missing.join(', ')}`);
  const int = (key: string): number => {
    const raw = values.get(key) ?? '';
    if (!/^\d+$/.test(raw)) {
      if (values.has(key)) errors.push(`${key} is not a whole number: "${raw}"`);
      return 0;
    }
    return Number(raw);
  };
  const bool = (key: string): boolean => {
    const raw = values.get(key);
    if (raw !== undefined && raw !== 'true' && raw !== 'false') errors.push(`${key} is not true or false: "${raw}"`);
    return raw === 'true';
  };
  const hex = (key: string): string => {
    const raw = values.get(key) ?? '';
    if (values.has(key) && !/^[0-9a-f]{64}$/.test(raw)) errors.push(`${key} is not a sha256 hex digest`);
    return raw;
  };
  const metadata: MigrationMetadata = {
    name: values.get(KEYS.name) ?? '',
    provider: values.get(KEYS.provider) ?? '',
    generatorVersion: values.get(KEYS.generatorVersion) ?? '',
    generatedAt: values.get(KEYS.generatedAt) ?? '',
    statementCount: int(KEYS.statementCount),
    warningCount: int(KEYS.warningCount),
    rebuildRequired: bool(KEYS.rebuildRequired),
    transactional: bool(KEYS.transactional),
    checksum: hex(KEYS.checksum),
    artifactsChecksum: hex(KEYS.artifactsChecksum),
    extra,
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, metadata };
}
