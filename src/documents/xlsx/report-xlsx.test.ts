import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Template } from '../../core/catalogue/template.js';
import { consolidate, type AgencyReport } from '../../core/consolidation/consolidate.js';
import { periodLabel } from '../../core/periods/period.js';
import { reportedCell, type CellValue } from '../../core/report.js';
import { importDocument } from '../../import/import-report.js';
import { readReport } from '../../import/read-report.js';
import { getTemplate, templateLibrary } from '../../templates/template-loader.js';
import type { AgencyDocument, ProvinceDocument } from '../document-model.js';
import { exampleAgencyDocument, exampleAgencyReports, exampleProvinceDocument } from '../../test-support/xlsx-examples.js';
import { APPENDIX_SHEET, COVERAGE_COLUMN, PROVINCE_COLUMN, renderConsolidatedXlsx, renderReportXlsx } from './report-xlsx.js';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return workbook;
}

/** The data rows of the appendix sheet, in order: rows whose label cell is a plain (unmerged) cell with text. */
function dataRows(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row) => {
    const label = row.getCell(2);
    if (!label.isMerged && typeof label.value === 'string' && label.value.trim() !== '') rows.push(row);
  });
  return rows;
}

const text = (text: string): CellValue => ({ value: null, status: 'text', note: text, decimals: null });
const notReported = (note: string | null = null): CellValue => ({ value: null, status: 'not-reported', note, decimals: null });

function agencyDocument(templateId: string, overrides: Record<string, CellValue | undefined>): AgencyDocument {
  const doc = exampleAgencyDocument(templateId);
  const values = new Map(doc.values);
  for (const [id, cell] of Object.entries(overrides)) {
    expect(
      doc.template.rows.some((r) => r.id === id),
      `row ${id} in ${templateId}`,
    ).toBe(true);
    if (cell === undefined) values.delete(id);
    else values.set(id, cell);
  }
  return { ...doc, values };
}

const cases: { templateId: string; overrides: Record<string, CellValue | undefined>; formats: Record<string, string> }[] = [
  {
    templateId: 'ninh-thuan-7s-2022',
    overrides: {
      '1.1.3': reportedCell(14, 0, 'Kết luận, chỉ thị, công văn'),
      '1.2.1': reportedCell(0, 0),
      '1.3.1': undefined,
      '1.3.2': notReported('Không có nhiệm vụ được giao'),
      '1.5': reportedCell(0, 0),
      '3.1': reportedCell(57, 0),
      '3.4.1': reportedCell(63.1, 1),
      '3.4.2': reportedCell(100, 0),
      // "31/37" typed in a % row: the exact ratio, the fraction in the note; a number cell rounded to two decimals
      '3.4.3': { value: (31 / 37) * 100, status: 'reported', note: '31/37', decimals: null, raw: '31/37' } as CellValue,
      '7.6': reportedCell(14584, 0),
      '7.8.3': reportedCell(35.08, 2),
      '2.3': text('Sở thực hiện gửi văn bản cho các đơn vị trên Idesk'),
    },
    formats: { '1.1.3': '#,##0', '1.5': '0', '3.4.1': '0.0', '3.4.2': '0', '3.4.3': '0.00', '7.6': '#,##0', '7.8.3': '0.00' },
  },
  {
    templateId: 'quang-tri-forms-2022',
    overrides: {
      '1/1': reportedCell(14, 0),
      '1/2': reportedCell(83, 0),
      '1/2.1': reportedCell(37, 0),
      '1/2.2': reportedCell(31, 0, 'Đang triển khai các nhiệm vụ còn lại'),
      '1/5.4': undefined,
      '1/6.2': reportedCell(2, 0),
      '6/1': reportedCell(81.51, 2),
      '6/1.1': reportedCell(8326, 0),
      '6/1.2': reportedCell(6786.875, 3),
      '7/6.7': reportedCell(35.08, 2),
      '7/6.7.1': reportedCell(24, 0),
      '7/6.7.2': reportedCell(5, 0),
      '4/2.5': reportedCell(63.1, 1),
      '3/1.2': notReported(),
      '2/1': text('Không ban hành văn bản quy phạm pháp luật'),
    },
    formats: { '1/1': '#,##0', '1/2': '0', '1/6.2': '0', '6/1': '0.00', '6/1.1': '#,##0', '6/1.2': '#,##0.000', '7/6.7': '0.00', '4/2.5': '0.0' },
  },
];

