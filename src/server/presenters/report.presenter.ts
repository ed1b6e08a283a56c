/**
 * Reports → API shapes. The response types are those of the shared schemas (`z.infer`), so a presenter that drifts
 * from the schema fails the type-check rather than the client.
 */
import type { z } from 'zod';
import type { PeriodKind } from '../../core/periods/period.js';
import type { CellSnapshot } from '../../core/workflow/report-workflow.js';
import type { cellSchema, reportSchema, reportSummarySchema, previousSchema, savedValuesSchema, submissionSchema } from '../../shared/api-schemas.js';
import type { Report } from '../repositories/report.repository.js';
import type { SubmissionRecord } from '../repositories/submission.repository.js';
import type { PreviousData, ReportData, SavedValuesData } from '../services/report-data.js';

export type CellDto = z.infer<typeof cellSchema>;
export type ReportSummaryDto = z.infer<typeof reportSummarySchema>;
export type ReportDto = z.infer<typeof reportSchema>;
export type SavedValuesDto = z.infer<typeof savedValuesSchema>;
export type PreviousDto = z.infer<typeof previousSchema>;
export type SubmissionDto = z.infer<typeof submissionSchema>;

export const presentCell = (c: CellSnapshot): CellDto => ({ rowId: c.rowId, raw: c.raw, value: c.value, status: c.status, note: c.note });

const section = (s: { heading: string; level: number; body: string }) => ({ heading: s.heading, level: s.level, body: s.body });

export const presentReportSummary = (r: Report): ReportSummaryDto => ({
  id: r.id,
  agencyId: r.agency_id,
  roundId: r.round_id,
  templateId: r.template_id,
  period: { year: r.period_year, kind: r.period_kind as PeriodKind },
  status: r.status,
  version: r.version,
});

export const presentReport = (data: ReportData): ReportDto => ({
  ...presentReportSummary(data.report),
  signer: data.report.signer,
  values: data.values.map(presentCell),
  narrative: data.narrative.map(section),
  findings: data.findings.map((f) => ({
    rule: f.rule,
    kind: f.kind,
    severity: f.severity,
    rows: [...f.rows],
    expected: f.expected,
    found: f.found,
    message: f.message,
  })),
  comments: data.comments.map((c) => ({
    rowId: c.row_id,
    kind: c.kind,
    body: c.body,
    authorId: c.author_id,
    at: new Date(c.created_at).toISOString(),
  })),
  sentToLeader: data.report.sent_to_leader_at
    ? { at: new Date(data.report.sent_to_leader_at).toISOString(), by: data.report.sent_to_leader_by ?? null }
    : null,
  ...(data.provenance ? { provenance: data.provenance } : {}),
});

export const presentSavedValues = (saved: SavedValuesData): SavedValuesDto => ({
  id: saved.id,
  version: saved.version,
  status: saved.status,
  cells: saved.cells.map(presentCell),
});

export const presentPrevious = (previous: PreviousData | null): PreviousDto =>
  previous && {
    reportId: previous.report.id,
    period: { year: previous.report.period_year, kind: previous.report.period_kind as PeriodKind },
    templateId: previous.report.template_id,
    narrative: previous.narrative.map(section),
    stocks: previous.stocks.map(presentCell),
  };

export const presentSubmission = (s: SubmissionRecord): SubmissionDto => ({
  number: s.number,
  submittedAt: s.submittedAt.toISOString(),
  submittedBy: s.submittedBy,
  cells: s.cells.map(presentCell),
  explanations: s.explanations.map((e) => ({ rule: e.rule, text: e.text })),
  signature: s.signature ?? null,
});
