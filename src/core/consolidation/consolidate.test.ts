import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportedCell, type CellValue } from '../report.js';
import { makeTemplate, values } from '../../test-support/template-factory.js';
import { exactSum } from '../values/exact-sum.js';
import { consolidate, type AgencyReport } from './consolidate.js';

const template = makeTemplate({
  forms: [
    {
      number: null,
      rows: [
        { code: '1.', label: 'Số văn bản chỉ đạo CCHC', unit: 'Văn bản' },
        { code: '2.', label: 'Vốn đầu tư công đã giải ngân', unit: 'Triệu đồng' },
        { code: '3.', label: 'Tỷ lệ hồ sơ tiếp nhận trực tuyến', unit: '%' },
        { code: '3.1.', label: 'Tổng số hồ sơ đã tiếp nhận', unit: 'Hồ sơ' },
        { code: '3.2.', label: 'Số hồ sơ tiếp nhận trực tuyến', unit: 'Hồ sơ' },
        { code: '4.', label: 'Tỷ lệ biên chế đã tinh giản so với năm 2015', unit: '%' },
        { code: '5.', label: 'Triển khai LGSP', unit: 'Chưa = 0 Đang làm = 1 Hoàn thành = 2' },
        { code: '6.', label: 'Số cơ quan chuyên môn cấp tỉnh', unit: 'Cơ quan, đơn vị', provinceFigureBy: 'so-noi-vu' },
        { code: '7.', label: 'Ghi nhận khác', kind: 'text' },
        { code: '8.', label: 'Chỉ số bình quân', kind: 'decimal' },
      ],
      checks: [{ rule: 'ratio', percent: '3', numerator: '3.2', denominator: '3.1' }],
    },
  ],
});

const row = (report: ReturnType<typeof consolidate>, id: string) => report.rows.find((r) => r.rowId === id)!;

describe('consolidate', () => {
  const reports: AgencyReport[] = [
    { agencyId: 'so-khcn', values: values({ '1': 14, '2': 6786.875, '3': [20.83, 2], '3.1': 24, '3.2': 5, '4': 10, '5': 2, '6': '/' }) },
    {
      agencyId: 'so-noi-vu',
      roles: ['so-noi-vu'],
      values: values({ '1': 3, '2': '/', '3': [100, 0], '3.1': 20, '3.2': 20, '4': 4, '5': 2, '6': 19 }),
    },
    { agencyId: 'so-ldtbxh', values: values({ '1': 18, '3': [50, 0], '4': 10, '5': 0, '6': 20 }) },
  ];
  const result = consolidate(template, reports);

  it('sums counts and money over the agencies that reported them, saying how many did', () => {
    expect(row(result, '1')).toMatchObject({ method: 'sum', value: 35, reported: 3, agencies: 3 });
    expect(row(result, '2')).toMatchObject({ method: 'sum', value: 6786.875, reported: 1 });
    expect(row(result, '2').explanation).toBe('Tổng của 1/3 đơn vị có báo cáo.');
  });

  it('recomputes a percentage from the summed parts, never averaging percentages', () => {
    const ratio = row(result, '3');
    expect(ratio.method).toBe('ratio');
    expect(ratio.parts).toEqual({ numerator: 25, denominator: 44, agencies: 2 });
    expect(ratio.value).toBeCloseTo((25 / 44) * 100, 10);
    expect(ratio.value).not.toBeCloseTo((20.83 + 100 + 50) / 3, 1);
    // coverage: the two agencies whose parts enter the ratio; so-ldtbxh wrote only "50" (no parts), counted apart
    expect(ratio.reported).toBe(2);
    expect(ratio.percentOnly).toBe(1);
    expect(ratio.explanation).toBe(
      'Tỷ lệ tính lại từ tổng tử số và mẫu số của 2/3 đơn vị (không lấy trung bình các tỷ lệ). 1 đơn vị chỉ ghi tỷ lệ, không có tử số và mẫu số, nên không được tính vào.',
    );
  });

  it('shows the spread of a percentage without parts', () => {
    expect(row(result, '4')).toMatchObject({ method: 'spread', value: null, spread: { min: 4, median: 10, max: 10 } });
  });

  it('gives coded rows a distribution over codes', () => {
    expect(row(result, '5').distribution).toEqual([
      { code: 0, label: 'Chưa', agencies: 1 },
      { code: 1, label: 'Đang làm', agencies: 0 },
      { code: 2, label: 'Hoàn thành', agencies: 2 },
    ]);
    expect(row(result, '5').value).toBeNull();
  });

  it("takes the responsible agency's value for a responsible row instead of a sum", () => {
    expect(row(result, '6')).toMatchObject({ method: 'responsible', value: 19, responsibleAgency: 'so-noi-vu', reported: 1 });
    const without = consolidate(
      template,
      reports.filter((r) => r.agencyId !== 'so-noi-vu'),
    );
    expect(row(without, '6')).toMatchObject({ value: null, responsibleAgency: null });
  });

  it('never counts a missing value as 0 and drills down to every agency', () => {
    const empty = consolidate(template, [
      { agencyId: 'a', values: values({ '1': '/' }) },
      { agencyId: 'b', values: new Map() },
    ]);
    for (const r of empty.rows) {
      expect(r.value, r.rowId).toBeNull();
      expect(r.reported).toBe(0);
    }
    expect(row(result, '2').contributions.map((c) => [c.agencyId, c.value, c.status])).toEqual([
      ['so-khcn', 6786.875, 'reported'],
      ['so-noi-vu', null, 'not-reported'],
      ['so-ldtbxh', null, 'not-reported'],
    ]);
  });

  it('adds decimals exactly', () => {
    expect(exactSum([0.1, 0.2])).toBe(0.3);
    expect(exactSum([6786.875, 0.125, -1000])).toBe(5787);
    expect(exactSum([])).toBe(0);
  });
});