describe('renderReportXlsx: one agency’s appendix as an officer’s sheet', () => {
  for (const { templateId, overrides, formats } of cases) {
    describe(templateId, () => {
      const doc = agencyDocument(templateId, overrides);
      const rendered = renderReportXlsx(doc);

      it('writes every template row in order, values as number cells with vi-VN formats, not reported as "/" (never empty, never 0)', async () => {
        const workbook = await load(await rendered);
        expect(workbook.worksheets.map((s) => s.name)).toEqual([APPENDIX_SHEET]);
        const sheet = workbook.getWorksheet(APPENDIX_SHEET)!;
        const rows = dataRows(sheet);
        expect(rows).toHaveLength(doc.template.rows.length);
        doc.template.rows.forEach((templateRow, i) => {
          const row = rows[i]!;
          expect(row.getCell(1).value ?? null).toBe(templateRow.code);
          expect(row.getCell(2).value).toBe(templateRow.label);
          expect(row.getCell(3).value ?? '').toBe(templateRow.unit);
          const cell = doc.values.get(templateRow.id);
          const value = row.getCell(4);
          if (!cell && templateRow.group) {
            expect(value.value ?? null, templateRow.id).toBeNull();
          } else if (!cell || cell.status === 'not-reported') {
            expect(value.value, templateRow.id).toBe('/');
          } else if (cell.status === 'text') {
            expect(value.value).toBe(cell.note);
          } else if (templateRow.id === '3.4.3' && templateId === 'ninh-thuan-7s-2022') {
            // never the text "31/37": the computed percentage as a number, two decimals, the fraction in the note
            expect(value.value).toBe((31 / 37) * 100);
            expect(value.type).toBe(ExcelJS.ValueType.Number);
            expect(row.getCell(5).value).toBe('31/37');
          } else {
            expect(value.value, templateRow.id).toBe(cell.value);
            expect(typeof value.value).toBe('number');
            expect(value.numFmt).not.toMatch(/%/u);
          }
          expect(row.getCell(4).border?.top?.style).toBe('thin');
          if (templateRow.group) expect(row.getCell(2).font?.bold, templateRow.id).toBe(true);
        });
        const byId = new Map(doc.template.rows.map((r, i) => [r.id, rows[i]!]));
        // the formats carry the vi-VN locale (LCID 042A): "." groups thousands, "," marks decimals in any viewer
        for (const [id, format] of Object.entries(formats)) expect(byId.get(id)!.getCell(4).numFmt, id).toBe(`[$-42A]${format}`);
        // notes sit in the "Ghi chú" column
        for (const [id, cell] of Object.entries(overrides)) {
          if (cell && cell.status !== 'text' && !('raw' in cell)) expect(byId.get(id)!.getCell(5).value ?? null, id).toBe(cell.note);
        }
      });

      it('has the title block, the two header rows the importer expects, frozen panes and column widths', async () => {
        const sheet = (await load(await rendered)).getWorksheet(APPENDIX_SHEET)!;
        const texts = sheet.getColumn(1).values.filter((v): v is string => typeof v === 'string');
        expect(texts).toContain(doc.header.agency);
        expect(texts.some((t) => t.startsWith('PHỤ LỤC THỐNG KÊ SỐ LIỆU'))).toBe(true);
        expect(texts).toContain(`Kỳ báo cáo: ${periodLabel(doc.period!)}`);
        const headers: number[] = [];
        sheet.eachRow((row, n) => {
          const cell = row.getCell(1);
          // a merged range repeats its value in every cell: count the top-left one only
          if (cell.value === 'STT' && cell.master.address === cell.address) headers.push(n);
        });
        expect(headers).toHaveLength(doc.template.family === 'forms' ? doc.template.forms.length : 1);
        const first = headers[0]!;
        expect([1, 2, 3, 5].map((c) => sheet.getRow(first).getCell(c).value)).toEqual(['STT', 'Chỉ tiêu thống kê', 'Kết quả thống kê', 'Ghi chú']);
        expect([3, 4].map((c) => sheet.getRow(first + 1).getCell(c).value)).toEqual(['Đơn vị tính', 'Số liệu']);
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: first + 1 });
        expect(sheet.getColumn(2).width).toBeGreaterThan(40);
        if (doc.template.family === 'forms') {
          expect(sheet.getRow(first - 1).getCell(1).value).toBe('Biểu mẫu 1 Công tác chỉ đạo điều hành CCHC');
        }
      });

      it('imports back: an XLSX typed in this layout gives the same template, values, statuses and notes', async () => {
        const bytes = await rendered;
        const imported = importDocument(await readReport(bytes, 'x.xlsx'), templateLibrary().templates);
        expect(imported.template.id).toBe(templateId);
        expect(imported.period).toEqual(doc.period);
        expect(imported.missing).toEqual([]);
        expect(imported.rows.filter((r) => r.rowId === null)).toEqual([]);
        const byId = new Map(imported.rows.map((r) => [r.rowId, r]));
        for (const row of doc.template.rows) {
          const expected = doc.values.get(row.id) ?? notReported();
          const got = byId.get(row.id)!;
          if (row.id === '3.4.3' && templateId === 'ninh-thuan-7s-2022') {
            // the sheet holds the percentage as printed (83,78); the fraction comes back in the note
            expect(got.value).toBeCloseTo(expected.value!, 2);
            expect(got.note).toContain('31/37');
            continue;
          }
          expect({ id: row.id, value: got.value, status: got.status, note: got.note }).toEqual({
            id: row.id,
            value: expected.value,
            status: expected.status,
            note: expected.note,
          });
        }
      });
    });
  }

  it('imports back the generated report of every shipped template, the responsible-unit family included', async () => {
    for (const template of templateLibrary().templates) {
      const doc = exampleAgencyDocument(template.id);
      const imported = importDocument(await readReport(await renderReportXlsx(doc), 'x.xlsx'), templateLibrary().templates);
      expect(imported.template.id).toBe(template.id);
      const byId = new Map(imported.rows.map((r) => [r.rowId, r]));
      for (const row of template.rows) {
        const expected = doc.values.get(row.id) ?? notReported();
        expect({ id: row.id, value: byId.get(row.id)?.value, status: byId.get(row.id)?.status }).toEqual({
          id: row.id,
          value: expected.value,
          status: expected.status,
        });
      }
    }
  });
});

