/**
 * The life of a report in a round, as a pure state machine:
 *
 *   not-started ─save→ draft ─submit→ submitted ─accept→ accepted
 *                        ↑              │                    │
 *                        └──── returned ←return              │
 *                        └──────────────────────── reopen ←──┘
 *
 * Saving never moves a report except out of "not-started". Submitting needs an explanation for every error finding
 * (warnings need none). Returning needs a reason. Accepting locks the report; reopening unlocks it, with a reason.
 */
import type { Finding } from '../checks/finding.js';

export type ReportStatus = 'not-started' | 'draft' | 'submitted' | 'returned' | 'accepted';
export type WorkflowAction = 'save' | 'submit' | 'return' | 'accept' | 'reopen';

export interface WorkflowInput {
  findings?: readonly Finding[];
  /** Explanations by finding rule id. */
  explanations?: ReadonlyMap<string, string>;
  /** The reason for a return or a reopening (the whole report or per row). */
  reasons?: readonly { rowId: string | null; text: string }[];
}

export type WorkflowResult =
  | { ok: true; to: ReportStatus }
  | { ok: false; code: 'not-allowed-now' | 'explanations-missing' | 'reason-missing'; messageVi: string; missing?: string[] };

const STATUS_VI: Record<ReportStatus, string> = {
  'not-started': 'chưa bắt đầu',
  draft: 'đang soạn',
  submitted: 'đã nộp',
  returned: 'bị trả lại',
  accepted: 'đã duyệt',
};

const FROM: Record<WorkflowAction, readonly ReportStatus[]> = {
  save: ['not-started', 'draft', 'returned'],
  submit: ['not-started', 'draft', 'returned'],
  return: ['submitted'],
  accept: ['submitted'],
  reopen: ['accepted'],
};

const ACTION_VI: Record<WorkflowAction, string> = { save: 'lưu', submit: 'nộp', return: 'trả lại', accept: 'duyệt', reopen: 'mở lại' };

/** The statuses an action may start from (what "editable" means: `statusesAllowing('save')`). */
export function statusesAllowing(action: WorkflowAction): readonly ReportStatus[] {
  return FROM[action];
}

export function statusLabel(status: ReportStatus): string {
  return STATUS_VI[status];
}

/** The errors a submission must explain: error findings without a non-empty explanation. */
export function unexplainedErrors(findings: readonly Finding[], explanations: ReadonlyMap<string, string>): Finding[] {
  return findings.filter((f) => f.severity === 'error' && !(explanations.get(f.rule) ?? '').trim());
}

export function transition(from: ReportStatus, action: WorkflowAction, input: WorkflowInput = {}): WorkflowResult {
  if (!FROM[action].includes(from)) {
    return { ok: false, code: 'not-allowed-now', messageVi: `Không thể ${ACTION_VI[action]} báo cáo đang ở trạng thái "${STATUS_VI[from]}".` };
  }
  switch (action) {
    case 'save':
      return { ok: true, to: from === 'not-started' ? 'draft' : from };
    case 'submit': {
      const missing = unexplainedErrors(input.findings ?? [], input.explanations ?? new Map());
      if (missing.length > 0) {
        return {
          ok: false,
          code: 'explanations-missing',
          messageVi: `Còn ${missing.length} lỗi chưa được giải trình. Hãy sửa số liệu hoặc ghi giải trình cho từng lỗi trước khi nộp.`,
          missing: missing.map((f) => f.rule),
        };
      }
      return { ok: true, to: 'submitted' };
    }
    case 'return':
    case 'reopen': {
      if (!(input.reasons ?? []).some((r) => r.text.trim().length > 0)) {
        return { ok: false, code: 'reason-missing', messageVi: `Cần ghi lý do khi ${ACTION_VI[action]} báo cáo.` };
      }
      return { ok: true, to: action === 'return' ? 'returned' : 'draft' };
    }
    case 'accept':
      return { ok: true, to: 'accepted' };
  }
}

/** A comment on a report as the workflow reads it: kind, the row it is about (or the whole report), when. */
export interface WorkflowComment {
  kind: 'return-reason' | 'comment' | 'explanation';
  rowId: string | null;
  body: string;
  at: string;
}

/**
 * The reasons of the return the report is back with the agency for, by row: only while it is returned, and only
 * those of the latest return (earlier returns were answered by a resubmission). Reasons for the whole report are not
 * on a row and are left out.
 */
export function currentReturnReasons(status: ReportStatus, comments: readonly WorkflowComment[]): Map<string, string[]> {
  const byRow = new Map<string, string[]>();
  if (status !== 'returned') return byRow;
  const reasons = comments.filter((c) => c.kind === 'return-reason');
  const latest = reasons.reduce((max, c) => (c.at > max ? c.at : max), '');
  for (const c of reasons) if (c.rowId && c.at === latest) byRow.set(c.rowId, [...(byRow.get(c.rowId) ?? []), c.body]);
  return byRow;
}

export interface CellSnapshot {
  rowId: string;
  raw: string;
  value: number | null;
  status: 'reported' | 'not-reported' | 'text';
  note: string | null;
}

export interface CellChange {
  rowId: string;
  before: CellSnapshot | null;
  after: CellSnapshot | null;
}

/** What changed between two submissions of a report, in the order of `rowOrder` (template order). */
export function diffSubmissions(before: readonly CellSnapshot[], after: readonly CellSnapshot[], rowOrder: readonly string[] = []): CellChange[] {
  const a = new Map(before.map((c) => [c.rowId, c]));
  const b = new Map(after.map((c) => [c.rowId, c]));
  const same = (x: CellSnapshot | undefined, y: CellSnapshot | undefined) =>
    (x?.status ?? 'not-reported') === (y?.status ?? 'not-reported') &&
    (x?.value ?? null) === (y?.value ?? null) &&
    (x?.note ?? null) === (y?.note ?? null) &&
    (x?.raw ?? '') === (y?.raw ?? '');
  const order = new Map(rowOrder.map((id, i) => [id, i]));
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((id) => !same(a.get(id), b.get(id)))
    .sort((x, y) => (order.get(x) ?? Number.MAX_SAFE_INTEGER) - (order.get(y) ?? Number.MAX_SAFE_INTEGER) || x.localeCompare(y))
    .map((rowId) => ({ rowId, before: a.get(rowId) ?? null, after: b.get(rowId) ?? null }));
}
