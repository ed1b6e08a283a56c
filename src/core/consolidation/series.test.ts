import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSum } from '../values/exact-sum.js';
import { agencyValue, deadlineEnd, provinceFigure, rankAgencies, roundCompleteness, timelinessOf, trendSeries, type Observation } from './series.js';

const obs = (agencyId: string, stated: number | null, parts: [number, number] | null = null, extra: Partial<Observation> = {}): Observation => ({
  agencyId,
  stated,
  parts: parts ? { numerator: parts[0], denominator: parts[1] } : null,
  roles: [],
  provinceFigureBy: null,
  ...extra,
});

describe('provinceFigure', () => {
  it('sums counts over the agencies that reported, saying how many did', () => {
    expect(provinceFigure('count', [obs('a', 14), obs('b', null), obs('c', 3)])).toMatchObject({
      method: 'sum',
      value: 17,
      reported: 2,
      agencies: 3,
    });
    expect(provinceFigure('money', [obs('a', 0.1), obs('b', 0.2)]).value).toBe(0.3);
  });

  it('never makes a 0 out of nothing reported', () => {
    expect(provinceFigure('count', [obs('a', null), obs('b', null)])).toMatchObject({ value: null, reported: 0, agencies: 2 });
    expect(provinceFigure('percent', [obs('a', null)])).toMatchObject({ value: null, reported: 0 });
  });

  it('recomputes a percentage from the summed parts, not the mean of percentages', () => {
    const figure = provinceFigure('percent', [obs('a', 83.33, [20, 24]), obs('b', 50, [50, 100]), obs('c', 70)]);
    expect(figure.method).toBe('ratio');
    expect(figure.value).toBeCloseTo((70 / 124) * 100, 10);
    expect(figure.parts).toEqual({ numerator: 70, denominator: 124, agencies: 2 });
    // coverage: the agencies whose parts enter the ratio (a and b); c wrote only a percentage, counted apart
    expect(figure.reported).toBe(2);
    expect(figure.percentOnly).toBe(1);
    expect(figure.spread).toEqual({ min: 50, median: 70, max: 83.33 });
  });

  it('gives no single figure for percentages without parts unless every agency wrote the same', () => {
    expect(provinceFigure('percent', [obs('a', 95.5), obs('b', 90)])).toMatchObject({
      method: 'spread',
      value: null,
      spread: { min: 90, median: 92.75, max: 95.5 },
    });
    expect(provinceFigure('percent', [obs('a', 100), obs('b', null)])).toMatchObject({ method: 'spread', value: 100, reported: 1, agencies: 2 });
    expect(provinceFigure('decimal', [obs('a', 1.5), obs('b', 2)]).value).toBeNull();
  });

  it("takes the responsible agency's value where the template names one, null when it did not report", () => {
    const responsible = { provinceFigureBy: 'so-noi-vu' };
    expect(
      provinceFigure('count', [obs('snv', 40, null, { ...responsible, roles: ['so-noi-vu'] }), obs('khcn', 6, null, responsible)]),
    ).toMatchObject({ method: 'responsible', value: 40 });
    expect(
      provinceFigure('count', [obs('snv', null, null, { ...responsible, roles: ['so-noi-vu'] }), obs('khcn', 6, null, responsible)]).value,
    ).toBeNull();
    expect(provinceFigure('count', [obs('khcn', 6, null, responsible)]).value).toBeNull();
  });

  const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((x) => Math.round(x * 100) / 100);
  const observations = fc
    .array(fc.record({ stated: fc.option(finite, { nil: null }) }), { maxLength: 8 })
    .map((list) => list.map((o, i) => obs(`a${i}`, o.stated)));

  it('property: a sum is the exact sum of what was reported, in any order, and missing values change nothing', () => {
    fc.assert(
      fc.property(observations, fc.integer({ min: 0, max: 5 }), (list, extraMissing) => {
        const figure = provinceFigure('count', list);
        const reported = list.filter((o) => o.stated !== null).map((o) => o.stated!);
        expect(figure.value).toBe(reported.length > 0 ? exactSum(reported) : null);
        expect(figure.reported).toBe(reported.length);
        const padded = [...list, ...Array.from({ length: extraMissing }, (_, i) => obs(`m${i}`, null))].reverse();
        const again = provinceFigure('count', padded);
        expect(again.value).toBe(figure.value);
        expect(again.agencies).toBe(list.length + extraMissing);
      }),
    );
  });

  it('property: the ratio of summed parts lies between the smallest and largest agency ratio', () => {
    const part = fc
      .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }))
      .map(([n, d]) => [Math.min(n, d), d] as [number, number]);
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 8 }), (parts) => {
        const list = parts.map((p, i) => obs(`a${i}`, null, p));
        const figure = provinceFigure('percent', list);
        const ratios = list.map((o) => agencyValue('percent', o).value!);
        expect(figure.method).toBe('ratio');
        expect(figure.value!).toBeGreaterThanOrEqual(Math.min(...ratios) - 1e-9);
        expect(figure.value!).toBeLessThanOrEqual(Math.max(...ratios) + 1e-9);
      }),
    );
  });
});

