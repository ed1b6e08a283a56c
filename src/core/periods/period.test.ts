import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PERIOD_KINDS,
  comparePeriods,
  cutoffRange,
  deadlineEnd,
  deriveFromQuarters,
  periodLabel,
  previousPeriod,
  recognisePeriod,
  timelinessOf,
  type QuarterValue,
} from './period.js';

describe('cut-offs (Nghị định 09/2019, Điều 12)', () => {
  it('gives the default ranges', () => {
    expect(cutoffRange({ year: 2023, kind: 'Q1' })).toEqual({ from: '2022-12-15', to: '2023-03-14' });
    expect(cutoffRange({ year: 2023, kind: 'Q2' })).toEqual({ from: '2023-03-15', to: '2023-06-14' });
    expect(cutoffRange({ year: 2023, kind: 'Q3' })).toEqual({ from: '2023-06-15', to: '2023-09-14' });
    expect(cutoffRange({ year: 2023, kind: 'Q4' })).toEqual({ from: '2023-09-15', to: '2023-12-14' });
    expect(cutoffRange({ year: 2022, kind: 'H1' })).toEqual({ from: '2021-12-15', to: '2022-06-14' });
    expect(cutoffRange({ year: 2023, kind: 'Y' })).toEqual({ from: '2022-12-15', to: '2023-12-14' });
    expect(cutoffRange({ year: 2023, kind: 'M9' })).toEqual({ from: '2022-12-15', to: '2023-09-14' });
  });

  it('lets a province override a kind', () => {
    const overrides = { M9: { from: { month: 1, day: 1 }, to: { month: 9, day: 30 } } };
    expect(cutoffRange({ year: 2024, kind: 'M9' }, overrides)).toEqual({ from: '2024-01-01', to: '2024-09-30' });
    expect(cutoffRange({ year: 2024, kind: 'Q1' }, overrides)).toEqual({ from: '2023-12-15', to: '2024-03-14' });
  });

  it('clamps a day past the end of a month', () => {
    const overrides = { Q1: { from: { month: 1, day: 1 }, to: { month: 2, day: 31 } } };
    expect(cutoffRange({ year: 2024, kind: 'Q1' }, overrides).to).toBe('2024-02-29');
    expect(cutoffRange({ year: 2023, kind: 'Q1' }, overrides).to).toBe('2023-02-28');
  });
});

describe('recognisePeriod', () => {
  it.each([
    ['Kết quả thực hiện Cải cách hành chính 6 tháng đầu năm 2022 của Sở Khoa học và Công nghệ', { year: 2022, kind: 'H1' }],
    ['Công tác cải cách hành chính 6 tháng đầu năm 2021', { year: 2021, kind: 'H1' }],
    ['Công tác cải cách hành chính năm 2023 và phương hướng nhiệm vụ năm 2024', { year: 2023, kind: 'Y' }],
    ['Công tác cải cách hành chính và chỉ số hiệu quả quản trị hành chính Quý III và kế hoạch công tác Quý IV năm 2023', { year: 2023, kind: 'Q3' }],
    ['Báo cáo CCHC 9 tháng đầu năm 2024', { year: 2024, kind: 'M9' }],
    ['Báo cáo công tác CCHC quý 1/2025', { year: 2025, kind: 'Q1' }],
    ['BÁO CÁO CCHC QUÝ II NĂM 2024', { year: 2024, kind: 'Q2' }],
    ['báo cáo sáu tháng đầu năm 2020', { year: 2020, kind: 'H1' }],
    // six months "of the year": its first half
    ['Kết quả thực hiện công tác cải cách hành chính 06 tháng năm 2022', { year: 2022, kind: 'H1' }],
    ['Báo cáo CCHC 6 tháng năm 2023 và phương hướng 6 tháng cuối năm 2023', { year: 2023, kind: 'H1' }],
    ['Công tác cải cách hành chính 09 tháng năm 2024 và nhiệm vụ trọng tâm quý IV năm 2024', { year: 2024, kind: 'M9' }],
  ])('%s', (text, period) => {
    expect(recognisePeriod(text)).toEqual(period);
  });

  it('does not take a date for a period', () => {
    expect(recognisePeriod('Ninh Thuận, ngày 09 tháng 6 năm 2022')).toBeNull();
    expect(recognisePeriod('Ninh Thuận, ngày tháng 6 năm 2022')).toBeNull();
    expect(recognisePeriod('Báo cáo quý III năm 2023 (số liệu đến ngày 15/9/2023)')).toEqual({ year: 2023, kind: 'Q3' });
    expect(recognisePeriod('Kế hoạch khắc phục 6 tháng cuối năm 2023')).toBeNull();
    expect(recognisePeriod('Hà Nội, ngày 06 tháng năm 2022')).toBeNull();
    expect(recognisePeriod('Báo cáo cải cách hành chính')).toBeNull();
  });
});

