/**
 * Request and response schemas of the template-version endpoints, shared by the server and the web client.
 * A draft is the editable source of a version (the data-file format of docs/templates.md) plus the id of the version
 * it is derived from. These schemas check only its shape and sizes (a malformed body is a 400); what the values
 * mean — ids, dates, kinds, indicators, references, the rules of a new version — is checked by the core and comes
 * back as problems (422 on store, or the answer of /templates/check).
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const ref = text(200);

export const templateRowDraftSchema = z
  .object({
    code: text(40).optional(),
    id: text(200).optional(),
    label: text(2000),
    unit: text(500).optional(),
    kind: text(20).optional(),
    group: z.boolean().optional(),
    parent: ref.optional(),
    responsible: text(2000).optional(),
    provinceFigureBy: text(100).optional(),
    measure: text(10).optional(),
    indicator: text(200).optional(),
    required: z.boolean().optional(),
  })
  .strict();

export const templateCheckDraftSchema = z
  .object({
    rule: text(40),
    id: text(200).optional(),
    whole: ref.optional(),
    parts: z.array(ref).max(500).optional(),
    percent: ref.optional(),
    numerator: ref.optional(),
    denominator: ref.optional(),
    current: ref.optional(),
    added: ref.optional(),
    removed: ref.optional(),
    previousInReport: ref.optional(),
    rows: z.array(ref).max(500).optional(),
    severity: text(20).optional(),
  })
  .strict();

export const templateFormDraftSchema = z
  .object({
    number: text(20).nullable().optional(),
    title: text(1000).optional(),
    rows: z.array(templateRowDraftSchema).max(2000),
    checks: z.array(templateCheckDraftSchema).max(2000).optional(),
  })
  .strict();

/** A version as an editable source (GET /templates/:id/source). */
export const templateSourceDtoSchema = z
  .object({
    id: text(100),
    family: text(40),
    name: text(500),
    effectiveFrom: text(20),
    effectiveTo: text(20).nullable().optional(),
    province: text(200).nullable().optional(),
    columns: z.array(text(200)).max(20),
    forms: z.array(templateFormDraftSchema).max(50),
    checks: z.array(templateCheckDraftSchema).max(2000).optional(),
  })
  .strict();

/** POST /templates/check and POST /templates: a new version's source and the stored version it comes from. */
export const templateDraftBody = templateSourceDtoSchema.extend({ basedOn: z.string().min(1).max(100) }).strict();

export const templateProblemSchema = z.object({
  /** A field ("effectiveFrom"), a row ("forms[0].rows[12]", "forms[0].rows[12].label"), a check ("forms[0].checks[3]", "checks[1]"). */
  at: z.string(),
  message: z.string(),
});

export const templateCheckResultSchema = z.object({ ok: z.boolean(), problems: z.array(templateProblemSchema) });

/** GET /templates/indicators: the canonical indicator catalogue. */
export const indicatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['count', 'decimal', 'percent', 'money', 'coded', 'text']),
  measure: z.enum(['flow', 'stock']),
  area: z.string(),
  /** How a narrative states the figure (for the narrative ↔ appendix check the browser runs too). */
  narrative: z
    .array(
      z.object({
        nouns: z.array(z.string()),
        terms: z.array(z.string()),
        sentence: z.array(z.string()),
        unless: z.array(z.string()),
        exclude: z.array(z.string()),
        plus: z.array(z.string()),
        of: z.string().nullable().optional(),
      }),
    )
    .optional(),
});

export type TemplateDraft = z.infer<typeof templateDraftBody>;
export type TemplateSourceDto = z.infer<typeof templateSourceDtoSchema>;
export type TemplateRowDraft = z.infer<typeof templateRowDraftSchema>;
export type TemplateCheckDraft = z.infer<typeof templateCheckDraftSchema>;
export type TemplateProblemDto = z.infer<typeof templateProblemSchema>;
export type TemplateCheckResult = z.infer<typeof templateCheckResultSchema>;
export type IndicatorDto = z.infer<typeof indicatorSchema>;
