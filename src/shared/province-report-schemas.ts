/**
 * The REST API of the province's report of a round (shared by the server and the web client): the report with its
 * outline sections (text, generated or edited, stale when the figures moved, the new draft beside an edited one,
 * excerpts that remember their source), its workflow moves, the agencies' texts per section to compose from, its
 * history, and each province's settings for it.
 */
import { z } from 'zod';
import { provinceReportSettingsSchema } from '../core/province-report/settings.js';
import { PROVINCE_OUTLINE, type SectionKey } from '../core/province-report/outline.js';
import { REPORTING_AGENCY_KINDS } from './agency-kinds.js';

const sectionKeys = PROVINCE_OUTLINE.filter((s) => !s.headingOnly).map((s) => s.key) as [SectionKey, ...SectionKey[]];
export const sectionKeySchema = z.enum(sectionKeys);
const id = z.string().min(1).max(200);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);

/** A text inserted from an agency's narrative; the server fills in the source's version and fingerprint. */
export const excerptInput = z
  .object({
    /** Kept when the excerpt was already in the section; a new excerpt gets one from the server. */
    id: id.optional(),
    sourceReportId: id,
    section: sectionKeySchema,
    text: z.string().min(1).max(20_000),
  })
  .strict();

export const excerptSchema = z.object({
  id: z.string(),
  sourceReportId: z.string(),
  agencyId: z.string(),
  agencyName: z.string().nullable(),
  section: sectionKeySchema,
  version: z.number().int(),
  text: z.string(),
  /** The source agency's section changed after the excerpt was inserted. */
  sourceChanged: z.boolean(),
});

export const provinceSectionSchema = z.object({
  key: sectionKeySchema,
  heading: z.string(),
  level: z.number().int(),
  text: z.string(),
  origin: z.enum(['generated', 'edited']),
  /** Generated text whose figures moved since (regenerate replaces it), or an edited one whose draft moved. */
  stale: z.boolean(),
  /** The current generated draft, beside an edited text (never applied silently). */
  draft: z.string().nullable(),
  excerpts: z.array(excerptSchema),
});

export const provinceReportSchema = z.object({
  roundId: z.string(),
  /** 0 while never saved (what is shown is generated). */
  version: z.number().int(),
  status: z.enum(['draft', 'ready', 'issued']),
  number: z.string().nullable(),
  issuedOn: z.string().nullable(),
  period: z.object({ year: z.number().int(), kind: z.string() }),
  title: z.string(),
  sections: z.array(provinceSectionSchema),
  rankingIndicators: z.array(z.string()),
  coverage: z.object({ roundAgencies: z.number().int(), reported: z.number().int(), late: z.number().int(), missing: z.number().int() }),
  /** Present after a regeneration: sections replaced, and the drafts offered beside edited ones. */
  regenerated: z
    .object({ replaced: z.array(sectionKeySchema), proposals: z.array(z.object({ key: sectionKeySchema, draft: z.string() })) })
    .optional(),
});

/** PUT: the sections named take the text (autosave sends only what changed); version 0 for a report never saved. */
export const provinceReportPutBody = z
  .object({
    version: z.number().int().min(0),
    sections: z
      .array(z.object({ key: sectionKeySchema, text: z.string().max(200_000), excerpts: z.array(excerptInput).max(200).optional() }).strict())
      .max(20)
      .default([]),
    rankingIndicators: z.array(z.string().min(1).max(200)).max(30).optional(),
  })
  .strict();

export const provinceRegenerateBody = z.object({ version: z.number().int().min(0), replace: z.array(sectionKeySchema).max(20).default([]) }).strict();

export const provinceMoveParams = z.object({ id, action: z.enum(['ready', 'issue', 'reopen']) });
export const provinceMoveBody = z
  .object({ version: z.number().int().min(1), number: z.string().max(20).optional(), date: isoDate.optional() })
  .strict();

export const provinceSourcesQuery = z
  .object({
    section: sectionKeySchema,
    kind: z.enum(REPORTING_AGENCY_KINDS).optional(),
    q: z.string().max(200).optional(),
    includeSubmitted: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const provinceSourceSchema = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  agencyKind: z.string(),
  reportId: z.string(),
  reportVersion: z.number().int(),
  status: z.string(),
  headings: z.array(z.string()),
  text: z.string(),
  /** Against the agency's latest accepted report of an earlier period: null when it has none. */
  changedSincePrevious: z.boolean().nullable(),
});
export const provinceSourcesResponse = z.object({ section: sectionKeySchema, sources: z.array(provinceSourceSchema) });

export const provinceHistoryResponse = z.array(
  z.object({
    at: z.string(),
    action: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    version: z.number().int().nullable(),
    sections: z.array(z.string()),
  }),
);

export const provinceSettingsSchema = provinceReportSettingsSchema;
export const provinceSettingsResponse = z.object({
  provinceId: z.string(),
  version: z.number().int(),
  settings: provinceReportSettingsSchema,
  defaults: z.boolean(),
});
export const provinceSettingsPutBody = z.object({ version: z.number().int().min(0), settings: provinceReportSettingsSchema }).strict();
