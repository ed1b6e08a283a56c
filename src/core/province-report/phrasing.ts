/**
 * How the province's figures are written in the generated paragraphs, as data (templates/indicator-phrasing.yaml,
 * loaded by src/templates/): one phrase per canonical indicator, keyed by its id, with `{value}` (the province figure
 * as vi-VN text with its unit) or `{distribution}` (agencies per code of a coded row); the opening of each section;
 * the drafts of the sections no figure states; the indicators ranked in the annex unless the consolidator picks
 * others. Validated here with zod; the ids are checked against the catalogue. Pure.
 */
import { z } from 'zod';
import type { IndicatorDefinition } from '../catalogue/template.js';
import { PROVINCE_OUTLINE, type SectionKey } from './outline.js';

const sectionKeys = PROVINCE_OUTLINE.map((s) => s.key) as [SectionKey, ...SectionKey[]];

export const phrasingSchema = z
  .object({
    /** A sentence opening each section's paragraph of figures ("Về cải cách thể chế,"). */
    openings: z.partialRecord(z.enum(sectionKeys), z.string().min(1)).default({}),
    /** The draft of a section with no figures of its own (assessment, next period, recommendations), or when none reported. */
    drafts: z.partialRecord(z.enum(sectionKeys), z.string().min(1)).default({}),
    /** Said of an area whose figures no agency reported. */
    nothingReported: z.string().min(1),
    phrases: z.array(
      z
        .object({
          indicator: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/u),
          /** The clause, with {value} or {distribution}: "toàn tỉnh có {value} TTHC đang có hiệu lực". */
          text: z.string().min(1),
          /** The unit written after a count ("thủ tục"); none by default (percent rows take "%", money rows their currency). */
          unit: z.string().min(1).optional(),
        })
        .strict()
        .refine((p) => p.text.includes('{value}') || p.text.includes('{distribution}'), { message: 'a phrase needs {value} or {distribution}' }),
    ),
    /** Indicators ranked in the ranking annex unless the consolidator picks others. */
    ranking: z.array(z.string()).default([]),
  })
  .strict();

export type Phrasing = z.infer<typeof phrasingSchema>;
export type Phrase = Phrasing['phrases'][number];

export type PhrasingResult = { ok: true; phrasing: Phrasing } | { ok: false; problems: string[] };

/** Validates the phrasing data; every indicator it names must be in the catalogue, and phrased once. */
export function buildPhrasing(input: unknown, indicators: readonly IndicatorDefinition[]): PhrasingResult {
  const parsed = phrasingSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const known = new Map(indicators.map((i) => [i.id, i]));
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.phrases.forEach((p, i) => {
    const indicator = known.get(p.indicator);
    if (!indicator) problems.push(`phrases.${i}: unknown indicator ${p.indicator}`);
    else if (indicator.kind === 'coded' && !p.text.includes('{distribution}') && !p.text.includes('{value}'))
      problems.push(`phrases.${i}: coded indicator needs {distribution}`);
    else if (indicator.kind !== 'coded' && p.text.includes('{distribution}'))
      problems.push(`phrases.${i}: {distribution} is for coded indicators only (${p.indicator} is ${indicator.kind})`);
    if (seen.has(p.indicator)) problems.push(`phrases.${i}: ${p.indicator} is phrased twice`);
    seen.add(p.indicator);
  });
  parsed.data.ranking.forEach((id, i) => {
    if (!known.has(id)) problems.push(`ranking.${i}: unknown indicator ${id}`);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, phrasing: parsed.data };
}
