/**
 * The reporting officer's home: her agency's reports in the order she works them. Reports returned by the Sở Nội vụ
 * come first (with the reasons of the latest return), then those waiting for the leader, then those still open by
 * deadline, then the submitted and accepted ones, latest period first.
 */
import { comparePeriods, type Period } from '../periods/period.js';
import type { ReportStatus, WorkflowComment } from './report-workflow.js';

export interface HomeItem {
  status: ReportStatus;
  /** The round's deadline (yyyy-mm-dd); null for a report outside a round (imported history). */
  deadline: string | null;
  /** When the officer sent it to the leader; null when not sent (or sent before a return). */
  sentToLeaderAt: string | null;
  period: Period;
}

/** Where a report stands in the officer's day: the smaller, the sooner she looks at it. */
export function homeRank(item: Pick<HomeItem, 'status' | 'sentToLeaderAt'>): number {
  if (item.status === 'returned') return 0;
  if (item.status === 'submitted' || item.status === 'accepted') return 3;
  return item.sentToLeaderAt ? 1 : 2;
}

/** The officer's order: returned, waiting for the leader, open by deadline, then done (latest period first). */
export function compareHomeItems(a: HomeItem, b: HomeItem): number {
  const rank = homeRank(a) - homeRank(b);
  if (rank !== 0) return rank;
  if (homeRank(a) < 3) {
    // the nearest deadline first; a report with no deadline after those that have one
    const da = a.deadline ?? '9999-12-31';
    const db = b.deadline ?? '9999-12-31';
    if (da !== db) return da < db ? -1 : 1;
  }
  return comparePeriods(b.period, a.period);
}

/**
 * The reasons of the latest return, for the whole report and per row (the whole report's first), while the report is
 * back with the agency; none otherwise.
 */
export function latestReturnReasons(status: ReportStatus, comments: readonly WorkflowComment[]): { rowId: string | null; text: string }[] {
  if (status !== 'returned') return [];
  const reasons = comments.filter((c) => c.kind === 'return-reason');
  const latest = reasons.reduce((max, c) => (c.at > max ? c.at : max), '');
  const current = reasons.filter((c) => c.at === latest);
  return [...current.filter((c) => c.rowId === null), ...current.filter((c) => c.rowId !== null)].map((c) => ({ rowId: c.rowId, text: c.body }));
}