describe('renderConsolidatedXlsx: the province table by agency', () => {
  const template = getTemplate('quang-tri-forms-2022');
  const values = (cells: Record<string, CellValue>) => new Map(Object.entries(cells));
  const reports: AgencyReport[] = [
    {
      agencyId: 'so-khcn',
      values: values({
        '1/1': reportedCell(14, 0),
        '1/2': reportedCell(83, 0),
        '1/2.1': reportedCell(37, 0),
        '1/2.2': reportedCell(31, 0),
        '1/6.2': reportedCell(2, 0),
        '4/2.5': reportedCell(2, 0),
        '6/1.2': reportedCell(6786.875, 3),
        '1/3.1': text('Dự kiến kiểm tra trong Quý IV'),
      }),
    },
    {
      agencyId: 'so-noi-vu',
      roles: ['so-noi-vu'],
      values: values({
        '1/1': reportedCell(3, 0),
        '1/2': reportedCell(100, 0),
        '1/2.1': reportedCell(20, 0),
        '1/2.2': reportedCell(20, 0),
        '1/6.2': reportedCell(1, 0),
        '4/2.5': reportedCell(100, 0),
        '6/1.2': reportedCell(100.5, 1),
      }),
    },
    {
      agencyId: 'so-ldtbxh',
      values: values({ '1/2.1': reportedCell(10, 0), '1/6.2': reportedCell(2, 0), '4/2.5': reportedCell(50, 0) }),
    },
  ];
  const names = new Map([
    ['so-khcn', 'Sở Khoa học và Công nghệ'],
    ['so-noi-vu', 'Sở Nội vụ'],
    ['so-ldtbxh', 'Sở Lao động - Thương binh và Xã hội'],
  ]);
  const base = exampleProvinceDocument('quang-tri-forms-2022', 1);
  const doc: ProvinceDocument = { ...base, consolidated: consolidate(template, reports), agencyNames: names };
  const rendered = renderConsolidatedXlsx(doc);

  async function sheetRows(name: string) {
    const sheet = (await load(await rendered)).getWorksheet(name)!;
    let header = 0;
    sheet.eachRow((row, n) => {
      if (header === 0 && row.getCell(1).value === 'STT') header = n;
    });
    const byCode = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => {
      if (n > header && typeof row.getCell(1).value === 'string') byCode.set(row.getCell(1).value as string, row);
    });
    return { sheet, header, byCode };
  }

  it('has one sheet per form, each with one column per agency, then the province and the coverage', async () => {
    const workbook = await load(await rendered);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Biểu 1', 'Biểu 2', 'Biểu 3', 'Biểu 4', 'Biểu 5', 'Biểu 6', 'Biểu 7']);
    const { sheet, header } = await sheetRows('Biểu 1');
    expect(sheet.getRow(header).values).toEqual([
      undefined,
      'STT',
      'Chỉ tiêu thống kê',
      'Đơn vị tính',
      'Sở Khoa học và Công nghệ',
      'Sở Nội vụ',
      'Sở Lao động - Thương binh và Xã hội',
      PROVINCE_COLUMN,
      COVERAGE_COLUMN,
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: header });
  });

  it('gives each agency’s value, empty when not reported, the province sum and the coverage', async () => {
    const { byCode } = await sheetRows('Biểu 1');
    const row = byCode.get('1.')!;
    expect([4, 5, 6].map((c) => row.getCell(c).value ?? null)).toEqual([14, 3, null]);
    expect(row.getCell(7).value).toBe(17);
    expect(row.getCell(7).numFmt).toBe('#,##0');
    expect(row.getCell(8).value).toBe('2/3');
    // a text-only cell is shown as the agency's words
    expect(byCode.get('3.1.')!.getCell(4).value).toBe('Dự kiến kiểm tra trong Quý IV');
  });

  it('recomputes a ratio from the summed parts and shows it as a percentage number', async () => {
    const { byCode } = await sheetRows('Biểu 1');
    const row = byCode.get('2.')!;
    expect([4, 5, 6].map((c) => row.getCell(c).value ?? null)).toEqual([83, 100, null]);
    expect(row.getCell(7).value).toBeCloseTo((51 / 57) * 100, 10);
    expect(row.getCell(7).numFmt).toBe('0.00');
    expect(row.getCell(8).value).toBe('2/3');
    expect(String(row.getCell(7).note)).toMatch(/Tử số: 51; mẫu số: 57/u);
  });

  it('shows a distribution of codes and a spread as text', async () => {
    expect((await sheetRows('Biểu 1')).byCode.get('6.2.')!.getCell(7).value).toBe('Kết hợp: 2; Phát phiếu: 1');
    const spread = (await sheetRows('Biểu 4')).byCode.get('2.5.')!;
    expect(spread.getCell(7).value).toBe('2 – 100 (trung vị 50)');
    expect(spread.getCell(8).value).toBe('3/3');
  });

  it('sums money with the decimals it was written with', async () => {
    const row = (await sheetRows('Biểu 6')).byCode.get('1.2.')!;
    expect(row.getCell(4).value).toBe(6786.875);
    expect(row.getCell(4).numFmt).toBe('#,##0.000');
    expect(row.getCell(7).value).toBe(6887.375);
    expect(row.getCell(7).numFmt).toBe('#,##0.000');
  });

  it('puts a single-table template on one sheet "Tổng hợp"', async () => {
    const province = exampleProvinceDocument('ninh-thuan-7s-2022', 5);
    const workbook = await load(await renderConsolidatedXlsx(province));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Tổng hợp']);
    const sheet = workbook.getWorksheet('Tổng hợp')!;
    let header = 0;
    sheet.eachRow((row, n) => {
      if (header === 0 && row.getCell(1).value === 'STT') header = n;
    });
    expect(sheet.getRow(header).cellCount).toBe(3 + 5 + 2);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: header });
  });
});

