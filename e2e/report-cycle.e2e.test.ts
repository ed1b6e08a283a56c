/// <reference lib="dom" />
/**
 * The whole cycle in a real browser (Debian's chromium driven by playwright-core; never a downloaded browser):
 * the reporting officer fills cells and pastes a block from a spreadsheet, a finding appears; the approver explains
 * it and submits; the Sở Nội vụ returns it with a reason; the agency fixes it and resubmits; the Sở Nội vụ accepts it
 * and the completeness board shows it. Screenshots of each main page go to test-results/ (git-ignored).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start-server.js';
import { canRunBrowserTests, pasteFromExcel, startDemoBrowser, type DemoBrowser } from './support.js';

describe.skipIf(!canRunBrowserTests)('a report through its round, in the browser', () => {
  let demo: DemoBrowser;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemoBrowser('cycle');
    server = demo.server;
    browser = demo.browser;
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  const signIn = (username: string) => demo.signIn(username);

  async function openReport(page: Page, agency = 'Sở Khoa học và Công nghệ'): Promise<void> {
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('link', { name: agency }).click();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
  }

  const cell = (page: Page, label: string) => page.getByLabel(`Số liệu: ${label}`, { exact: true });
  const saved = (page: Page) => expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 10_000 }).toBe('Đã lưu');

  it('signs in with a clear message on a wrong password', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(server.url);
    await page.screenshot({ path: 'test-results/01-login.png' });
    await page.getByLabel('Tên đăng nhập').fill('khcn.baocao');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau-1');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    await page.close();
  });

  it('walks the whole cycle', async () => {
    // 1. the reporting officer fills cells, pastes a block from a spreadsheet, and sees a finding appear
    let page = await signIn('khcn.baocao');
    await page.screenshot({ path: 'test-results/02-rounds.png' });
    await openReport(page);
    await cell(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch').fill('30');
    await pasteFromExcel(cell(page, '3.1.1. Số TTHC công bố mới'), '8\n3\t\n125\tTổng hợp đến 14/12\n');
    expect(await cell(page, '3.1.2. Số TTHC bãi bỏ, thay thế').inputValue()).toBe('3');
    expect(await cell(page, '3.1.3. Tổng số TTHC đang có hiệu lực').inputValue()).toBe('125');
    expect(await page.getByLabel('Ghi chú: 3.1.3. Tổng số TTHC đang có hiệu lực', { exact: true }).inputValue()).toBe('Tổng hợp đến 14/12');
    // 125 in force but 100 + 12 + 10 by level: the check speaks as the officer types
    await page.getByText('Lỗi: Dòng 3.1.3 ghi 125 nhưng tổng các dòng thành phần').waitFor();
    // Enter moves down like a spreadsheet
    await cell(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch').press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Số liệu: 1.1.2. Số nhiệm vụ đã hoàn thành');
    await saved(page);
    await page.screenshot({ path: 'test-results/03-entry.png' });
    await page.close();

    // 2. the approver explains the error and submits
    page = await signIn('khcn.duyet');
    await openReport(page);
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByRole('dialog').getByRole('textbox').first().fill('Số liệu cấp tỉnh đang được cập nhật theo quyết định công bố mới.');
    await page.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await page.getByText('Đã nộp', { exact: true }).waitFor();
    await page.close();

    // 3. the Sở Nội vụ returns it with a reason
    page = await signIn('snv.tonghop');
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('table', { name: 'Tình hình nộp báo cáo theo đơn vị' }).waitFor();
    await page.screenshot({ path: 'test-results/04-board.png' });
    await page.getByRole('link', { name: 'Sở Khoa học và Công nghệ' }).click();
    await page.getByRole('button', { name: 'Trả lại' }).click();
    // one reason for the whole report and one on a row, found by typing its code
    await page.getByRole('textbox', { name: 'Lý do', exact: true }).fill('Đề nghị rà soát lại số liệu trước khi nộp lại.');
    await page.getByRole('button', { name: 'Thêm lý do cho dòng khác' }).click();
    await page.getByRole('textbox', { name: 'Lý do 2', exact: true }).fill('Số TTHC cấp tỉnh chưa khớp tổng số; đề nghị rà soát.');
    await page
      .getByRole('dialog')
      .getByLabel(/^Dòng cần sửa 2/u)
      .first()
      .fill('3.1.3');
    await page.getByRole('option', { name: /^3\.1\.3\. Tổng số TTHC đang có hiệu lực/u }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Trả lại' }).click();
    await page.getByText('Bị trả lại', { exact: true }).waitFor();
    await page.screenshot({ path: 'test-results/05-review.png' });
    await page.close();

    // 4. the agency sees the reason and fixes the figure; the finding goes away
    page = await signIn('khcn.baocao');
    await openReport(page);
    await page.getByText('Đề nghị rà soát lại số liệu trước khi nộp lại.').waitFor();
    // the row's reason sits on the row itself
    await page.locator('tr[data-row="3.1.3"]').getByText('Lý do trả lại: Số TTHC cấp tỉnh chưa khớp tổng số; đề nghị rà soát.').waitFor();
    await cell(page, 'Số TTHC cấp tỉnh:').fill('103');
    await expect.poll(() => page.getByText('Lỗi: Dòng 3.1.3').count()).toBe(0);
    await saved(page);
    await page.close();

    // 5. the approver resubmits; the changes between the submissions are shown
    page = await signIn('khcn.duyet');
    await openReport(page);
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await page.getByText('Đã nộp', { exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Thay đổi giữa các lần nộp' }).click();
    await page.getByRole('table', { name: 'Thay đổi giữa lần nộp 1 và 2' }).getByText('103').waitFor();
    await page.close();

    // 6. the Sở Nội vụ accepts; the board shows it
    page = await signIn('snv.tonghop');
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('link', { name: 'Sở Khoa học và Công nghệ' }).click();
    await page.getByRole('button', { name: 'Duyệt' }).click();
    await page.getByText('Đã duyệt', { exact: true }).waitFor();
    await page.goBack();
    const board = page.getByRole('table', { name: 'Tình hình nộp báo cáo theo đơn vị' });
    await board.waitFor();
    await expect.poll(async () => (await board.getByRole('row', { name: /Sở Khoa học và Công nghệ/u }).textContent()) ?? '').toContain('Đã duyệt');
    await page.screenshot({ path: 'test-results/06-board-accepted.png' });
    await page.close();
  }, 180_000);
});