describe('deriving from quarters', () => {
  const q = (v1: number | null, v2: number | null, v3: number | null, v4: number | null): QuarterValue[] => [
    { kind: 'Q1', value: v1 },
    { kind: 'Q2', value: v2 },
    { kind: 'Q3', value: v3 },
    { kind: 'Q4', value: v4 },
  ];

  it('sums flows and takes the latest stock', () => {
    expect(deriveFromQuarters('Y', 'flow', q(1, 2, 3, 4))).toEqual({ ok: true, value: 10, from: ['Q1', 'Q2', 'Q3', 'Q4'] });
    expect(deriveFromQuarters('H1', 'flow', q(5, 7, null, null))).toEqual({ ok: true, value: 12, from: ['Q1', 'Q2'] });
    expect(deriveFromQuarters('M9', 'stock', q(50, 52, 53, null))).toEqual({ ok: true, value: 53, from: ['Q3'] });
    expect(deriveFromQuarters('Y', 'stock', q(50, 52, 53, 55))).toMatchObject({ value: 55 });
  });

  it('never counts a missing quarter as 0', () => {
    expect(deriveFromQuarters('Y', 'flow', q(1, null, 3, 4))).toEqual({ ok: false, reason: 'missing-quarters', missing: ['Q2'] });
    expect(deriveFromQuarters('H1', 'stock', q(1, null, null, null))).toEqual({ ok: false, reason: 'missing-quarters', missing: ['Q2'] });
  });

  it('sums flows in any order of quarters (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(10_000), { minLength: 4, maxLength: 4 }), fc.infiniteStream(fc.nat()), (values, _) => {
        const quarters = q(values[0]!, values[1]!, values[2]!, values[3]!);
        const reversed = [...quarters].reverse();
        const a = deriveFromQuarters('Y', 'flow', quarters);
        const b = deriveFromQuarters('Y', 'flow', reversed);
        expect(a).toEqual(b);
        expect(a).toMatchObject({ value: values.reduce((s, v) => s + v, 0) });
      }),
    );
  });
});

describe('period helpers', () => {
  it('labels, orders and steps back', () => {
    expect(periodLabel({ year: 2023, kind: 'Q3' })).toBe('Quý III năm 2023');
    expect(periodLabel({ year: 2023, kind: 'Y' })).toBe('Năm 2023');
    expect(periodLabel({ year: 2022, kind: 'H1' })).toBe('6 tháng đầu năm 2022');
    expect(periodLabel({ year: 2023, kind: 'M9' })).toBe('9 tháng năm 2023');
    expect(previousPeriod({ year: 2023, kind: 'Q1' })).toEqual({ year: 2022, kind: 'Q4' });
    expect(previousPeriod({ year: 2023, kind: 'H1' })).toEqual({ year: 2022, kind: 'H1' });
    const sorted = PERIOD_KINDS.map((kind) => ({ year: 2023, kind }))
      .sort(comparePeriods)
      .map((p) => p.kind);
    expect(sorted).toEqual(['Q1', 'Q2', 'H1', 'Q3', 'M9', 'Q4', 'Y']);
  });
});

describe('deadlines (Vietnam time, UTC+07:00)', () => {
  const submittedOn = (iso: string) => timelinessOf('2023-10-20', new Date(iso), new Date('2030-01-01T00:00:00Z'));

  it('ends a deadline day at 23:59:59.999 +07:00 (16:59:59.999 UTC)', () => {
    expect(deadlineEnd('2023-10-20').toISOString()).toBe('2023-10-20T16:59:59.999Z');
    expect(deadlineEnd('2024-02-29').toISOString()).toBe('2024-02-29T16:59:59.999Z');
  });

  it('counts a report submitted at 23:59:59 on the deadline day as on time, and one second later as late', () => {
    expect(submittedOn('2023-10-20T23:59:59+07:00')).toBe('on-time');
    expect(submittedOn('2023-10-20T23:59:59.999+07:00')).toBe('on-time');
    expect(submittedOn('2023-10-21T00:00:00+07:00')).toBe('late');
    // early morning of the deadline day in Vietnam is still the day before in UTC: on time
    expect(submittedOn('2023-10-20T00:30:00+07:00')).toBe('on-time');
    // 17:00 UTC on the deadline day is already midnight after it in Vietnam
    expect(submittedOn('2023-10-20T17:00:00Z')).toBe('late');
  });

  it('keeps an unsubmitted report open until the deadline day has ended in Vietnam, then late', () => {
    expect(timelinessOf('2023-10-20', null, new Date('2023-10-20T23:59:59.999+07:00'))).toBe('open');
    expect(timelinessOf('2023-10-20', null, new Date('2023-10-21T00:00:00+07:00'))).toBe('late');
  });

  it('property: on time exactly when submitted no later than the deadline’s last instant', () => {
    const end = deadlineEnd('2023-10-20').getTime();
    fc.assert(
      fc.property(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), (offset) => {
        const at = new Date(end + offset);
        expect(timelinessOf('2023-10-20', at, at)).toBe(offset <= 0 ? 'on-time' : 'late');
        expect(timelinessOf('2023-10-20', null, at)).toBe(offset <= 0 ? 'open' : 'late');
      }),
    );
  });
});
