/**
 * The XLSX documents as LibreOffice Calc prints them: one agency's appendix and the province's consolidated table are
 * converted to PDF by LibreOffice headless, and the PDF is read back with poppler (pdfinfo, pdftotext): A4 pages in
 * the orientation we set, the Vietnamese titles and indicator labels with their diacritics, and the figures in vi-VN.
 *
 * Number cells carry Excel formats ("#,##0.000", "0.0") whose separators come from the reader's locale, as in Excel:
 * the conversion runs in a LibreOffice profile whose locale is vi-VN — what an officer's Vietnamese LibreOffice or
 * Excel shows. Skips, with a warning, when LibreOffice (soffice) or poppler-utils are not installed; `.ci/run`
 * installs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolidate, type AgencyReport } from '../../core/consolidation/consolidate.js';
import { periodLabel } from '../../core/periods/period.js';
import { reportedCell, type CellValue } from '../../core/report.js';
import { formatNumber } from '../../core/values/number-format.js';
import { getTemplate } from '../../templates/template-loader.js';
import type { AgencyDocument, ProvinceDocument } from '../document-model.js';
import { exampleAgencyDocument, exampleProvinceDocument } from '../../test-support/xlsx-examples.js';
import { APPENDIX_TITLE, CONSOLIDATED_TITLE, PROVINCE_COLUMN, agencyInText, renderConsolidatedXlsx, renderReportXlsx } from './report-xlsx.js';

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const soffice = hasCommand('soffice') ? 'soffice' : hasCommand('libreoffice') ? 'libreoffice' : null;
const poppler = hasCommand('pdftotext') && hasCommand('pdfinfo');
const missing = [
  ...(soffice ? [] : ['LibreOffice (soffice; Debian: libreoffice-calc-nogui)']),
  ...(poppler ? [] : ['poppler-utils (pdftotext, pdfinfo)']),
];
if (missing.length > 0) {
  console.warn(
    `⚠ SKIPPED: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed; the XLSX documents were not checked as LibreOffice prints them.`,
  );
}
const describeWithLibreOffice = missing.length === 0 ? describe : describe.skip;

/** A LibreOffice user profile whose locale ("Tools › Options › Language Settings › Locale setting") is vi-VN. */
const VI_VN_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>vi-VN</value></prop></item>
</oor:items>
`;

interface Printed {
  pages: number;
  /** "Page size" of pdfinfo, e.g. "595.304 x 841.89 pts (A4)". */
  pageSize: string;
  /** pdftotext -layout: one line per printed table row; pages separated by \f. */
  text: string;
}

let dir = '';
beforeAll(() => {
  if (missing.length > 0) return;
  dir = mkdtempSync(join(tmpdir(), 'cchc-xlsx-'));
  mkdirSync(join(dir, 'profile', 'user'), { recursive: true });
  writeFileSync(join(dir, 'profile', 'user', 'registrymodifications.xcu'), VI_VN_PROFILE);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function printed(name: string, bytes: Uint8Array): Printed {
  const file = join(dir, `${name}.xlsx`);
  writeFileSync(file, bytes);
  // a profile of our own: another soffice running at the same time (the DOCX tests) must not lock us out
  const profile = pathToFileURL(join(dir, 'profile')).href;
  const result = spawnSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], {
    encoding: 'utf8',
    timeout: 90_000,
  });
  const pdf = join(dir, `${name}.pdf`);
  if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert ${name}.xlsx: ${result.stderr || result.stdout}`);
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
  return {
    pages: Number(/^Pages:\s+(\d+)/mu.exec(info)?.[1] ?? 0),
    pageSize: /^Page size:\s+(.*)$/mu.exec(info)?.[1]?.trim() ?? '',
    text,
  };
}

const flat = (text: string) => text.replace(/\s+/gu, ' ');
/** The printed line of a table row: its number, then its label at the start of the label column. */
function lineOf(text: string, code: string, label: string): string {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const line = new RegExp(`^\\s*${escape(code)}\\s+${escape(label)}(?=\\s|$).*$`, 'mu').exec(text)?.[0];
  expect(line, `the printed row ${code} ${label}`).toBeDefined();
  return line!;
}

