/**
 * Every read of the API the pages make, defined once: its query key (queryKeys, also what invalidations and cache
 * writes name), its options (the *Query functions, for prefetching) and its hook (use*). A page never writes a key
 * or a URL inline, so two pages reading the same thing share one cache entry.
 */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Template } from '@core/catalogue/template.js';
import type { ChartIndicatorDto, CompletenessDto, RankingDto, TrendDto } from '@shared/dashboard-schemas.js';
import type { IndicatorDto, TemplateSourceDto } from '@shared/template-schemas.js';
import type { ImportBatchDocumentDetailDto, ImportBatchDto, ImportBatchListDto } from '@shared/import-schemas.js';
import { listAccounts, type AccountFilters } from '../features/accounts/accounts-api.js';
import { api } from './client.js';
import type {
  AssessmentDto,
  AssessmentListDto,
  CriteriaSetDto,
  CriteriaSetSummaryDto,
  IndexCompareDto,
  IndexHistoryDto,
  IndexResultsDto,
} from '../features/par-index/index-types.js';
import type { PlanDto, PlanPrefillPreviewDto, PlanSummaryDto } from './types.js';
import type { ReportHistoryDto } from './types.js';
import type {
  AgencyDto,
  BoardDto,
  CellChangeDto,
  ConsolidationDto,
  ConsolidationFindingsDto,
  ConsolidationRowDto,
  NoticeDto,
  HomeDto,
  SectionChangeDto,
  PreviousDto,
  ProvinceReportDto,
  ProvinceSettingsDto,
  ProvinceSourcesDto,
  ReportDto,
  ReportSummaryDto,
  RoundDto,
  SubmissionDto,
  TemplateSummaryDto,
} from './types.js';

/** The query keys: a resource's key is a prefix of its variants' keys, so invalidating it reaches them all. */
export const queryKeys = {
  plans: () => ['plans'] as const,
  plan: (id: string | null) => ['plan', id] as const,
  planPrefill: (reportId: string | null) => ['plan-prefill', reportId] as const,
  agencies: () => ['agencies'] as const,
  agency: (id: string | undefined) => ['agency', id] as const,
  rounds: () => ['rounds'] as const,
  round: (id: string) => ['round', id] as const,
  board: (roundId: string) => ['board', roundId] as const,
  notices: () => ['notices'] as const,
  home: () => ['home'] as const,
  templates: () => ['templates'] as const,
  template: (id: string | undefined) => ['template', id] as const,
  templateSource: (id: string | null) => ['template-source', id] as const,
  templateIndicators: () => ['template-indicators'] as const,
  reports: () => ['reports'] as const,
  report: (id: string) => ['report', id] as const,
  roundReport: (roundId: string | undefined, agencyId: string) => ['round-report', roundId, agencyId] as const,
  previous: (reportId: string) => ['previous', reportId] as const,
  reportHistory: (reportId: string) => ['report-history', reportId] as const,
  submissions: (reportId: string, version: number) => ['submissions', reportId, version] as const,
  diff: (reportId: string, submission: number | undefined, version: number) => ['diff', reportId, submission, version] as const,
  narrativeDiff: (reportId: string, submission: number | undefined, version: number) => ['narrative-diff', reportId, submission, version] as const,
  consolidation: (roundId: string, query: string) => ['consolidation', roundId, query] as const,
  consolidationFindings: (roundId: string, query: string) => ['consolidation-findings', roundId, query] as const,
  consolidationRow: (roundId: string, rowId: string, query: string) => ['consolidation-row', roundId, rowId, query] as const,
  provinceReport: (roundId: string) => ['province-report', roundId] as const,
  provinceSources: (roundId: string, query: string) => ['province-report-sources', roundId, query] as const,
  provinceSettings: (provinceId: string | null) => ['province-settings', provinceId] as const,
  dashboardIndicators: () => ['dashboards', 'indicators'] as const,
  trend: (query: string | null) => ['dashboards', 'trend', query] as const,
  ranking: (query: string | null) => ['dashboards', 'ranking', query] as const,
  completeness: () => ['dashboards', 'completeness'] as const,
  /** Every page of every filter of the account list. */
  accounts: () => ['accounts'] as const,
  accountPage: (filters: AccountFilters, page: number) => ['accounts', filters, page] as const,
};

/** Whether a query runs now (a dialog not yet open, a choice not yet made). */
interface When {
  enabled?: boolean;
}

// agencies and rounds

export const useAgencies = ({ enabled = true }: When = {}) =>
  useQuery({ queryKey: queryKeys.agencies(), queryFn: () => api<AgencyDto[]>('/api/agencies'), enabled });

