/**
 * Every imported value remembers where it stood: the line and column of a text table, the sheet and cell reference of
 * a workbook (its own columns, whatever hidden or leading columns come first), the table, row and column of a DOCX,
 * the page of a PDF; and `cchc import --json` says so per row, with the file's SHA-256 and whether it was doubtful.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { describeLocation } from '../shared/provenance-schemas.js';
import { templateLibrary } from '../templates/template-loader.js';
import { importDocument, toImportJson } from './import-report.js';
import { readReport } from './read-report.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');
const NAME = 'ninh-thuan_so-tu-phap_2022-q3';

async function imported(bytes: Uint8Array, fileName: string) {
  const library = templateLibrary();
  return toImportJson(importDocument(await readReport(bytes, fileName), library.templates, library.indicators));
}

describe('provenance per value', () => {
  it('a text report: the line of each row and the column of its value; the file hash; doubtful as unsure', async () => {
    const bytes = readFileSync(join(FIXTURES, `${NAME}.txt`));
    const lines = bytes.toString('utf8').split(/\r?\n/u);
    const json = await imported(bytes, `${NAME}.txt`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const withValues = json.rows.filter((r) => r.raw !== '');
    expect(withValues.length).toBeGreaterThan(50);
    for (const row of withValues) {
      expect(row.provenance).toMatchObject({ file: `${NAME}.txt`, sha256: sha, format: 'text', doubtful: expect.any(Boolean) });
      const [at] = row.provenance.at;
      // the line holds the row, and its cell in the value's column is the value read
      const cells = lines[at!.line! - 1]!.split(/\t|\s*\|\s*/u);
      expect(cells.map((c) => c.trim())).toContain(row.raw);
      expect(at!.column).toBe(4);
    }
    expect(json.rows.some((r) => r.provenance.doubtful)).toBe(json.rows.some((r) => r.confidence < 0.75));
  });

  it('a DOCX: the table, row and column; a PDF: the page as well', async () => {
    const docx = await imported(readFileSync(join(FIXTURES, 'docx', `${NAME}.docx`)), `${NAME}.docx`);
    const first = docx.rows.find((r) => r.raw !== '')!;
    expect(first.provenance.at).toEqual([{ table: expect.any(Number), row: expect.any(Number), column: 4 }]);
    expect(describeLocation(first.provenance.at[0]!)).toMatch(/^bảng \d+, hàng \d+, cột 4$/u);
    const pdf = await imported(new Uint8Array(readFileSync(join(FIXTURES, 'pdf', `${NAME}.pdf`))), `${NAME}.pdf`);
    const pages = pdf.rows.filter((r) => r.raw !== '').map((r) => r.provenance.at.at(-1)!.page!);
    expect(pages.every((p) => p >= 1)).toBe(true);
    // the appendix runs over several pages, in order
    expect(new Set(pages).size).toBeGreaterThan(1);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
    expect(pdf.rows.map((r) => r.raw)).toEqual(docx.rows.map((r) => r.raw));
  });

  it('a workbook: the sheet and the cell reference, counted in the sheet’s own columns (a leading and a hidden column)', async () => {
    const workbook = new ExcelJS.Workbook();
    const cover = workbook.addWorksheet('Báo cáo');
    for (const text of [
      'UBND TỈNH NINH THUẬN',
      'SỞ TƯ PHÁP',
      'Số: 15/BC-STP',
      'BÁO CÁO',
      'Kết quả thực hiện công tác cải cách hành chính quý III năm 2022',
    ])
      cover.addRow([text]);
    const sheet = workbook.addWorksheet('Phụ lục');
    // column A left empty, a helper column D hidden: STT in B, label C, unit E, value F, note G
    sheet.getColumn('D').hidden = true;
    sheet.getCell('B2').value = 'THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH';
    sheet.getRow(4).values = [undefined, 'STT', 'Chỉ tiêu thống kê', 'trợ giúp', 'Đơn vị tính', 'Số liệu', 'Ghi chú'] as ExcelJS.CellValue[];
    const rows: [string, string, string, number][] = [
      ['1.1.', 'Số văn bản ban hành', 'Văn bản', 3],
      ['1.2.', 'Số cuộc kiểm tra', 'Cuộc', 5],
      ['1.3.', 'Số đơn vị được kiểm tra', 'Đơn vị', 12],
    ];
    rows.forEach(([code, label, unit, value], i) => {
      sheet.getRow(5 + i).values = [undefined, code, label, 999, unit, value, ''] as ExcelJS.CellValue[];
    });
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const json = await imported(bytes, 'phu-luc.xlsx');
    const read = json.rows.filter((r) => r.code && rows.some(([code]) => code === r.code));
    expect(read.map((r) => [r.code, r.raw, r.provenance.at])).toEqual(
      rows.map(([code, , , value], i) => [code, String(value), [{ sheet: 'Phụ lục', row: 5 + i, column: 6, ref: `F${5 + i}` }]]),
    );
    expect(describeLocation(read[0]!.provenance.at[0]!)).toBe('sheet Phụ lục, ô F5');
    expect(read[0]!.provenance.format).toBe('xlsx');
  });
});
