/** The CCHC index core: criteria sets, computed criteria and forecast, totals, findings, workflow, ranking. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessmentFindings, assessmentTotals, moveAssessment, scoreProblem, type ScoreEntry } from './assessment.js';
import { computeAll, forecast, pointsOnScale, type ComputeFacts } from './computed.js';
import { buildCriteriaSet, type CriteriaSet, type PointsScale } from './criteria-set.js';
import { rankAssessments } from './ranking.js';

const INDICATORS = new Set(['dossiers.on-time-rate.departments', 'feedback.resolved', 'feedback.received']);

const SOURCE = {
  id: 'thu-2026',
  year: 2026,
  group: 'departments',
  name: 'Bộ thử',
  areas: [
    {
      key: 'direction',
      code: '1',
      name: 'Chỉ đạo',
      max: 5,
      criteria: [
        {
          code: '1.1',
          name: 'Kế hoạch',
          max: 3,
          subcriteria: [
            { code: '1.1.1', name: 'Ban hành', max: 1, scoring: 'self', evidence: { required: true, description: 'Quyết định' } },
            {
              code: '1.1.2',
              name: 'Báo cáo đúng hạn',
              max: 2,
              scoring: 'computed',
              compute: {
                kind: 'report-timeliness',
                scale: [
                  { from: 100, points: 2 },
                  { from: 50, points: 1 },
                ],
              },
              evidence: { reports: true },
            },
          ],
        },
        { code: '1.2', name: 'Khảo sát', max: 2, scoring: 'appraised' },
      ],
    },
    {
      key: 'procedures',
      code: '2',
      name: 'TTHC',
      criteria: [
        {
          code: '2.1',
          name: 'Đúng hạn',
          max: 4,
          scoring: 'computed',
          compute: {
            kind: 'indicator',
            indicator: 'dossiers.on-time-rate.departments',
            scale: [
              { from: 98, points: 4 },
              { from: 90, points: 2 },
            ],
          },
        },
        {
          code: '2.2',
          name: 'PAKN',
          max: 2,
          compute: { kind: 'ratio', numerator: 'feedback.resolved', denominator: 'feedback.received', scale: 'proportional' },
        },
        { code: '2.3', name: 'Một cửa', max: 1.5, scoring: 'self' },
      ],
    },
  ],
};

function build(source: unknown = SOURCE): CriteriaSet {
  const result = buildCriteriaSet(source, INDICATORS);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.set;
}

const d = (iso: string) => new Date(`${iso}T03:00:00Z`);

const FACTS: ComputeFacts = {
  year: 2026,
  now: d('2026-10-01'),
  rounds: [
    { roundId: 'q1', period: { year: 2026, kind: 'Q1' }, deadline: '2026-03-20', submittedAt: d('2026-03-18') },
    { roundId: 'q2', period: { year: 2026, kind: 'Q2' }, deadline: '2026-06-20', submittedAt: d('2026-06-25') },
    { roundId: 'q3', period: { year: 2026, kind: 'Q3' }, deadline: '2026-09-20', submittedAt: d('2026-09-19') },
    { roundId: 'q4', period: { year: 2026, kind: 'Q4' }, deadline: '2026-12-20', submittedAt: null },
  ],
  reports: [
    {
      reportId: 'r-q2',
      period: { year: 2026, kind: 'Q2' },
      indicators: new Map([
        ['dossiers.on-time-rate.departments', 91],
        ['feedback.received', 10],
        ['feedback.resolved', 5],
      ]),
    },
    {
      reportId: 'r-q3',
      period: { year: 2026, kind: 'Q3' },
      indicators: new Map([
        ['dossiers.on-time-rate.departments', 99.5],
        ['feedback.received', 8],
        ['feedback.resolved', 6],
      ]),
    },
    { reportId: 'r-2025', period: { year: 2025, kind: 'Y' }, indicators: new Map([['dossiers.on-time-rate.departments', 50]]) },
  ],
};

describe('criteria sets', () => {
  it('builds the tree: leaves in order with their area and parent, groups, areas summed, the set’s maximum', () => {
    const set = build();
    expect(set.criteria.map((c) => [c.code, c.area, c.parent, c.scoring.kind])).toEqual([
      ['1.1.1', 'direction', '1.1', 'self'],
      ['1.1.2', 'direction', '1.1', 'computed'],
      ['1.2', 'direction', null, 'appraised'],
      ['2.1', 'procedures', null, 'computed'],
      ['2.2', 'procedures', null, 'computed'],
      ['2.3', 'procedures', null, 'self'],
    ]);
    expect(set.groups).toEqual([{ code: '1.1', name: 'Kế hoạch', max: 3, area: 'direction', children: ['1.1.1', '1.1.2'] }]);
    expect(set.areas.map((a) => a.max)).toEqual([5, 7.5]);
    expect(set.max).toBe(12.5);
  });

  it('lists every problem in Vietnamese: duplicate codes, unknown indicators, scales above the maximum or falling, sums that differ', () => {
    const bad = structuredClone(SOURCE) as typeof SOURCE;
    bad.areas[1]!.criteria[1]!.code = '2.1';
    const compute = (bad.areas[1]!.criteria[0] as { compute: { indicator: string; scale: unknown } }).compute;
    compute.indicator = 'khong.co';
    compute.scale = [
      { from: 98, points: 5 },
      { from: 90, points: 6 },
    ];
    bad.areas[0]!.max = 9;
    const result = buildCriteriaSet(bad, INDICATORS);
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Mã tiêu chí "2.1" bị trùng.',
        expect.stringContaining('"khong.co" không có trong danh mục'),
        expect.stringContaining('vượt điểm tối đa 4'),
        expect.stringContaining('tỷ lệ cao hơn không được cho ít điểm hơn'),
        expect.stringContaining('Lĩnh vực 1: điểm tối đa 9 khác tổng điểm các tiêu chí (5)'),
      ]),
    );
  });

  it('reports schema problems with their place (a missing name, an unknown group)', () => {
    const result = buildCriteriaSet({ ...SOURCE, group: 'huyen', name: '' }, INDICATORS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.at)).toEqual(expect.arrayContaining(['group', 'name']));
  });
});

describe('points scales', () => {
  const steps: PointsScale = {
    kind: 'steps',
    steps: [
      { from: 98, points: 4 },
      { from: 90, points: 2 },
    ],
  };
  it('gives the highest step reached, 0 below the lowest, proportional points capped at the maximum', () => {
    expect([100, 98, 97.9, 90, 89].map((r) => pointsOnScale(steps, r, 4))).toEqual([4, 4, 2, 2, 0]);
    expect(pointsOnScale({ kind: 'proportional' }, 75, 2)).toBe(1.5);
    expect(pointsOnScale({ kind: 'proportional' }, 150, 2)).toBe(2);
  });

  it('never gives fewer points for a higher rate, nor anything outside 0–max (property)', () => {
    const scale = fc
      .array(fc.record({ from: fc.integer({ min: 0, max: 100 }), points: fc.integer({ min: 0, max: 10 }) }), { minLength: 1, maxLength: 6 })
      .map((raw) => {
        const byFrom = [...new Map(raw.map((s) => [s.from, s])).values()].sort((a, b) => b.from - a.from);
        const pts = byFrom.map((s) => s.points).sort((a, b) => b - a);
        return { kind: 'steps', steps: byFrom.map((s, i) => ({ from: s.from, points: pts[i]! })) } as PointsScale;
      });
    fc.assert(
      fc.property(
        fc.oneof(scale, fc.constant<PointsScale>({ kind: 'proportional' })),
        fc.double({ min: -10, max: 120, noNaN: true }),
        fc.double({ min: -10, max: 120, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        (s, a, b, max) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const pLo = pointsOnScale(s, lo, max);
          const pHi = pointsOnScale(s, hi, max);
          expect(pLo).toBeLessThanOrEqual(pHi);
          expect(pLo).toBeGreaterThanOrEqual(0);
          expect(pHi).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});

describe('computed criteria and the forecast', () => {
  const set = build();

  it('counts rounds due (on time over due), reads the latest accepted report of the year, says what is missing', () => {
    const computed = computeAll(set, FACTS);
    const timeliness = computed.get('1.1.2')!;
    expect(timeliness).toMatchObject({ points: 1, rate: 66.67, basis: '2/3 báo cáo đến hạn gửi đúng hạn (66,67%)' });
    expect(timeliness.missing).toEqual(['Báo cáo quý 2/2026 gửi trễ hạn.', 'Báo cáo quý 4/2026 chưa đến hạn (hạn 20/12/2026).']);
    expect(computed.get('2.1')).toMatchObject({ points: 4, rate: 99.5, reportId: 'r-q3' });
    expect(computed.get('2.1')!.missing).toEqual(['Số liệu đến quý 3/2026; điểm cuối cùng tính theo báo cáo năm.']);
    expect(computed.get('2.2')).toMatchObject({ points: 1.5, rate: 75, basis: '6/8 (75%) theo báo cáo quý 3/2026' });
    expect(forecast(set, FACTS)).toMatchObject({ points: 6.5, max: 8 });
  });

  it('changes when the report’s value changes, and tells a missing indicator or an empty year', () => {
    const changed = { ...FACTS, reports: [{ ...FACTS.reports[1]!, indicators: new Map([['dossiers.on-time-rate.departments', 92]]) }] };
    const computed = computeAll(set, changed);
    expect(computed.get('2.1')!.points).toBe(2);
    expect(computed.get('2.2')).toMatchObject({
      points: null,
      missing: [
        'Chỉ tiêu "feedback.resolved" chưa có số liệu trong báo cáo quý 3/2026.',
        'Chỉ tiêu "feedback.received" chưa có số liệu trong báo cáo quý 3/2026.',
      ],
    });
    // named as the catalogue names them, when the names are given
    const named = computeAll(set, { ...changed, indicatorNames: new Map([['feedback.resolved', 'Số phản ánh, kiến nghị đã xử lý']]) });
    expect(named.get('2.2')!.missing).toEqual([
      'Chỉ tiêu "Số phản ánh, kiến nghị đã xử lý" chưa có số liệu trong báo cáo quý 3/2026.',
      'Chỉ tiêu "feedback.received" chưa có số liệu trong báo cáo quý 3/2026.',
    ]);
    const empty = computeAll(set, { year: 2026, now: d('2026-01-05'), rounds: [], reports: [] });
    expect(empty.get('1.1.2')).toMatchObject({ points: null, missing: ['Chưa có kỳ báo cáo nào của năm 2026.'] });
    expect(empty.get('2.1')).toMatchObject({ points: null, missing: ['Chưa có báo cáo được duyệt của năm 2026.'] });
  });
});

const entry = (code: string, e: Partial<ScoreEntry>): ScoreEntry => ({
  code,
  selfScore: null,
  selfNote: null,
  appraisedScore: null,
  appraisalReason: null,
  frozenComputed: null,
  ...e,
});

describe('an assessment', () => {
  const set = build();
  const computed = computeAll(set, FACTS);

  it('totals the final scores (appraisal over self and computed), per area, with the index in percent', () => {
    const entries = [
      entry('1.1.1', { selfScore: 1, selfNote: 'Đã ban hành', appraisedScore: 0.5, appraisalReason: 'Ban hành muộn' }),
      entry('1.2', { appraisedScore: 1.5 }),
      entry('2.3', { selfScore: 1.5, selfNote: 'Có' }),
    ];
    const totals = assessmentTotals(set, entries, computed);
    expect(totals.criteria.find((c) => c.code === '1.1.1')).toMatchObject({ self: 1, appraised: 0.5, final: 0.5, adjusted: true });
    expect(totals.criteria.find((c) => c.code === '1.2')).toMatchObject({ final: 1.5, adjusted: false });
    expect(totals.areas.map((a) => [a.key, a.score, a.percent])).toEqual([
      ['direction', 3, 60],
      ['procedures', 7, 93.33],
    ]);
    expect(totals).toMatchObject({ score: 10, max: 12.5, percent: 80, selfScore: 9 });
  });

  it('keeps totals within 0–max and equal to the sum of the areas, whatever is scored (property)', () => {
    const codes = set.criteria.map((c) => c.code);
    const arbEntry = fc.record({
      code: fc.constantFrom(...codes),
      selfScore: fc.option(fc.double({ min: -5, max: 10, noNaN: true }), { nil: null }),
      selfNote: fc.constant(null),
      appraisedScore: fc.option(fc.double({ min: -5, max: 10, noNaN: true }), { nil: null }),
      appraisalReason: fc.constant('lý do'),
      frozenComputed: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbEntry, { selector: (e) => e.code }), (entries) => {
        const t = assessmentTotals(set, entries, computed);
        expect(t.score).toBeGreaterThanOrEqual(0);
        expect(t.score).toBeLessThanOrEqual(t.max);
        expect(t.percent).toBeGreaterThanOrEqual(0);
        expect(t.percent).toBeLessThanOrEqual(100);
        expect(Math.round(t.areas.reduce((a, x) => a + x.score, 0) * 100) / 100).toBe(t.score);
      }),
    );
  });

  it('finds missing required evidence, scores out of range, criteria not scored, adjustments without a reason', () => {
    const entries = [entry('1.1.1', { selfScore: 1, selfNote: 'x' }), entry('2.3', { selfScore: 2, selfNote: 'y', appraisedScore: 1 })];
    const findings = assessmentFindings(set, entries, []);
    expect(findings.map((f) => f.rule)).toEqual(['missing-evidence:1.1.1', 'out-of-range:2.3', 'missing-reason:2.3']);
    expect(findings[0]!.message).toBe('Tiêu chí 1.1.1 chưa có tài liệu kiểm chứng (Quyết định).');
    expect(assessmentFindings(set, [entry('1.1.1', { selfScore: 1, selfNote: 'x' })], [{ code: '1.1.1', kind: 'file' }]).map((f) => f.rule)).toEqual([
      'not-scored:2.3',
    ]);
  });

  it('moves draft → submitted → returned → submitted → finalised, refusing what the rules forbid', () => {
    const errors = assessmentFindings(set, [entry('1.1.1', { selfScore: 1, selfNote: 'x' })], []);
    expect(moveAssessment('draft', 'submit', { findings: errors })).toMatchObject({ ok: false });
    expect(moveAssessment('draft', 'submit', { findings: [] })).toEqual({ ok: true, to: 'submitted' });
    expect(moveAssessment('submitted', 'return', { findings: [], reason: ' ' })).toMatchObject({ ok: false });
    expect(moveAssessment('submitted', 'return', { findings: [], reason: 'Bổ sung quyết định' })).toEqual({ ok: true, to: 'returned' });
    expect(moveAssessment('returned', 'submit', { findings: [] })).toEqual({ ok: true, to: 'submitted' });
    const noReason = assessmentFindings(set, [entry('2.3', { selfScore: 1, selfNote: 'y', appraisedScore: 0.5 })], []);
    expect(moveAssessment('submitted', 'finalise', { findings: noReason })).toMatchObject({ ok: false });
    expect(moveAssessment('submitted', 'finalise', { findings: [] })).toEqual({ ok: true, to: 'finalised' });
    expect(moveAssessment('finalised', 'submit', { findings: [] })).toMatchObject({ ok: false });
    expect(moveAssessment('finalised', 'reopen', { findings: [] })).toEqual({ ok: true, to: 'submitted' });
  });

  it('checks a sent score against the criterion', () => {
    const c = set.criteria.find((x) => x.code === '2.3')!;
    expect(scoreProblem(c, 1.25)).toBeNull();
    expect(scoreProblem(c, 2)).toContain('từ 0 đến 1.5');
    expect(scoreProblem(c, 0.125)).toContain('hai chữ số thập phân');
    expect(scoreProblem(undefined, 1)).toContain('Không có tiêu chí');
  });
});

describe('ranking', () => {
  it('ranks by percent, equal indexes sharing a rank, ties by name (property: ranks never fall behind order)', () => {
    const ranked = rankAssessments([
      { agencyId: 'a', name: 'Sở B', score: 80, max: 100, percent: 80, areas: [] },
      { agencyId: 'b', name: 'Sở A', score: 80, max: 100, percent: 80, areas: [] },
      { agencyId: 'c', name: 'Sở C', score: 90, max: 100, percent: 90, areas: [] },
      { agencyId: 'd', name: 'Sở D', score: 70, max: 100, percent: 70, areas: [] },
    ]);
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([
      ['Sở C', 1],
      ['Sở A', 2],
      ['Sở B', 2],
      ['Sở D', 4],
    ]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 }), (percents) => {
        const r = rankAssessments(percents.map((p, i) => ({ agencyId: `x${i}`, name: `Đơn vị ${i}`, score: p, max: 100, percent: p, areas: [] })));
        r.forEach((x, i) => {
          expect(x.rank).toBeLessThanOrEqual(i + 1);
          if (i > 0) expect(x.percent).toBeLessThanOrEqual(r[i - 1]!.percent);
          if (i > 0 && x.percent < r[i - 1]!.percent) expect(x.rank).toBe(i + 1);
        });
      }),
    );
  });
});