/** An agency (its name heads its reports): read again after five minutes at most. */
export const agencyQuery = (id: string | undefined) =>
  queryOptions({ queryKey: queryKeys.agency(id), queryFn: () => api<AgencyDto>(`/api/agencies/${id}`), enabled: !!id, staleTime: 5 * 60_000 });

export const useAgency = (id: string | undefined, { enabled = true }: When = {}) => {
  const options = agencyQuery(id);
  return useQuery({ ...options, enabled: enabled && !!id });
};

export const useRounds = ({ enabled = true }: When = {}) =>
  useQuery({ queryKey: queryKeys.rounds(), queryFn: () => api<RoundDto[]>('/api/rounds'), enabled });

export const useRound = (id: string) => useQuery({ queryKey: queryKeys.round(id), queryFn: () => api<RoundDto>(`/api/rounds/${id}`) });

export const useBoard = (roundId: string) =>
  useQuery({ queryKey: queryKeys.board(roundId), queryFn: () => api<BoardDto>(`/api/rounds/${roundId}/board`) });

export const useNotices = () => useQuery({ queryKey: queryKeys.notices(), queryFn: () => api<NoticeDto[]>('/api/notices') });

// templates

export const useTemplates = ({ enabled = true }: When = {}) =>
  useQuery({ queryKey: queryKeys.templates(), queryFn: () => api<TemplateSummaryDto[]>('/api/templates'), enabled });

/** A stored template version never changes: kept for good once read. */
export const templateQuery = (id: string | undefined) =>
  queryOptions({ queryKey: queryKeys.template(id), queryFn: () => api<Template>(`/api/templates/${id}`), enabled: !!id, staleTime: Infinity });

export const useTemplate = (id: string | undefined) => useQuery(templateQuery(id));

/** A stored version's source (for the editor): it never changes either. */
export const useTemplateSource = (id: string | null) =>
  useQuery({
    queryKey: queryKeys.templateSource(id),
    queryFn: () => api<TemplateSourceDto>(`/api/templates/${encodeURIComponent(id!)}/source`),
    enabled: id !== null,
    staleTime: Infinity,
  });

export const useTemplateIndicators = ({ enabled = true }: When = {}) =>
  useQuery({
    queryKey: queryKeys.templateIndicators(),
    queryFn: () => api<IndicatorDto[]>('/api/templates/indicators'),
    staleTime: Infinity,
    enabled,
  });

// reports

export const useReports = () => useQuery({ queryKey: queryKeys.reports(), queryFn: () => api<ReportSummaryDto[]>('/api/reports') });

/**
 * A report read in the last few seconds is not read again when a page mounts: the one sent at start-up (main.tsx) is
 * what the report page shows, and the page keeps the entry current with its own saves; older, it is read again.
 */
export const REPORT_FRESH_MS = 10_000;

export const reportQuery = (id: string) =>
  queryOptions({ queryKey: queryKeys.report(id), queryFn: () => api<ReportDto>(`/api/reports/${id}`), staleTime: REPORT_FRESH_MS });

export const useReport = (id: string) => useQuery(reportQuery(id));

/** An agency's report in a round, or null when it has none yet. */
export const useRoundReport = (roundId: string | undefined, agencyId: string) =>
  useQuery({
    queryKey: queryKeys.roundReport(roundId, agencyId),
    enabled: !!roundId && !!agencyId,
    queryFn: async () =>
      (await api<ReportSummaryDto[]>(`/api/reports?roundId=${encodeURIComponent(roundId!)}&agencyId=${encodeURIComponent(agencyId)}`))[0] ?? null,
  });

export const usePrevious = (reportId: string, { enabled = true }: When = {}) =>
  useQuery({ queryKey: queryKeys.previous(reportId), enabled, queryFn: () => api<PreviousDto>(`/api/reports/${reportId}/previous`) });

/** The agency's earlier figures per row of a report, for the outlier warnings: they change only as reports are accepted. */
export const useReportHistory = (reportId: string | undefined) =>
  useQuery({
    queryKey: queryKeys.reportHistory(reportId ?? ''),
    enabled: reportId !== undefined,
    staleTime: 5 * 60_000,
    queryFn: () => api<ReportHistoryDto>(`/api/reports/${reportId}/history`),
  });

/** A report's submissions, read again whenever its version changes. */
export const useSubmissions = (reportId: string, version: number) =>
  useQuery({ queryKey: queryKeys.submissions(reportId, version), queryFn: () => api<SubmissionDto[]>(`/api/reports/${reportId}/submissions`) });