function withValues(doc: AgencyDocument, cells: Record<string, CellValue>): AgencyDocument {
  const values = new Map(doc.values);
  for (const [id, cell] of Object.entries(cells)) {
    expect(
      doc.template.rows.some((r) => r.id === id),
      `row ${id} in ${doc.template.id}`,
    ).toBe(true);
    values.set(id, cell);
  }
  return { ...doc, values };
}

describeWithLibreOffice('one agency’s XLSX as LibreOffice Calc prints it', () => {
  it('quang-tri-forms-2022: A4 portrait pages, the title block, every form, labels with diacritics, figures in vi-VN', async () => {
    const doc = withValues(exampleAgencyDocument('quang-tri-forms-2022'), {
      '6/1.1': reportedCell(8326, 0),
      '6/1.2': reportedCell(6786.875, 3),
      '4/2.5': reportedCell(63.1, 1),
      '6/1': reportedCell(81.51, 2),
    });
    const pdf = printed('agency-quang-tri', await renderReportXlsx(doc));
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.pages).toBeLessThanOrEqual(10);
    expect(pdf.pageSize).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)$/u);
    const text = flat(pdf.text);
    expect(text).toContain(APPENDIX_TITLE);
    expect(text).toContain('UBND TỈNH QUẢNG TRỊ');
    expect(text).toContain('SỞ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(text).toContain(`Kỳ báo cáo: ${periodLabel(doc.period!)}`);
    expect(text).toContain(`của ${agencyInText(doc.header.agency)})`);
    for (const form of doc.template.forms) expect(text).toContain(`Biểu mẫu ${form.number} ${form.title}`);
    expect(text).toContain('Chỉ tiêu thống kê');
    expect(text).toContain('Đơn vị tính');
    // rows as printed: number, label, unit, the value as a Vietnamese reader sees it
    expect(lineOf(pdf.text, '1.1.', 'Được giao')).toMatch(/Triệu đồng\s+8\.326\s*$/u);
    expect(lineOf(pdf.text, '1.2.', 'Đã thực hiện')).toMatch(/Triệu đồng\s+6\.786,875\s*$/u);
    expect(lineOf(pdf.text, '1.', 'Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công')).toMatch(/%\s+81,51\s*$/u);
    expect(text).toMatch(/Tỷ lệ phần trăm biên chế đã tinh giản so với năm 2015 % 63,1\b/u);
    // never the English separators
    expect(text).not.toContain('6,786.875');
    expect(text).not.toContain('8,326');
  }, 120_000);

  it('ninh-thuan-7s-2022 (one table): thousands with a dot, decimals with a comma', async () => {
    const doc = withValues(exampleAgencyDocument('ninh-thuan-7s-2022'), {
      '1.1.3': reportedCell(14, 0),
      '7.6': reportedCell(14584, 0),
      '7.8.3': reportedCell(35.08, 2),
    });
    const pdf = printed('agency-ninh-thuan', await renderReportXlsx(doc));
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.pageSize).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)$/u);
    const text = flat(pdf.text);
    expect(text).toContain(APPENDIX_TITLE);
    expect(text).toContain('UBND TỈNH NINH THUẬN');
    expect(lineOf(pdf.text, '1.1.3.', 'Số văn bản chỉ đạo CCHC đã ban hành')).toMatch(/Văn bản\s+14\s*$/u);
    expect(lineOf(pdf.text, '7.6.', 'Số liệu về trao đổi văn bản điện tử')).toMatch(/\s14\.584\s*$/u);
    expect(lineOf(pdf.text, '7.8.3.', 'Tỷ lệ hồ sơ xử lý trực tuyến mức độ 3')).toMatch(/%\s+35,08\s*$/u);
  }, 120_000);
});

