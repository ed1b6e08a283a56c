import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTemplateLibrary } from '../../templates/template-loader.js';
import { buildTemplate, checkRefs, templateSourceSchema, type RowSource, type TemplateSource } from './template-source.js';
import {
  checkTemplateVersion,
  districtRowProblems,
  isCalendarDate,
  mentionsDistrict,
  normaliseAt,
  problemRow,
  templateToSource,
  type VersionContext,
} from './template-rules.js';
import type { IndicatorDefinition, Template } from './template.js';
import { kindFromUnit } from './unit.js';

const library = loadTemplateLibrary();
const { indicators, templates } = library;
const byId = (id: string) => templates.find((t) => t.id === id)!;
const base = byId('ninh-thuan-7s-2023');

const context = (overrides: Partial<VersionContext> = {}): VersionContext => ({
  basedOn: base.id,
  source: base,
  stored: templates.map((t) => ({ id: t.id, family: t.family, name: t.name, effectiveFrom: t.effectiveFrom, province: t.province })),
  indicators,
  ...overrides,
});

/** ninh-thuan-7s-2023 as the start of a version effective 1 July 2025. */
function derived2025(): TemplateSource {
  return {
    ...templateToSource(base, indicators),
    id: 'ninh-thuan-7s-2025-07',
    name: 'Phụ lục thống kê CCHC, Ninh Thuận từ 01/07/2025',
    effectiveFrom: '2025-07-01',
  };
}

/** The source without the rows at the given positions and without the checks that used them. */
function withoutRows(source: TemplateSource, positions: readonly string[]): TemplateSource {
  const removed = new Set<string>();
  const forms = source.forms.map((form, f) => ({
    ...form,
    rows: form.rows.filter((row, r) => {
      if (!positions.includes(`forms[${f}].rows[${r}]`)) return true;
      removed.add(row.id ?? row.code!.replace(/\.+$/u, ''));
      return false;
    }),
  }));
  const keep = (check: NonNullable<TemplateSource['checks']>[number]) => {
    const refs = Object.values(check).flatMap((v) => (Array.isArray(v) ? v : [v]));
    return !refs.some((ref) => typeof ref === 'string' && removed.has(ref));
  };
  return {
    ...source,
    forms: forms.map((form) => ({ ...form, checks: (form.checks ?? []).filter(keep) })),
    checks: (source.checks ?? []).filter(keep),
  };
}