/** The cells changed between a submission and the one before it (none to compare before the second). */
export const useSubmissionDiff = (reportId: string, submission: number | undefined, version: number) =>
  useQuery({
    queryKey: queryKeys.diff(reportId, submission, version),
    enabled: submission !== undefined && submission > 1,
    queryFn: () => api<CellChangeDto[]>(`/api/reports/${reportId}/diff?from=${submission! - 1}&to=${submission}`),
  });

/** The narrative's sections changed between a submission and the one before it (none to compare before the second). */
export const useNarrativeDiff = (reportId: string, submission: number | undefined, version: number) =>
  useQuery({
    queryKey: queryKeys.narrativeDiff(reportId, submission, version),
    enabled: submission !== undefined && submission > 1,
    queryFn: () => api<SectionChangeDto[]>(`/api/reports/${reportId}/narrative-diff?from=${submission! - 1}&to=${submission}`),
  });

/** The officer's home: her agency's reports (returned first, with the reasons) and the approval requests to her role. */
export const useHome = ({ enabled = true }: When = {}) => useQuery({ queryKey: queryKeys.home(), queryFn: () => api<HomeDto>('/api/home'), enabled });

// consolidation (query: the filter's URL parameters, e.g. "kind=department&includeSubmitted=false")

export const useConsolidation = (roundId: string, query: string) =>
  useQuery({
    queryKey: queryKeys.consolidation(roundId, query),
    queryFn: () => api<ConsolidationDto>(`/api/rounds/${roundId}/consolidation?${query}`),
  });

export const useConsolidationFindings = (roundId: string, query: string) =>
  useQuery({
    queryKey: queryKeys.consolidationFindings(roundId, query),
    queryFn: () => api<ConsolidationFindingsDto>(`/api/rounds/${roundId}/consolidation/findings?${query}`),
  });

export const useConsolidationRow = (roundId: string, rowId: string, query: string) =>
  useQuery({
    queryKey: queryKeys.consolidationRow(roundId, rowId, query),
    queryFn: () => api<ConsolidationRowDto>(`/api/rounds/${roundId}/consolidation/row?rowId=${encodeURIComponent(rowId)}&${query}`),
  });

// the province's report of a round (sources' query: "section=procedures&kind=department&q=…")

export const useProvinceReport = (roundId: string) =>
  useQuery({ queryKey: queryKeys.provinceReport(roundId), queryFn: () => api<ProvinceReportDto>(`/api/rounds/${roundId}/province-report`) });

