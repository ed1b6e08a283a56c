/**
 * The REST API of the province's CCHC index (shared by the server and the web client): the criteria sets, an agency's
 * assessment (self scores with explanations and evidence, the appraisal's adjustments with reasons, computed criteria
 * with what is missing, totals, findings), its workflow, and the group's results (ranking, per-area scores, the
 * comparison across years).
 */
import { z } from 'zod';
import type { AgencyKindName } from './agency-kinds.js';

const id = z.string().min(1).max(200);
const code = z.string().min(1).max(40);
const groupSchema = z.enum(['departments', 'communes']);

/** The agency kinds each group of the index scores. */
export const INDEX_GROUP_KINDS = {
  departments: ['department', 'board'],
  communes: ['commune-committee'],
} as const satisfies Record<z.infer<typeof groupSchema>, readonly AgencyKindName[]>;
const statusSchema = z.enum(['draft', 'submitted', 'returned', 'finalised']);
const points = z.number().min(0).max(1000);
const dateTime = z.string();

export const indexSetParams = z.object({ setId: id });
export const indexAssessmentParams = z.object({ setId: id, agencyId: id });
export const indexActionParams = z.object({ setId: id, agencyId: id, action: z.enum(['submit', 'return', 'finalise', 'reopen']) });
export const indexEvidenceParams = z.object({ setId: id, agencyId: id, evidenceId: id });
export const indexProvinceParams = z.object({ setId: id, provinceId: id });
export const indexCompareParams = z.object({ provinceId: id });
export const indexCompareQuery = z.object({ group: groupSchema }).strict();
export const indexUploadQuery = z.object({ code, version: z.coerce.number().int().min(0) }).strict();

export const criteriaSetSummarySchema = z.object({
  id: z.string(),
  year: z.number().int(),
  group: groupSchema,
  groupLabel: z.string(),
  name: z.string(),
  decision: z.string().nullable(),
  example: z.boolean(),
  max: z.number(),
});

export const indexCriterionSchema = z.object({
  code: z.string(),
  name: z.string(),
  max: z.number(),
  area: z.string(),
  parent: z.string().nullable(),
  scoring: z.enum(['self', 'computed', 'appraised']),
  /** For a computed criterion: what it is computed from, in Vietnamese. */
  computedFrom: z.string().nullable(),
  evidence: z.object({ required: z.boolean(), description: z.string().nullable(), reports: z.boolean() }),
  guidance: z.string().nullable(),
});

export const criteriaSetSchema = criteriaSetSummarySchema.extend({
  areas: z.array(z.object({ key: z.string(), code: z.string(), name: z.string(), max: z.number(), criteria: z.array(z.string()) })),
  groups: z.array(z.object({ code: z.string(), name: z.string(), max: z.number(), area: z.string(), children: z.array(z.string()) })),
  criteria: z.array(indexCriterionSchema),
});

export const evidenceSchema = z.object({
  /** null for a report linked automatically (a criterion that asks for the periodic reports). */
  id: z.string().nullable(),
  code: z.string(),
  kind: z.enum(['file', 'report', 'link']),
  title: z.string(),
  fileName: z.string().nullable(),
  size: z.number().int().nullable(),
  reportId: z.string().nullable(),
  url: z.string().nullable(),
  auto: z.boolean(),
  createdAt: dateTime.nullable(),
});

export const computedScoreSchema = z.object({
  points: z.number().nullable(),
  rate: z.number().nullable(),
  basis: z.string().nullable(),
  missing: z.array(z.string()),
  reportId: z.string().nullable(),
  /** Frozen at finalisation: the data may have moved since. */
  frozen: z.boolean(),
});

export const assessmentCriterionSchema = z.object({
  code: z.string(),
  self: z.number().nullable(),
  selfNote: z.string().nullable(),
  appraised: z.number().nullable(),
  appraisalReason: z.string().nullable(),
  computed: computedScoreSchema.nullable(),
  final: z.number().nullable(),
  adjusted: z.boolean(),
  evidence: z.array(evidenceSchema),
});

export const areaScoreSchema = z.object({
  key: z.string(),
  code: z.string(),
  name: z.string(),
  max: z.number(),
  score: z.number(),
  percent: z.number(),
});

export const indexFindingSchema = z.object({
  rule: z.string(),
  kind: z.enum(['missing-evidence', 'out-of-range', 'not-scored', 'missing-explanation', 'missing-reason']),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});

