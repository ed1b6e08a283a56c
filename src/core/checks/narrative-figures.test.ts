import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeTemplate, values } from '../../test-support/template-factory.js';
import { buildCatalogue } from '../catalogue/indicators.js';
import type { IndicatorDefinition } from '../catalogue/template.js';
import { compareNarrative, findNarrativeMentions, narrativeFindings, narrativeText, numbersIn } from './narrative-figures.js';
import { runChecks } from './run-checks.js';

const built = buildCatalogue({
  indicators: [
    {
      id: 'tasks.total',
      name: 'Tổng số nhiệm vụ được giao',
      kind: 'count',
      measure: 'stock',
      area: 'direction',
      narrative: [{ nouns: ['nhiệm vụ'], terms: ['giao'], unless: ['kế hoạch'], exclude: ['hoàn thành', 'đang'] }],
    },
    {
      id: 'tasks.on-time',
      name: 'Số nhiệm vụ đã hoàn thành đúng hạn',
      kind: 'count',
      measure: 'stock',
      area: 'direction',
      narrative: [
        { nouns: ['nhiệm vụ'], terms: ['hoàn thành'], sentence: ['giao'], exclude: ['đúng hạn', 'quá hạn', 'chưa', 'đang'], plus: ['tasks.late'] },
      ],
    },
    { id: 'tasks.late', name: 'Số nhiệm vụ đã hoàn thành nhưng quá hạn', kind: 'count', measure: 'stock', area: 'direction' },
    {
      id: 'dossiers.received',
      name: 'Tổng số hồ sơ đã tiếp nhận',
      kind: 'count',
      measure: 'flow',
      area: 'procedures',
      narrative: [{ nouns: ['hồ sơ'], terms: ['tiếp nhận'], exclude: ['trực tuyến'] }],
    },
    {
      id: 'dossiers.on-time-rate',
      name: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
      kind: 'percent',
      measure: 'flow',
      area: 'procedures',
      narrative: [{ terms: ['giải quyết đúng hạn'] }],
    },
  ],
});
if (!built.ok) throw new Error(built.problems.join('\n'));
const indicators: IndicatorDefinition[] = built.indicators;

const template = makeTemplate(
  {
    family: 'forms',
    forms: [
      {
        number: '1',
        title: 'Chỉ đạo điều hành',
        rows: [
          { code: '5.', label: 'Thực hiện nhiệm vụ được giao' },
          { code: '5.1.', label: 'Tổng số nhiệm vụ được giao', unit: 'Nhiệm vụ', indicator: 'tasks.total' },
          { code: '5.2.', label: 'Số nhiệm vụ đã hoàn thành đúng hạn', unit: 'Nhiệm vụ', indicator: 'tasks.on-time' },
          { code: '5.3.', label: 'Số nhiệm vụ đã hoàn thành nhưng quá hạn', unit: 'Nhiệm vụ', indicator: 'tasks.late' },
        ],
      },
      {
        number: '3',
        title: 'Thủ tục hành chính',
        rows: [
          { code: '3.1.', label: 'Tổng số hồ sơ đã tiếp nhận', unit: 'Hồ sơ', indicator: 'dossiers.received' },
          { code: '3.2.', label: 'Tỷ lệ hồ sơ giải quyết đúng hạn', unit: '%', indicator: 'dossiers.on-time-rate' },
        ],
      },
    ],
  },
  indicators,
);
const appendix = values({ '1/5.1': 118, '1/5.2': 99, '1/5.3': 6, '3/3.1': 1234, '3/3.2': [98.5, 1] });
const QUANG_TRI =
  'Năm 2023, từ ngày 01/01/2023 đến 15/9/2023, UBND tỉnh giao Sở Khoa học và Công nghệ 118 nhiệm vụ, đã hoàn thành 105 nhiệm vụ, đang thực hiện 13 nhiệm vụ.';

