/// <reference lib="dom" />
/**
 * Finding one's way and pasting from Excel, in a real browser: a four-column block copied from Excel (a header, the
 * columns in another order than the grid's) lands on the right rows after a preview that says where each line goes and
 * what could not be placed; a block that cannot be placed is told and fills nothing; a plain value column still fills
 * the rows below; a figure ten times the agency's last one is a warning quoting its history; search by code or by words
 * without diacritics, the filters with their counts and the progress. Screenshots: test-results/p-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowserTests, pasteFromExcel, startDemoBrowser, type DemoBrowser } from './support.js';

describe.skipIf(!canRunBrowserTests)('the grid: paste from Excel by meaning, outliers, search and filters', () => {
  let demo: DemoBrowser;

  beforeAll(async () => {
    demo = await startDemoBrowser('paste');
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
  const note = (page: Page, label: string) => page.getByLabel(`Ghi chú: ${label}`, { exact: true });
  const saved = (page: Page) => expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toBe('Đã lưu');
  const paste = (page: Page, label: string, text: string) => pasteFromExcel(cell(page, label), text);

  it('places a four-column Excel block by code and label after a preview, and tells what it cannot place', async () => {
    const page = await demo.signIn('khcn.baocao');
    await openReport(page);
    // copied from the agency's own workbook: note, value, label, STT — a header row, CRLF, a quoted cell over two lines
    const block = [
      'Ghi chú\tSố liệu\tChỉ tiêu thống kê\tSTT',
      '\t9\tSố TTHC công bố mới\t3.1.1',
      '"Theo QĐ 15/QĐ-UBND\nngày 02/3"\t3\tSố TTHC bãi bỏ, thay thế\t3.1.2.',
      '\t19\tSố cơ quan chuyên môn cấp tỉnh\t4.1.1',
      '\t300\tSố cây xanh trồng mới\t',
    ].join('\r\n');
    await paste(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch', `${block}\r\n`);
    const dialog = page.getByRole('dialog', { name: 'Dán từ Excel: xem trước' });
    await dialog.waitFor();
    const lines = dialog.getByRole('table', { name: 'Các dòng đã dán và dòng đích' });
    await expect.poll(() => lines.getByRole('row').count()).toBe(5);
    expect(await lines.locator('tr[data-pasted-line="2"]').textContent()).toContain('3.1.1. Số TTHC công bố mới');
    expect(await lines.locator('tr[data-pasted-line="3"]').textContent()).toContain('3.1.2. Số TTHC bãi bỏ, thay thế');
    expect(await lines.locator('tr[data-pasted-line="4"]').textContent()).toContain('4.1.1. Số cơ quan chuyên môn cấp tỉnh');
    expect(await lines.locator('tr[data-pasted-line="5"]').textContent()).toContain('Không dán: Không tìm thấy chỉ tiêu này trong mẫu báo cáo.');
    // a quoted cell over two lines is one line of the paste; the roles the columns were read as, each one the officer can change
    expect(await dialog.getByLabel('Cột 1 (Ghi chú)').inputValue()).toBe('note');
    expect(await dialog.getByLabel('Cột 4 (STT)').inputValue()).toBe('code');
    await page.screenshot({ path: 'test-results/p-paste-preview.png' });
    // nothing is written before she applies it
    expect(await cell(page, '3.1.1. Số TTHC công bố mới').inputValue()).not.toBe('9');
    await dialog.getByRole('button', { name: 'Điền vào báo cáo (3 dòng)' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await cell(page, '3.1.1. Số TTHC công bố mới').inputValue()).toBe('9');
    expect(await cell(page, '3.1.2. Số TTHC bãi bỏ, thay thế').inputValue()).toBe('3');
    expect(await note(page, '3.1.2. Số TTHC bãi bỏ, thay thế').inputValue()).toBe('Theo QĐ 15/QĐ-UBND ngày 02/3');
    expect(await cell(page, '4.1.1. Số cơ quan chuyên môn cấp tỉnh').inputValue()).toBe('19');
    // the row pasted into keeps its figure: the block went where it belongs, not from there down
    expect(await cell(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch').inputValue()).toBe('24');
    await saved(page);
    // the server has it, through the autosave
    await page.reload();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    expect(await cell(page, '4.1.1. Số cơ quan chuyên môn cấp tỉnh').inputValue()).toBe('19');

    // three columns of bare numbers: nothing to place them by — told, nothing filled
    await paste(page, '2.1. Số VBQPPL đã ban hành/tham mưu ban hành', '12\t5\t7\r\n8\t1\t2\r\n');
    await dialog.waitFor();
    await dialog.getByText('Không nhận ra cột STT hoặc cột tên chỉ tiêu').waitFor();
    expect(await dialog.getByRole('button', { name: /Điền vào báo cáo/u }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    expect(await cell(page, '2.1. Số VBQPPL đã ban hành/tham mưu ban hành').inputValue()).toBe('5');

    // a plain value + note column still fills the rows from the one pasted into, at once
    await paste(page, '2.3. Số VBQPPL đã rà soát', '14\n4\tđã xử lý 2 văn bản\n');
    expect(await cell(page, '2.3. Số VBQPPL đã rà soát').inputValue()).toBe('14');
    expect(await cell(page, '2.4. Số VBQPPL đã kiến nghị xử lý sau kiểm tra, rà soát').inputValue()).toBe('4');
    expect(await note(page, '2.4. Số VBQPPL đã kiến nghị xử lý sau kiểm tra, rà soát').inputValue()).toBe('đã xử lý 2 văn bản');
    await saved(page);
    await page.close();
  });

  it('warns of a figure far from the agency’s own history, with the history, and finds rows by search and filters', async () => {
    const page = await demo.signIn('khcn.baocao');
    await openReport(page);
    // the staff quota was 30–33 in the agency's earlier reports: 330 is ten times the last one
    await cell(page, '4.2.1. Tổng số biên chế được giao trong năm').fill('330');
    const quotaRow = page.locator('tr[data-row="4.2.1"]');
    await quotaRow.getByText(/Cảnh báo: Dòng 4\.2\.1 ghi 330, khác xa các kỳ trước của đơn vị: gấp 10,0 lần kỳ trước/u).waitFor();
    expect(await quotaRow.textContent()).toContain(
      'Các kỳ trước: 6 tháng đầu năm 2019: 30; 6 tháng đầu năm 2020: 31; 6 tháng đầu năm 2021: 32; 6 tháng đầu năm 2022: 33.',
    );
    // answered with a note, as other warnings are
    await note(page, '4.2.1. Tổng số biên chế được giao trong năm').fill('Được giao thêm biên chế theo đề án sáp nhập');
    await quotaRow.getByText('Ghi chú của đơn vị: "Được giao thêm biên chế theo đề án sáp nhập".', { exact: false }).waitFor();
    await saved(page);

    // search by words without diacritics
    const search = page.getByLabel('Tìm dòng');
    await search.fill('ho so dung han');
    const grid = page.getByRole('table', { name: 'Phụ lục thống kê số liệu' });
    await expect.poll(() => grid.locator('tbody tr[data-row]').count()).toBe(5);
    expect(await page.getByTestId('grid-count').textContent()).toMatch(/^Đang hiện 5 dòng · \d+\/\d+ dòng đã nhập$/u);
    await page.screenshot({ path: 'test-results/p-search.png' });
    // Enter goes to the first row found
    await search.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Số liệu: 3\.4\.1\. Tỷ lệ hồ sơ TTHC/u);
    // by code: the row and the rows under it
    await search.fill('3.1.3');
    await expect.poll(() => grid.locator('tbody tr[data-row]').count()).toBe(4);
    // Escape clears the search
    await search.press('Escape');
    expect(await search.inputValue()).toBe('');

    // the filters, each with its count: rows with findings hold the outlier; the empty rows are the rows to fill
    const filters = page.getByRole('radiogroup', { name: 'Lọc dòng' });
    const withFindings = filters.getByText(/^Có lỗi, cảnh báo \(\d+\)$/u);
    await withFindings.click();
    await grid.locator('tr[data-row="4.2.1"]').waitFor();
    expect(await grid.locator('tr[data-row="1.1.1"]').count()).toBe(0);
    const emptyLabel = (await filters.getByText(/^Chưa nhập \(\d+\)$/u).textContent())!;
    await filters.getByText(emptyLabel).click();
    const empties = Number(/\((\d+)\)/u.exec(emptyLabel)![1]);
    await expect.poll(() => grid.locator('tbody tr[data-row]').count()).toBe(empties);
    const progress = /(\d+)\/(\d+) dòng đã nhập/u.exec((await page.getByTestId('grid-count').textContent())!)!;
    expect(Number(progress[2]) - Number(progress[1])).toBe(empties);
    // a section
    await filters.getByText(/^Tất cả \(\d+\)$/u).click();
    await page.getByLabel('Phần', { exact: true }).selectOption({ label: '7. Xây dựng và phát triển Chính phủ điện tử, Chính phủ số' });
    expect(await grid.locator('tbody tr[data-row^="3."]').count()).toBe(0);
    expect(await grid.locator('tbody tr[data-row^="7."]').count()).toBeGreaterThan(5);
    await page.screenshot({ path: 'test-results/p-filters.png' });
    await page.close();
  });
});
