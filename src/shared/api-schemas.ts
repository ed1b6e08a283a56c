/**
 * Request and response schemas of the REST API, shared by the server (validation, OpenAPI) and the web client.
 */
import { AGENCY_KINDS, REPORTING_AGENCY_KINDS } from './agency-kinds.js';
import { z } from 'zod';
import { cellProvenanceSchema } from './provenance-schemas.js';
import { ROLES } from '../core/workflow/roles.js';

export const periodKindSchema = z.enum(['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'M9', 'Y']);
export const periodSchema = z.object({ year: z.number().int().min(1990).max(2200), kind: periodKindSchema });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);
const id = z.string().min(1).max(200);

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
});

export const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict();
export const actorSchema = z.object({
  accountId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  agencyIds: z.array(z.string()),
});
export const loginResponse = z.object({ actor: actorSchema, csrfToken: z.string(), expiresAt: z.string() });

export const agencySchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(AGENCY_KINDS),
  name: z.string(),
  province: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  successorId: z.string().nullable(),
});

export const templateSummarySchema = z.object({
  id: z.string(),
  family: z.string(),
  name: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
});

export const roundBody = z
  .object({
    templateId: id,
    period: periodSchema,
    cutoff: z.object({ from: isoDate, to: isoDate }).optional(),
    deadline: isoDate.optional(),
    // a province's every commune and more: the body limit of POST /api/rounds (2 MB) bounds it too
    agencyIds: z.array(id).min(1).max(100_000),
  })
  .strict();
export const roundSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  period: periodSchema,
  cutoff: z.object({ from: z.string(), to: z.string() }),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  agencyIds: z.array(z.string()).optional(),
});

export const reportSummarySchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  roundId: z.string().nullable(),
  templateId: z.string(),
  period: periodSchema,
  status: z.enum(['not-started', 'draft', 'submitted', 'returned', 'accepted']),
  version: z.number().int(),
});

export const findingSchema = z.object({
  rule: z.string(),
  kind: z.string(),
  severity: z.enum(['error', 'warning']),
  rows: z.array(z.string()),
  expected: z.union([z.number(), z.string(), z.null()]),
  found: z.union([z.number(), z.string(), z.null()]),
  message: z.string(),
});
export const cellSchema = z.object({
  rowId: z.string(),
  raw: z.string(),
  value: z.number().nullable(),
  status: z.enum(['reported', 'not-reported', 'text']),
  note: z.string().nullable(),
});
export const narrativeSectionSchema = z.object({
  heading: z.string().max(500),
  level: z.number().int().min(1).max(4),
  body: z.string().max(200_000),
});
export const commentSchema = z.object({
  rowId: z.string().nullable(),
  kind: z.enum(['return-reason', 'comment', 'explanation']),
  body: z.string(),
  authorId: z.string().nullable(),
  at: z.string(),
});
export const reportSchema = reportSummarySchema.extend({
  signer: z.string().nullable(),
  values: z.array(cellSchema),
  narrative: z.array(narrativeSectionSchema),
  findings: z.array(findingSchema),
  comments: z.array(commentSchema),
  /** Sent by the reporting officer to her agency's leader ("Gửi lãnh đạo duyệt"): when and by which account; null when not. */
  sentToLeader: z.object({ at: z.string(), by: z.string().nullable() }).nullable().optional(),
  /** Where each imported cell came from: the file, its SHA-256, the place in it, doubtful or edited (typed cells have none). */
  provenance: z.array(cellProvenanceSchema).optional(),
});

/** The signature form of a submission (core/workflow/signature-form.ts): the head, or KT./TM./TL. with both titles. */
export const signatureFormSchema = z
  .object({
    signingFor: z.enum(['own', 'KT', 'TM', 'TL']),
    headTitle: z.string().max(200).nullable(),
    signerTitle: z.string().max(200),
    signer: z.string().max(200).nullable(),
  })
  .strict();

export const workflowBody = z
  .object({
    version: z.number().int().min(1),
    explanations: z
      .array(z.object({ rule: z.string().min(1).max(200), text: z.string().max(4000) }).strict())
      .max(500)
      .optional(),
    reasons: z
      .array(z.object({ rowId: z.string().max(200).nullable(), text: z.string().max(4000) }).strict())
      .max(500)
      .optional(),
    signer: z.string().max(200).nullable().optional(),
    signature: signatureFormSchema.optional(),
  })
  .strict();