describe('numbers in a narrative, the vi-VN way', () => {
  const read = (s: string) => numbersIn(s).map((n) => ({ value: n.value, of: n.of, percent: n.percent }));
  it('reads thousands dots, decimal commas, leading zeros, fractions and percentages', () => {
    expect(read('tiếp nhận 1.234 hồ sơ')).toEqual([{ value: 1234, of: null, percent: false }]);
    expect(read('đã thực hiện 6.786,875 triệu đồng')).toEqual([{ value: 6786.875, of: null, percent: false }]);
    expect(read('có 01 đơn vị')).toEqual([{ value: 1, of: null, percent: false }]);
    expect(read('hoàn thành 105/118 nhiệm vụ')).toEqual([{ value: 105, of: 118, percent: false }]);
    expect(read('tỷ lệ đạt 89%, có nơi 63,1 %')).toEqual([
      { value: 89, of: null, percent: true },
      { value: 63.1, of: null, percent: true },
    ]);
  });
  it('takes dates and document numbers for no figure', () => {
    expect(read('ngày 15/9/2023, Quyết định số 05/QĐ-SKHCCN, Nghị định 107/NĐ-CP, ngày 15/9, tháng 9, Kế hoạch số 12')).toEqual([]);
    expect(read('giao tổng số 118 nhiệm vụ')).toEqual([{ value: 118, of: null, percent: false }]);
  });
});

