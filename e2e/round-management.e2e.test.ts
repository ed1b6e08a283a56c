/// <reference lib="dom" />
/**
 * The rest of the round in a real browser (Debian's chromium driven by playwright-core): the Sở Nội vụ opens a round
 * with the defaults of Nghị định 09/2019 and reminds the agencies, who see the notice; the officer works in the new
 * report — the outline's headings, the previous period's text and stocks, a code list, the keyboard, autosave that
 * fails and recovers, and a page that went stale; a report is accepted (locked) and reopened; the history page shows a
 * forms-family report with the ratio beside its percentages and downloads each report. Screenshots in test-results/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

describe.skipIf(!canRunBrowserTests)('rounds, entry and history, in the browser', () => {
  let demo: DemoBrowser;

  beforeAll(async () => {
    demo = await startDemoBrowser('rounds');
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  const cell = (page: Page, label: string) => page.getByLabel(`Số liệu: ${label}`, { exact: true });
  const note = (page: Page, label: string) => page.getByLabel(`Ghi chú: ${label}`, { exact: true });
  const saveState = (page: Page) => page.getByRole('status').first();
  const saved = (page: Page) => expect.poll(() => saveState(page).textContent(), { timeout: 15_000 }).toBe('Đã lưu');
  const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));

  it('opens a round with the default dates, reminds the agencies, and they see the reminder', async () => {
    let page = await demo.signIn('snv.tonghop');
    await page.getByRole('button', { name: 'Mở đợt báo cáo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mở đợt báo cáo mới' });
    await dialog.getByLabel('Mẫu báo cáo', { exact: true }).click();
    await page.getByRole('option', { name: /Ninh Thuận 2023/u }).click();
    await dialog.getByLabel('Năm', { exact: true }).fill('2027');
    await dialog.getByLabel('Kỳ báo cáo', { exact: true }).click();
    await page.getByRole('option', { name: 'Quý III', exact: true }).click();
    // Nghị định 09/2019: a third quarter's data from 15/6 to 14/9; due six days later
    expect(await dialog.getByLabel('Chốt số liệu từ ngày').inputValue()).toBe('15/06/2027');
    expect(await dialog.getByLabel('đến ngày').inputValue()).toBe('14/09/2027');
    expect(await dialog.getByLabel('Hạn nộp').inputValue()).toBe('20/09/2027');
    // editable: the province gives five more days
    await dialog.getByLabel('Hạn nộp').fill('25/09/2027');
    // agencies by kind (the departments) and one by one (a board)
    await dialog.getByRole('checkbox', { name: 'Sở, ban, ngành (tất cả)' }).check();
    await dialog.getByRole('checkbox', { name: 'Ban Quản lý các khu công nghiệp' }).check();
    // the departments that were merged away before 2027 are not offered
    expect(await dialog.getByRole('checkbox', { name: 'Sở Lao động - Thương binh và Xã hội' }).count()).toBe(0);
    await page.screenshot({ path: 'test-results/07-open-round.png' });
    await dialog.getByRole('button', { name: /^Mở đợt \(\d+ đơn vị\)$/u }).click();

    await page.getByRole('heading', { name: 'Đợt báo cáo Quý III 2027 — hạn nộp 25/09/2027' }).waitFor();
    const board = page.getByRole('table', { name: 'Tình hình nộp báo cáo theo đơn vị' });
    const rows = board.locator('tbody tr');
    const count = await rows.count();
    expect(count).toBe(6); // five departments in force in 2027 and the board
    for (let i = 0; i < count; i++) {
      const text = (await rows.nth(i).textContent()) ?? '';
      expect(text).toContain('Chưa bắt đầu');
      expect(text).toContain('Chưa đến hạn');
    }
    await page.getByRole('button', { name: 'Nhắc các đơn vị chưa nộp' }).click();
    await page.getByText(`Đã gửi nhắc nhở tới ${count} đơn vị chưa nộp.`).waitFor();
    await page.close();

    // the officer of an agency in the round sees the reminder on the rounds page
    page = await demo.signIn('khcn.baocao');
    const reminder = page.getByRole('alert').filter({ hasText: /quý III năm 2027/u });
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain('25/09/2027');
    expect(await axeViolations(page), 'rounds page with a reminder').toEqual([]);
    await page.screenshot({ path: 'test-results/08-reminder.png' });
    await page.close();
  }, 180_000);

  it('fills the new report: outline, previous period, code list, keyboard, autosave failures and a stale page', async () => {
    const page = await demo.signIn('khcn.baocao');
    await page.getByRole('link', { name: 'Quý III 2027' }).click();
    await page.getByRole('link', { name: 'Sở Khoa học và Công nghệ' }).click();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    const reportUrl = page.url();

    // the narrative: the outline's sections as headings, the previous period's text offered for copying
    await page.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    const headings = ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', '2. Cải cách thủ tục hành chính', 'V. KIẾN NGHỊ, ĐỀ XUẤT'];
    for (const heading of headings) expect(await page.getByRole('textbox', { name: heading, exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('textbox').filter({ hasText: '' }).count()).toBeGreaterThanOrEqual(11);
    const copy = page.getByRole('button', { name: /^Chép từ kỳ trước \(.+\) vào mục I\. CÔNG TÁC CHỈ ĐẠO/u });
    await copy.click();
    const first = page.getByRole('textbox', { name: headings[0], exact: true });
    expect(await first.inputValue()).toMatch(/^Sở Khoa học và Công nghệ ban hành kế hoạch cải cách hành chính/u);
    await page.getByRole('textbox', { name: headings[2], exact: true }).fill('Đề nghị bổ sung kinh phí chuyển đổi số.');
    await page.getByRole('button', { name: 'Lưu nội dung' }).click();
    await page.getByText('Đã lưu nội dung báo cáo.').waitFor();
    await page.screenshot({ path: 'test-results/09-narrative.png' });

    // stocks carried over from the previous accepted report into the empty cells
    await page.getByRole('tab', { name: 'Phụ lục số liệu' }).click();
    const inForce = cell(page, '3.1.3. Tổng số TTHC đang có hiệu lực');
    expect(await inForce.inputValue()).toBe('');
    await page.getByRole('button', { name: /^Lấy số liệu tích lũy kỳ trước/u }).click();
    await page.getByText('Đã lấy số liệu tích lũy của kỳ trước vào các ô còn trống.').waitFor();
    expect(await inForce.inputValue()).not.toBe('');
    // flows are counted anew
    expect(await cell(page, '3.1.1. Số TTHC công bố mới').inputValue()).toBe('');

    // a code list is a select with the unit cell's codes
    const video = page.getByRole('combobox', { name: /^Số liệu: 7\.2\. Xây dựng và vận hành Hệ thống họp trực tuyến/u });
    expect(await video.locator('option').allTextContents()).toEqual(['—', '0 — Chưa có', '1 — 2 cấp', '2 — 3 cấp']);
    await video.selectOption('2');
    await saved(page);

    // the keyboard: Enter and ↓ go down, → from the end of a value to its note, ← back, ↑ up
    const planned = cell(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch');
    await planned.fill('24');
    await planned.press('ArrowRight');
    expect(await focusedLabel(page)).toBe('Ghi chú: 1.1.1. Số nhiệm vụ đề ra trong kế hoạch');
    await page.keyboard.type('Theo Kế hoạch số 15/KH-SKHCN');
    await page.keyboard.press('ArrowDown');
    expect(await focusedLabel(page)).toBe('Ghi chú: 1.1.2. Số nhiệm vụ đã hoàn thành');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedLabel(page)).toBe('Số liệu: 1.1.2. Số nhiệm vụ đã hoàn thành');
    await page.keyboard.type('20');
    await page.keyboard.press('ArrowUp');
    expect(await focusedLabel(page)).toBe('Số liệu: 1.1.1. Số nhiệm vụ đề ra trong kế hoạch');
    await saved(page);

    // the network fails: the state says so, the edit is kept and saved once the server is reachable again
    await page.route('**/api/reports/*/values', (route) => route.abort('failed'));
    await cell(page, '1.1.3. Số văn bản chỉ đạo CCHC đã ban hành').fill('4');
    await expect.poll(() => saveState(page).textContent(), { timeout: 15_000 }).toMatch(/^Lưu không thành công/u);
    await page.screenshot({ path: 'test-results/10-autosave-failed.png' });
    await page.unroute('**/api/reports/*/values');
    await saved(page);

    // what was saved is what the server holds
    await page.reload();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    expect(await cell(page, '1.1.3. Số văn bản chỉ đạo CCHC đã ban hành').inputValue()).toBe('4');
    expect(await note(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch').inputValue()).toBe('Theo Kế hoạch số 15/KH-SKHCN');
    expect(await video.inputValue()).toBe('2');
    await page.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    expect(await page.getByRole('textbox', { name: headings[2], exact: true }).inputValue()).toBe('Đề nghị bổ sung kinh phí chuyển đổi số.');
    await page.getByRole('tab', { name: 'Phụ lục số liệu' }).click();

    // a second page (a colleague) saves; this page, now stale, is told and overwrites nothing
    const other = await demo.signIn('khcn.baocao');
    await other.goto(reportUrl);
    await cell(other, '1.1.2. Số nhiệm vụ đã hoàn thành').fill('21');
    await saved(other);
    await cell(page, '1.1.2. Số nhiệm vụ đã hoàn thành').fill('19');
    await expect.poll(() => saveState(page).textContent(), { timeout: 15_000 }).toMatch(/người khác cập nhật/u);
    await other.reload();
    await other.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    expect(await cell(other, '1.1.2. Số nhiệm vụ đã hoàn thành').inputValue()).toBe('21');
    await other.close();
    await page.close();
  }, 180_000);

  it('accepts a submitted report, which locks it, and reopens it with a reason', async () => {
    const page = await demo.signIn('snv.tonghop');
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    const board = page.getByRole('table', { name: 'Tình hình nộp báo cáo theo đơn vị' });
    await board.waitFor();
    const submitted = board.getByRole('row').filter({ hasText: 'Đã nộp' }).first();
    const agency = (await submitted.getByRole('link').first().textContent())!;
    expect(await submitted.textContent()).toMatch(/Đúng hạn|Trễ hạn/u);
    await submitted.getByRole('link').first().click();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    // the consolidator reads, never types
    expect(await cell(page, '1.1.1. Số nhiệm vụ đề ra trong kế hoạch').getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'Duyệt' }).click();
    await page.getByText('Đã duyệt', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Trả lại' }).count()).toBe(0);

    // reopening needs a reason
    await page.getByRole('button', { name: 'Mở lại' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Mở lại' }).click();
    await page.getByRole('dialog').getByRole('alert').getByText('Cần ghi lý do khi mở lại báo cáo.').waitFor();
    await page.getByRole('textbox', { name: 'Lý do', exact: true }).fill('Bổ sung số liệu tinh giản biên chế theo chỉ đạo của UBND tỉnh.');
    await page.getByRole('dialog').getByRole('button', { name: 'Mở lại' }).click();
    await page.getByText('Đang soạn', { exact: true }).waitFor();
    await page.getByText('Bổ sung số liệu tinh giản biên chế theo chỉ đạo của UBND tỉnh.').first().waitFor();
    await page.goBack();
    await board.waitFor();
    await expect.poll(async () => (await board.getByRole('row', { name: new RegExp(agency, 'u') }).textContent()) ?? '').toContain('Đang soạn');
    await page.close();
  }, 180_000);

  it('shows a forms-family report from history with its ratios and findings, and downloads each report', async () => {
    const page = await demo.signIn('quantri');
    await page.getByRole('link', { name: 'Lịch sử', exact: true }).click();
    await page.getByRole('heading', { name: 'Lịch sử báo cáo' }).waitFor();
    await page.getByLabel('Đơn vị', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Sở Khoa học và Công nghệ — Quảng Trị' }).click();
    const table = page.getByRole('table', { name: 'Các báo cáo theo kỳ' });
    const row = table.getByRole('row').filter({ hasText: 'Quý III 2023' });
    await row.waitFor();
    await page.screenshot({ path: 'test-results/11-history.png' });
    expect(await table.getByRole('row').filter({ hasText: 'Ninh Thuận' }).count()).toBe(0);

    // both downloads are real documents
    for (const [name, type] of [
      [
        /^DOCX: báo cáo Sở Khoa học và Công nghệ — Quảng Trị, Quý III 2023$/u,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      [/^XLSX: phụ lục Sở Khoa học và Công nghệ — Quảng Trị, Quý III 2023$/u, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ] as const) {
      const href = await row.getByRole('link', { name }).getAttribute('href');
      const response = await page.request.get(new URL(href!, demo.server.url).toString());
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe(type);
      const body = await response.body();
      expect(body.subarray(0, 2).toString()).toBe('PK');
      expect(body.length).toBeGreaterThan(5_000);
    }

    // the report itself: seven forms, the ratio computed beside each stated percentage, the sample's inconsistencies
    await row.getByRole('link', { name: 'Sở Khoa học và Công nghệ — Quảng Trị', exact: true }).click();
    const grid = page.getByRole('table', { name: 'Phụ lục thống kê số liệu' });
    await grid.waitFor();
    expect(await grid.getByRole('columnheader', { name: /^Biểu mẫu \d/u }).count()).toBe(7);
    // forms 1/2: 83% of 31 tasks done of 37, as stated
    expect(await grid.locator('tr[data-row="1/2"] .ratio').textContent()).toBe('= 31/37 = 83,78%');
    // forms 7/6.7: 35,08% stated, but 5 of 24 is 20,83%
    const wrong = grid.locator('tr[data-row="7/6.7"]');
    expect(await wrong.locator('.ratio').textContent()).toBe('= 5/24 = 20,83%');
    expect(await wrong.getAttribute('class')).toContain('finding-error');
    await page.screenshot({ path: 'test-results/12-forms-report.png' });
    await page.close();
  }, 180_000);
});
