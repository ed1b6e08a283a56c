/**
 * The province figures as the documents print them (issue 14, item 6): a rate below 100 never as "100,00", a coded
 * responsible row as its code's label, a heading row with no note, coverage out of the round with the rates written
 * without parts counted apart. Hand-computed, XLSX and DOCX alike.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { consolidate } from '../core/consolidation/consolidate.js';
import { makeTemplate, values } from '../test-support/template-factory.js';
import { exampleProvinceDocument } from '../test-support/xlsx-examples.js';
import type { ProvinceDocument } from './document-model.js';
import { renderDocx } from './docx/official-docx.js';
import { renderConsolidatedXlsx } from './xlsx/report-xlsx.js';

const template = makeTemplate({
  forms: [
    {
      number: null,
      rows: [
        { code: '1.', label: 'Kết quả chung', unit: '', group: true, provinceFigureBy: 'so-noi-vu' },
        { code: '1.1.', label: 'Tỷ lệ hồ sơ đúng hạn', unit: '%' },
        { code: '1.1.1.', label: 'Số hồ sơ đã giải quyết', unit: 'Hồ sơ' },
        { code: '1.1.2.', label: 'Số hồ sơ giải quyết đúng hạn', unit: 'Hồ sơ' },
        { code: '2.', label: 'Triển khai LGSP của tỉnh', unit: 'Chưa = 0 Đang làm = 1 Hoàn thành = 2', provinceFigureBy: 'so-noi-vu' },
      ],
      checks: [{ rule: 'ratio', percent: '1.1', numerator: '1.1.2', denominator: '1.1.1' }],
    },
  ],
});

// hand-computed: the Sở Nội vụ and Sở A give both parts, 49998 + 49998 = 99996 of 50000 + 50000 = 100000 → 99,996 %,
// which rounds to 100,00 at two decimals; Sở B writes only 97 % (no parts); the round has 4 agencies
const reports = [
  { agencyId: 'snv', roles: ['so-noi-vu'], values: values({ '1.1': 99.99, '1.1.1': 50000, '1.1.2': 49998, '2': 2 }) },
  { agencyId: 'a', values: values({ '1.1': 99.996, '1.1.1': 50000, '1.1.2': 49998 }) },
  { agencyId: 'b', values: values({ '1.1': 97 }) },
];
const consolidated = consolidate(template, reports, 4);
const doc: ProvinceDocument = {
  ...exampleProvinceDocument('quang-tri-forms-2022', 1),
  template,
  consolidated,
  agencyNames: new Map([
    ['snv', 'Sở Nội vụ'],
    ['a', 'Sở A'],
    ['b', 'Sở B'],
  ]),
};

describe('the province figures as printed', () => {
  it("computes 99,996 % from 2 of the round's 4 agencies, the third's rate apart", () => {
    const rate = consolidated.rows.find((r) => r.rowId === '1.1')!;
    expect(rate).toMatchObject({ value: 99.996, reported: 2, agencies: 4, percentOnly: 1 });
  });

  it('in the XLSX: never "100,00", the label of the code, nothing on the heading row', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await renderConsolidatedXlsx(doc)) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
    const sheet = workbook.worksheets[0]!;
    const byCode = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row) => {
      if (typeof row.getCell(1).value === 'string') byCode.set(row.getCell(1).value as string, row);
    });
    const province = 7; // STT, label, unit, 3 agencies, then the province
    const rate = byCode.get('1.1.')!;
    expect(rate.getCell(province).value).toBeCloseTo(99.996, 10);
    expect(rate.getCell(province).numFmt).toBe('0.000'); // "99,996", not "100,00"
    expect(rate.getCell(province + 1).value).toBe('2/4 (1 chỉ ghi tỷ lệ)');
    expect(byCode.get('2.')!.getCell(province).value).toBe('Hoàn thành');
    const heading = byCode.get('1.')!;
    expect(heading.getCell(province).value ?? null).toBeNull();
    expect(heading.getCell(province).note ?? null).toBeNull();
    expect(heading.getCell(province + 1).value ?? null).toBeNull();
  });

  it('in the DOCX: the same texts', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(doc));
    const body = await zip.file('word/document.xml')!.async('string');
    const text = [...body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('|');
    expect(text).toContain('|99,996|');
    expect(text).not.toContain('100,00');
    expect(text).toContain('|Hoàn thành|');
    expect(text).toContain('1 đơn vị chỉ ghi tỷ lệ, không tính vào');
    expect(text).not.toMatch(/chưa báo cáo/iu);
  });
});
