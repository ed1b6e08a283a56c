import { describe, expect, it } from 'vitest';
import type { SourceBlock, SourceDocument } from '../source-document.js';
import { readTextReport } from '../text/text-reader.js';
import { extractAppendix, footerStart, formNumberOf, isHeaderRow } from './appendix-tables.js';

const HEADER = [
  'STT\tChỉ tiêu thống kê (Sử dụng trong kỳ báo cáo quý, 6 tháng, 9 tháng, năm)\tKết quả thống kê\t\tGhi chú',
  '\t\tĐơn vị tính\tSố liệu\t',
];
const table = (...lines: string[]) => extractAppendix(readTextReport(['PHỤ LỤC', ...lines].join('\n')));
const rowsOf = (...lines: string[]) => table(...lines).flatMap((t) => t.rows.map((r) => [r.code, r.label, r.unit, r.value, r.extra]));

describe('header rows, whatever their wording', () => {
  it.each([
    [['STT', 'Chỉ tiêu thống kê', 'Kết quả thống kê', '', 'Ghi chú']],
    [['TT', 'Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo)', 'Kết quả thống kê', '', 'Ghi chú']],
    [['Số TT', 'Chỉ tiêu', 'ĐVT', 'Số liệu', 'Ghi chú']],
    [['ST T', 'Nội dung', 'Đơn vị tính', 'Số liệu', 'Đơn vị thực hiện']],
    [['', '', 'ĐVT', 'Số liệu', '']],
    [['', '<i>(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)</i>', '<b>Đơn vị tính</b>', '<b>Số liệu</b>', '']],
  ])('%j is a header row', (cells) => {
    expect(isHeaderRow(cells)).toBe(true);
  });

  it.each([
    [['1.1.', 'Kế hoạch CCHC', '', '01', '']],
    [['', 'Số TTHC cấp huyện:', 'Thủ tục', '20', '']],
    [['', 'hóa', '', '', '']],
    [['Trong đó', 'Số liệu', '', '', '']],
    [['STT', '', '', '', '']],
  ])('%j is not', (cells) => {
    expect(isHeaderRow(cells)).toBe(false);
  });

  it('drops a header repeated at every page break with "TT", "Số TT" or "ĐVT", and reads its columns', () => {
    const rows = rowsOf(
      'TT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú',
      '\t\tĐVT\tSố liệu\t',
      '1.1.\tKế hoạch CCHC\t\t01\t',
      '1.1.1.\tSố nhiệm vụ đề ra trong kế hoạch\tNhiệm vụ\t18\t',
      'Số TT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú',
      '\t\tĐVT\tSố liệu\t',
      '1.1.2.\tSố nhiệm vụ đã hoàn thành\tNhiệm vụ\t18\tĐúng tiến độ',
    );
    expect(rows).toEqual([
      ['1.1.', 'Kế hoạch CCHC', '', '01', ''],
      ['1.1.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', '18', ''],
      ['1.1.2.', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', '18', 'Đúng tiến độ'],
    ]);
  });

  it('reads "Kết quả thực hiện" as the value column of a one-row header', () => {
    expect(rowsOf('TT\tNội dung\tĐVT\tGhi chú\tKết quả thực hiện', '1.1.\tKế hoạch CCHC\tVăn bản\t\t01')).toEqual([
      ['1.1.', 'Kế hoạch CCHC', 'Văn bản', '01', ''],
    ]);
  });

  it('finds the columns of a one-row header in another order, and skips a row of column numbers', () => {
    const rows = rowsOf('Số TT\tĐVT\tChỉ tiêu thống kê\tSố liệu\tGhi chú', '(1)\t(2)\t(3)\t(4)\t(5)', '1.1.\tVăn bản\tKế hoạch CCHC\t01\t');
    expect(rows).toEqual([['1.1.', 'Kế hoạch CCHC', 'Văn bản', '01', '']]);
  });
});

describe('a row cut by a page break is joined back by its structure, not by letter case', () => {
  it('joins a piece that starts with a capital or "(" right after the repeated header', () => {
    const rows = rowsOf(
      ...HEADER,
      '3.2.2.\tSố TTHC mức độ 3 và 4 đã tích hợp lên\tThủ tục\t31\t',
      ...HEADER,
      '\tCổng DVC quốc gia\t\t\t',
      '3.3.\tThực hiện cơ chế một cửa, một cửa liên thông\t\t\t',
      'Trong đó\tTỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử\t%\t96,5\t',
      ...HEADER,
      '\t<i>(Sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử).</i>\t\t\t',
      '\tTỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy\t%\t3,5\t',
    );
    expect(rows).toEqual([
      ['3.2.2.', 'Số TTHC mức độ 3 và 4 đã tích hợp lên Cổng DVC quốc gia', 'Thủ tục', '31', ''],
      ['3.3.', 'Thực hiện cơ chế một cửa, một cửa liên thông', '', '', ''],
      // the value stays on the row it was printed on: no value moves to the next row
      [
        'Trong đó',
        'Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử (Sử dụng chữ ký số, chứng thư số và gửi trên môi trường điện tử).',
        '%',
        '96,5',
        '',
      ],
      ['', 'Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử và song song với văn bản giấy', '%', '3,5', ''],
    ]);
  });

  it('joins the cut "Trong" / "đó" code with its label piece, and a unit or a note cut alone', () => {
    const rows = rowsOf(
      ...HEADER,
      'Trong\tTỷ lệ văn bản được gửi hoàn toàn dưới dạng điện\t%\t98,6%\t',
      ...HEADER,
      'đó\ttử\t\t\t',
      '7.4.\tTriển khai xây dựng nền tảng chia sẻ, tích hợp dùng chung (LGSP)\tChưa = 0 Đang làm = 1\t2\t',
      ...HEADER,
      '\t\tHoàn thành = 2\t\t',
      '6.3.\tSố đơn vị SNCL tự chủ một phần chi thường xuyên\tCơ quan, đơn vị\t02\tTrung tâm Văn hóa',
      ...HEADER,
      '\t\t\t\tvà thi đấu thể thao',
    );
    expect(rows).toEqual([
      ['Trong đó', 'Tỷ lệ văn bản được gửi hoàn toàn dưới dạng điện tử', '%', '98,6%', ''],
      ['7.4.', 'Triển khai xây dựng nền tảng chia sẻ, tích hợp dùng chung (LGSP)', 'Chưa = 0 Đang làm = 1 Hoàn thành = 2', '2', ''],
      ['6.3.', 'Số đơn vị SNCL tự chủ một phần chi thường xuyên', 'Cơ quan, đơn vị', '02', 'Trung tâm Văn hóa và thi đấu thể thao'],
    ]);
  });

  it('keeps rows of their own after a page break: a list item, a row with a unit or a value, a row after a finished label', () => {
    const rows = rowsOf(
      ...HEADER,
      '5.4.\tSố lượng cán bộ, công chức, viên chức bị kỷ luật\t\t\t',
      '\t- Số lãnh đạo cấp tỉnh bị kỷ luật\tNgười\t0\t',
      ...HEADER,
      '\t- Số lãnh đạo cấp sở, ngành bị kỷ luật\t\t\t',
      '\tSố TTHC cấp huyện:\tThủ tục\t20\t',
      ...HEADER,
      '\tSố TTHC cấp xã:\tThủ tục\t\t',
      '5.4.3.\tSố lãnh đạo cấp phòng bị kỷ luật.\tNgười\t01\t',
      ...HEADER,
      '\tGhi chú của đơn vị\t\t\t',
    );
    expect(rows.map((r) => r[1])).toEqual([
      'Số lượng cán bộ, công chức, viên chức bị kỷ luật',
      '- Số lãnh đạo cấp tỉnh bị kỷ luật',
      '- Số lãnh đạo cấp sở, ngành bị kỷ luật',
      'Số TTHC cấp huyện:',
      'Số TTHC cấp xã:',
      'Số lãnh đạo cấp phòng bị kỷ luật.',
      'Ghi chú của đơn vị',
    ]);
  });

  it('takes the figures from the second piece when the first had none', () => {
    expect(rowsOf(...HEADER, '3.3.4.\tTỷ lệ quy trình nội bộ đã được điện tử\t\t\t', ...HEADER, '\thóa\t%\t100\t')).toEqual([
      ['3.3.4.', 'Tỷ lệ quy trình nội bộ đã được điện tử hóa', '%', '100', ''],
    ]);
  });

  it('joins a lowercase piece even where no header was repeated (a DOCX or an XLSX)', () => {
    expect(rowsOf(...HEADER, '3.3.4.\tTỷ lệ quy trình nội bộ đã được điện tử\t%\t100\t', '\thóa\t\t\t')).toEqual([
      ['3.3.4.', 'Tỷ lệ quy trình nội bộ đã được điện tử hóa', '%', '100', ''],
    ]);
    // but a capitalised row there is a row
    expect(rowsOf(...HEADER, '3.3.4.\tTỷ lệ quy trình nội bộ đã được điện tử\t%\t100\t', '\tCổng DVC quốc gia\t\t\t')).toHaveLength(2);
  });
});

describe('a table resumed after a footnote', () => {
  const RESPONSIBLE = ['STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tĐơn vị thực hiện', '\t\tĐơn vị tính\tSố liệu\t'];

  it('joins a row cut before a footnote and the repeated header', () => {
    const tables = table(
      ...RESPONSIBLE,
      '3.4.1.4.\tTỷ lệ quy trình nội bộ giải quyết TTHC đã được điện tử\t%\t100\t',
      '<sup>1</sup> Số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC tỉnh.',
      ...RESPONSIBLE,
      '\thóa\t\t\t',
      '3.4.2.\tSố TTHC thực hiện theo cơ chế một cửa liên thông\tThủ tục\t08\tVP UBND tỉnh báo cáo',
    );
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows.map((r) => r.label)).toEqual([
      'Tỷ lệ quy trình nội bộ giải quyết TTHC đã được điện tử hóa',
      'Số TTHC thực hiện theo cơ chế một cửa liên thông',
    ]);
    expect(tables[0]!.rows[0]!.at).toHaveLength(2);
  });

  it('keeps the columns of a table resumed without a header (the "Đơn vị thực hiện" column is no note)', () => {
    const tables = table(
      ...RESPONSIBLE,
      '6.5.\tSố lượng đơn vị SNCL đã chuyển đổi thành công ty cổ phần\tCơ quan, đơn vị\t\t',
      '<sup>1</sup> Xã không có đơn vị sự nghiệp công lập trực thuộc.',
      '7.\tXây dựng và phát triển Chính quyền điện tử, Chính quyền số\t\t\t',
      '7.1.\tCập nhật Kiến trúc chính quyền điện tử phiên bản 2.0\tChưa = 0 Hoàn thành = 1\t\tSở Thông tin và Truyền thông báo cáo',
    );
    expect(tables).toHaveLength(1);
    expect(tables[0]!.extraColumn).toBe('responsible');
    expect(tables[0]!.rows.map((r) => r.code)).toEqual(['6.5.', '7.', '7.1.']);
  });

  it('starts a new table when a form title stands between, or when numbering starts again', () => {
    const forms = table(
      ...HEADER,
      '1.\tSố văn bản chỉ đạo CCHC đã ban hành\tVăn bản\t14\t',
      'Biểu 2',
      'Cải cách thể chế',
      ...HEADER,
      '1.\tTổng số VBQPPL do địa phương ban hành\tVăn bản\t0\t',
    );
    expect(forms.map((t) => [t.form, t.rows.length])).toEqual([
      [null, 1],
      ['2', 1],
    ]);
    const restart = table(...HEADER, '7.2.\tSố liệu\tVăn bản\t1\t', '(1) Văn bản quy phạm pháp luật.', ...HEADER, '1.\tThống kê TTHC\t\t\t');
    expect(restart).toHaveLength(2);
  });
});