describe('templateToSource', () => {
  it.each(templates.map((t) => [t.id, t] as const))('gives %s back through buildTemplate, with and without the catalogue', (_id, template) => {
    for (const catalogue of [indicators, undefined]) {
      const result = buildTemplate(templateToSource(template, catalogue), indicators);
      expect(result.ok && result.template).toEqual(template);
    }
  });

  it('writes only what the builder cannot derive', () => {
    const source = templateToSource(base, indicators);
    const rows = source.forms[0]!.rows;
    expect(rows.find((r) => r.code === '3.1.1.')).toEqual({
      code: '3.1.1.',
      label: 'Số TTHC công bố mới',
      unit: 'Thủ tục',
      indicator: 'procedures.new',
    });
    expect(rows.find((r) => r.id === '1.2.1')).toMatchObject({ code: '1.1.1.', id: '1.2.1' });
    expect(rows.find((r) => r.code === '7.4.')).toMatchObject({ kind: 'percent' });
    expect(rows.find((r) => r.code === '4.3.')).toMatchObject({ measure: 'stock' });
    expect(rows.every((r) => r.parent === undefined)).toBe(true);
    // an id equal to the default one ("sum:3.5.2") and the default severity are left out; an id that differs stays
    expect(source.forms[0]!.checks).toContainEqual({ rule: 'sum', whole: '3.5.2', parts: ['7.8.1', '7.8.2'], severity: 'warning' });
    expect(source.forms[0]!.checks).toContainEqual({
      rule: 'part-le-whole',
      id: 'part-le-whole:3.1.3/lien-thong',
      whole: '3.1.3',
      parts: ['3.3.1', '3.3.2'],
    });
  });

  it("writes the checks of a multi-form version in their forms, with the forms' local ids", () => {
    const source = templateToSource(byId('quang-tri-forms-2022'), indicators);
    expect(source.forms.map((f) => f.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(source.forms[2]!.checks).toContainEqual({ rule: 'balance', current: '1.4', added: '1.2', removed: '1.3' });
    expect(source.checks).toEqual([]);
  });

  it('is idempotent', () => {
    for (const template of templates) {
      const once = templateToSource(template, indicators);
      const rebuilt = buildTemplate(once, indicators);
      expect(rebuilt.ok).toBe(true);
      if (rebuilt.ok) expect(templateToSource(rebuilt.template, indicators)).toEqual(once);
    }
  });

  it('round-trips any template the builder accepts (property)', () => {
    const catalogue: IndicatorDefinition[] = [
      { id: 'a.count', name: 'A', kind: 'count', measure: 'stock', area: 'x' },
      { id: 'b.count', name: 'B', kind: 'count', measure: 'flow', area: 'x' },
      { id: 'c.percent', name: 'C', kind: 'percent', measure: 'stock', area: 'x' },
      { id: 'd.coded', name: 'D', kind: 'coded', measure: 'flow', area: 'x' },
    ];
    const codes = ['1', '1.1', '1.2', '1.1.1', '1.1.2', '1.2.1', '2', '2.1', '2.1.1', '3'];
    const row = fc.record(
      {
        code: fc.constantFrom(...codes),
        dot: fc.boolean(),
        coded: fc.boolean(),
        renamed: fc.boolean(),
        unit: fc.constantFrom('', 'Thủ tục', '%', 'Triệu đồng', 'Đồng', 'Chưa = 0 Có = 1', 'Người'),
        kind: fc.option(fc.constantFrom('count', 'decimal', 'percent', 'text'), { nil: undefined }),
        group: fc.option(fc.boolean(), { nil: undefined }),
        parent: fc.option(fc.nat(20), { nil: undefined }),
        measure: fc.option(fc.constantFrom('flow', 'stock'), { nil: undefined }),
        indicator: fc.option(fc.nat(3), { nil: undefined }),
        required: fc.option(fc.boolean(), { nil: undefined }),
        responsible: fc.option(fc.constantFrom('Sở Nội vụ', 'UBND cấp xã'), { nil: undefined }),
      },
      { requiredKeys: ['code', 'dot', 'coded', 'renamed', 'unit'] },
    );
    const form = fc.record({
      rows: fc.array(row, { minLength: 1, maxLength: 10 }),
      checks: fc.array(
        fc.tuple(fc.constantFrom('sum', 'part-le-whole', 'cumulative', 'required'), fc.nat(20), fc.nat(20), fc.boolean(), fc.boolean()),
        { maxLength: 4 },
      ),
    });
    const arbitrary = fc.record({ forms: fc.array(form, { minLength: 1, maxLength: 3 }), numbered: fc.boolean() });
    let accepted = 0;
    const failures: string[] = [];
    fc.assert(
      fc.property(arbitrary, ({ forms, numbered }) => {
        const source: TemplateSource = {
          id: 'thu',
          family: 'forms',
          name: 'Thử',
          effectiveFrom: '2024-01-01',
          columns: ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu'],
          forms: forms.map((f, formIndex) => {
            const ids: string[] = [];
            const rows = f.rows.map((r, i): RowSource => {
              const local = r.coded ? (r.renamed || ids.includes(r.code) ? `${r.code}.${i}` : r.code) : `${r.code}/dong-${i}`;
              const out: RowSource = { label: `Dòng ${i}`, unit: r.unit };
              if (r.coded) out.code = `${r.code}${r.dot ? '.' : ''}`;
              if (!r.coded || local !== r.code) out.id = local;
              if (r.kind) out.kind = r.kind as RowSource['kind'];
              const kind = r.kind ?? kindFromUnit(r.unit).type;
              const fitting = catalogue.filter((c) => c.kind === kind);
              if (r.group !== undefined) out.group = r.group;
              if (r.parent !== undefined && ids.length > 0) out.parent = ids[r.parent % ids.length];
              if (r.measure) out.measure = r.measure as RowSource['measure'];
              if (r.indicator !== undefined && fitting.length > 0) out.indicator = fitting[r.indicator % fitting.length]!.id;
              if (r.required !== undefined) out.required = r.required;
              if (r.responsible) out.responsible = r.responsible;
              ids.push(local);
              return out;
            });
            const checks = f.checks.map(([rule, a, b, warning, named], k) => {
              const first = ids[a % ids.length]!;
              const second = ids[b % ids.length]!;
              const severity = warning ? { severity: 'warning' as const } : {};
              const id = named ? { id: `kiem-tra-${formIndex}-${k}` } : {};
              return rule === 'sum' || rule === 'part-le-whole'
                ? { rule, ...id, whole: first, parts: [second], ...severity }
                : { rule: rule as 'cumulative' | 'required', ...id, rows: [first, second], ...severity };
            });
            return { number: numbered || forms.length > 1 ? String(formIndex + 1) : null, title: `Biểu ${formIndex + 1}`, rows, checks };
          }),
        };
        const built = buildTemplate(source, catalogue);
        if (!built.ok) {
          failures.push(built.problems[0]!.message.replace(/"[^"]*"/gu, '…'));
          return;
        }
        accepted++;
        for (const c of [catalogue, undefined]) {
          const again = buildTemplate(templateToSource(built.template, c), catalogue);
          expect(again.ok && again.template).toEqual(built.template);
        }
      }),
      { numRuns: 400, seed: 20250701 },
    );
    expect(accepted, [...new Set(failures)].join('\n')).toBeGreaterThan(150);
  });
});

describe('mentionsDistrict', () => {
  it('finds the district level however it is written', () => {
    for (const text of [
      'Số TTHC cấp huyện:',
      'Số ĐVSNCL thuộc UBND cấp huyện',
      'với UBND huyện.',
      'UBND CẤP HUYỆN',
      'các quận, huyện',
      'Huyện Ninh Phước',
      'cấp huye\u0302\u0323n',
    ])
      expect(mentionsDistrict(text), text).toBe(true);
  });
  it('does not take words that merely contain the letters', () => {
    for (const text of ['Số câu chuyện hay', 'Số TTHC cấp tỉnh', 'cấp xã', 'Nguyễn Thị Huyền', 'huyen', '', null, undefined])
      expect(mentionsDistrict(text), String(text)).toBe(false);
  });
});

describe('checkTemplateVersion', () => {
  it('reports every district row of a version effective from 1 July 2025, at its row', () => {
    const result = checkTemplateVersion(derived2025(), context());
    expect(result.ok).toBe(false);
    const rows = base.rows;
    const flagged = result.problems
      .map((p) => problemRow(p.at))
      .filter((p) => p !== null)
      .map(([, r]) => rows[r]!.id);
    expect(flagged).toEqual(
      expect.arrayContaining([
        '1.2.2',
        '3.1.3/cap-huyen',
        '3.4.2',
        '4.1.4/thuoc-ubnd-huyen',
        '5.3.4',
        '5.4.2',
        '7.6.1/cap-huyen',
        '7.6.1/cap-xa',
        '7.7.2',
      ]),
    );
    expect(flagged).not.toContain('3.1.3/cap-tinh');
    expect(flagged).not.toContain('3.4.3');
    const message = result.problems.find((p) => p.at === `forms[0].rows[${rows.findIndex((r) => r.id === '4.1.4/thuoc-ubnd-huyen')}]`)!.message;
    expect(message).toContain('4.1.4/thuoc-ubnd-huyen');
    expect(message).toContain('01/07/2025');
    expect(result.problems.every((p) => problemRow(p.at) !== null)).toBe(true);
  });

  it('is ok once the district rows and the checks that used them are gone', () => {
    const first = checkTemplateVersion(derived2025(), context());
    const cleaned = withoutRows(
      derived2025(),
      first.problems.map((p) => p.at),
    );
    const result = checkTemplateVersion(cleaned, context());
    expect(result.problems).toEqual([]);
    expect(result.ok && result.template.id).toBe('ninh-thuan-7s-2025-07');
    expect(result.ok && result.template.rows.some((r) => mentionsDistrict(r.label))).toBe(false);
  });

  it('leaves district rows alone before 1 July 2025', () => {
    const source = templateSourceSchema.parse({ ...derived2025(), effectiveFrom: '2025-06-30' });
    expect(districtRowProblems(source, indicators)).toEqual([]);
    expect(checkTemplateVersion({ ...derived2025(), effectiveFrom: '2025-06-30' }, context())).toMatchObject({ ok: true });
  });

  it('flags a renamed row that still carries a district indicator, and a district "Đơn vị thực hiện"', () => {
    const source = derived2025();
    const rows = source.forms[0]!.rows;
    rows.splice(
      0,
      rows.length,
      { code: '1.', label: 'Số TTHC cấp tỉnh', unit: 'Thủ tục', indicator: 'procedures.in-force-district' },
      { code: '2.', label: 'Số TTHC', unit: 'Thủ tục', responsible: 'UBND cấp huyện báo cáo' },
    );
    source.forms[0]!.checks = [];
    const result = checkTemplateVersion(source, context());
    expect(result.problems.map((p) => p.at)).toEqual(['forms[0].rows[0]', 'forms[0].rows[1]']);
    expect(result.problems[0]!.message).toContain('procedures.in-force-district');
    expect(result.problems[1]!.message).toContain('UBND cấp huyện báo cáo');
  });

  it('wants the version to take effect after the one it comes from, under a new id and name, in the same family', () => {
    const clean = withoutRows(
      derived2025(),
      checkTemplateVersion(derived2025(), context()).problems.map((p) => p.at),
    );
    const at = (source: unknown, ctx = context()) => checkTemplateVersion(source, ctx).problems.map((p) => p.at);
    expect(at({ ...clean, effectiveFrom: '2023-01-01' })).toEqual(['effectiveFrom']);
    expect(at({ ...clean, effectiveFrom: '2022-06-01' })).toEqual(['effectiveFrom']);
    expect(at({ ...clean, id: 'ninh-thuan-7s-2022' })).toEqual(['id']);
    expect(at({ ...clean, name: base.name.toUpperCase() })).toEqual(['name']);
    expect(at({ ...clean, family: 'responsible-unit' })).toEqual(['family']);
    expect(at(clean, context({ basedOn: 'khong-co', source: null }))).toEqual(['basedOn']);
    expect(at({ ...clean, effectiveFrom: '2025-02-29' })).toEqual(['effectiveFrom']);
    expect(at({ ...clean, effectiveTo: '2025-06-01' })).toEqual(['effectiveTo']);
    const stored = [
      ...context().stored,
      { id: 'nt-2025', family: 'seven-section', name: 'Khác', effectiveFrom: '2025-07-01', province: 'Ninh Thuận' },
    ];
    expect(at(clean, context({ stored }))).toEqual(['effectiveFrom']);
    expect(at(clean, context({ stored: stored.map((s) => (s.id === 'nt-2025' ? { ...s, province: 'Khánh Hòa' } : s)) }))).toEqual([]);
  });

  it("places the builder's problems at the row or check they are about, in document order", () => {
    const source = derived2025();
    source.effectiveFrom = '2025-01-01';
    const rows = source.forms[0]!.rows;
    rows[3] = { ...rows[3]!, indicator: 'khong.co' };
    rows[5] = { ...rows[5]!, parent: '9.9' };
    rows[6] = { ...rows[6]!, label: '' };
    rows[7] = { ...rows[7]!, indicator: rows[2]!.indicator! };
    const removed = rows.findIndex((r) => r.id === '3.1.3/cap-xa');
    rows.splice(removed, 1);
    const result = checkTemplateVersion(source, context());
    expect(result.problems.map((p) => p.at)).toEqual(['forms[0].rows[6].label']);
    delete (rows[6] as Partial<RowSource>).label;
    rows[6] = { ...rows[6]!, label: '   ' };
    const second = checkTemplateVersion(source, context());
    const sumIndex = source.forms[0]!.checks!.findIndex((c) => c.rule === 'sum' && c.whole === '3.1.3');
    expect(second.problems.map((p) => p.at)).toEqual([
      'forms[0].rows[3]',
      'forms[0].rows[5]',
      'forms[0].rows[6]',
      'forms[0].rows[7]',
      `forms[0].checks[${sumIndex}]`,
    ]);
    expect(second.problems[0]!.message).toContain('khong.co');
    expect(second.problems[3]!.message).toContain('mỗi chỉ tiêu chuẩn chỉ gắn cho một dòng');
    expect(second.problems[4]!.message).toContain('3.1.3/cap-xa');
  });

  it('wants every parent above its children', () => {
    const source = derived2025();
    source.effectiveFrom = '2025-01-01';
    const rows = source.forms[0]!.rows;
    rows[1] = { ...rows[1]!, parent: '1.1.1' };
    const result = checkTemplateVersion(source, context());
    expect(result.problems).toEqual([{ at: 'forms[0].rows[1]', message: 'Dòng cha 1.1.1 phải đứng trước dòng 1.1 (dòng con nằm dưới dòng cha).' }]);
  });

  it('reports a malformed source by its path', () => {
    expect(checkTemplateVersion({ ...derived2025(), forms: [] }, context()).problems.map((p) => p.at)).toEqual(['forms']);
    expect(checkTemplateVersion({ ...derived2025(), effectiveFrom: '01/07/2025' }, context()).problems).toEqual([
      { at: 'effectiveFrom', message: 'Ngày bắt đầu hiệu lực "01/07/2025" không đúng dạng năm-tháng-ngày (yyyy-mm-dd).' },
    ]);
    expect(checkTemplateVersion({ ...derived2025(), effectiveFrom: '' }, context()).problems).toEqual([
      { at: 'effectiveFrom', message: 'Chưa có ngày bắt đầu hiệu lực.' },
    ]);
  });
});

describe('helpers', () => {
  it('normalises schema paths and finds the row of a problem', () => {
    expect(normaliseAt('forms.0.rows.12.label')).toBe('forms[0].rows[12].label');
    expect(problemRow('forms[1].rows[12].label')).toEqual([1, 12]);
    expect(problemRow('forms[1].checks[2]')).toBeNull();
  });
  it('knows real calendar days', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-7-1')).toBe(false);
  });
  it("keeps every shipped template's parents above their children (the rule holds for what exists)", () => {
    for (const template of templates as Template[]) {
      for (const row of template.rows) if (row.parent) expect(template.rows.find((r) => r.id === row.parent)!.order).toBeLessThan(row.order);
      for (const check of template.checks) expect(checkRefs(check).length).toBeGreaterThan(0);
    }
  });
});

describe('problems of a malformed definition', () => {
  it('are said in Vietnamese, where they are', () => {
    const result = buildTemplate(
      {
        id: 'x',
        family: 'seven-section',
        name: 'Mẫu',
        effectiveFrom: '2026-01-01',
        columns: ['STT'],
        forms: [{ number: null, rows: [{ code: '1.', label: '' }, { code: 2 }] }],
      },
      [],
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toContainEqual({ at: 'forms.0.rows.0.label', message: 'Không được để trống.' });
    for (const p of problems) expect(p.message, p.at).not.toMatch(/expected|invalid|required|too (small|big)/iu);
    expect(problems.length).toBeGreaterThan(1);
  });
});

describe('what a row and a version carry over from their definition', () => {
  it('keeps the responsible agency of a row and the version’s end date', () => {
    const built = buildTemplate(
      {
        id: 'kh-2021',
        family: 'responsible-unit',
        name: 'Mẫu có đơn vị thực hiện',
        effectiveFrom: '2021-01-01',
        effectiveTo: '2021-12-31',
        columns: ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú', 'Đơn vị thực hiện'],
        forms: [
          {
            number: null,
            rows: [
              { code: '1.', label: 'Số văn bản', unit: 'Văn bản', responsible: 'Sở Nội vụ báo cáo kết quả thực hiện của tỉnh' },
              { code: '2.', label: 'Số cuộc kiểm tra', unit: 'Cuộc' },
            ],
          },
        ],
      },
      [],
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.template.effectiveTo).toBe('2021-12-31');
    expect(built.template.rows.map((r) => r.responsible)).toEqual(['Sở Nội vụ báo cáo kết quả thực hiện của tỉnh', null]);
  });
});
