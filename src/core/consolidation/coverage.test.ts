/** Figures that mean what they say (issue 14, item 6): hand-computed expectations for coverage, mergers, periods and texts. */
import { describe, expect, it } from 'vitest';
import { makeTemplate, values } from '../../test-support/template-factory.js';
import { consolidate, type AgencyReport } from './consolidate.js';
import { coverageOf, leftOutSentence } from './coverage.js';
import { figureText, formatRate, rateDecimals } from './figure-text.js';
import { axisOf, combinePredecessors, defaultAxis, deriveObservation, provinceFigure, trendSeries, type Observation } from './series.js';

const template = makeTemplate({
  forms: [
    {
      number: null,
      rows: [
        { code: '1.', label: 'Số văn bản', unit: 'Văn bản' },
        { code: '2.', label: 'Tỷ lệ hồ sơ trực tuyến', unit: '%' },
        { code: '2.1.', label: 'Tổng số hồ sơ', unit: 'Hồ sơ' },
        { code: '2.2.', label: 'Số hồ sơ trực tuyến', unit: 'Hồ sơ' },
      ],
      checks: [{ rule: 'ratio', percent: '2', numerator: '2.2', denominator: '2.1' }],
    },
  ],
});
const row = (id: string, report: ReturnType<typeof consolidate>) => report.rows.find((r) => r.rowId === id)!;
const obs = (agencyId: string, stated: number | null, parts: [number, number] | null = null): Observation => ({
  agencyId,
  stated,
  parts: parts ? { numerator: parts[0], denominator: parts[1] } : null,
  roles: [],
  provinceFigureBy: null,
});

describe('one coverage rule: the agencies counted are those whose values enter the figure', () => {
  // six agencies; five give both parts of the rate, f writes only "80" (no parts)
  const parts: [string, number, number][] = [
    ['a', 10, 20],
    ['b', 30, 40],
    ['c', 5, 10],
    ['d', 0, 10],
    ['e', 15, 20],
  ];
  const reports: AgencyReport[] = [
    ...parts.map(([agencyId, n, d]) => ({ agencyId, values: values({ '2': (n / d) * 100, '2.1': d, '2.2': n }) })),
    { agencyId: 'f', values: values({ '2': 80 }) },
  ];

  it('says 5/6 and "1 đơn vị chỉ ghi tỷ lệ" on the consolidation and on the trend alike', () => {
    // hand-computed: numerators 10+30+5+0+15 = 60, denominators 20+40+10+10+20 = 100 → 60 %
    const consolidated = row('2', consolidate(template, reports));
    expect(consolidated).toMatchObject({
      method: 'ratio',
      value: 60,
      reported: 5,
      agencies: 6,
      percentOnly: 1,
      parts: { numerator: 60, denominator: 100, agencies: 5 },
    });
    const trend = provinceFigure('percent', [...parts.map(([id, n, d]) => obs(id, (n / d) * 100, [n, d])), obs('f', 80)]);
    expect(trend).toMatchObject({ method: 'ratio', value: 60, reported: 5, agencies: 6, percentOnly: 1 });
  });

  it('counts a responsible row as the one agency whose value it is', () => {
    const responsible = makeTemplate({
      forms: [{ number: null, rows: [{ code: '1.', label: 'Số cơ quan', unit: 'Cơ quan', provinceFigureBy: 'so-noi-vu' }] }],
    });
    const result = consolidate(responsible, [
      { agencyId: 'snv', roles: ['so-noi-vu'], values: values({ '1': 19 }) },
      { agencyId: 'x', values: values({ '1': 20 }) },
      { agencyId: 'y', values: values({ '1': 21 }) },
    ]);
    expect(row('1', result)).toMatchObject({ value: 19, reported: 1, agencies: 3 });
  });
});

describe('coverage out of the round, with the agencies left out named', () => {
  const members = [
    { agencyId: 'a', name: 'Sở A', status: 'accepted' as const },
    { agencyId: 'b', name: 'Sở B', status: 'accepted' as const },
    { agencyId: 'c', name: 'Sở C', status: 'accepted' as const },
    { agencyId: 'e', name: 'Sở E', status: null },
    { agencyId: 'd', name: 'Sở D', status: 'draft' as const },
  ];

  it('a round of 5 with 3 accepted says 3/5, not 3/3, and names the two left out', () => {
    const coverage = coverageOf(members, ['accepted']);
    expect(coverage).toEqual({
      agenciesInRound: 5,
      counted: 3,
      leftOut: [
        { agencyId: 'd', name: 'Sở D', reason: 'draft' },
        { agencyId: 'e', name: 'Sở E', reason: 'not-started' },
      ],
    });
    expect(leftOutSentence(coverage)).toBe('Chưa tính 2/5 đơn vị: Sở D (đang soạn báo cáo); Sở E (chưa bắt đầu báo cáo).');
    const result = consolidate(
      template,
      ['a', 'b', 'c'].map((agencyId, i) => ({ agencyId, values: values({ '1': i + 1 }) })),
      coverage.agenciesInRound,
    );
    // 1 + 2 + 3 = 6, from 3 of the round's 5 agencies
    expect(row('1', result)).toMatchObject({ value: 6, reported: 3, agencies: 5, counted: 3, explanation: 'Tổng của 3/5 đơn vị có báo cáo.' });
  });

  it('counts submitted reports when asked, and names a submitted one left out otherwise', () => {
    const withSubmitted = [...members.slice(0, 3), { agencyId: 'd', name: 'Sở D', status: 'submitted' as const }];
    expect(coverageOf(withSubmitted, ['accepted', 'submitted'])).toMatchObject({ agenciesInRound: 4, counted: 4, leftOut: [] });
    expect(coverageOf(withSubmitted, ['accepted']).leftOut).toEqual([{ agencyId: 'd', name: 'Sở D', reason: 'submitted' }]);
  });
});

