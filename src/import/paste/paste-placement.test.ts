import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../templates/template-loader.js';
import { detectColumns, parseClipboardTable, placePaste, type PlacedLine } from './paste-placement.js';

const nt = getTemplate('ninh-thuan-7s-2023');
const qt = getTemplate('quang-tri-forms-2022');

/** Rows as Excel copies them: cells by tab, lines by CRLF, a trailing newline. */
const excel = (rows: string[][]) =>
  rows.map((r) => r.map((c) => (/[\t\n"]/u.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join('\t')).join('\r\n') + '\r\n';

const placed = (lines: readonly PlacedLine[]) => lines.filter((l) => l.writes).map((l) => [l.rowId, l.value, l.note]);

const BLOCK = [
  ['3.1.1.', 'Số TTHC công bố mới', 'Thủ tục', '12', ''],
  ['3.1.2.', 'Số TTHC bãi bỏ, thay thế', 'Thủ tục', '5', 'QĐ 123/QĐ-UBND'],
  ['3.1.3.', 'Tổng số TTHC đang có hiệu lực', 'Thủ tục', '1.204', ''],
  ['', 'Số TTHC cấp tỉnh:', 'Thủ tục', '980', ''],
  ['', 'Số TTHC cấp huyện:', 'Thủ tục', '150', ''],
  ['', 'Số TTHC cấp xã:', 'Thủ tục', '74', ''],
];

describe('the clipboard’s table', () => {
  it('reads tabs, CRLF, quoted cells with tabs, newlines and doubled quotes', () => {
    expect(parseClipboardTable('a\tb\r\n"x\ny"\t"say ""hi"""\r\n')).toEqual([
      ['a', 'b'],
      ['x\ny', 'say "hi"'],
    ]);
    expect(parseClipboardTable('12\t\n\t3')).toEqual([
      ['12', ''],
      ['', '3'],
    ]);
    // a quote inside a cell that does not start it, and an unbalanced one, are text
    expect(parseClipboardTable('5" màn hình\t"mở')).toEqual([['5" màn hình', '"mở']]);
  });

  it('gives back what Excel wrote, for any cells', () => {
    const cell = fc.string({ maxLength: 12 }).map((s) => s.replace(/\r/gu, ''));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(parseClipboardTable(excel(rows))).toEqual(rows);
      }),
    );
  });
});

describe('pasting an Excel block by meaning', () => {
  it('with a header row: STT, label, unit, value, note', () => {
    const p = placePaste(nt, excel([['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu', 'Ghi chú'], ...BLOCK]));
    expect(p.mode).toBe('by-meaning');
    expect(p.header).toBe(true);
    expect(p.columns.map((c) => c.role)).toEqual(['code', 'label', 'unit', 'value', 'note']);
    expect(placed(p.lines)).toEqual([
      ['3.1.1', '12', ''],
      ['3.1.2', '5', 'QĐ 123/QĐ-UBND'],
      ['3.1.3', '1.204', ''],
      ['3.1.3/cap-tinh', '980', ''],
      ['3.1.3/cap-huyen', '150', ''],
      ['3.1.3/cap-xa', '74', ''],
    ]);
    expect(p.lines[0]!.line).toBe(2); // the header is line 1
    expect(p.lines.find((l) => l.rowId === '3.1.3')!.reading).toMatchObject({ shown: '= 1.204', severity: null });
    expect(p.problem).toBeNull();
  });

  it('without a header, columns shuffled: value, label, note, STT', () => {
    const shuffled = BLOCK.map(([code, label, , value, note]) => [value!, label!, note!, code!]);
    const p = placePaste(nt, excel(shuffled));
    expect(p.header).toBe(false);
    expect(p.columns.map((c) => c.role)).toEqual(['value', 'label', 'note', 'code']);
    expect(placed(p.lines).map(([row, value]) => [row, value])).toEqual([
      ['3.1.1', '12'],
      ['3.1.2', '5'],
      ['3.1.3', '1.204'],
      ['3.1.3/cap-tinh', '980'],
      ['3.1.3/cap-huyen', '150'],
      ['3.1.3/cap-xa', '74'],
    ]);
  });

  it('codes as Excel leaves them: "3.1.1" without the dot, "3,2" taken for a decimal, roman section heads', () => {
    const p = placePaste(
      nt,
      excel([
        ['III', 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH', '', ''],
        ['3.1.1', 'Số TTHC công bố mới', '7', ''],
        ['3.1.2', 'Số TTHC bãi bỏ, thay thế', '2', ''],
        ['3,2', 'Vận hành Cổng dịch vụ công quốc gia', '', ''],
        ['3.2.1', 'Số TTHC đã cập nhật, công khai trên Cổng DVC quốc gia', '1.810', ''],
      ]),
    );
    expect(placed(p.lines).map(([row, value]) => [row, value])).toEqual([
      ['3.1.1', '7'],
      ['3.1.2', '2'],
      ['3.2.1', '1.810'],
    ]);
    // the headings land on their rows and write nothing
    expect(p.lines.find((l) => l.label === 'Vận hành Cổng dịch vụ công quốc gia')).toMatchObject({ rowId: '3.2', writes: false, problem: null });
    expect(p.lines[0]).toMatchObject({ rowId: '3', writes: false });
  });

  it('merged cells: a heading merged over STT and label, a label merged over two columns, codes inside the label', () => {
    const p = placePaste(
      nt,
      excel([
        ['2. Cải cách thể chế', '', '', '', ''],
        ['', '2.1. Số VBQPPL đã ban hành/tham mưu ban hành', '', '4', ''],
        ['', '2.2. Số VBQPPL đã kiểm tra theo thẩm quyền', '', '3', 'kiểm tra theo kế hoạch'],
        ['', '2.3. Số VBQPPL đã rà soát', '', '11', ''],
      ]),
    );
    expect(placed(p.lines)).toEqual([
      ['2.1', '4', ''],
      ['2.2', '3', 'kiểm tra theo kế hoạch'],
      ['2.3', '11', ''],
    ]);
    expect(p.lines[0]).toMatchObject({ rowId: '2', writes: false });
  });

  it('a plan column beside the result: the caption decides, the plan goes to the note', () => {
    const p = placePaste(
      nt,
      excel([
        ['TT', 'Nội dung', 'Kế hoạch', 'Thực hiện', 'Ghi chú'],
        ['1.1.1', 'Số nhiệm vụ đề ra trong kế hoạch', '24', '24', ''],
        ['1.1.2', 'Số nhiệm vụ đã hoàn thành', '24', '19', 'còn 5 nhiệm vụ'],
      ]),
    );
    expect(p.columns.map((c) => c.role)).toEqual(['code', 'label', 'aside', 'value', 'note']);
    expect(placed(p.lines)).toEqual([
      ['1.1.1', '24', 'Kế hoạch: 24'],
      ['1.1.2', '19', 'còn 5 nhiệm vụ; Kế hoạch: 24'],
    ]);
  });

  it('two columns of numbers without a header: the one right of the label is the value, and the officer is told', () => {
    const p = placePaste(
      nt,
      excel([
        ['Số nhiệm vụ đề ra trong kế hoạch', '24', '30'],
        ['Số nhiệm vụ đã hoàn thành', '19', '25'],
      ]),
    );
    expect(p.columns.map((c) => c.role)).toEqual(['label', 'value', 'note']);
    expect(p.notices.join(' ')).toMatch(/Có 2 cột số/u);
    // she says the third column is the value and the second the plan
    const chosen = placePaste(nt, excel([['Số nhiệm vụ đề ra trong kế hoạch', '24', '30']]), { roles: ['label', 'aside', 'value'] });
    expect(placed(chosen.lines)).toEqual([['1.1.1', '30', 'Cột 2: 24']]);
  });

  it('reads each value for its row: unsure separators, words where a number belongs, a done-of-total', () => {
    const p = placePaste(
      nt,
      excel([
        ['3.1.3.', 'Tổng số TTHC đang có hiệu lực', '12,846'],
        ['3.1.1.', 'Số TTHC công bố mới', 'đang cập nhật'],
        ['3.3.3.', 'Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ', '149/150'],
      ]),
    );
    const byRow = new Map(p.lines.map((l) => [l.rowId, l.reading]));
    expect(byRow.get('3.1.3')).toMatchObject({ severity: 'warning' });
    expect(byRow.get('3.1.1')).toMatchObject({ severity: 'error', shown: 'không đọc được số' });
    expect(byRow.get('3.3.3')!.shown).toBe('= 99,33%');
  });

  it('lines that match nothing are told, never placed; a paste with no codes or labels in three columns is refused', () => {
    const p = placePaste(
      nt,
      excel([
        ['1.1.1', 'Số nhiệm vụ đề ra trong kế hoạch', '24'],
        ['', 'Số cây xanh trồng mới trong khuôn viên', '300'],
      ]),
    );
    expect(p.lines[1]).toMatchObject({ rowId: null, writes: false, problem: 'Không tìm thấy chỉ tiêu này trong mẫu báo cáo.' });
    const refused = placePaste(nt, excel([['12', '5', '7']]));
    expect(refused.lines).toEqual([]);
    expect(refused.problem).toMatch(/Không nhận ra cột STT hoặc cột tên chỉ tiêu/u);
  });

  it('a plain value + note block stays a positional paste', () => {
    expect(placePaste(nt, '12\tghi chú\n5\n/\n')).toMatchObject({ mode: 'positional', problem: null });
    expect(placePaste(nt, '12\n5\n7\n').mode).toBe('positional');
  });

  it('STT and value only: placed by code', () => {
    const p = placePaste(
      nt,
      excel([
        ['4.1.1.', '19'],
        ['4.1.2.', '2'],
        ['9.9.9.', '1'],
      ]),
    );
    expect(p.columns.map((c) => c.role)).toEqual(['code', 'value']);
    expect(placed(p.lines)).toEqual([
      ['4.1.1', '19', ''],
      ['4.1.2', '2', ''],
    ]);
    expect(p.lines[2]!.rowId).toBeNull();
  });

  it('a multi-form template: the form whose rows fit, the officer’s form first', () => {
    const block = excel([
      ['1.', 'Tổng số VBQPPL do địa phương ban hành', '16'],
      ['1.1.', 'Số VBQPPL do cấp tỉnh ban hành', '9'],
      ['1.2.', 'Số VBQPPL do cấp huyện ban hành', '7'],
    ]);
    const p = placePaste(qt, block, { form: '1' });
    expect(p.form).toBe('2');
    expect(placed(p.lines).map(([row]) => row)).toEqual(['2/1', '2/1.1', '2/1.2']);
  });

  it('never throws and never places two lines on one row, whatever is pasted', () => {
    const cell = fc.oneof(
      fc.constantFrom('1.1.1.', '3.1', 'I', '', '12', '/', 'Số TTHC công bố mới', 'Ghi chú', 'STT', 'Số liệu', '1.204', 'abc'),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 12 }), (rows) => {
        const p = placePaste(nt, excel(rows));
        const ids = p.lines.filter((l) => l.rowId !== null).map((l) => l.rowId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const l of p.lines) if (l.writes) expect(l.rowId).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('a whole appendix copied from Excel, without a header, columns shuffled: every row lands on itself', () => {
    for (const template of [nt, getTemplate('ninh-thuan-7s-2022'), getTemplate('khanh-hoa-ru-2021')]) {
      const valued = template.rows.filter((r) => !r.group);
      const lines = template.rows.map((r, i) => [r.unit, r.group ? '' : String(i + 1), r.code ?? '', r.label]);
      const p = placePaste(template, excel(lines));
      expect(p.columns.map((c) => c.role)).toEqual(['unit', 'value', 'code', 'label']);
      const got = new Map(p.lines.filter((l) => l.writes).map((l) => [l.rowId, l.value]));
      expect(got.size, template.id).toBe(valued.length);
      for (const r of valued) expect(got.get(r.id), `${template.id} ${r.id}`).toBe(String(r.order + 1));
    }
  });

  it('an extra column of text without a header: the one after the value is the note, another is left out and said', () => {
    const p = placePaste(
      nt,
      excel([
        ['Số nhiệm vụ đề ra trong kế hoạch', '24', 'đủ', 'Phòng Tổ chức'],
        ['Số nhiệm vụ đã hoàn thành', '19', 'còn 5', 'Phòng Tổ chức'],
      ]),
    );
    expect(p.columns.map((c) => c.role)).toEqual(['label', 'value', 'note', 'ignore']);
    expect(p.notices).toEqual(['Bỏ qua cột 4: không nhận ra nội dung.']);
    expect(placed(p.lines)).toEqual([
      ['1.1.1', '24', 'đủ'],
      ['1.1.2', '19', 'còn 5'],
    ]);
  });

  it('detects the columns of a header with the captions of other years', () => {
    const { columns, header } = detectColumns(nt, [['Số TT', 'Tên chỉ tiêu', 'ĐVT', 'Kết quả thực hiện', 'Ghi chú']]);
    expect(header).toBe(true);
    expect(columns.map((c) => c.role)).toEqual(['code', 'label', 'unit', 'value', 'note']);
  });
});
