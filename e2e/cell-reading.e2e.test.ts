/// <reference lib="dom" />
/**
 * The officer's day in a real browser: every cell says how it was read (garbage in a count is an error at the cell,
 * "12,846" is unsure, "149/150" shows its percentage, "/" shows "không báo cáo"); headings take no value; the header
 * names the template; the page prints without navigation; the leader submits signing KT. for the head, and the DOCX
 * downloaded from the report page prints "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC" (LibreOffice → PDF → pdftotext), the
 * XLSX holds numbers with a vi-VN format. Screenshots go to test-results/m-*.png.
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

const hasOffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftotext'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!canRunBrowserTests)('every cell read visibly, and the signature form', () => {
  let demo: DemoBrowser;

  beforeAll(async () => {
    demo = await startDemoBrowser('reading');
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  async function openReport(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('link', { name: 'Sở Khoa học và Công nghệ' }).click();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
  }
  const cell = (page: Page, label: string) => page.getByLabel(`Số liệu: ${label}`, { exact: true });
  const row = (page: Page, id: string) => page.locator(`tr[data-row="${id}"]`);
  const saved = (page: Page) => expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toBe('Đã lưu');

  it('shows how every cell was read, as the importer reads it', async () => {
    const page = await demo.signIn('khcn.baocao');
    // the board offers each report's documents
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    const boardRow = page.getByRole('table', { name: 'Tình hình nộp báo cáo theo đơn vị' }).getByRole('row', { name: /Sở Khoa học và Công nghệ/u });
    const boardDocx = boardRow.getByRole('link', { name: 'DOCX', exact: true });
    await boardDocx.waitFor();
    expect(await boardDocx.getAttribute('href')).toMatch(/^\/api\/reports\/[^/]+\/document\.docx$/u);
    expect(await boardRow.getByRole('link', { name: 'XLSX', exact: true }).getAttribute('href')).toMatch(/\/document\.xlsx$/u);
    await page.goBack();
    await openReport(page);
    // the header names the template; the save counter is no "phiên bản"
    const subtitle = page.getByText('Phụ lục thống kê số liệu CCHC định kỳ (7 nhóm chỉ tiêu), Ninh Thuận 2023', { exact: false }).first();
    await subtitle.waitFor();
    expect(await subtitle.textContent()).toMatch(/· đã lưu \d+ lần$/u);
    expect(
      await page
        .locator('h2 + p, h2 ~ *')
        .filter({ hasText: /phiên bản/u })
        .count(),
    ).toBe(0);

    await cell(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch').fill('abc xyz');
    await cell(page, '1.1.2. Số nhiệm vụ đã hoàn thành').fill('12,846');
    await cell(page, '3.4.1. Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn').fill('149/150');
    await cell(page, '3.4.2. Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn').fill('/');

    // garbage in a count: an error finding at the cell, the input marked invalid, counted among the errors
    await row(page, '1.1.1').locator('td.value').getByText('Lỗi: không đọc được số').waitFor();
    expect(await cell(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch').getAttribute('aria-invalid')).toBe('true');
    // "12,846" in a count: read as 12.846 and flagged unsure
    await row(page, '1.1.2')
      .locator('td.value')
      .getByText(/^Chưa chắc chắn: đọc là 12\.846/u)
      .waitFor();
    // "149/150": the computed percentage; "/": not reported
    expect(await row(page, '3.4.1').locator('td.value .reading').textContent()).toBe('= 99,33%');
    expect(await row(page, '3.4.2').locator('td.value .reading').textContent()).toBe('không báo cáo');
    // a heading row without a value of its own has no input
    expect(await cell(page, '1.3. Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ, UBND tỉnh giao').count()).toBe(0);
    expect(await row(page, '1.3').locator('input').count()).toBe(0);
    // … and one the template says carries a value (3.4, the dossiers' total) keeps its input
    expect(await cell(page, '3.4. Kết quả giải quyết TTHC').count()).toBe(1);

    // the screen is set in a sans-serif shipped with the app, figures tabular and right-aligned
    const style = await cell(page, '1.1.2. Số nhiệm vụ đã hoàn thành').evaluate((el) => {
      const s = getComputedStyle(el);
      return { family: getComputedStyle(document.body).fontFamily, numeric: s.fontVariantNumeric, align: s.textAlign };
    });
    expect(style.family).toMatch(/Noto Sans/u);
    expect(style.family).not.toMatch(/Times/u);
    expect(style).toMatchObject({ numeric: 'tabular-nums', align: 'right' });
    expect(
      await page.evaluate(async () => (await document.fonts.ready, document.fonts.check('16px "Noto Sans Variable"', 'Tiếng Việt đầy đủ dấu ỹ ẫ'))),
    ).toBe(true);

    await saved(page);
    await row(page, '1.1.1').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/m-entry-reading.png' });
    await row(page, '3.4.1').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/m-entry-reading-percent.png' });

    // printed: no navigation nor actions, the values as typed in full
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').first().isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'In trang này' }).isVisible()).toBe(false);
    expect(await row(page, '3.4.1').locator('.print-value').textContent()).toBe('149/150');
    expect(await row(page, '3.4.1').locator('.print-value').isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/m-entry-print.png', fullPage: false });
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  }, 120_000);

  it('the leader submits signing KT. for the head; the DOCX prints it, the XLSX holds numbers', async () => {
    const page = await demo.signIn('khcn.duyet');
    await openReport(page);
    await cell(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch').fill('30');
    await cell(page, '1.1.2. Số nhiệm vụ đã hoàn thành').fill('28');
    await saved(page);
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    const dialog = page.getByRole('dialog');
    for (const area of await dialog.locator('textarea').all()) await area.fill('Số liệu đã được rà soát, giải trình theo thực tế.');
    await dialog.getByText('KT. (ký thay)').click();
    await dialog.getByLabel('Chức vụ người đứng đầu (ví dụ: Giám đốc)').fill('Giám đốc');
    await dialog.getByLabel(/^Chức vụ người ký/u).fill('Phó Giám đốc');
    await dialog.getByLabel('Người ký', { exact: true }).fill('Trần Văn Phó');
    const preview = dialog.getByLabel('Khối chữ ký sẽ in');
    expect(await preview.innerText()).toMatch(/^KT\. GIÁM ĐỐC\s+PHÓ GIÁM ĐỐC\s+Trần Văn Phó$/u);
    await page.screenshot({ path: 'test-results/m-submit-kt.png' });
    await dialog.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await page.getByText('Đã nộp', { exact: true }).waitFor();
    // explanations and findings carry no internal rule codes ("[sum:3.1.3] …"), anywhere on the page
    expect(await page.locator('body').innerText()).not.toMatch(/\[[a-z-]+:[^\]]*\]/u);

    // the downloads on the report page
    const docxHref = await page.getByRole('link', { name: 'Tải báo cáo (DOCX)' }).getAttribute('href');
    const xlsxHref = await page.getByRole('link', { name: 'Tải phụ lục (XLSX)' }).getAttribute('href');
    const docx = await page.request.get(new URL(docxHref!, demo.server.url).toString());
    expect(docx.status()).toBe(200);
    const xlsx = await page.request.get(new URL(xlsxHref!, demo.server.url).toString());
    expect(xlsx.status()).toBe(200);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const byCode = new Map<string, ExcelJS.Row>();
    sheet.eachRow((r) => {
      const code = r.getCell(1).value;
      if (typeof code === 'string' && !byCode.has(code)) byCode.set(code, r);
    });
    const percent = byCode.get('3.4.1.')!.getCell(4);
    expect(percent.type).toBe(ExcelJS.ValueType.Number);
    expect(percent.value).toBeCloseTo(99.3333, 3);
    expect(percent.numFmt).toBe('[$-42A]0.00');
    expect(byCode.get('3.4.2.')!.getCell(4).value).toBe('/');
    expect(byCode.get('1.1.1.')!.getCell(4).value).toBe(30);

    if (hasOffice) {
      const dir = mkdtempSync(join(tmpdir(), 'cchc-m-docx-'));
      try {
        writeFileSync(join(dir, 'bao-cao.docx'), await docx.body());
        const converted = spawnSync(
          'soffice',
          [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'bao-cao.docx')],
          { timeout: 120_000 },
        );
        expect(converted.status).toBe(0);
        spawnSync('pdftotext', ['-layout', join(dir, 'bao-cao.pdf'), join(dir, 'bao-cao.txt')]);
        const text = readFileSync(join(dir, 'bao-cao.txt'), 'utf8');
        const lines = text
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const kt = lines.findIndex((l) => l.endsWith('KT. GIÁM ĐỐC'));
        expect(kt, text.slice(-1500)).toBeGreaterThan(0);
        expect(lines[kt + 1]).toMatch(/PHÓ GIÁM ĐỐC$/u);
        expect(lines.slice(kt + 2).some((l) => l.endsWith('Trần Văn Phó'))).toBe(true);
        // the done-of-total prints rounded, not "99,3333333333333"
        expect(text).toMatch(/99,33(?!\d)/u);
        expect(text).not.toMatch(/99,333/u);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    await page.close();
  }, 240_000);
});