describe('figures the narrative states', () => {
  it('finds the quang-tri sentence: 118 assigned, 105 completed as the sum on time + overdue', () => {
    const mentions = findNarrativeMentions(QUANG_TRI, indicators);
    expect(mentions.map((m) => [m.indicator, m.plus, m.value, m.noun, m.term])).toEqual([
      ['tasks.total', [], 118, 'nhiệm vụ', 'giao'],
      ['tasks.on-time', ['tasks.late'], 105, 'nhiệm vụ', 'hoàn thành'],
    ]);
    const compared = compareNarrative(template, appendix, QUANG_TRI, indicators);
    expect(compared.map((c) => [c.rows, c.parts, c.appendix, c.agrees])).toEqual([
      [['1/5.1'], [118], 118, true],
      [['1/5.2', '1/5.3'], [99, 6], 105, true],
    ]);
    // 99 + 6 = 105: the narrative and the appendix agree, so no finding
    expect(narrativeFindings(template, appendix, QUANG_TRI, indicators)).toEqual([]);
  });

  it('warns on the row when the appendix disagrees, quoting the sentence and the sum of parts', () => {
    const text = QUANG_TRI.replace('hoàn thành 105', 'hoàn thành 106');
    const findings = narrativeFindings(template, appendix, text, indicators);
    expect(findings).toEqual([
      {
        rule: 'narrative:1/5.2',
        kind: 'narrative',
        severity: 'warning',
        rows: ['1/5.2', '1/5.3'],
        expected: 105,
        found: 106,
        message: expect.stringContaining(
          'Phần thuyết minh nêu 106 nhiệm vụ (hoàn thành), phụ lục ghi Biểu 1, dòng 5.2 + Biểu 1, dòng 5.3: 99 + 6 = 105.',
        ),
      },
    ]);
    expect(findings[0]!.message).toContain('đã hoàn thành 106 nhiệm vụ');
    expect(findings[0]!.message).not.toMatch(/narrative|tasks\./u);
  });

  it('reads "118 nhiệm vụ … hoàn thành 105" with the noun said before the verb', () => {
    const text = 'UBND tỉnh giao 118 nhiệm vụ, hoàn thành 104.';
    expect(narrativeFindings(template, appendix, text, indicators).map((f) => [f.rule, f.expected, f.found])).toEqual([
      ['narrative:1/5.2', 105, 104],
    ]);
  });

  it('compares flows and percentages, within the rounding the narrative wrote', () => {
    expect(compareNarrative(template, appendix, 'Sở tiếp nhận 1.234 hồ sơ.', indicators).map((c) => c.agrees)).toEqual([true]);
    expect(compareNarrative(template, appendix, 'Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%.', indicators).map((c) => c.agrees)).toEqual([true]);
    expect(compareNarrative(template, appendix, 'Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97%.', indicators).map((c) => c.agrees)).toEqual([false]);
    expect(narrativeFindings(template, appendix, 'Sở tiếp nhận 1.243 hồ sơ.', indicators).map((f) => f.message)).toEqual([
      'Phần thuyết minh nêu 1.243 hồ sơ (tiếp nhận), phụ lục ghi Biểu 3, dòng 3.1: 1.234. Câu trong thuyết minh: "Sở tiếp nhận 1.243 hồ sơ."',
    ]);
  });

  it('is conservative: other periods, comparisons, excluded words, unknown rows and missing figures give nothing', () => {
    const none = (text: string, v = appendix) => expect(narrativeFindings(template, v, text, indicators)).toEqual([]);
    none('Từ ngày 15/6/2022 đến ngày 14/9/2023, Sở tiếp nhận 20 hồ sơ.'); // a flow over another span
    none('Trong quý III, Sở tiếp nhận 20 hồ sơ.'); // a flow with a period named: not sure it is the report's
    none('So với cùng kỳ, UBND tỉnh giao 90 nhiệm vụ.');
    none('Sở tiếp nhận trực tuyến 20 hồ sơ.');
    none('UBND tỉnh giao 118 nhiệm vụ, đã hoàn thành đúng hạn 50 nhiệm vụ.');
    none('Kế hoạch đề ra 118 nhiệm vụ, đã hoàn thành 7 nhiệm vụ.'); // no "giao": not the assigned tasks
    none('UBND tỉnh giao 118 nhiệm vụ, đã hoàn thành 7 nhiệm vụ.', values({ '1/5.1': 118, '1/5.2': 99 })); // a part not reported
    none('Sở tiếp nhận 7 hồ sơ.', values({}));
    none('Sở tiếp nhận 7 hồ sơ.', values({ '3/3.1': '/' }));
    // a template without the indicator's row
    const other = makeTemplate({ forms: [{ number: null, rows: [{ code: '1.', label: 'Số văn bản', unit: 'Văn bản' }] }] });
    expect(narrativeFindings(other, values({ '1': 3 }), 'Sở tiếp nhận 7 hồ sơ.', indicators)).toEqual([]);
  });

  it('compares the figure before a comparison with another period, never those after it', () => {
    const compared = (text: string) => compareNarrative(template, appendix, text, indicators).map((c) => [c.value, c.agrees]);
    expect(compared('Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97%, tăng 1,2% so với cùng kỳ.')).toEqual([[97, false]]);
    expect(compared('UBND tỉnh giao 117 nhiệm vụ, tăng 5 nhiệm vụ so với năm trước.')).toEqual([[117, false]]);
    expect(compared('Tăng cường chỉ đạo, UBND tỉnh giao 118 nhiệm vụ.')).toEqual([[118, true]]);
    expect(compared('So với năm trước, UBND tỉnh giao 117 nhiệm vụ.')).toEqual([]);
  });

  it("reads a fraction's second number as the phrasing's `of` indicator", () => {
    const withOf = indicators.map((i) =>
      i.id === 'tasks.on-time' ? { ...i, narrative: i.narrative!.map((p) => ({ ...p, of: 'tasks.total' })) } : i,
    );
    const text = 'UBND tỉnh giao nhiệm vụ cho Sở, đã hoàn thành 105/117 nhiệm vụ.';
    expect(compareNarrative(template, appendix, text, withOf).map((c) => [c.rows, c.value, c.agrees])).toEqual([
      [['1/5.1'], 117, false],
      [['1/5.2', '1/5.3'], 105, true],
    ]);
    expect(narrativeFindings(template, appendix, text, withOf).map((f) => f.message)).toEqual([
      'Phần thuyết minh nêu 117 nhiệm vụ (trong "105/117"), phụ lục ghi Biểu 1, dòng 5.1: 118. Câu trong thuyết minh: "UBND tỉnh giao nhiệm vụ cho Sở, đã hoàn thành 105/117 nhiệm vụ."',
    ]);
    expect(compareNarrative(template, appendix, text, indicators).map((c) => c.value)).toEqual([105]);
  });

  it('skips a number two indicators could both name', () => {
    const twice = [
      ...indicators,
      {
        id: 'dossiers.other',
        name: 'Hồ sơ khác',
        kind: 'count',
        measure: 'flow',
        area: 'procedures',
        narrative: [{ nouns: ['hồ sơ'], terms: ['tiếp nhận'], sentence: [], unless: [], exclude: [], plus: [] }],
      } as IndicatorDefinition,
    ];
    expect(findNarrativeMentions('Sở tiếp nhận 1.243 hồ sơ.', twice)).toEqual([]);
  });

  it('runs inside runChecks when the narrative is given, and only then', () => {
    const text = 'UBND tỉnh giao 117 nhiệm vụ.';
    expect(runChecks(template, appendix).filter((f) => f.kind === 'narrative')).toEqual([]);
    expect(
      runChecks(template, appendix, { narrative: { text, indicators } })
        .filter((f) => f.kind === 'narrative')
        .map((f) => [f.rule, f.severity]),
    ).toEqual([['narrative:1/5.1', 'warning']]);
  });

  it('joins outline sections into one text', () => {
    expect(
      narrativeText([
        { heading: 'I. CHỈ ĐẠO', text: 'UBND tỉnh giao 117 nhiệm vụ.' },
        { heading: 'II. KẾT QUẢ', body: '' },
      ]),
    ).toBe('I. CHỈ ĐẠO\nUBND tỉnh giao 117 nhiệm vụ.\n\nII. KẾT QUẢ');
  });

  it('never throws and returns only data on any text', () => {
    const words = fc.constantFrom(
      'giao',
      'hoàn thành',
      'nhiệm vụ',
      'hồ sơ',
      'tiếp nhận',
      'đạt',
      '%',
      ',',
      '.',
      ';',
      '/',
      '1.234',
      '105',
      '6,5',
      '01/01/2023',
      ' ',
      '\n',
      'Sở',
      'quá hạn',
      '(',
      ')',
    );
    const texts = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(words, { maxLength: 60 }).map((w) => w.join(' ')),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    fc.assert(
      fc.property(
        texts,
        fc.array(fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constant(Number.NaN), fc.double({ noNaN: false })), { minLength: 5, maxLength: 5 }),
        (text, nums) => {
          const v = values({ '1/5.1': nums[0]!, '1/5.2': nums[1]!, '1/5.3': nums[2]!, '3/3.1': nums[3]!, '3/3.2': nums[4]! });
          // the comparison itself (no safety net around it) never throws either
          const compared = compareNarrative(template, v, text, indicators);
          const findings = narrativeFindings(template, v, text, indicators);
          expect(findings.length).toBe(new Set(compared.filter((c) => !c.agrees).map((c) => c.rows[0])).size);
          expect(Array.isArray(findings)).toBe(true);
          for (const f of findings) {
            expect(f.severity).toBe('warning');
            expect(f.kind).toBe('narrative');
            expect(template.rows.some((r) => r.id === f.rows[0])).toBe(true);
            expect(typeof f.message).toBe('string');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the phrasing data', () => {
  it('rejects a phrasing without terms, an unknown "plus" indicator, and a count phrasing without nouns', () => {
    const base = { id: 'a', name: 'A', kind: 'count', measure: 'flow', area: 'x' };
    expect(buildCatalogue({ indicators: [{ ...base, narrative: [{ nouns: ['hồ sơ'] }] }] }).ok).toBe(false);
    const plus = buildCatalogue({ indicators: [{ ...base, narrative: [{ nouns: ['hồ sơ'], terms: ['nhận'], plus: ['b'] }] }] });
    expect(plus).toEqual({ ok: false, problems: [expect.stringContaining('unknown indicator b')] });
    expect(buildCatalogue({ indicators: [{ ...base, narrative: [{ terms: ['nhận'] }] }] }).ok).toBe(false);
  });
});
