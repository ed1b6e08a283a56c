/**
 * Loads templates/indicator-phrasing.yaml: how the province's figures are written in the province report's
 * generated paragraphs, checked against the canonical indicators. Template I/O lives here only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { IndicatorDefinition } from '../core/catalogue/template.js';
import { buildPhrasing, type Phrasing } from '../core/province-report/phrasing.js';
import { loadIndicators, TemplateLoadError, TEMPLATES_DIR } from './template-loader.js';

export const PHRASING_FILE = 'indicator-phrasing.yaml';

export function loadPhrasing(dir = TEMPLATES_DIR, indicators: readonly IndicatorDefinition[] = loadIndicators(dir)): Phrasing {
  const file = join(dir, PHRASING_FILE);
  const result = buildPhrasing(parse(readFileSync(file, 'utf8'), { prettyErrors: true }), indicators);
  if (!result.ok) throw new TemplateLoadError(file, result.problems.map((message) => ({ at: 'phrasing', message })));
  return result.phrasing;
}

let cached: Phrasing | null = null;
/** The shipped phrasing, read once. */
export function phrasing(): Phrasing {
  cached ??= loadPhrasing();
  return cached;
}
