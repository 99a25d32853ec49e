/**
 * `warnings.txt`: one warning per line, `<code> [<severity>] <message>`, so that a reviewer (and
 * grep) sees the code first. Written only when there are warnings. Pure.
 */
import { rowsSuffix, type Warning, type WarningSeverity } from '../plan/warning.js';

const LINE = /^([a-z0-9][a-z0-9-]*) \[(data-loss|would-fail|review)\] (.*)$/;

export function renderWarningsFile(warnings: readonly Warning[]): string | undefined {
  if (warnings.length === 0) return undefined;
  return `${warnings.map(formatWarningLine).join('\n')}\n`;
}

export function formatWarningLine(warning: Warning): string {
  return `${warning.code} [${warning.severity}] ${warning.message.replace(/\s*\r?\n\s*/g, ' ')}${rowsSuffix(warning)}`;
}

export interface WarningLine {
  readonly code: string;
  readonly severity: WarningSeverity;
  readonly message: string;
}

export type WarningsParseResult =
  | { readonly ok: true; readonly warnings: readonly WarningLine[] }
  | { readonly ok: false; readonly errors: readonly string[] };

export function parseWarningsFile(text: string): WarningsParseResult {
  const warnings: WarningLine[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const match = LINE.exec(line);
    if (match === null) errors.push(`line ${index + 1} is not "<code> [<severity>] <message>": "${line}"`);
    else warnings.push({ code: match[1] ?? '', severity: match[2] as WarningSeverity, message: match[3] ?? '' });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, warnings };
}
