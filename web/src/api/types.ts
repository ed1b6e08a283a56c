/** API shapes, inferred from the schemas the server validates with (types only: zod is not bundled). */
import type { z } from 'zod';
import type {
  actorSchema,
  agencySchema,
  boardSchema,
  cellChangeSchema,
  meResponse,
  noticeSchema,
  remindResponse,
  previousSchema,
  reportSchema,
  reportSummarySchema,
  roundSchema,
  savedValuesSchema,
  templateSummarySchema,
} from '../../../src/shared/api-schemas.js';

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
export type RemindDto = z.infer<typeof remindResponse>;
