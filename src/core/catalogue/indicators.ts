/** The canonical indicator catalogue as data: validated here, loaded from templates/indicators.yaml by src/templates/. */
import { z } from 'zod';
import type { IndicatorDefinition } from './template.js';

const words = z.array(z.string().trim().min(1).max(200)).max(50);

/** A narrative phrasing of an indicator's figure (see NarrativePhrasing); only `terms` is required. */
export const narrativePhrasingSchema = z
  .object({
    nouns: words.default([]),
    terms: words.min(1),
    sentence: words.default([]),
    unless: words.default([]),
    exclude: words.default([]),
    plus: z.array(z.string().min(1)).max(10).default([]),
    of: z.string().min(1).optional(),
  })
  .strict();

export const indicatorCatalogueSchema = z
  .object({
    indicators: z.array(
      z
        .object({
          id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/u),
          name: z.string().min(1),
          kind: z.enum(['count', 'decimal', 'percent', 'money', 'coded', 'text']),
          measure: z.enum(['flow', 'stock']),
          area: z.string().min(1),
          narrative: z.array(narrativePhrasingSchema).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type CatalogueResult = { ok: true; indicators: IndicatorDefinition[] } | { ok: false; problems: string[] };

export function buildCatalogue(input: unknown): CatalogueResult {
  const parsed = indicatorCatalogueSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const indicator of parsed.data.indicators) {
    if (seen.has(indicator.id)) problems.push(`duplicate indicator id ${indicator.id}`);
    seen.add(indicator.id);
  }
  for (const indicator of parsed.data.indicators) {
    for (const phrasing of indicator.narrative ?? []) {
      for (const other of [...phrasing.plus, ...(phrasing.of ? [phrasing.of] : [])]) {
        if (!seen.has(other) || other === indicator.id)
          problems.push(`indicator ${indicator.id}: narrative "plus"/"of" names unknown indicator ${other}`);
      }
      if (phrasing.nouns.length === 0 && indicator.kind !== 'percent')
        problems.push(`indicator ${indicator.id}: a narrative phrasing needs "nouns" unless the indicator is a percent`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, indicators: parsed.data.indicators };
}
