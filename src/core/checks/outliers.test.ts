import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTemplate, values } from '../../test-support/template-factory.js';
import { reportedCell } from '../report.js';
import { OUTLIER_DEFAULTS, outlierBand, outlierFindings, outlierReason, type HistoryPoint } from './outliers.js';

const template = makeTemplate({
  forms: [
    {
      number: null,
      rows: [
        { code: '3.', label: 'Cải cách thủ tục hành chính' },
        { code: '3.1.', label: 'Số hồ sơ tiếp nhận', unit: 'Hồ sơ' },
        { code: '3.2.', label: 'Tỷ lệ hồ sơ đúng hạn', unit: '%' },
        { code: '3.3.', label: 'Kiến trúc', unit: 'Chưa = 0 Đang làm = 1 Hoàn thành = 2' },
        { code: '3.4.', label: 'Kinh phí', unit: 'Triệu đồng' },
      ],
    },
  ],
});

const quarters = (figures: number[]): HistoryPoint[] =>
  figures.map((value, i) => ({ label: `Quý ${(i % 4) + 1} năm ${2022 + Math.floor(i / 4)}`, value }));

describe('outliers against the agency’s own history', () => {
  it('flags ten times the last period, and a tenth of it, with the history in the message', () => {
    const history = new Map([['3.1', quarters([120, 130])]]);
    const [finding] = outlierFindings(template, values({ '3.1': 1300 }), history);
    expect(finding).toMatchObject({ rule: 'outlier:3.1', kind: 'outlier', severity: 'warning', rows: ['3.1'], found: 1300 });
    expect(finding!.message).toContain('gấp 10,0 lần kỳ trước (Quý 2 năm 2022: 130)');
    expect(finding!.message).toContain('Các kỳ trước: Quý 1 năm 2022: 120; Quý 2 năm 2022: 130.');
    expect(finding!.message).toContain('hãy ghi lý do ở cột Ghi chú');
    expect(outlierFindings(template, values({ '3.1': 13 }), history)[0]!.message).toContain('chỉ bằng 10,0% kỳ trước');
    // 9.9 times is within the first rule, and two periods draw no band
    expect(outlierFindings(template, values({ '3.1': 1287 }), history)).toEqual([]);
    expect(outlierFindings(template, values({ '3.1': 14 }), history)).toEqual([]);
  });

  it('flags a value outside the robust band over the last eight periods', () => {
    // a stable agency: around 100 a quarter; an earlier year of 1 000s is outside the window
    const history = new Map([['3.1', quarters([1000, 1100, 1050, 98, 104, 95, 110, 101, 99, 105, 97])]]);
    const band = outlierBand(history.get('3.1')!.map((p) => p.value))!;
    expect(band.periods).toBe(8);
    expect(band.median).toBe(100);
    expect(outlierFindings(template, values({ '3.1': 104 }), history)).toEqual([]);
    const [high] = outlierFindings(template, values({ '3.1': 260 }), history);
    expect(high!.message).toMatch(/ngoài khoảng thường gặp 50–150 \(trung vị 100 của 8 kỳ gần nhất\)/u);
    // a drop to nothing is no ratio, but far below the band
    expect(outlierFindings(template, values({ '3.1': 0 }), history)).toHaveLength(1);
  });

  it('says nothing without enough history, about codes, text and unreported cells', () => {
    expect(outlierFindings(template, values({ '3.1': 5000 }), new Map())).toEqual([]);
    expect(outlierFindings(template, values({ '3.1': 5000 }), new Map([['3.1', []]]))).toEqual([]);
    // four periods draw no band: 300 against 100s is three times, not ten
    expect(outlierFindings(template, values({ '3.1': 300 }), new Map([['3.1', quarters([90, 110, 100, 105])]]))).toEqual([]);
    expect(outlierFindings(template, values({ '3.3': 2 }), new Map([['3.3', quarters([0, 0, 0, 0, 0, 0])]]))).toEqual([]);
    expect(outlierFindings(template, values({ '3.1': '/' }), new Map([['3.1', quarters([100])]]))).toEqual([]);
    // a history of one repeated figure has no band (no spread): only a tenfold jump speaks
    const flat = new Map([['3.1', quarters([50, 50, 50, 50, 50, 50])]]);
    expect(outlierFindings(template, values({ '3.1': 51 }), flat)).toEqual([]);
    expect(outlierFindings(template, values({ '3.1': 500 }), flat)).toHaveLength(1);
  });

  it('quotes the officer’s note when the row already explains the figure', () => {
    const history = new Map([['3.4', quarters([12.5, 14])]]);
    const [finding] = outlierFindings(template, new Map([['3.4', reportedCell(400, 0, 'Dự án chuyển đổi số mới')]]), history);
    expect(finding!.message).toContain('Ghi chú của đơn vị: "Dự án chuyển đổi số mới".');
    expect(finding!.message).not.toContain('hãy ghi lý do');
  });

  const point = fc.record({ label: fc.constant('Quý I năm 2024'), value: fc.double({ noNaN: false }) });
  const history = fc.array(point, { maxLength: 12 });

  it('never throws, on any figure and any history, and every finding is a warning about its own row', () => {
    fc.assert(
      fc.property(fc.double(), history, fc.constantFrom('3.1', '3.2', '3.3', '3.4'), (value, points, rowId) => {
        const cell = Number.isFinite(value) ? reportedCell(value) : { value, status: 'reported' as const, note: null, decimals: null };
        const findings = outlierFindings(template, new Map([[rowId, cell]]), new Map([[rowId, points]]));
        for (const f of findings) {
          expect(f).toMatchObject({ severity: 'warning', kind: 'outlier', rows: [rowId] });
          expect(typeof f.message).toBe('string');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds nothing from too little history: none at all without one, no band under the minimum', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -1e12, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 4 }),
        (value, figures) => {
          expect(outlierReason(value, [])).toBeNull();
          const reason = outlierReason(value, quarters(figures));
          if (reason) expect(reason.kind).toBe('ratio');
        },
      ),
    );
  });

  it('is scale-invariant: the same findings when every figure is multiplied by the same factor', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 10 }),
        fc.integer({ min: -20, max: 20 }),
        (value, figures, exponent) => {
          // a power of two scales every figure exactly
          const factor = 2 ** exponent;
          const rules = (f: number) =>
            outlierFindings(template, values({ '3.4': value * f }), new Map([['3.4', quarters(figures.map((x) => x * f))]])).map((x) => x.rule);
          expect(rules(factor)).toEqual(rules(1));
        },
      ),
    );
  });

  it('never flags the history’s own median by the band', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: OUTLIER_DEFAULTS.minBand, maxLength: 8 }), (figures) => {
        const sorted = [...figures].sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)]!;
        const reason = outlierReason(median, quarters(figures));
        // the median of the history is never outside its band; only a tenfold step from the last period can flag it
        if (reason) expect(reason.kind).toBe('ratio');
      }),
    );
  });
});
