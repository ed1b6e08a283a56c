import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHomeItems, homeRank, latestReturnReasons, type HomeItem } from './officer-home.js';
import type { PeriodKind } from '../periods/period.js';
import type { ReportStatus } from './report-workflow.js';

const item = (status: ReportStatus, deadline: string | null, sent: string | null = null, year = 2025, kind: PeriodKind = 'Q3'): HomeItem => ({
  status,
  deadline,
  sentToLeaderAt: sent,
  period: { year, kind },
});

describe("the officer's home: her reports in the order she works them", () => {
  it('returned first, then waiting for the leader, then open by deadline, then done with the latest period first', () => {
    const items = [
      item('accepted', '2025-03-20', null, 2025, 'Q1'),
      item('draft', '2025-12-20'),
      item('submitted', '2025-09-20', null, 2025, 'Q3'),
      item('not-started', '2025-09-20'),
      item('draft', '2025-09-25', '2025-09-18T08:00:00Z'),
      item('returned', '2025-06-20'),
      item('draft', null),
    ];
    expect([...items].sort(compareHomeItems).map((i) => `${i.status}${i.sentToLeaderAt ? '+sent' : ''} ${i.deadline}`)).toEqual([
      'returned 2025-06-20',
      'draft+sent 2025-09-25',
      'not-started 2025-09-20',
      'draft 2025-12-20',
      'draft null',
      'submitted 2025-09-20',
      'accepted 2025-03-20',
    ]);
  });

  it('a returned report is never below another (property)', () => {
    const statuses = fc.constantFrom<ReportStatus>('not-started', 'draft', 'submitted', 'returned', 'accepted');
    const items = fc.array(
      fc.record({
        status: statuses,
        deadline: fc.option(fc.constantFrom('2025-03-20', '2025-06-20', '2025-09-20'), { nil: null }),
        sentToLeaderAt: fc.option(fc.constant('2025-01-01T00:00:00Z'), { nil: null }),
        period: fc.record({ year: fc.integer({ min: 2020, max: 2026 }), kind: fc.constantFrom<PeriodKind>('Q1', 'Q2', 'H1', 'Q3', 'M9', 'Q4', 'Y') }),
      }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(items, (list) => {
        const sorted = [...list].sort(compareHomeItems);
        const ranks = sorted.map(homeRank);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        const firstOther = sorted.findIndex((i) => i.status !== 'returned');
        if (firstOther >= 0) expect(sorted.slice(firstOther).some((i) => i.status === 'returned')).toBe(false);
      }),
    );
  });

  it("the latest return's reasons, the whole report's first; none once the report is no longer returned", () => {
    const comments = [
      { kind: 'return-reason' as const, rowId: '1.1', body: 'Cũ.', at: '2025-01-01T00:00:00Z' },
      { kind: 'explanation' as const, rowId: '1.1', body: 'Giải trình.', at: '2025-01-02T00:00:00Z' },
      { kind: 'return-reason' as const, rowId: '2.1', body: 'Sửa dòng 2.1.', at: '2025-02-01T00:00:00Z' },
      { kind: 'return-reason' as const, rowId: null, body: 'Bổ sung nội dung.', at: '2025-02-01T00:00:00Z' },
    ];
    expect(latestReturnReasons('returned', comments)).toEqual([
      { rowId: null, text: 'Bổ sung nội dung.' },
      { rowId: '2.1', text: 'Sửa dòng 2.1.' },
    ]);
    expect(latestReturnReasons('draft', comments)).toEqual([]);
  });
});
