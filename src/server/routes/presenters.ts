/**
 * Database rows and service results → API shapes (camelCase, the types of the shared schemas). The presenters live in
 * src/server/presenters/*.presenter.ts; this module gathers them for the routes.
 */
export { presentAccount, presentActor, presentMe } from '../presenters/account.presenter.js';
export {
  completenessCsv,
  presentChartIndicator,
  presentCompleteness,
  presentRanking,
  presentTrend,
  rankingCsv,
  trendCsv,
  type CsvFile,
} from '../presenters/dashboard.presenter.js';
export { presentConsolidation, presentConsolidationFindings, presentConsolidationRow } from '../presenters/consolidation.presenter.js';
export { presentPastePlacement, presentReportHistory } from '../presenters/entry.presenter.js';
export {
  presentImportBatch,
  presentImportBatchList,
  presentImportDocument,
  presentImportDocumentDetail,
} from '../presenters/import-batch.presenter.js';
export { presentPrevious, presentReport, presentReportSummary, presentSavedValues, presentSubmission } from '../presenters/report.presenter.js';
export { presentAgency, presentBoard, presentNotice, presentRound } from '../presenters/round.presenter.js';
export { presentOfficerHome } from '../presenters/officer-home.presenter.js';
export { presentTemplate, presentTemplateSummary } from '../presenters/template.presenter.js';
export { presentPlan, presentPlanSummary, presentPlanTask, presentPrefillPreview, presentPrefillResult } from '../presenters/plan.presenter.js';