describe('mergers: a successor on a comparable base', () => {
  it("adds its predecessors' values (sums, and ratios of the summed parts), marked as such", () => {
    expect(combinePredecessors('count', 'new', [obs('old-1', 12), obs('old-2', 30), obs('old-3', null)])).toEqual({
      agencyId: 'new',
      stated: 42,
      parts: null,
      roles: [],
      provinceFigureBy: null,
      comparableFrom: ['old-1', 'old-2'],
    });
    // (10 + 30) / (40 + 40) = 50 %, not the mean of 25 % and 75 %
    const rate = combinePredecessors('percent', 'new', [obs('old-1', 25, [10, 40]), obs('old-2', 75, [30, 40])])!;
    expect(rate.parts).toEqual({ numerator: 40, denominator: 80 });
    const series = trendSeries('count', [
      { period: { year: 2022, kind: 'Y' }, observations: [combinePredecessors('count', 'new', [obs('old-1', 12), obs('old-2', 30)])!] },
      { period: { year: 2023, kind: 'Y' }, observations: [obs('new', 45)] },
    ]);
    expect(series.map((p) => [p.label, p.value, p.comparable])).toEqual([
      ['Năm 2022', 42, 1],
      ['Năm 2023', 45, 0],
    ]);
    expect(combinePredecessors('count', 'new', [obs('old-1', null)])).toBeNull();
  });
});

describe('periods: one axis, and halves, nine months and years derived from quarters', () => {
  const q = (kind: 'Q1' | 'Q2' | 'Q3' | 'Q4', stated: number | null, parts: [number, number] | null = null) => ({
    kind,
    observation: obs('a', stated, parts),
  });

  it('never mixes quarters, halves and years on the default axis', () => {
    expect(defaultAxis(['Q1', 'Q2', 'Y', 'H1'])).toBe('Y');
    expect(defaultAxis(['Q1', 'Q3', 'H1'])).toBe('H1');
    expect(defaultAxis(['Q1', 'Q4'])).toBe('quarter');
    expect(['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'M9', 'Y'].map((k) => axisOf(k as 'Q1'))).toEqual([
      'quarter',
      'quarter',
      'quarter',
      'quarter',
      'H1',
      'M9',
      'Y',
    ]);
  });

  it('sums a flow over the quarters and takes a stock from the latest, marked as derived', () => {
    const quarters = [q('Q1', 10), q('Q2', 20), q('Q3', 30), q('Q4', 40)];
    expect(deriveObservation('count', 'Y', 'flow', quarters)).toMatchObject({ stated: 100, derivedFrom: ['Q1', 'Q2', 'Q3', 'Q4'] });
    expect(deriveObservation('count', 'H1', 'flow', quarters)).toMatchObject({ stated: 30, derivedFrom: ['Q1', 'Q2'] });
    expect(deriveObservation('count', 'M9', 'stock', quarters)).toMatchObject({ stated: 30, derivedFrom: ['Q3'] });
    // a missing quarter is never 0: no year from three quarters of a flow
    expect(deriveObservation('count', 'Y', 'flow', quarters.slice(0, 3))).toBeNull();
    // a flow rate: the ratio of the summed parts, (1 + 3) / (10 + 10) = 20 %
    const rate = deriveObservation('percent', 'H1', 'flow', [q('Q1', 10, [1, 10]), q('Q2', 30, [3, 10])])!;
    expect(provinceFigure('percent', [rate])).toMatchObject({ value: 20, derived: 1 });
  });
});

describe('texts that say what the figure is', () => {
  it('never prints a rate below 100 as "100,00", nor one above 0 as "0,00"', () => {
    expect(formatRate(99.996)).toBe('99,996');
    expect(formatRate(99.99996)).toBe('99,99996');
    expect(formatRate((2 / 3) * 100)).toBe('66,67');
    expect(formatRate(100)).toBe('100,00');
    expect(formatRate(0.001)).toBe('0,001');
    expect(rateDecimals(99.994)).toBe(2);
    expect(rateDecimals(99.996)).toBe(3);
  });

  it("prints a coded figure as its code's label", () => {
    const kind = {
      type: 'coded' as const,
      codes: [
        { code: 0, label: 'Chưa' },
        { code: 2, label: 'Hoàn thành' },
      ],
    };
    expect(figureText(2, kind)).toBe('Hoàn thành');
    expect(figureText(null, kind)).toBe('');
  });
});