export const workflowActionParams = z.object({ id, action: z.enum(['submit', 'return', 'accept', 'reopen']) });
export const submissionSchema = z.object({
  number: z.number().int(),
  submittedAt: z.string(),
  submittedBy: z.string().nullable(),
  cells: z.array(cellSchema),
  explanations: z.array(z.object({ rule: z.string(), text: z.string() })),
  signature: signatureFormSchema.nullable().optional(),
});
export const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1).optional() }).strict();
export const cellChangeSchema = z.object({ rowId: z.string(), before: cellSchema.nullable(), after: cellSchema.nullable() });
/** A narrative section whose text changed between two submissions (core/workflow/narrative-diff.ts). */
export const sectionChangeSchema = z.object({ heading: z.string(), before: z.string().nullable(), after: z.string().nullable() });

/** The officer's home: her agency's reports in the order she works them, and the approval requests to her role. */
export const homeReportSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  roundId: z.string().nullable(),
  deadline: z.string().nullable(),
  templateId: z.string(),
  templateName: z.string().nullable(),
  period: periodSchema,
  status: z.enum(['not-started', 'draft', 'submitted', 'returned', 'accepted']),
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  sentToLeaderAt: z.string().nullable(),
  sentToLeaderBy: z.string().nullable(),
  returnReasons: z.array(z.object({ rowId: z.string().nullable(), rowLabel: z.string().nullable(), text: z.string() })),
});
export const homeSchema = z.object({
  reports: z.array(homeReportSchema),
  requests: z.array(z.object({ id: z.string(), reportId: z.string().nullable(), agencyId: z.string(), body: z.string(), at: z.string() })),
});
export const boardSchema = z.object({
  deadline: z.string(),
  counts: z.record(z.string(), z.number()),
  rows: z.array(
    z.object({
      reportId: z.string(),
      agencyId: z.string(),
      agencyName: z.string(),
      status: z.enum(['not-started', 'draft', 'submitted', 'returned', 'accepted']),
      version: z.number().int(),
      submittedAt: z.string().nullable(),
      timeliness: z.enum(['on-time', 'late', 'open']),
      errors: z.number().int(),
      warnings: z.number().int(),
    }),
  ),
});

export const saveValuesBody = z
  .object({
    version: z.number().int().min(1),
    cells: z
      .array(z.object({ rowId: id, raw: z.string().max(2000), note: z.string().max(4000).nullable().optional() }).strict())
      .min(1)
      .max(1000),
  })
  .strict();
/** The answer to an autosave sent with `Prefer: return=minimal`: the new version and the cells as the server read them. */
export const savedValuesSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(['not-started', 'draft', 'submitted', 'returned', 'accepted']),
  cells: z.array(cellSchema),
});
export const saveNarrativeBody = z.object({ version: z.number().int().min(1), sections: z.array(narrativeSectionSchema).max(200) }).strict();

export const idParams = z.object({ id });
export const reportQuery = z.object({ roundId: id.optional(), agencyId: id.optional() }).strict();

export const previousSchema = z
  .object({
    reportId: z.string(),
    period: periodSchema,
    templateId: z.string(),
    narrative: z.array(narrativeSectionSchema),
    stocks: z.array(cellSchema),
  })
  .nullable();
export const versionBody = z.object({ version: z.number().int().min(1) }).strict();

/** POST /api/auth/password: a signed-in user changes their own password. The policy is checked by the server. */
export const passwordChangeBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(1000) }).strict();
/** The session is rotated: a new cookie comes with the response, and with it a new CSRF token. */
export const passwordChangeResponse = z.object({ csrfToken: z.string(), expiresAt: z.string(), sessionsEnded: z.number().int().min(0) });

/** Who is signed in, and the CSRF token for writes. */
export const meResponse = z.object({ actor: actorSchema, csrfToken: z.string() });
export const logoutEverywhereResponse = z.object({ sessionsEnded: z.number() });
export const healthResponse = z.object({ status: z.literal('ok'), engine: z.string() });
export const healthLiveResponse = z.object({ status: z.literal('ok') });

/** Reminders: the agencies reminded (and e-mailed), and the notices an account's agencies received. */
export const remindResponse = z.object({ reminded: z.array(z.string()), emailed: z.number().int() });
export const noticeSchema = z.object({ id: z.string(), agencyId: z.string(), roundId: z.string().nullable(), body: z.string(), at: z.string() });

/** The province's consolidation of a round: limited to one kind of agency, submitted reports counted or not. */
export const consolidationQuery = z
  .object({
    kind: z.enum(REPORTING_AGENCY_KINDS).optional(),
    includeSubmitted: z.enum(['true', 'false']).optional(),
  })
  .strict();
export const consolidationRowQuery = consolidationQuery.extend({ rowId: z.string().min(1).max(100) });