describe('agencyValue', () => {
  it('prefers the ratio of the parts for a percentage, else what was written', () => {
    expect(agencyValue('percent', { stated: 83.33, parts: { numerator: 20, denominator: 24 } })).toEqual({ value: (20 / 24) * 100, source: 'parts' });
    expect(agencyValue('percent', { stated: 70, parts: { numerator: 0, denominator: 0 } })).toEqual({ value: 70, source: 'stated' });
    expect(agencyValue('count', { stated: 5, parts: null })).toEqual({ value: 5, source: 'stated' });
    expect(agencyValue('count', { stated: null, parts: null })).toEqual({ value: null, source: null });
  });
});

describe('trendSeries', () => {
  it('orders periods in time with their Vietnamese labels and leaves out periods nobody could report', () => {
    const points = trendSeries('count', [
      { period: { year: 2023, kind: 'Q3' }, observations: [obs('a', 2), obs('b', null), obs('c', 4)] },
      { period: { year: 2022, kind: 'H1' }, observations: [obs('a', 5), obs('b', 3)] },
      { period: { year: 2022, kind: 'Y' }, observations: [] },
    ]);
    expect(points.map((p) => [p.label, p.value, p.reported, p.agencies])).toEqual([
      ['6 tháng đầu năm 2022', 8, 2, 2],
      ['Quý III năm 2023', 6, 2, 3],
    ]);
  });
});

describe('rankAgencies', () => {
  it('ranks highest first, shares ranks on ties and puts agencies that did not report last, never as 0', () => {
    const ranked = rankAgencies([
      { agencyId: 'yte', name: 'Sở Y tế', value: 50 },
      { agencyId: 'snv', name: 'Sở Nội vụ', value: null },
      { agencyId: 'khcn', name: 'Sở Khoa học và Công nghệ', value: 83.3 },
      { agencyId: 'tp', name: 'Sở Tư pháp', value: 50 },
      { agencyId: 'zero', name: 'Ban Quản lý', value: 0 },
      { agencyId: 'bql', name: 'Ban Dân tộc', value: null },
    ]);
    expect(ranked.map((r) => [r.agencyId, r.rank])).toEqual([
      ['khcn', 1],
      ['tp', 2],
      ['yte', 2],
      ['zero', 4],
      ['bql', null],
      ['snv', null],
    ]);
  });

  it('property: a rank is one more than the number of strictly greater values, whatever the input order', () => {
    const entry = fc.record({ agencyId: fc.uuid(), name: fc.string(), value: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }) });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.agencyId, maxLength: 10 }), (entries) => {
        const ranked = rankAgencies(entries);
        expect(ranked).toHaveLength(entries.length);
        const firstMissing = ranked.findIndex((r) => r.value === null);
        if (firstMissing >= 0) expect(ranked.slice(firstMissing).every((r) => r.value === null && r.rank === null)).toBe(true);
        for (const r of ranked.filter((x) => x.value !== null)) {
          expect(r.rank).toBe(1 + entries.filter((e) => e.value !== null && e.value > r.value!).length);
        }
        expect(rankAgencies([...entries].reverse()).map((r) => r.agencyId)).toEqual(ranked.map((r) => r.agencyId));
      }),
    );
  });
});

describe('completeness and timeliness', () => {
  it('ends a deadline at midnight in Vietnam (+07:00)', () => {
    expect(deadlineEnd('2023-10-20').toISOString()).toBe('2023-10-20T16:59:59.999Z');
    const now = new Date('2026-01-15T08:00:00Z');
    expect(timelinessOf('2023-10-20', new Date('2023-10-20T16:59:59Z'), now)).toBe('on-time');
    expect(timelinessOf('2023-10-20', new Date('2023-10-20T17:00:00Z'), now)).toBe('late');
    expect(timelinessOf('2023-10-20', null, now)).toBe('late');
    expect(timelinessOf('2026-01-15', null, now)).toBe('open');
  });

  it('counts a round by state and by timeliness', () => {
    const now = new Date('2026-01-15T08:00:00Z');
    const result = roundCompleteness(
      '2023-10-20',
      [
        { status: 'accepted', submittedAt: new Date('2023-10-20T16:59:59Z') },
        { status: 'accepted', submittedAt: new Date('2023-10-20T17:00:00Z') },
        { status: 'returned', submittedAt: new Date('2023-10-01T02:00:00Z') },
        { status: 'draft', submittedAt: null },
      ],
      now,
    );
    expect(result).toEqual({
      agencies: 4,
      counts: { 'not-started': 0, draft: 1, submitted: 0, returned: 1, accepted: 2 },
      onTime: 2,
      late: 1,
      overdue: 1,
      pending: 0,
      onTimeRate: 50,
    });
    expect(roundCompleteness('2026-04-20', [{ status: 'not-started', submittedAt: null }], now)).toMatchObject({
      pending: 1,
      overdue: 0,
      onTimeRate: 0,
    });
    expect(roundCompleteness('2026-04-20', [], now).onTimeRate).toBeNull();
  });

  it('property: every agency is counted once by state and once by timeliness', () => {
    const state = fc.constantFrom('not-started' as const, 'draft' as const, 'submitted' as const, 'returned' as const, 'accepted' as const);
    const when = fc.option(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }), {
      nil: null,
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ status: state, submittedAt: when })),
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        (reports, now) => {
          const r = roundCompleteness('2025-06-20', reports, now);
          expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(reports.length);
          expect(r.onTime + r.late + r.overdue + r.pending).toBe(reports.length);
        },
      ),
    );
  });
});
