/// <reference lib="dom" />
/**
 * The officer's day in a real browser: her home lists the agency's reports; the narrative autosaves and survives
 * "Lịch sử" and back; edits made while the server cannot be reached are kept in the browser through a reload, shown as
 * "đã lưu trên máy, chờ gửi" and sent when it answers again; a colleague's change to the same cell is a conflict shown
 * with both values, never overwritten; she sends the report to her leader, who is told and submits it (KT.); returned,
 * it comes first on her home with the reasons. Also the round dialog's and the account form's field errors.
 * Screenshots in test-results/officer-day-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

describe.skipIf(!canRunBrowserTests)("the officer's day, in the browser", () => {
  let demo: DemoBrowser;

  beforeAll(async () => {
    demo = await startDemoBrowser('officer-day');
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  const cell = (page: Page, label: string) => page.getByLabel(`Số liệu: ${label}`, { exact: true });
  const saveState = (page: Page) => page.getByRole('status').first();
  const saved = (page: Page) => expect.poll(() => saveState(page).textContent(), { timeout: 20_000 }).toBe('Đã lưu');
  const homeTable = (page: Page) => page.getByRole('table', { name: 'Báo cáo của đơn vị theo thứ tự cần làm' });
  const PLANNED = '1.1.1. Số nhiệm vụ đề ra trong kế hoạch';
  const DONE = '1.1.2. Số nhiệm vụ đã hoàn thành';
  const PROPOSALS = 'V. KIẾN NGHỊ, ĐỀ XUẤT';
  let reportUrl = '';

  /** The open round's report of Sở KH&CN, from the officer's home. */
  async function openFromHome(page: Page) {
    await homeTable(page).getByRole('row').filter({ hasText: 'Năm 2026' }).getByRole('link').click();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
  }

  it('lands on her home, and the narrative autosaves through "Lịch sử" and back', async () => {
    const page = await demo.signIn('khcn.baocao');
    const row = homeTable(page).getByRole('row').filter({ hasText: 'Năm 2026' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Đang soạn/u);
    expect(await axeViolations(page), "the officer's home").toEqual([]);
    await page.screenshot({ path: 'test-results/officer-day-01-home.png', fullPage: true });
    await openFromHome(page);
    reportUrl = page.url();

    await page.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    const proposals = page.getByRole('textbox', { name: PROPOSALS, exact: true });
    await proposals.fill('Đề nghị bổ sung kinh phí chuyển đổi số năm 2027.');
    // straight to "Lịch sử", before the pause after which it would save by itself: the page sends it first
    await page.getByRole('link', { name: 'Lịch sử', exact: true }).click();
    await page.getByRole('heading', { name: 'Lịch sử báo cáo' }).waitFor();
    await page.goBack();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    await page.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    expect(await page.getByRole('textbox', { name: PROPOSALS, exact: true }).inputValue()).toBe('Đề nghị bổ sung kinh phí chuyển đổi số năm 2027.');
    // and the server has it: a fresh page reads it back
    await page.reload();
    await page.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    expect(await page.getByRole('textbox', { name: PROPOSALS, exact: true }).inputValue()).toBe('Đề nghị bổ sung kinh phí chuyển đổi số năm 2027.');

    // typing, then closing or reloading the tab while unsaved: the browser asks first
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    });
    await page.getByRole('textbox', { name: PROPOSALS, exact: true }).fill('Đề nghị bổ sung kinh phí.');
    await page.reload();
    expect(asked).toContain('beforeunload');
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    await page.close();
  }, 180_000);

  it('keeps edits made while the server is unreachable through a reload, and sends them when it answers', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(demo.server.url);
    await page.getByLabel('Tên đăng nhập').fill('khcn.baocao');
    await page.getByLabel('Mật khẩu').fill(demo.passwords.get('khcn.baocao')!);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await openFromHome(page);

    // offline: the edit is kept here and said so; back online, it is sent by itself
    await context.setOffline(true);
    await cell(page, PLANNED).fill('31');
    await expect.poll(() => saveState(page).textContent(), { timeout: 20_000 }).toMatch(/đã lưu trên máy, chờ gửi/u);
    await page.screenshot({ path: 'test-results/officer-day-02-offline.png' });
    await context.setOffline(false);
    await saved(page);

    // the server unreachable for writes (its answers lost on the way): a cell and the narrative, then a reload
    await page.route('**/api/reports/*/values', (route) => route.abort('connectionrefused'));
    await page.route('**/api/reports/*/narrative', (route) => route.abort('connectionrefused'));
    await cell(page, DONE).fill('27');
    await page.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    await page.getByRole('textbox', { name: PROPOSALS, exact: true }).fill('Viết khi mất kết nối.');
    await expect.poll(() => saveState(page).textContent(), { timeout: 20_000 }).toMatch(/đã lưu trên máy, chờ gửi \(2 thay đổi\)/u);
    await page.reload();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    // restored from the browser, still waiting
    expect(await cell(page, DONE).inputValue()).toBe('27');
    await expect.poll(() => saveState(page).textContent(), { timeout: 20_000 }).toMatch(/đã lưu trên máy, chờ gửi/u);
    await page.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    expect(await page.getByRole('textbox', { name: PROPOSALS, exact: true }).inputValue()).toBe('Viết khi mất kết nối.');
    await page.screenshot({ path: 'test-results/officer-day-03-restored.png', fullPage: false });
    // the server answers again: both are sent, and a fresh page reads them from the server
    await page.unroute('**/api/reports/*/values');
    await page.unroute('**/api/reports/*/narrative');
    await saved(page);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cchc:unsent:')))).toEqual([]);
    const fresh = await demo.signIn('khcn.baocao');
    await fresh.goto(reportUrl);
    await fresh.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    expect(await cell(fresh, DONE).inputValue()).toBe('27');
    await fresh.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    expect(await fresh.getByRole('textbox', { name: PROPOSALS, exact: true }).inputValue()).toBe('Viết khi mất kết nối.');

    // a conflict: kept here while unreachable, a colleague saves the same cell meanwhile; both shown, nothing overwritten
    await page.getByRole('tab', { name: 'Phụ lục số liệu' }).click();
    await page.route('**/api/reports/*/values', (route) => route.abort('connectionrefused'));
    await cell(page, DONE).fill('19');
    await expect.poll(() => saveState(page).textContent(), { timeout: 20_000 }).toMatch(/đã lưu trên máy, chờ gửi/u);
    await fresh.getByRole('tab', { name: 'Phụ lục số liệu' }).click();
    await cell(fresh, DONE).fill('21');
    await cell(fresh, PLANNED).fill('32'); // another cell the colleague changed: simply taken in
    await saved(fresh);
    await page.unroute('**/api/reports/*/values');
    await expect.poll(() => saveState(page).textContent(), { timeout: 30_000 }).toMatch(/người khác cập nhật: 1 ô số liệu khác với bản của bạn/u);
    const conflict = page.getByRole('table', { name: 'Các ô khác với bản trên máy chủ' });
    const row = conflict.getByRole('row').filter({ hasText: '1.1.2' });
    expect(await row.textContent()).toMatch(/19.*21/u);
    expect(await cell(page, PLANNED).inputValue()).toBe('32');
    await page.screenshot({ path: 'test-results/officer-day-04-conflict.png' });
    await fresh.reload();
    await fresh.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    expect(await cell(fresh, DONE).inputValue()).toBe('21'); // not overwritten
    // she keeps hers, knowingly
    await page.getByRole('button', { name: 'Giữ bản của tôi' }).click();
    await saved(page);
    await fresh.reload();
    await fresh.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    expect(await cell(fresh, DONE).inputValue()).toBe('19');
    await fresh.close();
    await context.close();
  }, 240_000);

  it('sends the report to the leader, who is told and submits it for the head (KT.); returned, it comes first with the reasons', async () => {
    let page = await demo.signIn('khcn.baocao');
    await openFromHome(page);
    await page.getByRole('button', { name: 'Gửi lãnh đạo duyệt' }).click();
    await page.getByText(/^Đã gửi lãnh đạo duyệt lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}\.$/u).waitFor();
    expect(await page.getByRole('button', { name: 'Nộp báo cáo' }).count()).toBe(0); // the officer does not submit
    await page.screenshot({ path: 'test-results/officer-day-05-sent.png' });
    await page.close();

    page = await demo.signIn('khcn.duyet');
    const request = page.getByRole('region', { name: 'Báo cáo chờ lãnh đạo duyệt' });
    await request.first().waitFor();
    expect(await request.first().textContent()).toMatch(/Chị Lan — Sở KH&CN Ninh Thuận đã gửi báo cáo năm 2026 để lãnh đạo duyệt và nộp/u);
    expect(await homeTable(page).getByRole('row').filter({ hasText: 'Năm 2026' }).textContent()).toContain('Chờ lãnh đạo duyệt');
    await page.screenshot({ path: 'test-results/officer-day-06-leader-home.png', fullPage: true });
    await request.first().getByRole('link', { name: 'Xem và nộp' }).click();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    await page.getByText(/^Cán bộ báo cáo đã gửi báo cáo này để lãnh đạo duyệt và nộp lúc/u).waitFor();
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nộp báo cáo' });
    // every error the report still has is explained
    const explanations = dialog.locator('textarea');
    for (let i = 0; i < (await explanations.count()); i++) await explanations.nth(i).fill('Số liệu đã được rà soát, giữ nguyên theo hồ sơ.');
    await dialog.getByText('KT. (ký thay)', { exact: true }).click();
    await dialog.getByLabel(/^Chức vụ người đứng đầu/u).fill('Giám đốc');
    await dialog.getByLabel(/^Chức vụ người ký/u).fill('Phó Giám đốc');
    expect(await dialog.getByLabel('Khối chữ ký sẽ in').textContent()).toMatch(/KT\. GIÁM ĐỐC.*PHÓ GIÁM ĐỐC/u);
    await page.screenshot({ path: 'test-results/officer-day-07-submit-kt.png' });
    await dialog.getByRole('button', { name: 'Xác nhận nộp' }).click();
    await page.getByText('Đã nộp', { exact: true }).first().waitFor();
    await page.close();

    // the Sở Nội vụ returns it with a reason on a row and one for the whole report
    page = await demo.signIn('snv.tonghop');
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('link', { name: 'Sở Khoa học và Công nghệ' }).click();
    await page.getByRole('button', { name: 'Trả lại' }).click();
    await page.getByRole('textbox', { name: 'Lý do', exact: true }).fill('Đề nghị bổ sung phần đánh giá chung.');
    await page.getByRole('button', { name: 'Thêm lý do cho dòng khác' }).click();
    await page.getByRole('textbox', { name: 'Lý do 2', exact: true }).fill('Số nhiệm vụ hoàn thành chưa khớp báo cáo tháng.');
    await page
      .getByRole('dialog')
      .getByLabel(/^Dòng cần sửa 2/u)
      .first()
      .fill('1.1.2');
    await page.getByRole('option', { name: /^1\.1\.2\. Số nhiệm vụ đã hoàn thành/u }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Trả lại' }).click();
    await page.getByText('Bị trả lại', { exact: true }).waitFor();
    await page.close();

    // back on her home: the returned report first, with the reasons
    page = await demo.signIn('khcn.baocao');
    const first = homeTable(page).locator('tbody tr').first();
    await first.waitFor();
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('Năm 2026');
    expect(text).toContain('Bị trả lại');
    expect(text).toContain('Đề nghị bổ sung phần đánh giá chung.');
    expect(text).toMatch(/1\.1\.2\. Số nhiệm vụ đã hoàn thành: Số nhiệm vụ hoàn thành chưa khớp báo cáo tháng\./u);
    await first.getByRole('link', { name: 'Sửa báo cáo' }).waitFor();
    await page.screenshot({ path: 'test-results/officer-day-08-returned-first.png', fullPage: true });
    await page.close();
  }, 240_000);

  it('says every problem at its field: the round dialog and the account form', async () => {
    let page = await demo.signIn('snv.tonghop');
    await page.getByRole('button', { name: 'Mở đợt báo cáo' }).click();
    const round = page.getByRole('dialog', { name: 'Mở đợt báo cáo mới' });
    await round.getByLabel('Chốt số liệu từ ngày').fill('31/02/2027');
    await round.getByText(/^Ngày không hợp lệ: ghi theo dạng ngày\/tháng\/năm/u).waitFor();
    await round.getByLabel('Chốt số liệu từ ngày').fill('01/01/2020');
    await round.getByLabel('đến ngày').fill('31/12/2020');
    await round.getByLabel('Hạn nộp').fill('15/12/2020');
    await round.getByText('Hạn nộp không được trước ngày chốt số liệu.').waitFor();
    await round.getByLabel('Hạn nộp').fill('20/01/2021');
    await round.getByText(/^Hạn nộp đã qua \(hôm nay là \d\d\/\d\d\/\d{4}\)/u).waitFor();
    await round.getByRole('button', { name: /^Mở đợt \(0 đơn vị\)$/u }).click();
    await round.getByText('Hãy chọn mẫu báo cáo.').waitFor();
    await round.getByText('Hãy chọn ít nhất một đơn vị.').first().waitFor();
    // agencies with their province
    await round.getByRole('checkbox', { name: /^Sở Khoa học và Công nghệ — Ninh Thuận$/u }).waitFor();
    await page.screenshot({ path: 'test-results/officer-day-09-round-errors.png' });
    await page.close();

    page = await demo.signIn('quantri');
    await page.getByRole('link', { name: 'Tài khoản' }).click();
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const form = page.getByRole('form', { name: 'Tạo tài khoản' });
    await form.getByLabel('Tên đăng nhập').fill('Nguyễn Văn A');
    await form.getByLabel('E-mail').fill('nguyenvana@');
    await form.getByLabel('Họ tên').click();
    await form.getByText('Tên đăng nhập chỉ gồm chữ a–z không dấu, chữ số và các dấu ".", "_", "-".').waitFor();
    await form.getByText('Địa chỉ e-mail không hợp lệ.').waitFor();
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await form.getByText('Hãy nhập họ tên.').or(form.getByText('Họ tên không được để trống.')).first().waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('Hãy chọn vai trò.');
    await page.screenshot({ path: 'test-results/officer-day-10-account-errors.png' });
    await page.close();
  }, 180_000);
});
