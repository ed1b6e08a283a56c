import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { templateLibrary } from '../../templates/template-loader.js';
import { importDocument } from '../import-report.js';
import type { SourceDocument } from '../source-document.js';
import { readTextReport } from '../text/text-reader.js';
import { displayNumber, displayValue, readXlsxReport } from './xlsx-reader.js';
import { importError } from '../../test-support/expect-import-error.js';

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The two header rows of an appendix, typed at `row`: "Kết quả thống kê" merged over two columns, the rest merged down. */
function header(sheet: ExcelJS.Worksheet, row: number, firstCol = 1): void {
  const col = (i: number) => sheet.getColumn(firstCol + i).letter;
  sheet.getCell(`${col(0)}${row}`).value = 'STT';
  sheet.getCell(`${col(1)}${row}`).value = 'Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo quý, 6 tháng, 9 tháng, năm)';
  sheet.getCell(`${col(2)}${row}`).value = 'Kết quả thống kê';
  sheet.getCell(`${col(4)}${row}`).value = 'Ghi chú';
  sheet.getCell(`${col(2)}${row + 1}`).value = 'Đơn vị tính';
  sheet.getCell(`${col(3)}${row + 1}`).value = 'Số liệu';
  sheet.mergeCells(`${col(0)}${row}:${col(0)}${row + 1}`);
  sheet.mergeCells(`${col(1)}${row}:${col(1)}${row + 1}`);
  sheet.mergeCells(`${col(2)}${row}:${col(3)}${row}`);
  sheet.mergeCells(`${col(4)}${row}:${col(4)}${row + 1}`);
}
const HEADER_TEXT = [
  'STT\tChỉ tiêu thống kê (Sử dụng trong kỳ báo cáo quý, 6 tháng, 9 tháng, năm)\tKết quả thống kê\t\tGhi chú',
  '\t\tĐơn vị tính\tSố liệu\t',
];

describe('displayed values', () => {
  it('formats numbers as an officer reads them in vi-VN', () => {
    expect(displayNumber(14584)).toBe('14.584');
    expect(displayNumber(6786.875)).toBe('6.786,875');
    expect(displayNumber(6786.875, '#,##0.000')).toBe('6.786,875');
    expect(displayNumber(1.34, '0.00')).toBe('1,34');
    expect(displayNumber(1.5, '#,##0.00_);[Red](#,##0.00)')).toBe('1,50');
    expect(displayNumber(0.83, '0%')).toBe('83%');
    expect(displayNumber(0.3508, '0.00%')).toBe('35,08%');
    expect(displayNumber(6, '00')).toBe('06');
    // optional places show only as needed: 81,8 not 81,80 (a false percentage finding otherwise)
    expect(displayNumber(81.8, '#,##0.0#')).toBe('81,8');
    expect(displayNumber(81.25, '#,##0.0#')).toBe('81,25');
    expect(displayNumber(81, '#,##0.0#')).toBe('81,0');
    expect(displayNumber(1250, '#,##0.##')).toBe('1.250');
    expect(displayNumber(0.818, '0.0#%')).toBe('81,8%');
    expect(displayNumber(0.1 + 0.2)).toBe('0,3');
    expect(displayNumber(-1234.5, 'General')).toBe('-1.234,5');
    expect(displayNumber(12, '0" người"')).toBe('12');
  });

  it('reads rich text, formulas by their cached result, dates, errors and hyperlinks', () => {
    expect(displayValue({ richText: [{ text: 'Đang ' }, { text: 'triển khai 06', font: { bold: true } }] })).toBe('Đang triển khai 06');
    expect(displayValue({ formula: 'D5+D6', result: 14584 })).toBe('14.584');
    expect(displayValue({ formula: 'D5/D6', result: 0.815 }, '0.0%')).toBe('81,5%');
    expect(displayValue({ formula: 'D5+D6' })).toBe('');
    expect(displayValue(new Date(Date.UTC(2023, 8, 15)))).toBe('15/09/2023');
    expect(displayValue(45184, 'dd/mm/yyyy')).toBe('15/09/2023');
    expect(displayValue({ error: '#DIV/0!' })).toBe('#DIV/0!');
    expect(displayValue({ text: 'Cổng DVC', hyperlink: 'https://dichvucong.gov.vn' })).toBe('Cổng DVC');
    expect(displayValue(true)).toBe('TRUE');
    expect(displayValue(null)).toBe('');
  });
});

