/**
 * Reports as the services return them (domain data, not API shapes): the presenters
 * (src/server/presenters/report.presenter.ts) turn them into the shared schemas' types.
 */
import type { Finding } from '../../core/checks/finding.js';
import type { CellProvenanceDto } from '../../shared/provenance-schemas.js';
import type { CellSnapshot } from '../../core/workflow/report-workflow.js';
import type { NarrativeSection, Report, StoredValue } from '../repositories/report.repository.js';
import type { listComments } from '../repositories/submission.repository.js';

export type ReportComment = Awaited<ReturnType<typeof listComments>>[number];

/** A report as read: its row, cells (in row id order), narrative, the checks' findings and the comments, oldest first. */
export interface ReportData {
  report: Report;
  values: CellSnapshot[];
  narrative: NarrativeSection[];
  findings: Finding[];
  comments: ReportComment[];
  /** Where each imported cell came from (the cells typed in the browser have none). */
  provenance?: CellProvenanceDto[];
}

/** What an autosave answers when the client asks for the minimal answer: the new version and the cells as stored. */
export interface SavedValuesData {
  id: string;
  version: number;
  status: Report['status'];
  cells: CellSnapshot[];
}

/** The same agency's previous accepted report: its narrative, and this report's stock rows carried from it. */
export interface PreviousData {
  report: Report;
  narrative: NarrativeSection[];
  /** The previous figures of this report's stock rows, carried to this report's template version. */
  stocks: CellSnapshot[];
}

/** A stored cell as the domain's cell (the shape of a submission's snapshot). */
export function cellOf(v: StoredValue): CellSnapshot {
  return { rowId: v.row_id, raw: v.raw, value: v.value === null ? null : Number(v.value), status: v.status, note: v.note };
}
