import { describe, expect, it } from 'vitest';
import { makeTemplate } from '../../../../src/test-support/template-factory.js';
import { gridView, rowMatchesSearch, sectionOf, sectionsOf, type RowFacts } from './grid-filter.js';

// the shapes of the Ninh Thuận appendix: a row printed with its parent's code (1.2's children printed 1.1.x),
// uncoded breakdowns, percentages
const nt = makeTemplate({
  forms: [
    {
      number: null,
      rows: [
        { code: '1.', label: 'Công tác chỉ đạo điều hành CCHC' },
        { code: '1.1.', label: 'Kế hoạch CCHC' },
        { code: '1.1.1.', label: 'Số nhiệm vụ đề ra trong kế hoạch', unit: 'Nhiệm vụ' },
        { code: '1.1.2.', label: 'Số nhiệm vụ đã hoàn thành', unit: 'Nhiệm vụ' },
        { code: '1.1.3.', label: 'Số văn bản chỉ đạo CCHC đã ban hành', unit: 'Văn bản' },
        { code: '1.2.', label: 'Kiểm tra CCHC', unit: 'Văn bản' },
        { code: '1.1.1.', id: '1.2.1', label: 'Số sở, ngành đã kiểm tra', unit: 'Cơ quan, đơn vị' },
        { code: '1.1.2.', id: '1.2.2', label: 'Số UBND cấp huyện đã kiểm tra', unit: 'Cơ quan, đơn vị' },
        { code: '1.1.3.', id: '1.2.3', label: 'Số vấn đề phát hiện qua kiểm tra', unit: 'Vấn đề' },
        { code: '1.1.4.', id: '1.2.4', label: 'Số vấn đề phát hiện đã xử lý xong', unit: 'Vấn đề' },
        { code: '2.', label: 'Cải cách thể chế' },
        { code: '2.1.', label: 'Số VBQPPL đã ban hành/tham mưu ban hành', unit: 'Văn bản' },
        { code: '3.', label: 'Cải cách thủ tục hành chính' },
        { code: '3.1.', label: 'Thống kê TTHC' },
        { code: '3.1.1.', label: 'Số TTHC công bố mới', unit: 'Thủ tục' },
        { code: '3.1.2.', label: 'Số TTHC bãi bỏ, thay thế', unit: 'Thủ tục' },
        { code: '3.1.3.', label: 'Tổng số TTHC đang có hiệu lực', unit: 'Thủ tục' },
        { id: '3.1.3/cap-tinh', label: 'Số TTHC cấp tỉnh:', unit: 'Thủ tục' },
        { id: '3.1.3/cap-huyen', label: 'Số TTHC cấp huyện:', unit: 'Thủ tục' },
        { id: '3.1.3/cap-xa', label: 'Số TTHC cấp xã:', unit: 'Thủ tục' },
        { code: '3.4.', label: 'Kết quả giải quyết TTHC' },
        { code: '3.4.1.', label: 'Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn', unit: '%' },
        { code: '3.4.3.', label: 'Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn', unit: '%' },
        { code: '3.4.5.', label: 'Tỷ lệ hồ sơ TTHC về lĩnh vực xây dựng được giải quyết đúng hạn (ở cả 3 cấp).', unit: '%' },
        { code: '3.10.', label: 'Số TTHC thực hiện qua dịch vụ bưu chính', unit: 'Thủ tục' },
      ],
    },
  ],
});
const qt = makeTemplate({
  family: 'forms',
  forms: [1, 2, 3].map((n) => ({
    number: String(n),
    title: `Biểu ${n}`,
    rows: [
      { code: '1.', label: `Chỉ tiêu một của biểu ${n}`, unit: 'Văn bản' },
      { code: '2.', label: `Chỉ tiêu hai của biểu ${n}`, unit: 'Văn bản' },
    ],
  })),
});
const row = (id: string) => nt.rows.find((r) => r.id === id)!;
const found = (query: string) => nt.rows.filter((r) => rowMatchesSearch(r, query)).map((r) => r.id);

describe('searching the grid', () => {
  it('by code: the row and the rows under it, "3.1" not "3.10"', () => {
    expect(found('3.1.3')).toEqual(['3.1.3', '3.1.3/cap-tinh', '3.1.3/cap-huyen', '3.1.3/cap-xa']);
    expect(found('3.1.')).toContain('3.1.1');
    expect(found('3.1')).not.toContain('3.10');
    expect(found('3,1,3')).toContain('3.1.3');
    // the children of 1.2 are printed 1.1.1–1.1.4: their logical codes find them
    expect(found('1.2')).toEqual(['1.2', '1.2.1', '1.2.2', '1.2.3', '1.2.4']);
  });

  it('by words, with or without diacritics, every word found', () => {
    expect(found('ho so dung han')).toContain('3.4.1');
    expect(found('hồ sơ đúng hạn')).toEqual(found('ho so dung han'));
    expect(found('TTHC cấp xã')).toEqual(['3.1.3/cap-xa', '3.4.3']);
    expect(found('cap huy')).toContain('3.1.3/cap-huyen');
    expect(rowMatchesSearch(row('3.1.1'), 'công bố')).toBe(true);
    expect(rowMatchesSearch(row('3.1.1'), 'bãi bỏ')).toBe(false);
    expect(found('')).toHaveLength(nt.rows.length);
  });
});

describe('filters, sections and the counts', () => {
  const facts =
    (filled: ReadonlySet<string>, flagged: ReadonlySet<string> = new Set()) =>
    (r: (typeof nt.rows)[number]): RowFacts => ({
      takesValue: !r.group,
      filled: filled.has(r.id),
      flagged: flagged.has(r.id),
      unsaved: r.id === '2.1',
      changedFromPrevious: false,
    });

  it('counts what each filter leaves, and the progress over the rows that take a value', () => {
    const f = facts(new Set(['3.1.1', '3.1.2']), new Set(['3.1.2']));
    const all = gridView(nt, f, '', 'all', null);
    const valued = nt.rows.filter((r) => !r.group).length;
    expect(all.visible.size).toBe(nt.rows.length);
    expect(all.progress).toEqual({ filled: 2, total: valued });
    expect(all.counts).toMatchObject({ findings: 1, empty: valued - 2, unsaved: 1, 'changed-previous': 0 });
    expect([...gridView(nt, f, '', 'findings', null).visible]).toEqual(['3.1.2']);
    expect(gridView(nt, f, 'TTHC', 'empty', null).visible.has('3.1.1')).toBe(false);
    expect(gridView(nt, f, 'TTHC', 'empty', null).visible.has('3.1.3/cap-tinh')).toBe(true);
    expect(gridView(nt, f, 'TTHC', 'empty', null).visible.has('3.1.3')).toBe(false); // a heading takes no value
  });

  it('sections: the top-level headings, or the forms of a multi-form template', () => {
    expect(sectionsOf(nt).map((s) => s.key)[2]).toBe('row:3');
    expect(sectionOf(row('3.1.3/cap-xa'), new Map(nt.rows.map((r) => [r.id, r])))).toBe('row:3');
    const section = gridView(nt, facts(new Set()), '', 'all', 'row:3');
    expect([...section.visible].every((id) => id === '3' || id.startsWith('3.'))).toBe(true);
    expect(sectionsOf(qt)).toHaveLength(3);
    expect(sectionsOf(qt)[0]!.label).toMatch(/^Biểu mẫu 1: /u);
  });
});
