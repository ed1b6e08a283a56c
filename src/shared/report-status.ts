/**
 * What users call a report's states, a board row's timeliness and a comment's kind, with the badge colour of each
 * state: one source for the web client (badges, boards, history, import) and the server's documents and CSV headers.
 * Plain data, no React and no zod, so the browser bundle takes it as it is.
 */
import type { ReportStatus } from '../core/workflow/report-workflow.js';

export type { ReportStatus };

/** The states in the order of a report's life (the board's counts, the CSV columns). */
export const REPORT_STATUSES = ['not-started', 'draft', 'submitted', 'returned', 'accepted'] as const satisfies readonly ReportStatus[];

export const REPORT_STATUS_LABEL: Record<ReportStatus, string> = {
  'not-started': 'Chưa bắt đầu',
  draft: 'Đang soạn',
  submitted: 'Đã nộp',
  returned: 'Bị trả lại',
  accepted: 'Đã duyệt',
};

/** The colour (a Mantine palette name) of each state's badge. */
export const REPORT_STATUS_COLOR: Record<ReportStatus, string> = {
  'not-started': 'gray',
  draft: 'blue',
  submitted: 'violet',
  returned: 'red',
  accepted: 'teal',
};

/** A state's label; an unknown state (a newer server) is shown as it comes rather than as nothing. */
export function reportStatusLabel(status: string): string {
  return (REPORT_STATUS_LABEL as Record<string, string>)[status] ?? status;
}

/** A state's badge colour; gray for an unknown state. */
export function reportStatusColor(status: string): string {
  return (REPORT_STATUS_COLOR as Record<string, string>)[status] ?? 'gray';
}

/** A completeness-board row: submitted by the deadline, after it, or not yet due. */
export const TIMELINESS = ['on-time', 'late', 'open'] as const;
export type Timeliness = (typeof TIMELINESS)[number];

export const TIMELINESS_LABEL: Record<Timeliness, string> = {
  'on-time': 'Đúng hạn',
  late: 'Trễ hạn',
  open: 'Chưa đến hạn',
};

/** The kinds of a report's comments, and what each is called where it is shown. */
export const COMMENT_KINDS = ['return-reason', 'explanation', 'comment'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

export const COMMENT_KIND_LABEL: Record<CommentKind, string> = {
  'return-reason': 'Lý do trả lại',
  explanation: 'Giải trình',
  comment: 'Ý kiến',
};