export const linkableReportSchema = z.object({ id: z.string(), label: z.string(), status: z.string() });

export const assessmentSchema = z.object({
  setId: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  /** 0: nothing stored yet (the first write sends 0). */
  version: z.number().int(),
  status: statusSchema,
  statusLabel: z.string(),
  returnReason: z.string().nullable(),
  submittedAt: dateTime.nullable(),
  finalisedAt: dateTime.nullable(),
  criteria: z.array(assessmentCriterionSchema),
  totals: z.object({ score: z.number(), max: z.number(), percent: z.number(), selfScore: z.number(), areas: z.array(areaScoreSchema) }),
  findings: z.array(indexFindingSchema),
  forecast: z.object({ points: z.number(), max: z.number() }),
  reports: z.array(linkableReportSchema),
  permissions: z.object({ selfEdit: z.boolean(), submit: z.boolean(), appraise: z.boolean() }),
  maxEvidenceBytes: z.number().int(),
});

export const assessmentListItemSchema = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  /** The province the agency belongs to: where its group's results are read. */
  provinceId: z.string().nullable(),
  status: statusSchema.nullable(),
  statusLabel: z.string(),
  version: z.number().int(),
  submittedAt: dateTime.nullable(),
  finalisedAt: dateTime.nullable(),
});
export const assessmentListSchema = z.array(assessmentListItemSchema);

export const selfScoresBody = z
  .object({
    version: z.number().int().min(0),
    scores: z
      .array(z.object({ code, score: points.nullable(), note: z.string().max(4000).nullable() }).strict())
      .min(1)
      .max(500),
  })
  .strict();

export const appraisalBody = z
  .object({
    version: z.number().int().min(0),
    scores: z
      .array(z.object({ code, score: points.nullable(), reason: z.string().max(4000).nullable() }).strict())
      .min(1)
      .max(500),
  })
  .strict();

export const indexMoveBody = z.object({ version: z.number().int().min(0), reason: z.string().max(4000).optional() }).strict();

export const evidenceLinkBody = z
  .object({
    version: z.number().int().min(0),
    code,
    reportId: id.optional(),
    url: z.string().url().max(2000).optional(),
    title: z.string().min(1).max(300).optional(),
  })
  .strict();

export const evidenceRemoveBody = z.object({ version: z.number().int().min(0) }).strict();

export const rankedAgencySchema = z.object({
  rank: z.number().int(),
  agencyId: z.string(),
  agencyName: z.string(),
  score: z.number(),
  max: z.number(),
  percent: z.number(),
  band: z.string(),
  areas: z.array(areaScoreSchema),
});

export const indexResultsSchema = z.object({
  set: criteriaSetSummarySchema,
  provinceId: z.string(),
  provinceName: z.string(),
  /** The reader sees the published ranking only (an agency of the group): empty before publication, no pending list. */
  publishedOnly: z.boolean(),
  published: z.object({ at: dateTime, decision: z.string().nullable() }).nullable(),
  ranking: z.array(rankedAgencySchema),
  /** Agencies of the group whose assessment is not finalised (not ranked yet). */
  pending: z.array(z.object({ agencyId: z.string(), agencyName: z.string(), status: statusSchema.nullable(), statusLabel: z.string() })),
  areas: z.array(z.object({ key: z.string(), name: z.string(), average: z.number(), best: z.number(), worst: z.number() })),
});

export const indexPublishBody = z.object({ decision: z.string().min(1).max(300).optional() }).strict();

export const indexCompareSchema = z.object({
  group: groupSchema,
  years: z.array(z.number().int()),
  agencies: z.array(z.object({ agencyId: z.string(), agencyName: z.string(), percents: z.array(z.number().nullable()) })),
});

/** One write to an assessment, from its audit rows: who, when, what (in Vietnamese), and the version it made. */
export const indexHistoryEntrySchema = z.object({
  at: dateTime,
  action: z.string(),
  /** What was done, in Vietnamese ("Trả lại để bổ sung"). */
  label: z.string(),
  actor: z.string().nullable(),
  /** The assessment's version after the write (null for a record that does not say). */
  version: z.number().int().nullable(),
  /** What changed, one line each, in Vietnamese: scores with their explanation or reason, evidence, a return's reason. */
  details: z.array(z.string()),
});
export const indexHistorySchema = z.array(indexHistoryEntrySchema);
