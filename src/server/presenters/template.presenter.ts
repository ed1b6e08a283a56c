/** Template versions → API shapes (the shared schemas' types). */
import type { z } from 'zod';
import type { Template } from '../../core/catalogue/template.js';
import type { templateSummarySchema } from '../../shared/api-schemas.js';
import type { StoredTemplateVersion } from '../services/template.service.js';

export type TemplateSummaryDto = z.infer<typeof templateSummarySchema>;

/** A version as read (a template) or as listed (its stored row): id, family, name and the dates it is in force. */
export const presentTemplateSummary = (
  t: Pick<Template, 'id' | 'family' | 'name' | 'effectiveFrom' | 'effectiveTo'> | StoredTemplateVersion,
): TemplateSummaryDto =>
  'effective_from' in t
    ? { id: t.id, family: t.family, name: t.name, effectiveFrom: t.effective_from, effectiveTo: t.effective_to }
    : { id: t.id, family: t.family, name: t.name, effectiveFrom: t.effectiveFrom, effectiveTo: t.effectiveTo };

/** A stored version whole, as the template editor reads it. */
export const presentTemplate = (t: Template): Record<string, unknown> => t as unknown as Record<string, unknown>;
