/**
 * The plan → report indicators mapping (templates/plan/plan-indicators.yaml), read once and checked against the
 * canonical catalogue: a broken file stops the server at start with the file and its problems.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { IndicatorDefinition } from '../../core/catalogue/template.js';
import { buildPlanMapping, type PlanMapping } from '../../core/plan/plan-mapping.js';
import { loadIndicators, TemplateLoadError, TEMPLATES_DIR } from '../../templates/template-loader.js';

export const PLAN_MAPPING_FILE = join('plan', 'plan-indicators.yaml');

export function loadPlanMapping(dir = TEMPLATES_DIR, indicators: readonly IndicatorDefinition[] = loadIndicators(dir)): PlanMapping {
  const file = join(dir, PLAN_MAPPING_FILE);
  const result = buildPlanMapping(parse(readFileSync(file, 'utf8'), { prettyErrors: true }), indicators);
  if (!result.ok)
    throw new TemplateLoadError(
      file,
      result.problems.map((message) => ({ at: 'plan mapping', message })),
    );
  return result.mapping;
}

const cached = new WeakMap<readonly IndicatorDefinition[], PlanMapping>();

/** The shipped mapping, checked against the given catalogue (the context's), read once per catalogue. */
export function planMapping(indicators: readonly IndicatorDefinition[]): PlanMapping {
  let mapping = cached.get(indicators);
  if (!mapping) {
    mapping = loadPlanMapping(TEMPLATES_DIR, indicators);
    cached.set(indicators, mapping);
  }
  return mapping;
}