describeWithLibreOffice('the consolidated XLSX as LibreOffice Calc prints it', () => {
  it('three agencies on quang-tri-forms-2022: landscape A4, a sheet per form, agency columns, the province figure and coverage', async () => {
    const template = getTemplate('quang-tri-forms-2022');
    const values = (cells: Record<string, CellValue>) => new Map(Object.entries(cells));
    const reports: AgencyReport[] = [
      {
        agencyId: 'so-khcn',
        values: values({
          '1/2': reportedCell(83, 0),
          '1/2.1': reportedCell(37, 0),
          '1/2.2': reportedCell(31, 0),
          '6/1.1': reportedCell(8326, 0),
          '6/1.2': reportedCell(6786.875, 3),
        }),
      },
      {
        agencyId: 'so-noi-vu',
        roles: ['so-noi-vu'],
        values: values({
          '1/2': reportedCell(100, 0),
          '1/2.1': reportedCell(20, 0),
          '1/2.2': reportedCell(20, 0),
          '6/1.1': reportedCell(1250, 0),
          '6/1.2': reportedCell(100.5, 1),
        }),
      },
      { agencyId: 'so-y-te', values: values({ '1/2.1': reportedCell(10, 0) }) },
    ];
    const base = exampleProvinceDocument('quang-tri-forms-2022', 1);
    const doc: ProvinceDocument = {
      ...base,
      consolidated: consolidate(template, reports),
      agencyNames: new Map([
        ['so-khcn', 'Sở Khoa học và Công nghệ'],
        ['so-noi-vu', 'Sở Nội vụ'],
        ['so-y-te', 'Sở Y tế'],
      ]),
    };
    const pdf = printed('province-three', await renderConsolidatedXlsx(doc));
    // one sheet per form, each printed one page wide
    expect(pdf.pages).toBeGreaterThanOrEqual(template.forms.length);
    expect(pdf.pageSize).toMatch(/^841\.\d+ x 595\.\d+ pts \(A4\)$/u);
    const text = flat(pdf.text);
    expect(text).toContain(CONSOLIDATED_TITLE);
    expect(text).toContain(`Kỳ báo cáo: ${periodLabel(doc.period)} — UBND TỈNH QUẢNG TRỊ; 3 đơn vị tham gia tổng hợp`);
    for (const form of template.forms) expect(text).toContain(`Biểu mẫu ${form.number} ${form.title}`);
    expect(text).toContain(PROVINCE_COLUMN);
    for (const name of ['Sở Nội vụ', 'Sở Y tế']) expect(text).toContain(name);
    // each agency's figure, the province's and how many agencies reported
    expect(lineOf(pdf.text, '1.1.', 'Được giao')).toMatch(/Triệu đồng\s+8\.326\s+1\.250\s+9\.576\s+2\/3\s*$/u);
    expect(lineOf(pdf.text, '1.2.', 'Đã thực hiện')).toMatch(/Triệu đồng\s+6\.786,875\s+100,5\s+6\.887,375\s+2\/3\s*$/u);
    // a ratio recomputed from the summed parts: 51/57 = 89,47 %
    expect(pdf.text).toMatch(/^\s*2\.\s+%\s+83\s+100\s+89,47\s+2\/3\s*$/mu);
    expect(lineOf(pdf.text, '2.1.', 'Số nhiệm vụ đề ra trong kế hoạch')).toMatch(/Nhiệm vụ\s+37\s+20\s+10\s+67\s+3\/3\s*$/u);
    expect(text).not.toContain('6,887.375');
  }, 120_000);

  it('nineteen agencies on ninh-thuan-7s-2022: one table, the province figures in vi-VN', async () => {
    const doc = exampleProvinceDocument('ninh-thuan-7s-2022', 19);
    const pdf = printed('province-nineteen', await renderConsolidatedXlsx(doc));
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.pageSize).toMatch(/^841\.\d+ x 595\.\d+ pts \(A4\)$/u);
    const text = flat(pdf.text);
    expect(text).toContain(CONSOLIDATED_TITLE);
    expect(text).toContain('19 đơn vị tham gia tổng hợp');
    // short labels print on one line of the label column
    const label = doc.template.rows.find((r) => !r.group && r.label.length < 30)!.label;
    expect(text).toContain(label);
    expect(text).toContain('Số văn bản chỉ đạo CCHC đã ban hành');
    // a province sum of thousands, grouped with a dot
    const big = doc.consolidated.rows.find((r) => r.method === 'sum' && r.value !== null && Number.isInteger(r.value) && r.value >= 10_000);
    expect(big, 'a province sum over 10 000').toBeDefined();
    const grouped = formatNumber(big!.value!);
    expect(grouped).toMatch(/^\d{1,3}(\.\d{3})+$/u);
    expect(text).toContain(` ${grouped} `);
  }, 120_000);
});