describe('consolidation properties', () => {
  const cell = (kind: string): fc.Arbitrary<CellValue | null> => {
    const notReported = fc.constant(null);
    switch (kind) {
      case 'count':
        return fc.oneof(
          notReported,
          fc.nat(100_000).map((v) => reportedCell(v, 0)),
        );
      case 'money':
        return fc.oneof(
          notReported,
          fc.integer({ min: 0, max: 10_000_000 }).map((v) => reportedCell(v / 1000, 3)),
        );
      case 'percent':
        return fc.oneof(
          notReported,
          fc.integer({ min: 0, max: 1000 }).map((v) => reportedCell(v / 10, 1)),
        );
      case 'coded':
        return fc.oneof(
          notReported,
          fc.constantFrom(0, 1, 2).map((v) => reportedCell(v, 0)),
        );
      case 'decimal':
        return fc.oneof(
          notReported,
          fc.double({ min: -1000, max: 1000, noNaN: true }).map((v) => reportedCell(v)),
        );
      default:
        return fc.oneof(notReported, fc.constant({ value: null, status: 'text' as const, note: 'Có thực hiện', decimals: null }));
    }
  };
  const report: fc.Arbitrary<AgencyReport> = fc
    .record({
      agencyId: fc.uuid(),
      cells: fc.tuple(...template.rows.map((r) => cell(r.kind.type))),
      // consistent ratio parts: the stated percentage is exactly numerator / denominator
      parts: fc.option(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.nat(5000)).map(([den, n]) => [den, Math.min(n, den)] as const)),
    })
    .map(({ agencyId, cells, parts }) => {
      const map = new Map<string, CellValue>();
      template.rows.forEach((r, i) => {
        const c = cells[i];
        if (c) map.set(r.id, c);
      });
      map.delete('3');
      map.delete('3.1');
      map.delete('3.2');
      if (parts) {
        const [den, num] = parts;
        map.set('3.1', reportedCell(den, 0));
        map.set('3.2', reportedCell(num, 0));
        map.set('3', reportedCell((num / den) * 100));
      }
      return { agencyId, roles: ['so-noi-vu'], values: map };
    });

  it('consolidating one report gives that report', () => {
    fc.assert(
      fc.property(report, (r) => {
        const result = consolidate(template, [r]);
        for (const consolidated of result.rows) {
          const own = r.values.get(consolidated.rowId);
          const expected = own?.status === 'reported' ? own.value : null;
          expect(consolidated.value, consolidated.rowId).toBe(expected);
          expect(consolidated.reported).toBe(expected === null ? 0 : 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('figures do not depend on the order of agencies', () => {
    fc.assert(
      fc.property(
        fc.array(report, { minLength: 1, maxLength: 12 }).chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length }))),
        ([reports, shuffled]) => {
          const a = consolidate(
            template,
            reports.map((r, i) => ({ ...r, roles: i === 0 ? ['so-noi-vu'] : [] })),
          );
          const first = reports[0]!;
          const b = consolidate(
            template,
            shuffled.map((r) => ({ ...r, roles: r === first ? ['so-noi-vu'] : [] })),
          );
          for (const [i, rowA] of a.rows.entries()) {
            const rowB = b.rows[i]!;
            expect(rowB.value, rowA.rowId).toBe(rowA.value);
            expect(rowB.reported).toBe(rowA.reported);
            expect(rowB.spread).toEqual(rowA.spread);
            expect(rowB.distribution).toEqual(rowA.distribution);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a sum is the sum of the reported values and counts exactly the agencies that reported', () => {
    fc.assert(
      fc.property(fc.array(report, { minLength: 1, maxLength: 20 }), (reports) => {
        const result = consolidate(template, reports);
        const reported = reports.map((r) => r.values.get('1')).filter((c) => c?.status === 'reported');
        expect(row(result, '1').reported).toBe(reported.length);
        expect(row(result, '1').value).toBe(reported.length === 0 ? null : exactSum(reported.map((c) => c!.value!)));
      }),
    );
  });
});