describe('exampleProvinceDocument', () => {
  it('is deterministic and its generated reports are consistent with their ratio and part checks', () => {
    const a = exampleProvinceDocument('quang-tri-forms-2022', 12);
    const b = exampleProvinceDocument('quang-tri-forms-2022', 12);
    expect(a.consolidated).toEqual(b.consolidated);
    expect(a.consolidated.agencies).toHaveLength(12);
    expect(a.agencyNames.size).toBe(12);
    const template: Template = a.template;
    for (const report of exampleAgencyReports(template, 12)) {
      const value = (id: string) => (report.values.get(id)?.status === 'reported' ? report.values.get(id)!.value : null);
      for (const check of template.checks) {
        if (check.rule === 'ratio') {
          const [p, n, d] = [value(check.percent), value(check.numerator), value(check.denominator)];
          if (p !== null && n !== null && d !== null) expect(p).toBeCloseTo((n / d) * 100, 1);
        }
        if (check.rule === 'part-le-whole') {
          const whole = value(check.whole);
          const parts = check.parts.map(value);
          if (whole !== null && parts.every((x) => x !== null)) expect(parts.reduce((s, x) => s! + x!, 0)!).toBeLessThanOrEqual(whole);
        }
      }
    }
  });

  it('renders for every shipped template and many agencies', async () => {
    for (const template of templateLibrary().templates) {
      const bytes = await renderConsolidatedXlsx(exampleProvinceDocument(template.id, 20));
      expect(bytes.length).toBeGreaterThan(1000);
    }
  });
});
