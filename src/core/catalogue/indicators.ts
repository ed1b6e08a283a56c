/** The canonical indicator catalogue as data: validated here, loaded from templates/indicators.yaml by src/templates/. */
import { z } from 'zod';
import type { IndicatorDefinition } from './template.js';

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
  return problems.length > 0 ? { ok: false, problems } : { ok: true, indicators: parsed.data.indicators };
}
