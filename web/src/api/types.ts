/** API shapes, inferred from the schemas the server validates with (types only: zod is not bundled). */
import type { z } from 'zod';
import type {
  actorSchema,
  agencySchema,
  boardSchema,
  cellChangeSchema,
  meResponse,
  noticeSchema,
  sectionChangeSchema,
  homeSchema,
  remindResponse,
  previousSchema,
  reportSchema,
  reportSummarySchema,
  roundSchema,
  savedValuesSchema,
  templateSummarySchema,
} from '@shared/api-schemas.js';
import type {
  consolidatedFigureSchema,
  consolidationFindingsSchema,
  consolidationRowSchema,
  consolidationSchema,
} from '@shared/consolidation-schemas.js';
import type {
  excerptInput,
  provinceHistoryResponse,
  provinceReportSchema,
  provinceSettingsResponse,
  provinceSourceSchema,
  provinceSourcesResponse,
} from '@shared/province-report-schemas.js';
import type { planSchema, planSummarySchema, prefillPreviewSchema, prefillResultSchema } from '@shared/plan-schemas.js';
import type { pastePlacementSchema, reportHistorySchema } from '@shared/entry-schemas.js';

export type ActorDto = z.infer<typeof actorSchema>;
export type AgencyDto = z.infer<typeof agencySchema>;
export type RoundDto = z.infer<typeof roundSchema>;
export type BoardDto = z.infer<typeof boardSchema>;
export type ReportSummaryDto = z.infer<typeof reportSummarySchema>;
export type ReportDto = z.infer<typeof reportSchema>;
/** An autosave's minimal answer (`Prefer: return=minimal`). */
export type SavedValuesDto = z.infer<typeof savedValuesSchema>;
export type CellChangeDto = z.infer<typeof cellChangeSchema>;
export type TemplateSummaryDto = z.infer<typeof templateSummarySchema>;
export type PreviousDto = z.infer<typeof previousSchema>;
export type MeDto = z.infer<typeof meResponse>;
export type NoticeDto = z.infer<typeof noticeSchema>;
/** A narrative section changed between two submissions; the officer's home. */
export type SectionChangeDto = z.infer<typeof sectionChangeSchema>;
export type HomeDto = z.infer<typeof homeSchema>;
export type RemindDto = z.infer<typeof remindResponse>;

/** One submission of a report (GET /api/reports/:id/submissions). */
export interface SubmissionDto {
  number: number;
  submittedAt: string;
}

/** The province's consolidation of a round (GET /api/rounds/:id/consolidation): figures, agencies, coverage. */
export type ConsolidationDto = z.infer<typeof consolidationSchema>;
export type ConsolidatedFigureDto = z.infer<typeof consolidatedFigureSchema>;
/** The findings of the counted reports: counts by rule and row, then one page (GET /api/rounds/:id/consolidation/findings). */
export type ConsolidationFindingsDto = z.infer<typeof consolidationFindingsSchema>;
/** One figure's drill-down: every agency's value (GET /api/rounds/:id/consolidation/row). */
export type ConsolidationRowDto = z.infer<typeof consolidationRowSchema>;

/** The province's report of a round (GET/PUT /api/rounds/:id/province-report). */
export type ProvinceReportDto = z.infer<typeof provinceReportSchema>;
export type ProvinceSectionDto = ProvinceReportDto['sections'][number];
export type ProvinceSectionKey = ProvinceSectionDto['key'];
export type ExcerptInputDto = z.infer<typeof excerptInput>;
/** The agencies' texts of one section (GET /api/rounds/:id/province-report/sources). */
export type ProvinceSourcesDto = z.infer<typeof provinceSourcesResponse>;
export type ProvinceSourceDto = z.infer<typeof provinceSourceSchema>;
export type ProvinceHistoryDto = z.infer<typeof provinceHistoryResponse>;
/** A province's settings for its report (GET/PUT /api/provinces/:id/report-settings). */
export type ProvinceSettingsDto = z.infer<typeof provinceSettingsResponse>;

/** Where a pasted Excel block lands (POST /api/reports/:id/paste-preview). */
export type PastePlacementDto = z.infer<typeof pastePlacementSchema>;
export type PastedLineDto = PastePlacementDto['lines'][number];
/** The agency's earlier figures per row of a report (GET /api/reports/:id/history). */
export type ReportHistoryDto = z.infer<typeof reportHistorySchema>;

/** The annual CCHC plan (GET /api/plans, /api/plans/:id) and a report's figures from it (/api/reports/:id/plan-prefill). */
export type PlanSummaryDto = z.infer<typeof planSummarySchema>;
export type PlanDto = z.infer<typeof planSchema>;
export type PlanTaskDto = PlanDto['tasks'][number];
export type PlanPrefillPreviewDto = z.infer<typeof prefillPreviewSchema>;
export type PlanPrefillResultDto = z.infer<typeof prefillResultSchema>;
