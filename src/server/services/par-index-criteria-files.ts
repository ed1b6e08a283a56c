/**
 * Loads the criteria sets of the CCHC index shipped in index-criteria/ (one YAML file per agency group and year)
 * through the core's builder, checked against the canonical indicator catalogue. The only file I/O around them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildCriteriaSet, type CriteriaProblem, type CriteriaSet } from '../../core/par-index/criteria-set.js';
import type { IndicatorDefinition } from '../../core/catalogue/template.js';

/** index-criteria/ at the package root (from src/ under tsx/vitest and from dist/ after a build). */
export const INDEX_CRITERIA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'index-criteria');

export class CriteriaSetLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problems: CriteriaProblem[],
  ) {
    super(`Criteria set file ${file} is invalid:\n${problems.map((p) => `  ${p.at}: ${p.message}`).join('\n')}`);
    this.name = 'CriteriaSetLoadError';
  }
}

/** Every `*.yaml` of the directory is one criteria set; a problem in any of them throws (the server does not start). */
export function loadCriteriaSets(indicators: readonly IndicatorDefinition[], dir = INDEX_CRITERIA_DIR): CriteriaSet[] {
  const ids = new Set(indicators.map((i) => i.id));
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.yaml'));
  } catch {
    return [];
  }
  const sets = names.sort().map((name) => {
    const file = join(dir, name);
    const result = buildCriteriaSet(parse(readFileSync(file, 'utf8'), { prettyErrors: true }), ids);
    if (!result.ok) throw new CriteriaSetLoadError(file, result.problems);
    return result.set;
  });
  const seen = new Set<string>();
  for (const s of sets) {
    if (seen.has(s.id)) throw new CriteriaSetLoadError(s.id, [{ at: 'id', message: `Mã bộ tiêu chí "${s.id}" bị trùng.` }]);
    seen.add(s.id);
  }
  return sets;
}