describe('readXlsxReport: blocks', () => {
  it('turns title and form lines into paragraphs and runs of rows into tables aligned on their columns', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Phụ lục');
    // the table starts in column B: column A is a margin
    sheet.getCell('B1').value = 'PHỤ LỤC THỐNG KÊ SỐ LIỆU';
    sheet.mergeCells('B1:F1');
    sheet.getCell('B3').value = 'Biểu mẫu 1 Công tác chỉ đạo điều hành CCHC';
    header(sheet, 4, 2);
    sheet.addRow([null, '1.', { richText: [{ text: 'Số văn bản chỉ đạo', font: { bold: true } }, { text: ' CCHC đã ban hành' }] }, 'Văn bản', 14]);
    sheet.addRow([null, '2.', 'Tỷ lệ hoàn thành Kế hoạch CCHC năm', '%', 0.83]).getCell(5).numFmt = '0%';
    sheet.addRow([null, '2.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', 6]).getCell(5).numFmt = '00';
    sheet.addRow([null, '', 'Kiểm tra CCHC']); // a label-only row stays in the table
    sheet.addRow([]);
    sheet.addRow([null, '5.1.', 'Tổng số nhiệm vụ được giao', 'Nhiệm vụ', { formula: 'E7+E8', result: 6786.875 }, new Date(Date.UTC(2023, 8, 14))]);
    sheet.addRow([null, '5.2.', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', 'Đang triển khai 06', '/']);
    sheet.addRow([null, 'Ghi chú: số liệu lũy kế.']);
    const doc = await readXlsxReport(await bytesOf(workbook), 'phu-luc.xlsx');
    expect(doc.format).toBe('xlsx');
    expect(doc.blocks.map((b) => (b.type === 'paragraph' ? b.paragraph.text : b.rows.map((r) => r.cells)))).toEqual([
      'PHỤ LỤC THỐNG KÊ SỐ LIỆU',
      'Biểu mẫu 1 Công tác chỉ đạo điều hành CCHC',
      [
        ['STT', 'Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo quý, 6 tháng, 9 tháng, năm)', 'Kết quả thống kê', '', 'Ghi chú'],
        ['', '', 'Đơn vị tính', 'Số liệu', ''],
        ['1.', 'Số văn bản chỉ đạo CCHC đã ban hành', 'Văn bản', '14', ''],
        ['2.', 'Tỷ lệ hoàn thành Kế hoạch CCHC năm', '%', '83%', ''],
        ['2.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', '06', ''],
        ['', 'Kiểm tra CCHC', '', '', ''],
        ['5.1.', 'Tổng số nhiệm vụ được giao', 'Nhiệm vụ', '6.786,875', '14/09/2023'],
        ['5.2.', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', 'Đang triển khai 06', '/'],
      ],
      'Ghi chú: số liệu lũy kế.',
    ]);
    expect(doc.blocks[0]).toEqual({
      type: 'paragraph',
      paragraph: { text: 'PHỤ LỤC THỐNG KÊ SỐ LIỆU', at: { kind: 'cell', sheet: 'Phụ lục', table: 0, row: 0, cell: 1 } },
    });
    const table = doc.blocks[2]!;
    expect(table.type === 'table' && table.rows.map((r) => r.at)).toEqual(
      [3, 4, 5, 6, 7, 8, 10, 11].map((row) => ({ kind: 'cell', sheet: 'Phụ lục', table: 0, row, firstColumn: 2 })),
    );
  });

  it('reads every worksheet in order, a table never running across sheets', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Báo cáo').addRows([['BÁO CÁO'], ['Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2022']]);
    workbook.addWorksheet('Trống');
    const one = workbook.addWorksheet('Bảng 1');
    one.addRows([['1.', 'a', 'x', 1]]);
    const two = workbook.addWorksheet('Bảng 2');
    two.addRows([['2.', 'b', 'y', 2]]);
    const doc = await readXlsxReport(await bytesOf(workbook), 'nhieu-sheet.xlsx');
    expect(doc.blocks).toEqual([
      { type: 'paragraph', paragraph: { text: 'BÁO CÁO', at: { kind: 'cell', sheet: 'Báo cáo', table: 0, row: 0, cell: 0 } } },
      {
        type: 'paragraph',
        paragraph: {
          text: 'Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2022',
          at: { kind: 'cell', sheet: 'Báo cáo', table: 0, row: 1, cell: 0 },
        },
      },
      { type: 'table', rows: [{ cells: ['1.', 'a', 'x', '1'], at: { kind: 'cell', sheet: 'Bảng 1', table: 0, row: 0, firstColumn: 1 } }] },
      { type: 'table', rows: [{ cells: ['2.', 'b', 'y', '2'], at: { kind: 'cell', sheet: 'Bảng 2', table: 0, row: 0, firstColumn: 1 } }] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** A ninh-thuan 7-section appendix row as typed into Excel, and as the text export shows it. */
interface TypedRow {
  cells: (ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string })[];
  text: string[];
}

const PARAGRAPHS = [
  'UBND TỈNH NINH THUẬN',
  'SỞ KHOA HỌC VÀ CÔNG NGHỆ',
  'Số: 45/BC-SKHCN',
  'Ninh Thuận, ngày 10 tháng 6 năm 2022',
  'BÁO CÁO',
  'Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2022',
];

const ROWS: TypedRow[] = [
  { cells: ['1.', 'Công tác chỉ đạo điều hành CCHC'], text: ['1.', 'Công tác chỉ đạo điều hành CCHC', '', '', ''] },
  { cells: ['1.1.', 'Kế hoạch CCHC', null, { value: 1, numFmt: '00' }], text: ['1.1.', 'Kế hoạch CCHC', '', '01', ''] },
  {
    cells: ['1.1.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', { value: 6, numFmt: '00' }],
    text: ['1.1.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', '06', ''],
  },
  {
    cells: ['1.1.2.', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', 'Đang triển khai 06', 'Tiếp tục triển khai'],
    text: ['1.1.2.', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', 'Đang triển khai 06', 'Tiếp tục triển khai'],
  },
  {
    cells: ['1.1.3.', 'Số văn bản chỉ đạo CCHC đã ban hành', 'Văn bản', '/'],
    text: ['1.1.3.', 'Số văn bản chỉ đạo CCHC đã ban hành', 'Văn bản', '/', ''],
  },
  { cells: ['3.', 'Cải cách thủ tục hành chính'], text: ['3.', 'Cải cách thủ tục hành chính', '', '', ''] },
  { cells: ['3.1.', 'Thống kê TTHC', null, 57], text: ['3.1.', 'Thống kê TTHC', '', '57', ''] },
  { cells: ['3.1.1.', 'Số TTHC công bố mới', 'Thủ tục', 1], text: ['3.1.1.', 'Số TTHC công bố mới', 'Thủ tục', '1', ''] },
  { cells: ['3.1.2.', 'Số TTHC bãi bỏ, thay thế', 'Thủ tục', 5, 'bãi bỏ'], text: ['3.1.2.', 'Số TTHC bãi bỏ, thay thế', 'Thủ tục', '5', 'bãi bỏ'] },
  {
    cells: ['3.1.3.', 'Tổng số TTHC đang có hiệu lực', 'Thủ tục', { formula: 'D13+D14-D15', result: 53 }],
    text: ['3.1.3.', 'Tổng số TTHC đang có hiệu lực', 'Thủ tục', '53', ''],
  },
  { cells: ['Trong đó', 'Số TTHC cấp tỉnh:', 'Thủ tục', 53], text: ['Trong đó', 'Số TTHC cấp tỉnh:', 'Thủ tục', '53', ''] },
  { cells: [null, 'Số TTHC cấp huyện:', 'Thủ tục', 0], text: ['', 'Số TTHC cấp huyện:', 'Thủ tục', '0', ''] },
  { cells: [null, 'Số TTHC cấp xã:', 'Thủ tục', 0], text: ['', 'Số TTHC cấp xã:', 'Thủ tục', '0', ''] },
  { cells: ['3.4.', 'Kết quả giải quyết TTHC', null, 14584], text: ['3.4.', 'Kết quả giải quyết TTHC', '', '14.584', ''] },
  {
    cells: ['3.4.1.', 'Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn', '%', { value: 0.985, numFmt: '0.0%' }],
    text: ['3.4.1.', 'Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn', '%', '98,5%', ''],
  },
  {
    cells: ['3.4.2.', 'Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn', '%', '/'],
    text: ['3.4.2.', 'Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn', '%', '/', ''],
  },
  {
    cells: ['4.2.5.', 'Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015', '%', { value: 10.25, numFmt: '0.00' }, '04 người'],
    text: ['4.2.5.', 'Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015', '%', '10,25', '04 người'],
  },
];

async function appendixWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const cover = workbook.addWorksheet('Báo cáo');
  for (const text of PARAGRAPHS) cover.addRow([text]);
  const sheet = workbook.addWorksheet('Phụ lục');
  sheet.getCell('A1').value = 'Phụ lục';
  sheet.mergeCells('A1:E1');
  sheet.getCell('A2').value = 'THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH';
  sheet.mergeCells('A2:E2');
  header(sheet, 4);
  let at = 6;
  for (const row of ROWS) {
    row.cells.forEach((cell, i) => {
      const target = sheet.getCell(at, i + 1);
      if (cell !== null && typeof cell === 'object' && 'numFmt' in cell) {
        target.value = cell.value;
        target.numFmt = cell.numFmt;
      } else {
        target.value = cell ?? null;
      }
    });
    at += 1;
  }
  return bytesOf(workbook);
}

function appendixText(): string {
  return [
    ...PARAGRAPHS,
    '',
    'Phụ lục',
    'THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH',
    '',
    ...HEADER_TEXT,
    ...ROWS.map((r) => r.text.join('\t')),
  ].join('\n');
}

function imported(doc: SourceDocument) {
  const report = importDocument(doc, templateLibrary().templates);
  return {
    template: report.template.id,
    agency: report.agency,
    period: report.period,
    document: report.document,
    rows: report.rows.map((r) => ({
      id: r.rowId,
      form: r.form,
      code: r.code,
      label: r.label,
      unit: r.unit,
      raw: r.raw,
      value: r.value,
      note: r.note,
      status: r.status,
    })),
    findings: report.findings.map((f) => f.rule),
  };
}

describe('readXlsxReport: the pipeline reads an XLSX as it reads the same report as text', () => {
  it('gives the same template, metadata and row values', async () => {
    const fromText = imported(readTextReport(appendixText(), 'report.txt'));
    const fromXlsx = imported(await readXlsxReport(await appendixWorkbook(), 'report.xlsx'));
    expect(fromText.template).toBe('ninh-thuan-7s-2022');
    expect(fromXlsx).toEqual(fromText);
    const byId = new Map(fromXlsx.rows.map((r) => [r.id, r]));
    expect(byId.get('1.1.1')).toMatchObject({ raw: '06', value: 6 });
    expect(byId.get('1.1.2')).toMatchObject({ value: 6, note: expect.stringContaining('Đang triển khai') });
    expect(byId.get('1.1.3')).toMatchObject({ raw: '/', value: null });
    expect(byId.get('3.4')).toMatchObject({ raw: '14.584', value: 14584 });
    expect(byId.get('3.1.3/cap-tinh')).toMatchObject({ value: 53 });
    expect(byId.get('4.2.5')).toMatchObject({ raw: '10,25', value: 10.25 });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('readXlsxReport: broken and hostile files', () => {
  it('refuses a workbook with no cells as empty', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Trống');
    const error = await importError(readXlsxReport(await bytesOf(workbook), 'trong.xlsx'));
    expect(error).toMatchObject({ code: 'empty', messageVi: 'Tệp không có nội dung.' });
  });

  it('refuses a zip bomb before exceljs inflates it', async () => {
    const zip = await JSZip.loadAsync(await appendixWorkbook());
    zip.file('xl/media/zeros.bin', new Uint8Array(20 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const started = performance.now();
    const error = await importError(readXlsxReport(bytes, 'bomb.xlsx'));
    expect(performance.now() - started).toBeLessThan(500);
    expect(['unreadable', 'too-large']).toContain(error.code);
  });

  it('refuses an XLSX whose worksheet inflates beyond what its central directory declares', async () => {
    const bytes = await appendixWorkbook();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const name = new TextEncoder().encode('xl/worksheets/sheet2.xml');
    let patched = 0;
    for (let at = 0; at + 46 < bytes.length; at += 1) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      if (!bytes.subarray(at + 46, at + 46 + name.length).every((b, i) => b === name[i])) continue;
      view.setUint32(at + 24, 100, true); // the declared inflated size
      patched += 1;
    }
    expect(patched).toBe(1);
    const error = await importError(readXlsxReport(bytes, 'liar.xlsx'));
    expect(error.code).toBe('unreadable');
  });

  it('refuses truncated, random and non-XLSX input with an ImportError', async () => {
    const bytes = await appendixWorkbook();
    expect((await importError(readXlsxReport(bytes.slice(0, bytes.length - 40), 'truncated.xlsx'))).code).toBe('unreadable');
    expect((await importError(readXlsxReport(bytes.slice(0, 100), 'truncated.xlsx'))).code).toBe('unreadable');
    let seed = 7;
    const noise = new Uint8Array(4096).map(() => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % 256;
    });
    expect((await importError(readXlsxReport(noise, 'noise.xlsx'))).messageVi).toBe('Tệp XLSX bị hỏng hoặc không đúng định dạng.');
    const docx = new JSZip();
    docx.file('word/document.xml', '<w:document/>');
    expect((await importError(readXlsxReport(await docx.generateAsync({ type: 'uint8array' }), 'not.xlsx'))).code).toBe('unreadable');
  });

  it('turns a damaged workbook part into an ImportError', async () => {
    const zip = await JSZip.loadAsync(await appendixWorkbook());
    zip.file('xl/worksheets/sheet2.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99999</v></c></row>');
    zip.file('xl/workbook.xml', 'not xml at all <<<');
    const error = await importError(readXlsxReport(await zip.generateAsync({ type: 'uint8array' }), 'damaged.xlsx'));
    expect(error.code).toBe('unreadable');
  });
});

describe('totals against their parts', () => {
  it('marks a row whose saved total disagrees with the cells its formula adds, shared formulas too', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Biểu 2');
    header(sheet, 1);
    sheet.addRow(['1.', 'Tổng số VBQPPL do địa phương ban hành', 'Văn bản', { formula: 'SUM(D4:D5)', result: 3 }, '']);
    sheet.addRow(['1.1.', 'Số VBQPPL do cấp tỉnh ban hành', 'Văn bản', 2, '']);
    sheet.addRow(['1.2.', 'Số VBQPPL do cấp huyện ban hành', 'Văn bản', 1, '']);
    // F: helper totals, the second one a shared formula saved stale (9 where E7 + E8 make 7)
    sheet.getCell('F4').value = { formula: 'G4+H4', result: 5 };
    sheet.getCell('G4').value = 2;
    sheet.getCell('H4').value = 3;
    sheet.getCell('F5').value = { sharedFormula: 'F4', result: 9 } as ExcelJS.CellValue;
    sheet.getCell('G5').value = 3;
    sheet.getCell('H5').value = 4;
    const doc = await readXlsxReport(await bytesOf(workbook), 'tong.xlsx');
    const rows = doc.blocks.flatMap((b) => (b.type === 'table' ? b.rows : []));
    expect(rows.map((r) => r.staleTotals ?? [])).toEqual([[], [], [], [], [{ cell: 'F5', formula: 'G5+H5', shown: 9, computed: 7 }]]);
  });

  it('keeps a total whose parts agree, and counts a part that is itself a formula by its saved result', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Biểu 2');
    header(sheet, 1);
    sheet.addRow(['1.', 'Tổng', 'Văn bản', { formula: 'SUM(D4:D5)', result: 6 }, '']);
    sheet.addRow(['1.1.', 'Cấp tỉnh', 'Văn bản', { formula: '2+3', result: 5 }, '']);
    sheet.addRow(['1.2.', 'Cấp huyện', 'Văn bản', 1, 'ghi chú 7']);
    const doc = await readXlsxReport(await bytesOf(workbook), 'tong.xlsx');
    const rows = doc.blocks.flatMap((b) => (b.type === 'table' ? b.rows : []));
    expect(rows.every((r) => r.staleTotals === undefined)).toBe(true);
  });
});
