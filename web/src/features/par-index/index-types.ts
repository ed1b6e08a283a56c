/** The CCHC index's API shapes, inferred from the schemas the server validates with (types only). */
import type { z } from 'zod';
import type {
  assessmentListSchema,
  assessmentSchema,
  criteriaSetSchema,
  criteriaSetSummarySchema,
  indexCompareSchema,
  indexHistorySchema,
  indexResultsSchema,
} from '@shared/index-schemas.js';

export type CriteriaSetSummaryDto = z.infer<typeof criteriaSetSummarySchema>;
export type CriteriaSetDto = z.infer<typeof criteriaSetSchema>;
export type AssessmentDto = z.infer<typeof assessmentSchema>;
export type AssessmentListDto = z.infer<typeof assessmentListSchema>;
export type IndexResultsDto = z.infer<typeof indexResultsSchema>;
export type IndexCompareDto = z.infer<typeof indexCompareSchema>;
export type IndexHistoryDto = z.infer<typeof indexHistorySchema>;