describe('forms', () => {
  it.each([
    ['Biểu mẫu 1', '1'],
    ['**Biểu mẫu 01**', '1'],
    ['Biểu mẫu số 3: Cải cách thủ tục hành chính', '3'],
    ['Biểu 5', '5'],
    ['BIỂU 05', '5'],
    ['Biểu 07', '7'],
    ['BM 03', '3'],
    ['Mẫu số 02: Cải cách thể chế', '2'],
    ['Mẫu báo cáo', null],
    ['Biểu đồ 1', null],
    ['Sheet1', null],
  ])('%s → form %s', (title, form) => {
    expect(formNumberOf(title.replace(/\*/gu, ''))).toBe(form);
  });

  it('takes the form of a workbook sheet from its name when no title names it', () => {
    const sheetTable = (sheet: string, code: string): SourceBlock => ({
      type: 'table',
      rows: [
        { cells: ['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu', 'Ghi chú'], at: { kind: 'cell', sheet, table: 0, row: 0 } },
        { cells: [code, 'Số văn bản', 'Văn bản', '3', ''], at: { kind: 'cell', sheet, table: 0, row: 1 } },
      ],
    });
    const doc: SourceDocument = {
      source: 'x.xlsx',
      format: 'xlsx',
      blocks: [sheetTable('Biểu 01', '1.'), sheetTable('Biểu 02', '1.'), sheetTable('Tổng hợp', '1.')],
    };
    expect(extractAppendix(doc).map((t) => t.form)).toEqual(['1', '2', null]);
  });

  it('reads a code Excel made a number ("1,1") as the code 1.1', () => {
    expect(rowsOf(...HEADER, '1,1\tKế hoạch CCHC\t\t01\t', '2,10\tSố liệu\t\t1\t')).toEqual([
      ['1.1', 'Kế hoạch CCHC', '', '01', ''],
      ['2.10', 'Số liệu', '', '1', ''],
    ]);
  });
});