/** The agencies' texts of one section; the previous answer stays shown while a new search loads. */
export const useProvinceSources = (roundId: string, query: string, { enabled = true }: When = {}) =>
  useQuery({
    queryKey: queryKeys.provinceSources(roundId, query),
    queryFn: () => api<ProvinceSourcesDto>(`/api/rounds/${roundId}/province-report/sources?${query}`),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useProvinceSettings = (provinceId: string | null, { enabled = true }: When = {}) =>
  useQuery({
    queryKey: queryKeys.provinceSettings(provinceId),
    queryFn: () => api<ProvinceSettingsDto>(`/api/provinces/${encodeURIComponent(provinceId!)}/report-settings`),
    enabled: enabled && provinceId !== null,
  });

// dashboards (query: the URL parameters, or null while there is nothing to ask)

export const useDashboardIndicators = () =>
  useQuery({
    queryKey: queryKeys.dashboardIndicators(),
    queryFn: () => api<ChartIndicatorDto[]>('/api/dashboards/indicators'),
    staleTime: 5 * 60_000,
  });

export const useTrend = (query: string | null) =>
  useQuery({ queryKey: queryKeys.trend(query), queryFn: () => api<TrendDto>(`/api/dashboards/trend?${query}`), enabled: query !== null });

export const useRanking = (query: string | null) =>
  useQuery({ queryKey: queryKeys.ranking(query), queryFn: () => api<RankingDto>(`/api/dashboards/ranking?${query}`), enabled: query !== null });

export const useCompleteness = ({ enabled = true }: When = {}) =>
  useQuery({ queryKey: queryKeys.completeness(), queryFn: () => api<CompletenessDto>('/api/dashboards/completeness'), enabled });

// accounts

/** A page of the account list; the previous page stays shown while the next one loads. */
export const useAccountPage = (filters: AccountFilters, page: number) =>
  useQuery({ queryKey: queryKeys.accountPage(filters, page), queryFn: () => listAccounts(filters, page), placeholderData: keepPreviousData });

// import batches: the review queue of an archive (polled while its files are being read)

export const importBatchKeys = {
  all: () => ['import-batches'] as const,
  batch: (id: string) => ['import-batches', id] as const,
  document: (batchId: string, id: string) => ['import-batches', batchId, 'documents', id] as const,
};

export const useImportBatches = () => useQuery({ queryKey: importBatchKeys.all(), queryFn: () => api<ImportBatchListDto>('/api/imports/batches') });

export const useImportBatch = (id: string) =>
  useQuery({
    queryKey: importBatchKeys.batch(id),
    queryFn: () => api<ImportBatchDto>(`/api/imports/batches/${encodeURIComponent(id)}`),
    refetchInterval: (query) => (query.state.data?.status === 'reading' ? 700 : false),
  });

export const useImportBatchDocument = (batchId: string, id: string) =>
  useQuery({
    queryKey: importBatchKeys.document(batchId, id),
    queryFn: () => api<ImportBatchDocumentDetailDto>(`/api/imports/batches/${encodeURIComponent(batchId)}/documents/${encodeURIComponent(id)}`),
  });

// the annual CCHC plan

export const usePlans = ({ enabled = true }: When = {}) =>
  useQuery({ queryKey: queryKeys.plans(), queryFn: () => api<PlanSummaryDto[]>('/api/plans'), enabled });

export const usePlan = (id: string | null) =>
  useQuery({ queryKey: queryKeys.plan(id), enabled: id !== null, queryFn: () => api<PlanDto>(`/api/plans/${id}`) });

/** What the plan proposes for a report's plan rows (404 no-plan when the province has no plan for the year). */
export const usePlanPrefill = (reportId: string | null, { enabled = true }: When = {}) =>
  useQuery({
    queryKey: queryKeys.planPrefill(reportId),
    enabled: enabled && reportId !== null,
    retry: false,
    queryFn: () => api<PlanPrefillPreviewDto>(`/api/reports/${reportId}/plan-prefill`),
  });

// the province's CCHC index (Chỉ số CCHC)

export const indexKeys = {
  sets: () => ['index', 'sets'] as const,
  set: (setId: string | null) => ['index', 'set', setId] as const,
  assessments: (setId: string | null) => ['index', 'assessments', setId] as const,
  assessment: (setId: string, agencyId: string) => ['index', 'assessment', setId, agencyId] as const,
  history: (setId: string, agencyId: string) => ['index', 'history', setId, agencyId] as const,
  results: (setId: string | null, provinceId: string | null) => ['index', 'results', setId, provinceId] as const,
  compare: (provinceId: string | null, group: string | null) => ['index', 'compare', provinceId, group] as const,
};

export const useIndexSets = () => useQuery({ queryKey: indexKeys.sets(), queryFn: () => api<CriteriaSetSummaryDto[]>('/api/index/sets') });

export const useIndexSet = (setId: string | null) =>
  useQuery({
    queryKey: indexKeys.set(setId),
    enabled: setId !== null,
    queryFn: () => api<CriteriaSetDto>(`/api/index/sets/${encodeURIComponent(setId!)}`),
  });

export const useIndexAssessments = (setId: string | null) =>
  useQuery({
    queryKey: indexKeys.assessments(setId),
    enabled: setId !== null,
    queryFn: () => api<AssessmentListDto>(`/api/index/sets/${encodeURIComponent(setId!)}/assessments`),
  });

export const useIndexAssessment = (setId: string, agencyId: string) =>
  useQuery({
    queryKey: indexKeys.assessment(setId, agencyId),
    queryFn: () => api<AssessmentDto>(`/api/index/sets/${encodeURIComponent(setId)}/assessments/${encodeURIComponent(agencyId)}`),
  });

/** An assessment's history; `version` (the assessment's) is in the key, so every write brings the new entries. */
export const useIndexHistory = (setId: string, agencyId: string, version: number) =>
  useQuery({
    queryKey: [...indexKeys.history(setId, agencyId), version],
    placeholderData: keepPreviousData,
    queryFn: () => api<IndexHistoryDto>(`/api/index/sets/${encodeURIComponent(setId)}/assessments/${encodeURIComponent(agencyId)}/history`),
  });

export const useIndexResults = (setId: string | null, provinceId: string | null) =>
  useQuery({
    queryKey: indexKeys.results(setId, provinceId),
    enabled: setId !== null && provinceId !== null,
    queryFn: () => api<IndexResultsDto>(`/api/index/sets/${encodeURIComponent(setId!)}/provinces/${encodeURIComponent(provinceId!)}/results`),
  });

export const useIndexCompare = (provinceId: string | null, group: string | null) =>
  useQuery({
    queryKey: indexKeys.compare(provinceId, group),
    enabled: provinceId !== null && group !== null,
    queryFn: () => api<IndexCompareDto>(`/api/index/provinces/${encodeURIComponent(provinceId!)}/compare?group=${group}`),
  });
