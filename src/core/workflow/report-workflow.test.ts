import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../checks/finding.js';
import {
  currentReturnReasons,
  diffSubmissions,
  statusesAllowing,
  transition,
  type CellSnapshot,
  type ReportStatus,
  type WorkflowAction,
} from './report-workflow.js';

const error: Finding = { rule: 'ratio:7/6.7', kind: 'ratio', severity: 'error', rows: ['7/6.7'], expected: 20.83, found: 35.08, message: '…' };
const warning: Finding = { ...error, rule: 'balance:3.1.3', kind: 'balance', severity: 'warning' };

describe('report workflow', () => {
  it('lists, for each action, exactly the statuses it may start from', () => {
    const all: ReportStatus[] = ['not-started', 'draft', 'submitted', 'returned', 'accepted'];
    for (const action of ['save', 'submit', 'return', 'accept', 'reopen'] as WorkflowAction[]) {
      const allowed = all.filter((s) => transition(s, action, { reasons: [{ rowId: null, text: 'lý do' }] }).ok);
      expect([...statusesAllowing(action)].sort()).toEqual(allowed.sort());
    }
    expect(statusesAllowing('save')).toEqual(['not-started', 'draft', 'returned']);
  });

  it('walks the cycle: draft → submitted → returned → submitted → accepted → reopened', () => {
    expect(transition('not-started', 'save')).toEqual({ ok: true, to: 'draft' });
    expect(transition('draft', 'submit')).toEqual({ ok: true, to: 'submitted' });
    expect(transition('submitted', 'return', { reasons: [{ rowId: '3.1.3', text: 'Chưa khớp' }] })).toEqual({ ok: true, to: 'returned' });
    expect(transition('returned', 'save')).toEqual({ ok: true, to: 'returned' });
    expect(transition('returned', 'submit')).toEqual({ ok: true, to: 'submitted' });
    expect(transition('submitted', 'accept')).toEqual({ ok: true, to: 'accepted' });
    expect(transition('accepted', 'reopen', { reasons: [{ rowId: null, text: 'Bổ sung số liệu' }] })).toEqual({ ok: true, to: 'draft' });
  });

  it('needs an explanation for every error to submit, none for warnings', () => {
    const refused = transition('draft', 'submit', { findings: [error, warning] });
    expect(refused).toMatchObject({ ok: false, code: 'explanations-missing', missing: ['ratio:7/6.7'] });
    if (!refused.ok) expect(refused.messageVi).toContain('1 lỗi chưa được giải trình');
    expect(transition('draft', 'submit', { findings: [error, warning], explanations: new Map([['ratio:7/6.7', '  ']]) }).ok).toBe(false);
    expect(
      transition('draft', 'submit', { findings: [error, warning], explanations: new Map([['ratio:7/6.7', 'Số liệu hồ sơ tính theo năm']]) }),
    ).toEqual({ ok: true, to: 'submitted' });
  });

  it('needs a reason to return or reopen', () => {
    expect(transition('submitted', 'return')).toMatchObject({ ok: false, code: 'reason-missing' });
    expect(transition('submitted', 'return', { reasons: [{ rowId: null, text: ' ' }] })).toMatchObject({ ok: false, code: 'reason-missing' });
    expect(transition('accepted', 'reopen')).toMatchObject({ ok: false, code: 'reason-missing' });
  });

  it('never lets an accepted or submitted report be edited, nor skips review (property)', () => {
    const statuses: ReportStatus[] = ['not-started', 'draft', 'submitted', 'returned', 'accepted'];
    const actions: WorkflowAction[] = ['save', 'submit', 'return', 'accept', 'reopen'];
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.constantFrom(...actions), (from, action) => {
        const result = transition(from, action, { reasons: [{ rowId: null, text: 'lý do' }] });
        // a submitted or accepted report cannot be edited or submitted again
        if ((from === 'submitted' || from === 'accepted') && (action === 'save' || action === 'submit')) expect(result.ok).toBe(false);
        if (result.ok && result.to === 'accepted') expect(from).toBe('submitted');
        if (result.ok && action === 'save') expect(['draft', 'returned']).toContain(result.to);
      }),
    );
  });
});

describe('diff between submissions', () => {
  const cell = (rowId: string, raw: string, value: number | null, note: string | null = null): CellSnapshot => ({
    rowId,
    raw,
    value,
    status: value === null ? 'not-reported' : 'reported',
    note,
  });

  it('lists changed, added and removed cells in template order', () => {
    const before = [cell('3.1.3', '55', 55), cell('1.1.1', '06', 6), cell('7.8.1', '0', 0)];
    const after = [cell('1.1.1', '06', 6), cell('3.1.3', '53', 53, 'Đã sửa theo kỳ trước'), cell('3.1.1', '01', 1)];
    expect(diffSubmissions(before, after, ['1.1.1', '3.1.1', '3.1.3', '7.8.1'])).toEqual([
      { rowId: '3.1.1', before: null, after: cell('3.1.1', '01', 1) },
      { rowId: '3.1.3', before: cell('3.1.3', '55', 55), after: cell('3.1.3', '53', 53, 'Đã sửa theo kỳ trước') },
      { rowId: '7.8.1', before: cell('7.8.1', '0', 0), after: null },
    ]);
  });

  it('finds nothing between a submission and itself (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^\d\.\d$/u), fc.option(fc.nat(1000))), { maxLength: 30 }), (pairs) => {
        const cells = [...new Map(pairs).entries()].map(([id, v]) => cell(id, v === null ? '/' : String(v), v));
        expect(diffSubmissions(cells, cells)).toEqual([]);
      }),
    );
  });
});

describe('the reasons of the current return', () => {
  const reason = (rowId: string | null, body: string, at: string) => ({ kind: 'return-reason' as const, rowId, body, at });
  const comments = [
    reason('3.1.3', 'Chưa khớp tổng số.', '2026-01-10T08:00:00.000Z'),
    { kind: 'explanation' as const, rowId: '3.1.3', body: 'Đã giải trình.', at: '2026-01-11T08:00:00.000Z' },
    reason(null, 'Rà soát lại toàn bộ.', '2026-01-12T08:00:00.000Z'),
    reason('1.1.2', 'Số hoàn thành lớn hơn kế hoạch.', '2026-01-12T08:00:00.000Z'),
    reason('1.1.2', 'Ghi rõ số quyết định.', '2026-01-12T08:00:00.000Z'),
  ];

  it('are those of the latest return, by row, while the report is returned', () => {
    expect([...currentReturnReasons('returned', comments)]).toEqual([['1.1.2', ['Số hoàn thành lớn hơn kế hoạch.', 'Ghi rõ số quyết định.']]]);
  });

  it('are none once the report is resubmitted, accepted or in draft, or when no return has a row', () => {
    for (const status of ['draft', 'submitted', 'accepted', 'not-started'] as const) expect(currentReturnReasons(status, comments).size).toBe(0);
    expect(currentReturnReasons('returned', [reason(null, 'Rà soát lại.', '2026-01-12T08:00:00.000Z')]).size).toBe(0);
    expect(currentReturnReasons('returned', []).size).toBe(0);
  });
});
