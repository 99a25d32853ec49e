/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning UIs (GitHub code scanning and the like). One
 * run; the driver lists every rule of the provider (core's and the dialect's) with its summary and
 * the safer way; each finding is a result at its statement in migration.sql. Levels: `error` for
 * data-loss and would-fail, `warning` for review (`note` is not used). A finding silenced by
 * `-- strata:lint-ignore` keeps its level and carries an in-source suppression with the reason,
 * which viewers show as suppressed. Paths are relative to the project root, the run's
 * `PROJECTROOT` base.
 */
import { pathToFileURL } from 'node:url';
import type { LintRule } from '@strata/core';
import { allFindings, type LintFindingJson, type LintJson } from './json.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

interface SarifRule {
  readonly id: string;
  readonly shortDescription: { readonly text: string };
  readonly help: { readonly text: string };
  readonly defaultConfiguration: { readonly level: 'error' | 'warning' };
  readonly properties: { readonly family: string; readonly severity: string };
}

export interface SarifInput {
  readonly json: LintJson;
  readonly rules: readonly Pick<LintRule, 'code' | 'family' | 'severity' | 'summary' | 'safer'>[];
  readonly toolVersion: string;
  /** Absolute. */
  readonly projectDir: string;
}

export function lintSarif(input: SarifInput): Record<string, unknown> {
  const rules = new Map<string, SarifRule>();
  for (const rule of input.rules) {
    if (rules.has(rule.code)) continue;
    rules.set(rule.code, {
      id: rule.code,
      shortDescription: { text: rule.summary },
      help: { text: rule.safer },
      defaultConfiguration: { level: rule.severity === 'review' ? 'warning' : 'error' },
      properties: { family: rule.family, severity: rule.severity },
    });
  }
  const findings = allFindings(input.json);
  // a finding the engine makes itself (an ignore comment without a reason) has no rule object
  for (const f of findings) {
    if (rules.has(f.code)) continue;
    rules.set(f.code, {
      id: f.code,
      shortDescription: { text: f.message },
      help: { text: f.safer },
      defaultConfiguration: { level: f.level },
      properties: { family: f.family, severity: f.severity },
    });
  }
  const ids = [...rules.keys()];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'strata',
            semanticVersion: input.toolVersion,
            rules: [...rules.values()],
          },
        },
        originalUriBaseIds: {
          PROJECTROOT: { uri: directoryUri(input.projectDir) },
        },
        results: findings.map((f) => result(f, ids.indexOf(f.code))),
      },
    ],
  };
}

function result(f: LintFindingJson, ruleIndex: number): Record<string, unknown> {
  const range = f.statement?.range;
  return {
    ruleId: f.code,
    ruleIndex,
    level: f.level,
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file), uriBaseId: 'PROJECTROOT' },
          ...(range === undefined
            ? {}
            : {
                region: {
                  startLine: range.line,
                  startColumn: range.column,
                  endLine: range.endLine,
                  // SARIF's endColumn is exclusive, as the finding's range is
                  endColumn: Math.max(range.endColumn, range.column + 1),
                },
              }),
        },
      },
    ],
    properties: {
      severity: f.severity,
      family: f.family,
      migration: f.migration,
      safer: f.safer,
      ...(f.table === undefined ? {} : { table: f.table }),
      ...(f.column === undefined ? {} : { column: f.column }),
      ...(f.rows === undefined ? {} : { rows: f.rows }),
    },
    ...(f.suppressed === undefined ? {} : { suppressions: [{ kind: 'inSource', justification: f.suppressed.reason }] }),
  };
}

/** `file:///abs/project/`: a base URI must end with a slash to resolve relative paths below it. */
function directoryUri(dir: string): string {
  const uri = pathToFileURL(dir).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}