describe('columns by their captions', () => {
  it('reads the value from "Thực hiện" beside "Kế hoạch", whichever comes first, and keeps the plan as an aside', () => {
    const planFirst = table('STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch\tThực hiện\tGhi chú', '1.\tSố văn bản\tVăn bản\t12\t9\tđủ');
    expect(planFirst[0]!.rows.map((r) => [r.value, r.extra, r.asides])).toEqual([['9', 'đủ', ['Kế hoạch: 12']]]);
    const resultFirst = table('STT\tChỉ tiêu\tĐVT\tThực hiện\tKế hoạch năm\tGhi chú', '1.\tSố văn bản\tVăn bản\t9\t12\tđủ');
    expect(resultFirst[0]!.rows.map((r) => [r.value, r.extra, r.asides])).toEqual([['9', 'đủ', ['Kế hoạch năm: 12']]]);
  });

  it('reads a two-row header with "Kế hoạch | Thực hiện" under "Kết quả", and a caption of its own beside the value', () => {
    const two = table('STT\tChỉ tiêu\tĐơn vị tính\tKết quả\t\tGhi chú', '\t\t\tKế hoạch\tThực hiện\t', '1.\tSố văn bản\tVăn bản\t12\t9\t');
    expect(two[0]!.rows.map((r) => [r.code, r.value, r.asides])).toEqual([['1.', '9', ['Kế hoạch: 12']]]);
    const own = table('STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tĐánh giá của đơn vị\tGhi chú', '1.\tSố văn bản\tVăn bản\t9\tTốt\tx');
    expect(own[0]!.rows.map((r) => [r.value, r.extra, r.asides])).toEqual([['9', 'x', ['Đánh giá của đơn vị: Tốt']]]);
  });

  it("does not carry one table's captioned columns into the next", () => {
    const tables = table(
      'Biểu mẫu 1',
      'STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch\tThực hiện\tGhi chú',
      '1.\tSố văn bản\tVăn bản\t12\t9\t',
      'Biểu mẫu 2',
      'STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tGhi chú',
      '1.\tSố VBQPPL\tVăn bản\t3\tghi chú',
    );
    expect(tables.map((t) => t.rows.map((r) => [r.value, r.extra, r.asides]))).toEqual([[['9', '', ['Kế hoạch: 12']]], [['3', 'ghi chú', []]]]);
  });

  it('never takes a statistics row for a header', () => {
    expect(isHeaderRow(['6.1.', 'Số lượng phiếu khảo sát', 'Số lượng', '120', ''])).toBe(false);
    expect(isHeaderRow(['', 'Nội dung khác', 'Số lượng', '12', ''])).toBe(false);
    expect(isHeaderRow(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch', 'Thực hiện'])).toBe(true);
  });
});

describe('a signature footer under a table', () => {
  const grid = (...rows: string[][]) => rows.map((cells, row) => ({ cells, at: { kind: 'cell' as const, table: 0, row } }));
  it('starts at the first row after the last coded row with a signature cell and no figure', () => {
    const rows = grid(
      ['1.', 'Số văn bản', 'Văn bản', '9'],
      ['', 'Trong đó giám đốc ký', '', ''],
      ['', 'Người lập biểu', '', 'KT. GIÁM ĐỐC'],
      ['', '', '', 'PHÓ GIÁM ĐỐC'],
      ['', 'Nguyễn Thị Lan', '', 'Phạm Văn Hùng'],
    );
    expect(footerStart(rows)).toBe(2);
    expect(footerStart(rows.slice(0, 2))).toBe(2);
    // a table with no code has no footer to cut
    expect(footerStart(grid(['', 'Người lập biểu', '', 'GIÁM ĐỐC']))).toBe(1);
  });
});
