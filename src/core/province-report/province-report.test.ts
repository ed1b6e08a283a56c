/** The province report's core: the outline of agencies' texts, the figure paragraphs, regeneration, the workflow. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCell } from '../values/cell-grammar.js';
import { changePhrase, figureSentence, formatPercent, generateSections, type ProvinceFigure } from './figure-paragraphs.js';
import { agencyTextsBySection, classifyHeading, fingerprint, WRITABLE_KEYS } from './outline.js';
import { buildPhrasing, type Phrasing } from './phrasing.js';
import { applyEdits, generatedSections, isStale, moveProvinceReport, regenerate } from './province-report.js';
import { defaultProvinceSettings, provinceReportSettingsSchema } from './settings.js';

const PHRASING: Phrasing = {
  openings: { procedures: 'Về cải cách thủ tục hành chính:' },
  drafts: { 'next-period': 'Tiếp tục thực hiện.' },
  nothingReported: 'Chưa có số liệu.',
  phrases: [
    { indicator: 'procedures.in-force', text: 'toàn tỉnh có {value} hành chính đang có hiệu lực', unit: 'thủ tục' },
    { indicator: 'dossiers.on-time-rate.departments', text: 'tỷ lệ hồ sơ giải quyết đúng hạn đạt {value}' },
    { indicator: 'egov.lgsp', text: 'về LGSP: {distribution}' },
  ],
  ranking: [],
};

const figure = (f: Partial<ProvinceFigure> & Pick<ProvinceFigure, 'indicator' | 'kind'>): ProvinceFigure => ({
  name: f.indicator,
  area: 'procedures',
  value: null,
  reported: 0,
  previous: null,
  lastYear: null,
  ...f,
});

const Q3 = {
  period: { year: 2023, kind: 'Q3' as const },
  previousPeriod: { year: 2023, kind: 'Q2' as const },
  lastYearPeriod: { year: 2022, kind: 'Q3' as const },
  roundAgencies: 57,
};

describe('the outline of agencies’ narratives', () => {
  it('classifies the usual headings into the province outline', () => {
    expect(classifyHeading('I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH')).toBe('direction');
    expect(classifyHeading('II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH')).toBe('results');
    expect(classifyHeading('2. Cải cách thủ tục hành chính:')).toBe('procedures');
    expect(classifyHeading('6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số')).toBe('egov');
    expect(classifyHeading('IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI')).toBe('next-period');
    expect(classifyHeading('V. KIẾN NGHỊ, ĐỀ XUẤT')).toBe('recommendations');
    expect(classifyHeading('a) Một nội dung khác')).toBeNull();
  });

  it('keeps a sub-heading in its parent section and joins the texts of a section', () => {
    const sections = agencyTextsBySection([
      { heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', level: 1, body: 'Ban hành kế hoạch.' },
      { heading: '1. Đánh giá CBCCVC', level: 2, body: 'Đánh giá hằng tháng.' },
      { heading: 'II. KẾT QUẢ THỰC HIỆN', level: 1, body: '' },
      { heading: '2. Cải cách thủ tục hành chính', level: 2, body: 'Công bố 6 TTHC.' },
      { heading: 'a) Kết quả giải quyết hồ sơ', level: 3, body: '98,5% đúng hạn.' },
      { heading: 'III. ĐÁNH GIÁ CHUNG', level: 1, body: 'Hoàn thành.' },
    ]);
    expect(sections.map((s) => [s.key, s.text])).toEqual([
      ['direction', 'Ban hành kế hoạch.\n\nĐánh giá hằng tháng.'],
      ['procedures', 'Công bố 6 TTHC.\n\n98,5% đúng hạn.'],
      ['assessment', 'Hoàn thành.'],
    ]);
  });
});

describe('the figure paragraphs', () => {
  it('states a sum with its coverage out of the round’s agencies and its changes, in vi-VN numbers', () => {
    const text = figureSentence(
      figure({ indicator: 'procedures.in-force', kind: 'count', value: 1350, reported: 42, previous: 1200, lastYear: 1000 }),
      PHRASING.phrases[0],
      Q3,
    );
    expect(text).toBe(
      'Toàn tỉnh có 1.350 thủ tục hành chính đang có hiệu lực (theo báo cáo của 42/57 đơn vị), tăng 12,5% so với quý II năm 2023, tăng 35% so với cùng kỳ năm trước.',
    );
  });

  it('states a percentage’s change in percentage points, and a distribution of a coded row', () => {
    expect(
      figureSentence(figure({ indicator: 'x', kind: 'percent', value: 98.456, reported: 40, previous: 99, lastYear: null }), PHRASING.phrases[1], Q3),
    ).toBe('Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,46% (theo báo cáo của 40/57 đơn vị), giảm 0,54 điểm phần trăm so với quý II năm 2023.');
    const coded = figure({
      indicator: 'egov.lgsp',
      kind: 'coded',
      reported: 3,
      distribution: [
        { label: 'Đang làm', agencies: 1 },
        { label: 'Hoàn thành', agencies: 2 },
        { label: 'Chưa', agencies: 0 },
      ],
    });
    expect(figureSentence(coded, PHRASING.phrases[2], Q3)).toBe(
      'Về LGSP: 2 đơn vị "Hoàn thành", 1 đơn vị "Đang làm" (theo báo cáo của 3/57 đơn vị).',
    );
  });

  it('says nothing of a figure nobody reported (never 0), and a generic sentence for an unphrased one', () => {
    expect(figureSentence(figure({ indicator: 'procedures.new', kind: 'count', value: null, reported: 0 }), undefined, Q3)).toBeNull();
    expect(
      figureSentence(
        figure({ indicator: 'procedures.new', name: 'Số TTHC công bố mới', kind: 'count', value: 6, reported: 1, previous: 0 }),
        undefined,
        Q3,
      ),
    ).toBe('Số TTHC công bố mới là 6 (theo báo cáo của 1/57 đơn vị), tăng 6 so với quý II năm 2023.');
  });

  it('compares a year with the year before once', () => {
    const year = {
      period: { year: 2026, kind: 'Y' as const },
      previousPeriod: { year: 2025, kind: 'Y' as const },
      lastYearPeriod: { year: 2025, kind: 'Y' as const },
      roundAgencies: 8,
    };
    expect(
      figureSentence(
        figure({ indicator: 'procedures.in-force', kind: 'count', value: 110, reported: 2, previous: 100, lastYear: 100 }),
        PHRASING.phrases[0],
        year,
      ),
    ).toBe('Toàn tỉnh có 110 thủ tục hành chính đang có hiệu lực (theo báo cáo của 2/8 đơn vị), tăng 10% so với năm 2025.');
  });

  it('writes a change that reads back to the numbers it compares (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (current, earlier) => {
        const text = changePhrase({ kind: 'count' }, current, earlier, 'kỳ trước');
        if (current === earlier) return text === 'không thay đổi so với kỳ trước';
        const m = /^(tăng|giảm) ([\d.,]+)% so với kỳ trước$/u.exec(text);
        if (!m) return false;
        const stated = parseCell(m[2]!, { type: 'decimal' }).value!;
        const exact = (Math.abs(current - earlier) / earlier) * 100;
        return (m[1] === 'tăng') === current > earlier && Math.abs(stated - exact) <= 0.005 + 1e-9;
      }),
    );
  });

  it('formats percentages as reports write them', () => {
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(98.5)).toBe('98,5%');
    expect(formatPercent(1234.567)).toBe('1.234,57%');
  });

  it('drafts every writable section: figures per area, nothing-reported, coverage in the assessment', () => {
    const drafts = generateSections(
      {
        ...Q3,
        figures: [figure({ indicator: 'procedures.in-force', kind: 'count', value: 122, reported: 1 })],
        coverage: { reported: 42, late: 3, missing: 15 },
      },
      PHRASING,
    );
    expect([...drafts.keys()]).toEqual(WRITABLE_KEYS);
    expect(drafts.get('procedures')).toBe(
      'Về cải cách thủ tục hành chính: Toàn tỉnh có 122 thủ tục hành chính đang có hiệu lực (theo báo cáo của 1/57 đơn vị).',
    );
    expect(drafts.get('finance')).toBe('Chưa có số liệu.');
    expect(drafts.get('assessment')).toBe(
      'Trong quý III năm 2023, 42/57 đơn vị đã gửi báo cáo, trong đó 3 đơn vị gửi muộn; 15 đơn vị chưa gửi báo cáo (danh sách tại Phụ lục kèm theo).',
    );
    expect(drafts.get('next-period')).toBe('Tiếp tục thực hiện.');
  });
});

describe('the phrasing data', () => {
  it('refuses unknown indicators, a phrase without its placeholder and a distribution of a count', () => {
    const indicators = [
      { id: 'procedures.in-force', name: 'x', kind: 'count' as const, measure: 'stock' as const, area: 'procedures' },
      { id: 'egov.lgsp', name: 'y', kind: 'coded' as const, measure: 'stock' as const, area: 'egov' },
    ];
    expect(buildPhrasing({ nothingReported: 'x', phrases: [{ indicator: 'procedures.in-force', text: 'có {value}' }] }, indicators).ok).toBe(true);
    const bad = buildPhrasing(
      {
        nothingReported: 'x',
        phrases: [
          { indicator: 'nope.x', text: '{value}' },
          { indicator: 'procedures.in-force', text: '{distribution}' },
          { indicator: 'egov.lgsp', text: 'không có chỗ' },
        ],
        ranking: ['nope.y'],
      },
      indicators,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/a phrase needs \{value\} or \{distribution\}/u);
    const unknown = buildPhrasing(
      {
        nothingReported: 'x',
        phrases: [
          { indicator: 'nope.x', text: '{value}' },
          { indicator: 'procedures.in-force', text: '{distribution}' },
        ],
        ranking: ['nope.y'],
      },
      indicators,
    );
    expect(unknown.ok ? [] : unknown.problems).toEqual([
      'phrases.0: unknown indicator nope.x',
      'phrases.1: {distribution} is for coded indicators only (procedures.in-force is count)',
      'ranking.0: unknown indicator nope.y',
    ]);
  });
});

describe('stored sections and regeneration', () => {
  const draftsA = new Map(WRITABLE_KEYS.map((k) => [k, `A ${k}`] as const));
  const draftsB = new Map(WRITABLE_KEYS.map((k) => [k, `B ${k}`] as const));

  it('replaces generated sections and never an edited one: its new draft comes beside it', () => {
    const edited = applyEdits(generatedSections(draftsA), [{ key: 'procedures', text: 'Viết tay.' }]);
    expect(
      isStale(
        edited.find((s) => s.key === 'direction')!,
        draftsB,
      ),
    ).toBe(true);
    const result = regenerate(edited, draftsB);
    expect(result.sections.find((s) => s.key === 'procedures')).toMatchObject({ text: 'Viết tay.', origin: 'edited' });
    expect(result.sections.find((s) => s.key === 'direction')).toMatchObject({ text: 'B direction', origin: 'generated' });
    expect(result.proposals).toEqual([{ key: 'procedures', draft: 'B procedures' }]);
    expect(result.replaced).not.toContain('procedures');
    // the person picks the new draft
    const picked = regenerate(result.sections, draftsB, ['procedures']);
    expect(picked.sections.find((s) => s.key === 'procedures')).toMatchObject({
      text: 'B procedures',
      origin: 'generated',
      generatedFingerprint: fingerprint('B procedures'),
    });
  });

  it('never changes an edited text, whatever the drafts (property)', () => {
    const key = fc.constantFrom(...WRITABLE_KEYS);
    fc.assert(
      fc.property(fc.array(fc.record({ key, text: fc.string() }), { maxLength: 8 }), fc.dictionary(key, fc.string()), (edits, next) => {
        const sections = applyEdits(generatedSections(draftsA), edits);
        const result = regenerate(sections, new Map(Object.entries(next)) as never);
        return sections.every((s, i) => s.origin !== 'edited' || result.sections[i]!.text === s.text);
      }),
    );
  });
});

describe('the province report’s workflow', () => {
  it('goes draft → ready → issued with a number and a date, and ready back to draft', () => {
    expect(moveProvinceReport('draft', 'ready', 'consolidator')).toEqual({ ok: true, status: 'ready' });
    expect(moveProvinceReport('ready', 'reopen', 'admin')).toEqual({ ok: true, status: 'draft' });
    expect(moveProvinceReport('ready', 'issue', 'consolidator', { number: '125', date: '2026-12-20' })).toEqual({ ok: true, status: 'issued' });
  });
  it('refuses the wrong role, state, number or date, with a Vietnamese reason', () => {
    expect(moveProvinceReport('draft', 'ready', 'reporter')).toMatchObject({ ok: false, reason: 'role' });
    expect(moveProvinceReport('draft', 'issue', 'consolidator', { number: '1', date: '2026-12-20' })).toMatchObject({ ok: false, reason: 'state' });
    expect(moveProvinceReport('issued', 'reopen', 'admin')).toMatchObject({ ok: false, reason: 'state' });
    expect(moveProvinceReport('ready', 'issue', 'consolidator', { number: '', date: '2026-12-20' })).toMatchObject({ ok: false, reason: 'number' });
    expect(moveProvinceReport('ready', 'issue', 'consolidator', { number: '12', date: '2026-02-30' })).toMatchObject({
      ok: false,
      reason: 'date',
      messageVi: 'Ngày ban hành không hợp lệ.',
    });
  });
});

describe('the province settings', () => {
  it('default to the UBND’s report, or the Sở Nội vụ’s own, both valid', () => {
    const ubnd = defaultProvinceSettings('Ninh Thuận');
    expect(ubnd).toMatchObject({ issuerLines: ['ỦY BAN NHÂN DÂN', 'TỈNH NINH THUẬN'], governingBody: null, numberSuffix: 'BC-UBND' });
    expect(ubnd.recipients[0]).toBe('Bộ Nội vụ');
    expect(ubnd.signature.titleLines).toEqual(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    expect(provinceReportSettingsSchema.safeParse(ubnd).success).toBe(true);
    const snv = defaultProvinceSettings('Ninh Thuận', 'so-noi-vu');
    expect(snv).toMatchObject({ issuerLines: ['SỞ NỘI VỤ'], governingBody: 'UBND TỈNH NINH THUẬN' });
    expect(provinceReportSettingsSchema.safeParse(snv).success).toBe(true);
  });
});
